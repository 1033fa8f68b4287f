"""The thin layer between Pelican and the plugin's core: signal receivers and one generator."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from jinja2 import TemplateNotFound
from pelican.generators import ArticlesGenerator, Generator

from . import settings
from .credits import group_credits
from .errors import BuildFailed, ClipError
from .freshness import Stamper, drop_stale, settings_key
from .jsonld import audio_object
from .markup import Renderer, with_plugin_templates
from .reader import AudioClipsReader

logger = logging.getLogger(__name__)


def listed(settings) -> bool:
    """Whether this build lists the plugin.

    Pelican's signals belong to the process: once connected, the receivers also hear later builds
    in the same process (``--autoreload`` after the settings change, a test suite, a script that
    builds several sites) that may not list the plugin. They act only for builds that do.
    """
    names = (str(getattr(plugin, "__name__", plugin)) for plugin in settings.get("PLUGINS") or ())
    return any(name.rsplit(".", 1)[-1] == "audio_clips" for name in names)


def check_settings(pelican) -> None:
    """Misconfiguration stops the build at start, with one clear message per bad setting."""
    if not listed(pelican.settings):
        return
    try:
        settings.load(pelican.settings)
    except ClipError as error:
        for problem in error.problems:
            logger.error("%s", problem)
        raise BuildFailed("audio_clips: the plugin's settings need fixing (see above)") from None


def install_reader(readers) -> None:
    if not listed(readers.settings):
        return
    for extension in AudioClipsReader.file_extensions:
        readers.reader_classes[extension] = AudioClipsReader


def flush_probe_caches(generators) -> None:
    """Every file has been read by now: save what the readers' probe caches learnt."""
    for generator in generators:
        readers = getattr(getattr(generator, "readers", None), "readers", {})
        for reader in readers.values():
            if isinstance(reader, AudioClipsReader):
                reader.flush()


def prepare(generator) -> None:
    """Before a generator reads anything: hand its readers the theme's partial, and drop cached
    articles whose clips are out of date so that Pelican reads them again.

    Connected to ``article_generator_init`` and ``page_generator_init``, which Pelican sends once
    both its readers' cache and its own are loaded.
    """
    if not listed(generator.settings):
        return
    by_extension = generator.readers.readers
    for extension in AudioClipsReader.file_extensions:
        # Another plugin's ``readers_init`` receiver (pelican-yaml-metadata's, left connected by
        # an earlier build in this process) may have replaced ours after it ran.
        current = by_extension.get(extension)
        if current is not None and not isinstance(current, AudioClipsReader):
            by_extension[extension] = AudioClipsReader(generator.settings)
    readers = [r for r in by_extension.values() if isinstance(r, AudioClipsReader)]
    config = settings.load(generator.settings)
    plugin_settings = settings.merged(generator.settings)
    env = with_plugin_templates(generator.env, config.cache_path)
    try:
        env.loader.get_source(env, config.template)
    except TemplateNotFound as missing:
        logger.error(
            "audio_clips: template '%s' is in neither the theme nor the plugin "
            "(AUDIO_CLIPS_TEMPLATE is '%s')",
            missing.name,
            config.template,
        )
        raise BuildFailed("audio_clips: the clip template is missing (see above)") from None
    renderer = Renderer(
        env, config.template, {"SITEURL": config.siteurl, "AUDIO_CLIPS": plugin_settings}
    )
    stamper = Stamper(
        config.media_path, settings_key(config, plugin_settings), env, config.template
    )
    for reader in readers:
        reader.prepare(renderer, stamper)
    for cacher in (generator.readers, generator):
        cache = getattr(cacher, "_cache", None)  # Pelican's FileDataCacher keeps its entries here
        if cache:
            dropped = drop_stale(cache, stamper)
            if dropped:
                logger.info(
                    "audio_clips: %d cached file(s) with changed clips will be read again", dropped
                )


def describe_clips(generators) -> None:
    """Give every content object with clips its JSON-LD (which needs the page's final URL)."""
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None or not listed(generator.settings):
        return
    siteurl = settings.load(generator.settings).siteurl
    for content in _everything(generator.context):
        clips = getattr(content, "clips", None)
        if clips:
            page_url = f"{siteurl}/{content.url}"
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
        self.context["clip_credits"] = group_credits(self.clips_used, self.config.siteurl)

    def generate_output(self, writer):
        self._publish_media()
        if self.config.credits_save_as and self.config.credits_template:
            writer.write_file(
                self.config.credits_save_as,
                with_plugin_templates(self.env, self.config.cache_path).get_template(
                    self.config.credits_template
                ),
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False),
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
    return ClipsGenerator if listed(pelican.settings) else None
