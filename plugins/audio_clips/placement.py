"""Where a clip goes in an article's HTML: at the end of its section.

A section runs from its heading to the next heading of the same or a higher level. Headings are
found with the standard library's HTML parser, so ``<h2>`` inside code samples (escaped) or
comments never counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser


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
    """Every h1–h6 of ``html`` in document order (id '' when it has none)."""
    finder = _HeadingFinder(html)
    finder.feed(html)
    finder.close()
    return finder.headings


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
