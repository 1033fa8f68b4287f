"""Where a clip goes in an article's HTML: at the end of its section, or after one paragraph of it.

A section runs from its heading to the next heading of the same or a higher level. The headings
are read from the HTML the site's own reader produced (:func:`find_headings`), whichever reader
that was: Markdown headings carry the ids the site's Markdown settings gave them (``toc``,
``{#id}``), a reStructuredText heading takes the id of the section docutils wraps it in, and a
heading with no id gets one made like Markdown's ``toc`` makes them (its ``slugify``, unique in
the article). Only articles with clips are read this way.

A clip's ``after:`` names one paragraph of its section's own text (from its heading to the next
heading of any level): by number (``after: 2``) or by a short quotation from it. The paragraphs
are the top-level ``<p>`` elements of the article's HTML (not those inside lists, quotations or
tables), found by :func:`paragraphs`; the build and ``check`` read the HTML the same way, so they
find the same ones.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import bad
from .fields import shorten


@dataclass(frozen=True)
class Heading:
    """One heading of an article (``article.headings`` in templates, for a contents list)."""

    level: int
    id: str
    title: str
    """The heading's text as plain text (markup removed, entities decoded)."""


_TAGS_RE = re.compile(r"<[^>]*>")
#: Parts of the HTML where a heading is not one: comments, scripts, styles, templates, code.
_OPAQUE = re.compile(
    r"<!--.*?-->|<(script|style|template|pre|textarea)\b[^>]*>.*?</\1\s*>", re.S | re.I
)
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.S | re.I)
_ID_ATTR = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
#: A docutils section element just before a heading: the heading's id is the section's.
#: The permalink Markdown's ``toc`` may add inside a heading (not part of its title).
_PERMALINK = re.compile(r"<a\b[^>]*\bclass=[\"']?headerlink[^>]*>.*?</a>", re.S | re.I)
_SECTION_BEFORE = re.compile(r"<(?:div|section)\b([^>]*)>\s*$", re.I)


def find_headings(html: str) -> tuple[str, tuple[Heading, ...], tuple[str, ...]]:
    """The article's headings in document order, the HTML with an id on every heading that had
    none, and the ids added (the only ones the plugin writes into the article's own text)."""
    from markdown.extensions.toc import slugify, unique  # Markdown's public helpers

    visible = _OPAQUE.sub(lambda m: " " * len(m.group(0)), html)
    taken: set[str] | None = None  # every id of the article: read once a heading needs an id
    found: list[Heading] = []
    added: list[str] = []
    pieces: list[str] = []
    done = 0
    for match in _HEADING.finditer(visible):
        level, attributes = int(match.group(1)), match.group(2)
        inner = _PERMALINK.sub("", html[match.start(3) : match.end(3)])
        title = " ".join(html_lib.unescape(_TAGS_RE.sub("", inner)).split())
        own = _ID_ATTR.search(attributes)
        section = section_id = None
        if not own:
            section = _SECTION_BEFORE.search(visible[max(0, match.start() - 400) : match.start()])
            section_id = _ID_ATTR.search(section.group(1)) if section else None
        if own:
            heading_id = _id_of(own)
        elif section_id and "section" in section.group(0).lower():
            heading_id = _id_of(section_id)
        else:
            if taken is None:
                taken = {_id_of(m) for m in _ID_ATTR.finditer(visible)}
            heading_id = unique(slugify(title, "-") or "section", taken)
            added.append(heading_id)
            at = match.start(2)
            pieces.append(html[done:at] + f' id="{html_lib.escape(heading_id, quote=True)}"')
            done = at
        found.append(Heading(level, heading_id, title))
    pieces.append(html[done:])
    return "".join(pieces), tuple(found), tuple(added)


def _id_of(match: re.Match) -> str:
    return html_lib.unescape(next(g for g in match.groups() if g is not None))


def _start(html: str, heading: Heading, after: int) -> int:
    """Index where ``heading`` begins in ``html`` (searching from ``after``): its start tag, or
    the start tag of the docutils section that carries its id."""
    escaped = re.escape(html_lib.escape(heading.id, quote=True))
    pattern = re.compile(
        rf"<(?:h{heading.level}|div|section)\b[^>]*\bid=[\"']?{escaped}(?=[\"'\s>])"
    )
    match = pattern.search(html, after) or pattern.search(html)
    if match is None:
        raise KeyError(heading.id)
    return match.start()


def section_end(html: str, headings: Sequence[Heading], section_id: str) -> int:
    """Offset just before the heading that closes ``section_id`` (or the end of the HTML)."""
    for index, heading in enumerate(headings):
        if heading.id == section_id:
            start = _start(html, heading, 0)
            for later in headings[index + 1 :]:
                if later.level <= heading.level:
                    return _start(html, later, start + 1)
            return len(html)
    raise KeyError(section_id)


def place(html: str, headings: Sequence[Heading], figures: Mapping[str, Sequence[str]]) -> str:
    """Insert each section's figures (in the order given) at the end of that section."""
    return insert(
        html, {section_end(html, headings, section): list(figures[section]) for section in figures}
    )


def insert(html: str, blocks: Mapping[int, Sequence[str]]) -> str:
    """Insert each list of blocks (in the order given) at its offset of ``html``."""
    pieces, start = [], 0
    for offset in sorted(blocks):
        pieces.append(html[start:offset])
        block = "\n".join(blocks[offset])
        pieces.append(("" if html[:offset].endswith("\n") else "\n") + block + "\n")
        start = offset
    pieces.append(html[start:])
    return "".join(pieces)


_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)  # elements with no end tag


@dataclass(frozen=True)
class Paragraph:
    """One top-level paragraph of a section's own text."""

    end: int
    """Offset just after its ``</p>``: where a clip placed after it goes."""
    text: str
    """Its text, markup removed, entities decoded, whitespace collapsed."""


def own_text(html: str, headings: Sequence[Heading], section_id: str) -> tuple[int, int]:
    """(start, end) of the section's own text: after its heading, before the next heading."""
    for index, heading in enumerate(headings):
        if heading.id == section_id:
            start = _start(html, heading, 0)
            close = html.find(f"</h{heading.level}>", start)
            start = close + len(f"</h{heading.level}>") if close >= 0 else start
            end = (
                _start(html, headings[index + 1], start) if index + 1 < len(headings) else len(html)
            )
            return start, end
    raise KeyError(section_id)


def paragraphs(html: str, start: int, end: int) -> list[Paragraph]:
    """The top-level ``<p>`` elements of ``html[start:end]``."""
    found: list[Paragraph] = []
    depth, opened = 0, -1
    for match in _TAG_RE.finditer(html, start, end):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        if not closing:
            if depth == 0 and name == "p":
                opened = match.end()
            depth += 1
            continue
        depth = max(0, depth - 1)
        if depth == 0 and name == "p" and opened >= 0:
            inner = html_lib.unescape(_TAGS_RE.sub("", html[opened : match.start()]))
            found.append(Paragraph(match.end(), " ".join(inner.split())))
            opened = -1
    return found


def paragraph_end(html: str, headings: Sequence[Heading], section_id: str, after: int | str) -> int:
    """Offset just after the paragraph ``after`` names in the section's own text; raises the
    plugin's ClipError (via ``bad``) when it names none, or more than one."""
    found = paragraphs(html, *own_text(html, headings, section_id))
    if not found:
        raise bad(
            f"section '{section_id}' has no paragraph of its own before its first subheading",
            "remove 'after:' (the clip then goes at the end of the section)",
        )
    if isinstance(after, int):
        if not 1 <= after <= len(found):
            raise bad(
                f"paragraph {after} is not in section '{section_id}', which has "
                f"{len(found)} paragraph{'s' if len(found) != 1 else ''} of its own",
                f"give a number from 1 to {len(found)}, or a few words of the paragraph",
            )
        return found[after - 1].end
    wanted = _plain(after)
    matches = [i for i, p in enumerate(found) if wanted in _plain(p.text)]
    if not matches:
        raise bad(
            f"no paragraph of section '{section_id}' contains '{_short(after)}'",
            "quote a few words exactly as the paragraph has them (without Markdown marks), or "
            "give its number",
        )
    if len(matches) > 1:
        numbers = ", ".join(str(i + 1) for i in matches)
        raise bad(
            f"'{_short(after)}' is in paragraphs {numbers} of section '{section_id}'",
            "quote more words, enough for one paragraph only, or give its number",
        )
    return found[matches[0]].end


#: What Markdown's typography (the smarty extension) makes of quotes, dashes and dots.
_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _plain(text: str) -> str:
    """Text as compared: case, spacing and typographic quotes, dashes and ellipses aside."""
    text = text.translate(_TYPOGRAPHY).replace("…", "...").replace("--", "-")
    return " ".join(text.split()).casefold()


def _short(text: str) -> str:
    return shorten(" ".join(text.split()))
