"""The thin layer between Pelican and the plugin's core: signal receivers and one generator."""

from __future__ import annotations

import logging

from jinja2 import TemplateNotFound
from pelican import signals
from pelican.generators import ArticlesGenerator

from . import settings
from .document import plain_problems, read_text
from .errors import BuildFailed, ClipError
from .feeds import add_enclosures
from .freshness import Stamper, drop_stale, settings_key
from .generator import DUPLICATES_KEY, ClipsGenerator, clips_of, everything
from .ids import describe, duplicate_ids, may_repeat
from .jsonld import audio_object
from .listing import enabled as listed
from .markup import COMPARE_TEMPLATE, Renderer, fallback_assets, with_plugin_templates
from .reader import AudioClipsReader, display_path

logger = logging.getLogger(__name__)


def connect() -> None:
    """Connect every receiver (called by ``register()`` once the dependencies are there)."""
    signals.initialized.connect(check_settings)
    signals.readers_init.connect(install_reader)
    signals.article_generator_init.connect(prepare)
    signals.page_generator_init.connect(prepare)
    signals.all_generators_finalized.connect(flush_probe_caches)
    signals.all_generators_finalized.connect(describe_clips)
    signals.get_generators.connect(add_generator)
    signals.content_written.connect(check_page_ids)
    signals.feed_generated.connect(add_enclosures)


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
    for reader in by_extension.values():
        if not isinstance(reader, AudioClipsReader):
            guard_foreign_reader(reader)
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
    context = {"SITEURL": config.siteurl, "AUDIO_CLIPS": plugin_settings}
    for key, name in fallback_assets(env, config).items():
        context[key] = config.media_link(name)
    renderer = Renderer(env, config.template, context)
    stamper = Stamper(
        config.media_path,
        settings_key(config, plugin_settings),
        env,
        config.template,
        (COMPARE_TEMPLATE,),
    )
    links = generator.context.setdefault("generated_content", {})
    for reader in readers:
        reader.prepare(renderer, stamper, links)
    for cacher in (generator.readers, generator):
        cache = getattr(cacher, "_cache", None)  # Pelican's FileDataCacher keeps its entries here
        if cache:
            dropped = drop_stale(cache, stamper)
            if dropped:
                logger.info(
                    "audio_clips: %d cached file(s) with changed clips will be read again", dropped
                )


def check_page_ids(path, context) -> None:
    """Every page written in a build with the plugin: report ids used more than once."""
    found = context.get(DUPLICATES_KEY) if context else None
    if found is None or not str(path).endswith((".html", ".htm")):
        return
    try:
        with open(path, "rb") as written:
            page = written.read()
    except OSError:
        return
    if not may_repeat(page):
        return
    duplicates = duplicate_ids(page.decode("utf-8", errors="replace"))
    for line in describe(display_path(str(path)), duplicates):
        logger.error("%s", line)
        found.append(line)


def guard_foreign_reader(reader) -> None:
    """Make another reader (reStructuredText, HTML, plain Markdown metadata) refuse a ``clips``
    field: only YAML front matter can list clips, and the generator must never meet a string
    where it expects clip records. Wraps the reader object once; the class is left alone."""
    if getattr(reader, "_audio_clips_guarded", False) or "static" in reader.file_extensions:
        return
    plain_read = reader.read

    def read(source_path):
        content, metadata = plain_read(source_path)
        shown = display_path(source_path)
        problems = plain_problems(metadata, read_text(source_path, shown), shown)
        for problem in problems:
            logger.error("%s", problem)
        if problems:
            raise ClipError(problems)
        return content, metadata

    reader.read = read
    reader._audio_clips_guarded = True


def describe_clips(generators) -> None:
    """Give every content object with clips its JSON-LD (which needs the page's final URL)."""
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None or not listed(generator.settings):
        return
    siteurl = settings.load(generator.settings).siteurl
    for content in everything(generator.context):
        clips = clips_of(content)
        if clips:
            page_url = f"{siteurl}/{content.url}"
            content.clips_jsonld = [audio_object(clip, page_url, siteurl) for clip in clips]


def add_generator(pelican):
    return ClipsGenerator if listed(pelican.settings) else None
