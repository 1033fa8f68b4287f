"""Where a clip goes in an article's HTML: at the end of its section, or after one paragraph of it.

A section runs from its heading to the next heading of the same or a higher level. The headings
come from the Markdown converter itself (its ``toc`` extension's ``toc_tokens``: level, id and
title of every Markdown heading, in order), so the HTML is never parsed again to find them; this
module only finds where each known heading's tag starts.

A clip's ``after:`` names one paragraph of its section's own text (from its heading to the next
heading of any level): by number (``after: 2``) or by a short quotation from it. The paragraphs
are the top-level ``<p>`` elements of the converted Markdown (not those inside lists, quotations
or tables), found by :func:`paragraphs`; the build and ``check`` convert the Markdown with the
same settings, so they find the same ones.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Mapping, Sequence
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
