"""Where a clip goes in an article's HTML: at the end of its section.

A section runs from its heading to the next heading of the same or a higher level. Headings are
found with the standard library's HTML parser, so ``<h2>`` inside code samples (escaped) or
comments never counts.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

#: Heading start tags, for HTML where no comment or raw-text element can hide one.
_HEADING_RE = re.compile(r"<h([1-6])(\s[^>]*)?>", re.IGNORECASE)
_ID_RE = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
#: Where a literal '<h2' need not be a heading: comments and raw-text elements.
_HIDING_PLACES = ("<!--", "<script", "<style", "<textarea", "<xmp", "<plaintext", "<title")


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    offset: int
    """Index in the HTML string where the heading's start tag begins."""


class _HeadingFinder(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.headings: list[Heading] = []

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            line, column = self.getpos()
            offset = self._line_starts[line - 1] + column
            self.headings.append(Heading(int(tag[1]), dict(attrs).get("id") or "", offset))


def find_headings(html: str) -> list[Heading]:
    """Every h1–h6 of ``html`` in document order (id '' when it has none).

    Markdown's output escapes '<' in code, so a heading tag can only hide in a comment or a
    raw-text element; without those a regular expression finds the same headings several times
    faster than the full parser, which handles every other case.
    """
    lowered = html.lower()
    if not any(place in lowered for place in _HIDING_PLACES):
        return [_heading(match) for match in _HEADING_RE.finditer(html)]
    finder = _HeadingFinder(html)
    finder.feed(html)
    finder.close()
    return finder.headings


def _heading(match: re.Match) -> Heading:
    found = _ID_RE.search(match.group(2) or "")
    identifier = (
        html_lib.unescape(next((g for g in found.groups() if g is not None), "")) if found else ""
    )
    return Heading(int(match.group(1)), identifier, match.start())


def heading_ids(html: str) -> list[str]:
    return [h.id for h in find_headings(html) if h.id]


def section_end(headings: Sequence[Heading], section_id: str, length: int) -> int:
    """Offset just before the heading that closes ``section_id`` (or the end of the HTML)."""
    for index, heading in enumerate(headings):
        if heading.id == section_id:
            for later in headings[index + 1 :]:
                if later.level <= heading.level:
                    return later.offset
            return length
    raise KeyError(section_id)


def place(html: str, figures: Mapping[str, Sequence[str]]) -> str:
    """Insert each section's figures (in the order given) at the end of that section."""
    headings = find_headings(html)
    cuts = sorted(
        ((section_end(headings, section, len(html)), section) for section in figures),
        key=lambda cut: cut[0],
    )
    pieces, start = [], 0
    for offset, section in cuts:
        pieces.append(html[start:offset])
        block = "\n".join(figures[section])
        pieces.append(("" if html[:offset].endswith("\n") else "\n") + block + "\n")
        start = offset
    pieces.append(html[start:])
    return "".join(pieces)
