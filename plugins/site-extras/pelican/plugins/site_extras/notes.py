"""notes: an article's footnotes published on a page of their own, ``<article URL>notes/``.

A long essay's notes weigh on every reader's arrival, though few open them. An article that opts
in with the metadata ``notes: page`` keeps a short "Notes" section where its footnotes were (a
heading, one sentence and a link), and its notes move, ids unchanged, to a page written with the
theme's ``notes.html``. Every link to a note goes to that page (``…/notes/#fn:x``) and every note's
back-link to its place in the article (``…/#fnref:x``); a theme's script may show the note in place.

A Pelican plugin of its own, ``pelican.plugins.site_extras.notes`` (listed by that full name in
``PLUGINS``), since the local build needs it too, while ``site_extras`` itself needs an absolute
``SITEURL``. It works on the pages as written, like the sitemap: a generator that Pelican runs after
the article and page generators reads each opted-in page from the output, moves its notes with
Python's HTML parser (the tags it finds, by position; nothing else in the page is rewritten) and
writes both pages. The feeds keep the notes in each entry, where a feed reader needs them.

A reference with no note stops the build, naming the article and the label: Python-Markdown leaves
``[^label]`` as text when nothing defines it, and a link to a note's id must find that note.

Settings (prefix ``SITE_EXTRAS_NOTES_``; defaults in :data:`DEFAULTS`):

- ``SITE_EXTRAS_NOTES_TEMPLATE``: the theme template of the notes page (default ``"notes"``).
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .listing import listed
from .site_extras import TEMPLATES, _FallbackLoader

logger = logging.getLogger(__name__)

NAME = "pelican.plugins.site_extras.notes"
#: The metadata key and the one value that opts an article in.
META_KEY = "notes"
META_VALUE = "page"
#: The folder of the notes page, below the article's own URL.
FOLDER = "notes/"

DEFAULTS: Mapping[str, object] = {"SITE_EXTRAS_NOTES_TEMPLATE": "notes"}

#: What Python-Markdown leaves in the text for a reference that no definition matches.
UNDEFINED_REF = re.compile(r"\[\^([^\]\s]+)\]")
#: Elements whose text is code or not prose: a ``[^x]`` there is not a reference.
NOT_PROSE = frozenset({"code", "pre", "script", "style", "kbd", "samp", "textarea"})


class NotesError(Exception):
    """An opted-in article whose notes cannot be moved without losing one."""


class NotesFailed(SystemExit):
    """Ends the build with status 1 once every problem is logged (no traceback for an author's
    mistake: Pelican's command line prints a SystemExit's message only)."""

    def __init__(self, summary: str):
        super().__init__(summary)
        self.code = 1


@dataclass(frozen=True)
class Span:
    """Where a tag sits in the page: ``html[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
class Link:
    """An ``<a href>`` start tag: its span, attributes (unescaped) and whether it is in the notes."""

    span: Span
    attrs: tuple[tuple[str, str | None], ...]
    in_notes: bool

    @property
    def href(self) -> str:
        return next((value or "" for name, value in self.attrs if name == "href"), "")

    @property
    def classes(self) -> list[str]:
        value = next((v or "" for n, v in self.attrs if n == "class"), "")
        return value.split()


@dataclass
class _Found:
    blocks: list[Span] = field(default_factory=list)
    rules: list[Span] = field(default_factory=list)
    """``<hr>`` directly inside a notes block (Python-Markdown's separator)."""
    links: list[Link] = field(default_factory=list)
    note_ids: list[str] = field(default_factory=list)
    """Ids of the notes themselves: the ``<li id>`` of the block's list."""
    block_ids: set[str] = field(default_factory=set)
    undefined: list[str] = field(default_factory=list)


class _Scan(HTMLParser):
    """Finds the footnotes block (``<div class="footnote">``), its notes, every link and id, and
    the ``[^label]`` texts Python-Markdown left for references without a definition."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0] + [i + 1 for i, c in enumerate(html) if c == "\n"]
        self.found = _Found()
        self.depth = 0  # <div> depth inside the block being read (0: outside every block)
        self.block_start = 0
        self.list_depth = 0  # <ol>/<ul> depth inside the block
        self.not_prose = 0

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self.position()
        span = Span(start, start + len(self.get_starttag_text() or ""))
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "div" and self.depth == 0 and "footnote" in classes:
            self.depth, self.block_start = 1, start
        elif tag == "div" and self.depth:
            self.depth += 1
        elif tag == "hr" and self.depth == 1:
            self.found.rules.append(span)
        if tag in ("ol", "ul") and self.depth:
            self.list_depth += 1
        if values.get("id") and self.depth:
            self.found.block_ids.add(values["id"])
            if tag == "li" and self.list_depth == 1:
                self.found.note_ids.append(values["id"])
        if tag == "a" and values.get("href") is not None:
            self.found.links.append(Link(span, tuple(attrs), bool(self.depth)))
        if tag in NOT_PROSE:
            self.not_prose += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in NOT_PROSE:
            self.not_prose -= 1

    def handle_endtag(self, tag):
        if tag in NOT_PROSE and self.not_prose:
            self.not_prose -= 1
        if tag in ("ol", "ul") and self.depth and self.list_depth:
            self.list_depth -= 1
        if tag == "div" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                end = self.html.index(">", self.position()) + 1
                self.found.blocks.append(Span(self.block_start, end))

    def handle_data(self, data):
        if not self.not_prose:
            self.found.undefined.extend(UNDEFINED_REF.findall(data))


def scan(html: str) -> _Found:
    parser = _Scan(html)
    parser.feed(html)
    parser.close()
    return parser.found


@dataclass(frozen=True)
class Moved:
    """The article's page without its notes, and the notes as the notes page shows them."""

    article: str
    notes: str
    note_ids: tuple[str, ...]


def _tag(name: str, attrs: Iterable[tuple[str, str | None]]) -> str:
    parts = [name]
    for key, value in attrs:
        parts.append(key if value is None else f'{key}="{escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


def _with_href(link: Link, href: str) -> str:
    return _tag("a", ((k, href if k == "href" else v) for k, v in link.attrs))


def _rebase(href: str, up: str) -> str:
    """A link relative to the article, made relative to the notes page (``up`` leads from the
    notes page's folder to the article's). Absolute URLs and site paths stay as they are."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "#", "?")) or not href:
        return href
    path = posixpath.normpath(posixpath.join(up, parts.path))
    if parts.path.endswith("/"):
        path += "/"
    return (
        path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def pointer(count: int, notes_href: str) -> str:
    """The "Notes" section left where the notes were: a reader without scripts, and a printout,
    learn where they went. Its heading has no id: a theme's contents list, made from the article
    before its notes moved, does not list it, and links only to headings it lists."""
    noun = "note" if count == 1 else "notes"
    return (
        f"<h2>Notes</h2>\n"
        f'<p class="notes-pointer">The {count} {noun} to this essay, with the source of each '
        f'fact, are on a page of their own: <a href="{escape(notes_href)}">Notes</a>.</p>'
    )


def move_notes(
    html: str, *, source: str, notes_href: str, article_href: str, up: str = ".."
) -> Moved:
    """Take the footnotes block out of ``html`` (a whole written page).

    ``notes_href`` is how the article reaches the notes page, ``article_href`` how the notes page
    reaches the article, ``up`` the relative path from the notes page's folder to the article's.
    Raises :class:`NotesError` naming ``source`` when a reference would be left without its note.
    """
    found = scan(html)
    if len(found.blocks) != 1:
        raise NotesError(
            f"{source}: '{META_KEY}: {META_VALUE}' moves the footnotes block to a page of its "
            f"own, but the article has {len(found.blocks)} (write notes with [^label] and "
            f"'[^label]: text', or remove '{META_KEY}: {META_VALUE}')"
        )
    block = found.blocks[0]
    problems = [
        f"{source}: [^{label}] has no note: add '[^{label}]: …' (the note's text) to the article"
        for label in dict.fromkeys(found.undefined)
    ]
    edits: list[tuple[Span, str]] = []  # in the article, outside the block
    note_edits: list[tuple[Span, str]] = []  # inside the block
    for link in found.links:
        target = unquote(urlsplit(link.href).fragment) if link.href.startswith("#") else None
        if not link.in_notes:
            if target is not None and target in found.block_ids:
                edits.append((link.span, _with_href(link, f"{notes_href}#{link.href[1:]}")))
            elif "footnote-ref" in link.classes:
                problems.append(
                    f"{source}: the note reference {link.href!r} leads to no note "
                    "(the notes block has no such id)"
                )
            continue
        if target is not None and target not in found.block_ids:
            new = f"{article_href}#{link.href[1:]}"  # a back-link, or any place in the article
        else:
            new = _rebase(link.href, up)
        if new != link.href:
            note_edits.append((link.span, _with_href(link, new)))
    if problems:
        raise NotesError("\n".join(problems))
    note_edits += [(rule, "") for rule in found.rules]
    inner_start = html.index(">", block.start) + 1
    notes = _splice(html, note_edits, inner_start, html.rindex("<", 0, block.end)).strip()
    article = (
        _splice(html, edits, 0, block.start)
        + pointer(len(found.note_ids), notes_href)
        + _splice(html, edits, block.end, len(html))
    )
    return Moved(article=article, notes=notes, note_ids=tuple(found.note_ids))


def _splice(html: str, edits: list[tuple[Span, str]], start: int, end: int) -> str:
    """``html[start:end]`` with each edit inside it applied (edits do not overlap)."""
    out, at = [], start
    for span, text in sorted(edits, key=lambda e: e[0].start):
        if span.start < start or span.end > end:
            continue
        out += [html[at : span.start], text]
        at = span.end
    out.append(html[at:end])
    return "".join(out)


# --- Pelican ------------------------------------------------------------------------------------


def notes_url(article_url: str) -> str:
    """``essay/`` -> ``essay/notes/``; ``essay.html`` -> ``essay/notes/``."""
    base = (
        article_url
        if article_url.endswith("/") or not article_url
        else (posixpath.splitext(article_url)[0] + "/")
    )
    return base + FOLDER


def _folder(url: str) -> str:
    return "/" + (url if url.endswith("/") else posixpath.dirname(url) + "/").lstrip("/")


def hrefs(settings: Mapping[str, object], article_url: str) -> dict[str, str]:
    """How the article reaches its notes page and back, as the site writes its links: after
    ``SITEURL`` (``RELATIVE_URLS = False``), else relative to each page."""
    page = notes_url(article_url)
    if settings.get("RELATIVE_URLS"):
        down = posixpath.relpath(_folder(page), _folder(article_url)) + "/"
        up = posixpath.relpath(_folder(article_url), _folder(page))
        back = up + "/" + ("" if article_url.endswith("/") else posixpath.basename(article_url))
        return {"notes_href": down, "article_href": back, "up": up}
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    up = posixpath.relpath(_folder(article_url), _folder(page))
    return {
        "notes_href": f"{siteurl}/{page}",
        "article_href": f"{siteurl}/{article_url}",
        "up": up,
    }


def enabled(settings: Mapping[str, object]) -> bool:
    """Whether this build lists the plugin (Pelican's signals outlive a build in one process)."""
    return listed(settings, NAME)


def opted_in(content) -> bool:
    """Whether an article or page asked for its notes on a page of their own."""
    value = getattr(content, "metadata", {}).get(META_KEY)
    if value is None:
        return False
    if value != META_VALUE:
        raise NotesError(
            f"{content.source_path}: {META_KEY}: {value!r} is not a choice: write "
            f"'{META_KEY}: {META_VALUE}' to publish the notes on a page of their own, or leave "
            "the key out to keep them at the end of the article"
        )
    return True


CONTENT_LISTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")


class NotesGenerator(Generator):
    """Runs after the article and page generators: moves each opted-in page's notes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme's notes.html if it has one, else this package's (extends the theme's base).
        loaders = self.env.loader.loaders
        if not any(isinstance(loader, _FallbackLoader) for loader in loaders):
            loaders.append(_FallbackLoader(str(TEMPLATES)))

    def generate_output(self, writer) -> None:
        seen: dict[int, object] = {}
        for key in CONTENT_LISTS:
            for content in self.context.get(key) or ():
                seen.setdefault(id(content), content)
        problems = []
        for content in seen.values():
            try:
                if opted_in(content):
                    self.publish(content, writer)
            except NotesError as error:
                problems.append(str(error))
        for problem in problems:
            for line in problem.splitlines():
                logger.error("%s", line)
        if problems:
            summary = (
                f"Build failed: the notes of {len(problems)} page(s) could not be moved "
                "(see the errors above)"
            )
            logger.error("%s", summary)
            if _in_autoreload_loop():
                logger.warning(
                    "pelican -r: fix the notes named above and save: the site is rebuilt"
                )
                return
            raise NotesFailed(summary)

    def publish(self, content, writer) -> None:
        written = Path(self.output_path, content.save_as)
        links = hrefs(self.settings, content.url)
        moved = move_notes(
            written.read_text(encoding="utf-8"), source=_shown(content.source_path), **links
        )
        written.write_text(moved.article, encoding="utf-8", newline="")
        page = notes_url(content.url)
        template = self.settings.get(
            "SITE_EXTRAS_NOTES_TEMPLATE", DEFAULTS["SITE_EXTRAS_NOTES_TEMPLATE"]
        )
        writer.write_file(
            page + "index.html",
            self.get_template(template),
            self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")),
            url=page,
            notes_of=content,
            notes=Markup(moved.notes),
            notes_count=len(moved.note_ids),
        )
        logger.info("notes: %d notes of %s moved to %s", len(moved.note_ids), content.url, page)


def _shown(path: str) -> str:
    """A source path as an author knows it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def add_generator(pelican):
    return NotesGenerator if enabled(pelican.settings) else None


def register() -> None:
    signals.get_generators.connect(add_generator)


def _in_autoreload_loop() -> bool:
    """Whether Pelican's public ``pelican.autoreload`` loop (``pelican -r``) runs this build.
    There a SystemExit would end the loop, and any other exception would make it build again at
    once; returning leaves it waiting for the author's fix."""
    import inspect

    import pelican

    loop = getattr(getattr(pelican, "autoreload", None), "__code__", None)
    frame = inspect.currentframe()
    while frame is not None and loop is not None:
        if frame.f_code is loop:
            return True
        frame = frame.f_back
    return False
