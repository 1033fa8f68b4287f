"""Where a clip goes in an article's HTML: at the end of its section.

A section runs from its heading to the next heading of the same or a higher level. The headings
come from the Markdown converter itself (its ``toc`` extension's ``toc_tokens``: level, id and
title of every Markdown heading, in order), so the HTML is never parsed again to find them; this
module only finds where each known heading's tag starts.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    """One heading of an article (``article.headings`` in templates, for a contents list)."""

    level: int
    id: str
    title: str
    """The heading's text as plain text (markup removed, entities decoded)."""


_TAGS_RE = re.compile(r"<[^>]*>")


def from_toc_tokens(tokens: Iterable[Mapping]) -> tuple[Heading, ...]:
    """Python-Markdown's nested ``toc_tokens``, flattened into document order."""
    found: list[Heading] = []

    def walk(items: Iterable[Mapping]) -> None:
        for token in items:
            title = html_lib.unescape(_TAGS_RE.sub("", str(token.get("name", ""))))
            found.append(Heading(int(token["level"]), str(token.get("id", "")), title))
            walk(token.get("children", ()))

    walk(tokens)
    return tuple(found)


def _start(html: str, heading: Heading, after: int) -> int:
    """Index where ``heading``'s start tag begins in ``html`` (searching from ``after``)."""
    pattern = re.compile(
        rf"<h{heading.level}\b[^>]*\bid=[\"']{re.escape(html_lib.escape(heading.id, quote=True))}[\"']"
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
    cuts = sorted(
        ((section_end(html, headings, section), section) for section in figures),
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
