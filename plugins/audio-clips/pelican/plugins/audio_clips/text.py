"""Author text that becomes HTML: captions are Markdown, rendered and then sanitised.

Raw HTML and script in a caption come out inert: Markdown renders it, then nh3 (the Ammonia
sanitiser) keeps only inline formatting and links with safe URL schemes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from markupsafe import Markup

from .errors import bad

if TYPE_CHECKING:
    import markdown

#: Characters that reorder the text around them (embeddings, overrides, isolates): in a title
#: they can make it read differently from what it says ("Trojan source"); a page sets its
#: direction itself. The marks LRM, RLM and ALM are allowed.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

_ALLOWED_TAGS = frozenset(
    {"p", "a", "em", "strong", "i", "b", "cite", "code", "q", "abbr", "sub", "sup", "br", "span"}
)
_ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})


#: A caption that Markdown (with smarty) and the sanitiser would only wrap in a paragraph:
#: letters, digits, single spaces and punctuation no rule of theirs reads, opening with a letter
#: (so no list, heading or code block) and without '..' (an ellipsis for smarty).
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9,;:?!]|\.(?!\.)| (?! ))*")


@functools.lru_cache(maxsize=4096)
def render_caption(text: str) -> Markup:
    """Markdown to sanitised HTML safe to place in a figcaption (memoised: a pure function).

    The one place the plugin makes trusted HTML, so the one place it is marked as such. Plain
    text (most captions) skips the converter and the sanitiser, which would give back the same
    paragraph (``tests/test_fast_paths.py`` holds them to it): they cost 0.2 ms a caption.
    """
    if _PLAIN.fullmatch(text) and not text.endswith(" "):
        return Markup(f"<p>{text}</p>")
    return _render_markdown(text)


def _render_markdown(text: str) -> Markup:
    """``render_caption`` by the converter and the sanitiser, for any text."""
    import nh3

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
    import markdown

    return markdown.Markdown(extensions=["smarty"], output_format="html")


def visible(text: str) -> str:
    """``text`` if a reader would see it as written; ClipError when it shows nothing (only
    zero-width or formatting characters such as U+200B) or holds a bidirectional control.

    Author text and tags pass through here after their spaces are folded: 'is empty' must also
    hold for text that only looks empty.
    """
    control = _BIDI_CONTROLS.search(text)
    if control:
        raise bad(
            f"contains the invisible direction control U+{ord(control.group()):04X}, which can "
            "make the text display differently from how it reads",
            "delete it (the page sets the text's direction itself)",
        )
    # A letter or digit first (nearly every text) is visible: categories L and N.
    if not text[:1].isalnum() and not any(
        unicodedata.category(char)[0] not in "CZM" for char in text
    ):
        raise bad(
            "has no visible characters (only zero-width or formatting characters)",
            "give a value or remove the key",
        )
    return text
