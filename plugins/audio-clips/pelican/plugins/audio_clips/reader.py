"""The Markdown reader: pelican-yaml-metadata's, made strict, plus clip validation and placement.

Validating here, while the file is read, means an article with a bad clip is never turned into a
page: Pelican records it as failed, and the build fails at the end (see ``pelican_hooks``). Valid
articles carry ``clips`` as a tuple of :class:`~audio_clips.records.Clip`, their HTML already
holds the rendered figures, and their metadata a stamp that tells whether Pelican's content cache
may reuse them (``freshness``).
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Mapping, Sequence

from markdown import Markdown
from pelican.plugins.yaml_metadata import YAMLMetadataReader
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open, truncate_html_paragraphs, truncate_html_words

try:  # Pelican 4.12+ also strips contents lists out of automatic summaries
    from pelican.utils import strip_toc_elements_from_html
except ImportError:  # pragma: no cover - older Pelican

    def strip_toc_elements_from_html(html: str) -> str:
        return html


from . import frontmatter, settings
from .errors import ClipError
from .freshness import STAMP_KEY, Stamper
from .generator import register_links
from .markup import Renderer
from .placement import Heading, from_toc_tokens

TOC = "markdown.extensions.toc"


def markdown_settings(pelican_settings: Mapping) -> dict:
    """The site's ``MARKDOWN`` settings as the plugin converts with them: YAML front matter
    instead of the ``meta`` extension, and the ``toc`` extension always on.

    ``toc`` gives every heading an id (``{#id}`` from attr_list wins) and lists the headings
    (``toc_tokens``), which is how clips find their sections; Pelican's defaults leave it off.
    A site's own ``toc`` configuration is kept as it is. The build and ``check`` both use this.
    """
    md = copy.deepcopy(dict(pelican_settings.get("MARKDOWN") or {}))
    configs = dict(md.get("extension_configs") or {})
    extensions = list(md.get("extensions") or [])
    named = {str(getattr(e, "__module__", e)) for e in extensions} | set(configs)
    if not any(name in (TOC, "toc") for name in named):
        configs[TOC] = {}
    extensions += [name for name in configs if name not in extensions]
    md["extensions"] = [e for e in extensions if e != "markdown.extensions.meta"]
    md["extension_configs"] = configs
    return md


logger = logging.getLogger(__name__)


def display_path(path: str) -> str:
    """A path as authors know it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


class AudioClipsReader(YAMLMetadataReader):
    """Reads Markdown with YAML front matter; fails loudly on bad YAML or bad clips."""

    _config = None
    _cache = None
    _renderer: Renderer | None = None
    _stamper: Stamper | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._md = Markdown(**markdown_settings(self.settings))

    _links: dict | None = None

    def prepare(self, renderer: Renderer, stamper: Stamper, links: dict) -> None:
        """Give the reader the generator's partial, stamper and Pelican's table of link targets
        (``pelican_hooks.prepare``)."""
        self._renderer = renderer
        self._stamper = stamper
        self._links = links

    @property
    def config(self):
        """Validated settings, loaded on first use: Pelican makes a reader per file extension
        per generator, and most of them never read a file."""
        if self._config is None:
            self._config = settings.load(self.settings)
        return self._config

    def flush(self) -> None:
        """Save new probe results (called once all files are read)."""
        if self._cache is not None:
            self._cache.flush()

    @property
    def cache(self):
        """The probe cache (``media.ProbeCache``), imported on first read: a warm rebuild reads
        nothing, so it never loads mutagen."""
        if self._cache is None:
            from .media import ProbeCache

            self._cache = ProbeCache(self.config.cache_path)
        return self._cache

    def read(self, source_path):
        shown = display_path(source_path)
        with pelican_open(source_path) as text:
            try:
                parsed = frontmatter.split(text, shown)
            except ClipError as error:
                _log(error.problems, [])
                raise
        if parsed is None:  # no YAML header: plain Pelican Markdown metadata
            return MarkdownReader.read(self, source_path)
        metadata = self._parse_yaml_metadata(parsed.data, source_path)
        content = self._md.reset().convert(parsed.body)
        headings = from_toc_tokens(getattr(self._md, "toc_tokens", ()))
        self._md.Meta = {k: [str(v)] for k, v in metadata.items()}
        outcome = clips_of(parsed, headings, shown, self.config, self.cache)
        _log(outcome.problems, outcome.warnings)
        if outcome.problems:
            raise ClipError(outcome.problems)
        metadata["headings"] = headings
        if "clips" in parsed.data:
            if self._renderer is None or self._stamper is None:
                raise RuntimeError(
                    "audio_clips: the reader was not prepared with the theme's templates; it "
                    "runs inside Pelican's article and page generators"
                )
            clips = tuple(outcome.clips)
            if clips and "summary" not in metadata:
                # Pelican would cut its automatic summary from the finished HTML, players and
                # all; cut it from the prose instead, the same way.
                metadata["summary"] = self._summary(content)
            content = self._renderer.place(content, headings, clips)
            if self._links is not None:
                # Registered now, not later: an article in Pelican's generator cache keeps the
                # link table of the build that read it.
                register_links(self._links, clips, self.config)
            metadata["clips"] = clips
            metadata[STAMP_KEY] = self._stamper.stamp(clips)
        return content, metadata

    def _summary(self, html: str) -> str:
        """Pelican's automatic summary (``Content.get_summary``), of the HTML before figures."""
        max_paragraphs = self.settings.get("SUMMARY_MAX_PARAGRAPHS")
        if max_paragraphs is not None:
            html = truncate_html_paragraphs(html, max_paragraphs)
        if self.settings.get("SUMMARY_MAX_LENGTH") is not None:
            html = truncate_html_words(
                html, self.settings["SUMMARY_MAX_LENGTH"], self.settings["SUMMARY_END_SUFFIX"]
            )
        return strip_toc_elements_from_html(html)


def clips_of(
    parsed: frontmatter.FrontMatter, headings: Sequence[Heading], shown: str, config, cache
):
    """Validate the clips of one parsed file against its headings (an ``assemble.Outcome``)."""
    from .assemble import build_clips  # with nh3: only when something is read

    return build_clips(
        parsed.data.get("clips"),
        path=shown,
        config=config,
        headings=[h.id for h in headings if h.id],
        cache=cache,
        front_matter=parsed,
    )


def _log(problems, warnings) -> None:
    for warning in warnings:
        logger.warning("%s", warning)
    for problem in problems:
        logger.error("%s", problem)
