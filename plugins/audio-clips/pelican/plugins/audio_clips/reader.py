"""An article with clips, read through whichever reader the site registered.

The plugin replaces no reader. When a generator starts (``pelican_hooks.prepare``, after every
plugin's ``readers_init``, so plugin order does not matter) each registered reader's ``read`` is
wrapped by :func:`guest.wrap <audio_clips.guest.wrap>`; a file that may list clips comes here.
:func:`read_with_clips` hands the file to :func:`article.read_article
<audio_clips.article.read_article>`; an article that lists no clips comes back exactly as the
site's reader returned it. For an article with clips it then turns YAML front matter into Pelican
metadata (with the reader's own public ``process_metadata``), renders the figures into their
sections, sets the summary and stamps the article for Pelican's cache (``freshness``).

YAML front matter is split off here and only the body goes to the site's reader, through a
temporary file as jinja2content itself does: so a reader that does not understand YAML (Pelican's
own, jinja2content's) still reads these articles, and one that does reads nothing twice. When
the registered reader is exactly Pelican's ``MarkdownReader`` or pelican-yaml-metadata's
``YAMLMetadataReader`` (not a subclass, whose ``read`` may do more), the body skips the file and
goes to one Markdown converter per ``Reading`` (:meth:`Reading.body`): those readers build a new
converter for every file, which cost ~10 M instructions an article; the result is the same.

A bad clip is logged and raised as a ClipError, which Pelican records as a failed file; the build
fails at its end (``generator``). Not strict (``make serve``), the page is published with a notice
in place of each bad clip. ``check`` wraps the readers the same way with ``collect`` set: the
problems are collected instead.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence

from pelican.utils import truncate_html_paragraphs, truncate_html_words

try:  # Pelican 4.12+ also strips contents lists out of automatic summaries
    from pelican.utils import strip_toc_elements_from_html
except ImportError:  # pragma: no cover - older Pelican

    def strip_toc_elements_from_html(html: str) -> str:
        return html


from .article import Article, notices, read_article
from .configs import config_for
from .detect import IDS_KEY, PROBLEMS_KEY, sidecar_path
from .errors import ClipError
from .freshness import STAMP_KEY, Stamper
from .links import register_links
from .markup import Renderer
from .placement import insert

#: Metadata key set (True) when ``summary`` is the plugin's automatic one, not the author's:
#: Pelican reads a summary only from ``metadata["summary"]``, so the plugin's must go there,
#: and a theme that shows an author's summary as a lede tells the two apart by this key.
AUTO_SUMMARY_KEY = "audio_clips_auto_summary"
#: Pelican metadata that YAML may give as a list but Pelican keeps as one value.
_ONE_VALUE = ("title", "slug", "date", "modified", "category", "author", "status", "lang")

logger = logging.getLogger(__name__)


class Reading:
    """What the wrapped readers of one generator share: the build's settings, probe cache,
    partial, stamper and Pelican's link table. ``collect`` (for ``check``) gathers problems and
    warnings instead of logging them and failing the file."""

    def __init__(
        self,
        pelican_settings: Mapping,
        renderer: Renderer | None = None,
        stamper: Stamper | None = None,
        links: dict | None = None,
        collect: tuple[list, list] | None = None,
    ):
        self.settings = pelican_settings
        self.config = config_for(pelican_settings)
        self.renderer, self.stamper, self.links = renderer, stamper, links
        self.collect = collect
        self.clips_read = 0
        """Valid clips read (``check`` counts them)."""
        self.clean: list[tuple[str, Article]] = []
        """``check``: each article read whose clips had no problem, with its path (the build's
        site-wide licence check sees the same articles: a strict build drops the others)."""
        self._cache = None
        self._markdown = None
        self._plain_text_inert = False
        self._body_converter = None

    @property
    def cache(self):
        """The probe cache (``media.ProbeCache``), made on first use: a warm rebuild reads
        nothing, so it never loads mutagen."""
        if self._cache is None:
            from .media import ProbeCache

            self._cache = ProbeCache(self.config.cache_path)
        return self._cache

    def flush(self) -> None:
        """Save new probe results (called once all files are read)."""
        if self._cache is not None:
            self._cache.flush()

    def markdown(self, text: str) -> str:
        """Front-matter text in a formatted field (``summary``), converted with the site's
        Markdown settings as Pelican converts it. Plain text skips the converter when the
        settings name only Markdown's own extensions, which would make a bare paragraph of it
        (``text.plain_paragraph``; 0.25 ms a summary on the benchmark site)."""
        if self._markdown is None:
            from markdown import Markdown

            from .text import inert_for_plain_text

            md = dict(self.settings.get("MARKDOWN") or {})
            named = [*(md.get("extensions") or []), *(md.get("extension_configs") or {})]
            md["extensions"] = [e for e in dict.fromkeys(named) if e != "markdown.extensions.meta"]
            self._markdown = Markdown(**md)
            self._plain_text_inert = inert_for_plain_text(md)
        if self._plain_text_inert:
            from .text import plain_paragraph

            plain = plain_paragraph(text)
            if plain is not None:
                return plain
        return self._markdown.reset().convert(text)

    def body(self, reader, text: str):
        """``reader.read`` of a file holding ``text`` (a body without metadata), for a reader
        whose class is exactly Pelican's or yaml-metadata's: the converter is made as
        ``MarkdownReader.read`` makes it, once, and ``reset()`` between files instead. Pelican
        finds an empty ``Meta`` in such a body, so its metadata is ``{}``."""
        settings = reader.settings["MARKDOWN"]
        if self._body_converter is None or self._body_converter[0] is not settings:
            from markdown import Markdown

            self._body_converter = (settings, Markdown(**settings))
        converter = self._body_converter[1]
        return converter.reset().convert(text), {}


def _plain_markdown_reader(reader, plain) -> bool:
    """Whether ``plain`` is the own ``read`` of exactly Pelican's ``MarkdownReader`` or
    yaml-metadata's ``YAMLMetadataReader``, whose per-file converter :meth:`Reading.body`
    may stand in for. Footnotes' ``UNIQUE_IDS`` numbers documents per converter, so it keeps
    Pelican's way."""
    from pelican.readers import MarkdownReader

    classes = [MarkdownReader]
    try:
        from pelican.plugins.yaml_metadata import YAMLMetadataReader
    except ImportError:
        pass
    else:
        classes.append(YAMLMetadataReader)
    kind = type(reader)
    if kind not in classes or getattr(plain, "__func__", None) is not kind.read:
        return False
    configs = (reader.settings.get("MARKDOWN") or {}).get("extension_configs") or {}
    return not any(isinstance(c, Mapping) and c.get("UNIQUE_IDS") for c in configs.values())


def read_with_clips(reader, plain, source_path: str, reading: Reading):
    """``plain(source_path)``, plus the clips of an article that lists any."""

    def render(body: str | None):
        if body is None:
            return plain(source_path)
        return _render_body(plain, body, source_path, reader, reading)

    article = read_article(source_path, render, reading.config, lambda: reading.cache)
    if article.listing is None and not article.problems:
        return article.html, article.metadata
    if reading.collect is not None:
        reading.collect[0].extend(article.problems)
        reading.collect[1].extend(article.warnings)
        reading.clips_read += len(article.clips)
        if article.clips and not article.problems:
            reading.clean.append((source_path, article))
        return article.html, article.metadata
    return finish(reader, article, reading, source_path)


def _render_body(plain, body: str, source_path: str, reader=None, reading=None):
    """The site's reader on the Markdown body alone (front matter removed), through a temporary
    file with the article's extension. The body keeps its leading blank line, so Markdown's
    ``meta`` extension finds no metadata in it. For Pelican's or yaml-metadata's own reader the
    file is skipped (:meth:`Reading.body`), unless the body opens with ``---``, which
    yaml-metadata would read as a header."""
    text = body if body.startswith(("\n", "\r")) else "\n" + body
    if (
        reading is not None
        and not text.lstrip().startswith("---")
        and _plain_markdown_reader(reader, plain)
    ):
        # As the file would read back: universal newlines (``pelican_open``).
        return reading.body(reader, text.replace("\r\n", "\n").replace("\r", "\n"))
    suffix = os.path.splitext(source_path)[1]
    handle, temporary = tempfile.mkstemp(suffix=suffix, prefix="audio-clips-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        return plain(temporary)
    finally:
        os.unlink(temporary)


def finish(reader, article: Article, reading: Reading, source_path: str = ""):
    """An article with clips, ready for Pelican: metadata, figures, summary, stamp."""
    for warning in article.warnings:
        logger.warning("%s", warning)
    for problem in article.problems:
        logger.error("%s", problem)
    listing = article.listing
    key = listing.key if listing else None
    if listing is None:  # the clip list could not be read: is there an article to show?
        file_level = not (article.html or article.metadata)
    else:
        file_level = any(not p.clip and p.field != key for p in article.problems)
    if article.problems and (reading.config.strict or file_level or reading.renderer is None):
        raise ClipError(article.problems)
    if reading.renderer is None or reading.stamper is None:
        raise RuntimeError(
            "audio_clips: the reader was not prepared with the theme's templates; it "
            "runs inside Pelican's article and page generators"
        )
    metadata = dict(article.metadata)
    if listing is not None and listing.in_front_matter:
        metadata.update(pelican_metadata(reader, article.data, reading))
    metadata["headings"] = article.headings
    clips = tuple(article.clips)
    html = article.html
    if clips and "summary" not in metadata:
        # Pelican would cut its automatic summary from the finished HTML, players and all;
        # cut it from the article as the site's reader wrote it instead, the same way.
        metadata["summary"] = summary(reading.settings, article.html, article.added_ids)
        metadata[AUTO_SUMMARY_KEY] = True
    if article.problems:
        # Not strict (``make serve``): the page is published with a notice in place of each
        # clip that could not be shown, so the rest of the article stays readable.
        metadata[PROBLEMS_KEY] = tuple(str(p) for p in article.problems)
        raw = listing.parsed.data.get(key) if key else None
        html = reading.renderer.notices(
            html, article.headings, notices(article.problems, raw, article.headings)
        )
    figures = reading.renderer.figures(html, article.headings, clips)
    placed = insert(html, figures)
    if article.problems:  # notices were added too: the ids the page gained, from the page
        metadata[IDS_KEY] = article.added_ids + _new_ids(article.html, placed)
    else:
        metadata[IDS_KEY] = article.added_ids + _figure_ids(figures)
    if reading.links is not None:
        # Registered now, not later: an article in Pelican's generator cache keeps the link
        # table of the build that read it.
        register_links(reading.links, clips, reading.config)
    metadata["clips"] = clips
    # A page showing problems is never reused from Pelican's cache: what fixes it may be a
    # file the stamp cannot name (an audio file added under the name the clip asked for).
    # The sidecar too (whether or not there is one): Pelican's cache keys the article on its
    # own file only.
    sidecar = (sidecar_path(os.path.abspath(source_path)),) if source_path else ()
    metadata[STAMP_KEY] = None if article.problems else reading.stamper.stamp(clips, sidecar)
    return placed, metadata


def pelican_metadata(reader, data: Mapping, reading: Reading) -> dict:
    """YAML front matter as Pelican metadata: each value through the reader's own public
    ``process_metadata`` (dates, tags, authors, categories as Pelican makes them), formatted
    fields (``summary``) converted as Markdown, lists kept where Pelican allows them."""
    formatted = {f.lower() for f in reading.settings.get("FORMATTED_FIELDS", ())}
    output = {}
    for key, value in data.items():
        if value is None or not isinstance(key, str):
            continue
        name = key.lower()
        values = [v for v in value if v is not None] if isinstance(value, list) else [value]
        if name in formatted:
            output[name] = reading.markdown("\n".join(str(v) for v in values))
        elif name == "author" and len(values) > 1:
            output["authors"] = _processed(reader, "authors", values)
        elif name in ("tags", "authors"):
            output[name] = _processed(reader, name, values)
        elif name in _ONE_VALUE or name == "category":
            if values:
                output[name] = reader.process_metadata(name, _text(values[0]))
        else:
            output[name] = value
    return output


def _processed(reader, name: str, values: list) -> list:
    found = []
    for value in values:
        processed = reader.process_metadata(name, _text(value))
        found.extend(processed if isinstance(processed, list) else [processed])
    return found


def _text(value: object) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


#: An ``id`` attribute of an element, as Markdown, docutils and Pelican's readers write it.
_ID_ATTRIBUTE = re.compile(r"""(<[A-Za-z][^<>]*?)\s+id\s*=\s*(?:"[^"]*"|'[^']*')""")


def summary(pelican_settings: Mapping, html: str, added_ids: tuple[str, ...]) -> str:
    """Pelican's automatic summary (``Content.get_summary``) of the article as the site's
    reader wrote it, without ids: themes show a summary beside or on the article's own page
    (a card, a lede), where an id from the article would be there twice. The ids the plugin
    added go first, exactly; then any id left on an element of the summary."""
    max_paragraphs = pelican_settings.get("SUMMARY_MAX_PARAGRAPHS")
    if max_paragraphs is not None:
        html = truncate_html_paragraphs(html, max_paragraphs)
    if pelican_settings.get("SUMMARY_MAX_LENGTH") is not None:
        html = truncate_html_words(
            html, pelican_settings["SUMMARY_MAX_LENGTH"], pelican_settings["SUMMARY_END_SUFFIX"]
        )
    html = strip_toc_elements_from_html(html)
    for added in added_ids:
        html = html.replace(f' id="{added}"', "", 1)
    return _ID_ATTRIBUTE.sub(r"\1", html)


def _new_ids(before: str, after: str) -> tuple[str, ...]:
    """Ids in ``after`` that ``before`` does not have as often: the figures' and notices'."""
    from .ids import ids_in

    return tuple((Counter(ids_in(after)) - Counter(ids_in(before))).keys())


def _figure_ids(figures: Mapping[int, Sequence[str]]) -> tuple[str, ...]:
    """The ids of the rendered figures, in page order, each once: what :func:`_new_ids` finds
    on the placed page, read from the figures alone (two scans of the page were 0.35 ms an
    article on the benchmark site)."""
    from .ids import ids_in_markup

    markup = "\n".join(block for offset in sorted(figures) for block in figures[offset])
    return tuple(dict.fromkeys(ids_in_markup(markup)))
