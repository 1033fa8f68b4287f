"""The Markdown reader: pelican-yaml-metadata's, made strict, plus clip validation.

Validating here, while the file is read, means an article with a bad clip is never turned into a
page: Pelican records it as failed, and the build fails at the end (see ``pelican_hooks``). Valid
articles carry ``clips`` as a tuple of :class:`~audio_clips.records.Clip`.
"""

from __future__ import annotations

import logging
import os

from pelican.plugins.yaml_metadata import YAMLMetadataReader
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from . import frontmatter, settings
from .clips import build_clips
from .errors import ClipError
from .media import ProbeCache
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = settings.load(self.settings)
        self.cache = ProbeCache(self.config.cache_path)

    def read(self, source_path):
        shown = display_path(source_path)
        with pelican_open(source_path) as text:
            parsed = _logged(frontmatter.split, text, shown)
        if parsed is None:  # no YAML header: plain Pelican Markdown metadata
            return MarkdownReader.read(self, source_path)
        metadata = self._parse_yaml_metadata(parsed.data, source_path)
        content = self._md.reset().convert(parsed.body)
        self._md.Meta = {k: [str(v)] for k, v in metadata.items()}
        if "clips" in parsed.data:
            outcome = build_clips(
                parsed.data["clips"],
                path=shown,
                config=self.config,
                headings=heading_ids(content),
                cache=self.cache,
                front_matter=parsed,
            )
            for warning in outcome.warnings:
                logger.warning("%s", warning)
            if outcome.problems:
                for problem in outcome.problems:
                    logger.error("%s", problem)
                raise ClipError(outcome.problems)
            metadata["clips"] = tuple(outcome.clips)
        return content, metadata


def _logged(function, *args):
    """Call ``function``; log each problem of a ClipError before re-raising it."""
    try:
        return function(*args)
    except ClipError as error:
        for problem in error.problems:
            logger.error("%s", problem)
        raise
