"""The Markdown reader: pelican-yaml-metadata's, made strict, plus clip validation and placement.

Validating here, while the file is read, means an article with a bad clip is never turned into a
page: Pelican records it as failed, and the build fails at the end (see ``pelican_hooks``). Valid
articles carry ``clips`` as a tuple of :class:`~audio_clips.records.Clip`, their HTML already
holds the rendered figures, and their metadata a stamp that tells whether Pelican's content cache
may reuse them (``freshness``).
"""

from __future__ import annotations

import logging
import os

from pelican.plugins.yaml_metadata import YAMLMetadataReader
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from . import frontmatter, settings
from .errors import ClipError
from .freshness import STAMP_KEY, Stamper
from .markup import Renderer
from .placement import heading_ids

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

    def prepare(self, renderer: Renderer, stamper: Stamper) -> None:
        """Give the reader the generator's partial and stamper (``pelican_hooks.prepare``)."""
        self._renderer = renderer
        self._stamper = stamper

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
        self._md.Meta = {k: [str(v)] for k, v in metadata.items()}
        outcome = clips_of(parsed, content, shown, self.config, self.cache)
        _log(outcome.problems, outcome.warnings)
        if outcome.problems:
            raise ClipError(outcome.problems)
        if "clips" in parsed.data:
            if self._renderer is None or self._stamper is None:
                raise RuntimeError(
                    "audio_clips: the reader was not prepared with the theme's templates; it "
                    "runs inside Pelican's article and page generators"
                )
            clips = tuple(outcome.clips)
            content = self._renderer.place(content, clips)
            metadata["clips"] = clips
            metadata[STAMP_KEY] = self._stamper.stamp(clips)
        return content, metadata


def clips_of(parsed: frontmatter.FrontMatter, html: str, shown: str, config, cache):
    """Validate the clips of one parsed file against its rendered HTML (a ``clips.Outcome``)."""
    from .clips import build_clips  # with mutagen and nh3: only when something is read

    return build_clips(
        parsed.data.get("clips"),
        path=shown,
        config=config,
        headings=heading_ids(html),
        cache=cache,
        front_matter=parsed,
    )


def _log(problems, warnings) -> None:
    for warning in warnings:
        logger.warning("%s", warning)
    for problem in problems:
        logger.error("%s", problem)
