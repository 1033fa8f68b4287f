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


#: Text that Markdown (with the extensions in :data:`INERT_EXTENSIONS`) and the sanitiser would
#: only wrap in a paragraph: letters, digits, single spaces and punctuation no rule of theirs
#: reads, opening with a letter (so no list, heading or code block), without '..' or '--' (an
#: ellipsis and a dash for smarty) and without a line break.
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9,;:?!()]|\.(?!\.)|-(?!-)| (?! ))*")

#: Markdown's own extensions that leave such text alone (not ``meta``, which reads 'Key: value'
#: as metadata; abbr with a glossary and a toc marker word are ruled out by
#: :func:`inert_for_plain_text`): the site's Markdown settings may name these.
INERT_EXTENSIONS = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    }
)


def plain_paragraph(text: str) -> str | None:
    """``<p>text</p>`` when ``text`` is plain (see ``_PLAIN``), else None: what Markdown with
    only :data:`INERT_EXTENSIONS` makes of it, without running the converter."""
    if _PLAIN.fullmatch(text) and not text.endswith(" "):
        return f"<p>{text}</p>"
    return None


def inert_for_plain_text(markdown_settings) -> bool:
    """Whether Markdown built with ``markdown_settings`` (keyword arguments of ``Markdown``)
    turns plain text into a bare paragraph: every extension one of :data:`INERT_EXTENSIONS`,
    named by its module or its short name, configured with no abbreviation glossary and no
    marker word. Anything else (an extension object, another package's extension) keeps the
    converter."""
    configs = markdown_settings.get("extension_configs") or {}
    for name in markdown_settings.get("extensions") or ():  # configs alone load nothing
        if not isinstance(name, str):
            return False
        short = name.removeprefix("markdown.extensions.")
        if short not in INERT_EXTENSIONS:
            return False
    settings = repr(configs).lower()
    return "glossary" not in settings and "marker" not in settings


@functools.lru_cache(maxsize=4096)
def render_caption(text: str) -> Markup:
    """Markdown to sanitised HTML safe to place in a figcaption (memoised: a pure function).

    The one place the plugin makes trusted HTML, so the one place it is marked as such. Plain
    text skips the converter and the sanitiser, which would give back the same
    paragraph (``tests/test_fast_paths.py`` holds them to it): they cost 0.2 ms a caption.
    """
    plain = plain_paragraph(text)
    return Markup(plain) if plain is not None else _render_markdown(text)


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
