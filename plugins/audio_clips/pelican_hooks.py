"""The thin layer between Pelican and the plugin's core: signal receivers and one generator."""

from __future__ import annotations

import logging
import os
import shutil
from collections import defaultdict
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican.generators import ArticlesGenerator, Generator

from . import settings
from .errors import BuildFailed, ClipError
from .jsonld import audio_object
from .placement import place
from .reader import AudioClipsReader

logger = logging.getLogger(__name__)

PLUGIN_TEMPLATES = str(Path(__file__).with_name("templates"))


def check_settings(pelican) -> None:
    """Misconfiguration stops the build at start, with one clear message per bad setting."""
    try:
        settings.load(pelican.settings)
    except ClipError as error:
        for problem in error.problems:
            logger.error("%s", problem)
        raise BuildFailed("audio_clips: the plugin's settings need fixing (see above)") from None


def install_reader(readers) -> None:
    for extension in AudioClipsReader.file_extensions:
        readers.reader_classes[extension] = AudioClipsReader


def flush_probe_caches(generators) -> None:
    """Every file has been read by now: save what the readers' probe caches learnt."""
    for generator in generators:
        readers = getattr(getattr(generator, "readers", None), "readers", {})
        for reader in readers.values():
            if isinstance(reader, AudioClipsReader):
                reader.flush()


def _with_plugin_templates(env):
    """The generator's Jinja environment, falling back to the plugin's own templates."""
    return env.overlay(loader=ChoiceLoader([env.loader, FileSystemLoader(PLUGIN_TEMPLATES)]))


def place_clips(generators) -> None:
    """Render each clip with the theme's partial and put it at the end of its section."""
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None:
        return
    config = settings.load(generator.settings)
    template = _with_plugin_templates(generator.env).get_template(config.template)
    plugin_settings = settings.merged(generator.settings)
    for content in _everything(generator.context):
        clips = getattr(content, "clips", None)
        if not clips:
            continue
        figures = defaultdict(list)
        for clip in clips:
            figures[clip.section].append(
                template.render(
                    clip=clip, content=content, SITEURL=config.siteurl, AUDIO_CLIPS=plugin_settings
                )
            )
        content._content = place(content._content, figures)
        page_url = f"{config.siteurl}/{content.url}"
        content.clips_jsonld = [audio_object(clip, page_url) for clip in clips]


class ClipsGenerator(Generator):
    """Publishes the audio the clips use, writes the credits page, and fails a strict build last.

    Pelican runs it after the article and page generators, so every valid page is already written
    when a strict build stops.
    """

    def generate_context(self):
        self.config = settings.load(self.settings)
        self.clips_used = []
        self.all_clips = []
        for content in _published(self.context):
            for clip in getattr(content, "clips", None) or ():
                self.clips_used.append((clip, content))
        for content in _everything(self.context):
            self.all_clips.extend(getattr(content, "clips", None) or ())
        self.context["clips_used"] = self.clips_used

    def generate_output(self, writer):
        self._publish_media()
        if self.config.credits_save_as and self.config.credits_template:
            writer.write_file(
                self.config.credits_save_as,
                _with_plugin_templates(self.env).get_template(self.config.credits_template),
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False),
                clips_used=self.clips_used,
                page_name=self.config.credits_url.rstrip("/") or "credits",
                url=self.config.credits_url,
            )
        failed = sorted(
            path
            for path, content in self.context.get("generated_content", {}).items()
            if content is None
        )
        if failed:
            summary = (
                f"{len(failed)} file(s) could not be published: {', '.join(failed)} "
                "(see the errors above)"
            )
            if self.config.strict:
                logger.error("Build failed: %s", summary)
                raise BuildFailed(f"Build failed: {summary}")
            logger.error("%s; serving the rest", summary)

    def _publish_media(self) -> None:
        """Copy every file a clip uses into the output (skipping ones already up to date)."""
        target_root = Path(self.output_path, self.config.output_dir)
        done = set()
        for clip in self.all_clips:
            for relative in clip.files:
                if relative in done:
                    continue
                done.add(relative)
                origin = Path(self.config.media_path, relative)
                target = target_root / relative
                if target.is_file():
                    here, there = origin.stat(), target.stat()
                    if here.st_size == there.st_size and here.st_mtime_ns == there.st_mtime_ns:
                        continue
                target.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(origin, target)


def _link_or_copy(origin: Path, target: Path) -> None:
    """Hard-link the file into the output (instant, no extra space), or copy it where links fail."""
    target.unlink(missing_ok=True)
    try:
        os.link(origin, target)
    except OSError:
        shutil.copy2(origin, target)


def _published(context):
    return _everything(context, ("articles", "pages"))


def _everything(
    context,
    names=("articles", "pages", "drafts", "hidden_articles", "hidden_pages", "draft_pages"),
):
    """Content objects of the given context lists, with their translations, each once."""
    seen = set()
    for name in names:
        for item in context.get(name, ()):
            for each in (item, *getattr(item, "translations", ())):
                if id(each) not in seen:
                    seen.add(id(each))
                    yield each


def add_generator(pelican):
    return ClipsGenerator
