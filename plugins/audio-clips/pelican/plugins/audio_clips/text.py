"""Author text that becomes HTML: captions are Markdown, rendered and then sanitised.

Raw HTML and script in a caption come out inert: Markdown renders it, then nh3 (the Ammonia
sanitiser) keeps only inline formatting and links with safe URL schemes.
"""

from __future__ import annotations

import functools

import markdown
import nh3
from markupsafe import Markup

_ALLOWED_TAGS = frozenset(
    {"p", "a", "em", "strong", "i", "b", "cite", "code", "q", "abbr", "sub", "sup", "br", "span"}
)
_ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})


@functools.lru_cache(maxsize=4096)
def render_caption(text: str) -> Markup:
    """Markdown to sanitised HTML safe to place in a figcaption (memoised: a pure function).

    The one place the plugin makes trusted HTML, so the one place it is marked as such.
    """
    html = _markdown().reset().convert(text)
    return Markup(
        nh3.clean(
            html,
            tags=set(_ALLOWED_TAGS),
            attributes={k: set(v) for k, v in _ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(_URL_SCHEMES),
            link_rel="noopener noreferrer",
        ).strip()
    )


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One converter, reset before each use: building a Markdown instance costs more than a caption."""
    return markdown.Markdown(extensions=["smarty"], output_format="html")
