"""Read content/essay.md the way the tests need it: front matter, headings, body text, clips.

Plain functions over the Markdown source, so the prose checks run without building the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ESSAY = REPO / "content" / "essay.md"
ABOUT = REPO / "content" / "pages" / "about.md"
SOURCES = REPO / "content" / "pages" / "sources.md"
MEDIA = REPO / "media"

#: The essay's top-level sections, in the order the issue fixes.
SECTION_IDS = (
    "introduction",
    "silent-era",
    "coming-of-sound",
    "emotion",
    "storytelling",
    "branding",
    "electronic",
    "conclusion",
    "sources",
)
#: Sections 1-7 (the introduction opens with a clip, issue 25): each has at least one clip.
ILLUSTRATED = SECTION_IDS[0:7]

#: The groups of the sources page (content/pages/sources.md), in the essay's order: heading id ->
#: (heading, id of the essay section whose facts the group backs).
SOURCE_GROUPS = {
    "terms": ("Terms", "introduction"),
    "silent-era": ("The silent era", "silent-era"),
    "coming-of-sound": ("The coming of sound", "coming-of-sound"),
    "emotion": ("Emotion", "emotion"),
    "storytelling": ("Telling the story", "storytelling"),
    "branding": ("Music you are meant to hear", "branding"),
    "electronic": ("When score becomes sound", "electronic"),
}

#: A Markdown link to a web page: group 1 is its URL.
WEB_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")

_HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*(?:\{#([A-Za-z0-9_-]+)\})?\s*$")


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    id: str | None
    line: int


@dataclass(frozen=True)
class Document:
    meta: dict
    body: str
    body_start: int
    """1-based line number of the first body line in the file."""


def split(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    assert match, f"{path}: no YAML front matter between '---' lines"
    meta = yaml.safe_load(match.group(1)) or {}
    return Document(meta, text[match.end() :], match.group(0).count("\n") + 1)


@cache
def essay() -> Document:
    return split(ESSAY)


@cache
def sources() -> Document:
    return split(SOURCES)


def headings(doc: Document) -> list[Heading]:
    found = []
    fenced = False
    for n, line in enumerate(doc.body.splitlines(), start=doc.body_start):
        if line.startswith("```"):
            fenced = not fenced
        if fenced:
            continue
        m = _HEADING.match(line)
        if m:
            found.append(Heading(len(m.group(1)), m.group(2), m.group(3), n))
    return found


def parent_sections(doc: Document) -> dict[str, str]:
    """Map every heading id to the id of the top-level (##) section that contains it."""
    parents: dict[str, str] = {}
    current = None
    for h in headings(doc):
        if h.level == 2:
            current = h.id
        if h.id and current:
            parents[h.id] = current
    return parents


def section_text(doc: Document, section_id: str) -> str:
    """The Markdown of one ## section (with its subsections), heading line excluded."""
    out, inside = [], False
    for line in doc.body.splitlines():
        m = _HEADING.match(line)
        if m and len(m.group(1)) == 2:
            inside = m.group(3) == section_id
            continue
        if inside:
            out.append(line)
    return "\n".join(out)


def heading_text(doc: Document, heading_id: str) -> str:
    """The Markdown under one heading (any level), up to the next heading of any level."""
    out, inside = [], False
    for line in doc.body.splitlines():
        m = _HEADING.match(line)
        if m:
            inside = m.group(3) == heading_id
            continue
        if inside:
            out.append(line)
    return "\n".join(out)


#: A footnote definition ("[^label]: text", with indented continuation lines).
FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:.*(?:\n(?: {4}|\t).*)*", re.M)
#: A footnote reference in running text ("[^label]").
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def without_footnotes(markdown: str) -> str:
    """The Markdown with footnote definitions and references taken out."""
    return FOOTNOTE_REF.sub("", FOOTNOTE_DEF.sub("", markdown))


def footnotes(doc: Document) -> dict[str, str]:
    """Footnote label -> its text, as defined in the document."""
    found = {}
    for m in FOOTNOTE_DEF.finditer(doc.body):
        label, _, text = m.group(0).partition("]:")
        found[label[2:]] = " ".join(text.split())
    return found


def footnote_refs(markdown: str) -> list[str]:
    """Labels of the footnotes a passage cites, in order."""
    return FOOTNOTE_REF.findall(FOOTNOTE_DEF.sub("", markdown))


def prose(markdown: str) -> str:
    """Readable text of Markdown: links reduced to their words, ids, emphasis, URLs and footnotes
    removed."""
    text = without_footnotes(markdown)
    text = re.sub(r"\{#[^}]*\}", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"https?://\S+", "", text)
    text = re.sub(r"^#{2,6}\s+", "", text, flags=re.M)
    return text.replace("*", "")


def body_prose(doc: Document) -> str:
    """The article's text up to (not including) the Sources section."""
    body = doc.body.split("{#sources}")[0]
    body = body.rsplit("\n", 1)[0]  # drop the Sources heading line itself
    return prose(body)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’.\-–][^\W_]+)*", text)


def sentences(text: str) -> list[str]:
    """Sentences of running text (good enough for checking what one sentence says)."""
    flat = re.sub(r"\s+", " ", text)
    return re.split(r"(?<=[.!?])\s+(?=[A-Z*\"“(])", flat)


def clips(doc: Document) -> list[dict]:
    value = doc.meta.get("clips") or []
    assert isinstance(value, list), "clips: must be a list"
    return value


def clip_id(clip: dict) -> str:
    return str(clip.get("id") or Path(str(clip["src"])).stem)


def parse_time(value: str) -> float:
    m = re.fullmatch(r"(\d+):([0-5]\d)(\.\d+)?", str(value))
    assert m, f"{value!r} is not m:ss"
    return int(m.group(1)) * 60 + int(m.group(2)) + float(m.group(3) or 0)


@cache
def catalog() -> dict[str, dict]:
    """The clip library's own catalogue (media/clips/catalog.yaml), by stem; empty if absent."""
    path = MEDIA / "clips" / "catalog.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("clips", data) if isinstance(data, dict) else data
    return {str(e["stem"]): e for e in entries if isinstance(e, dict) and "stem" in e}
