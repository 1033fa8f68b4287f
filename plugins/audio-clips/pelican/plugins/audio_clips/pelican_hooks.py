"""The thin layer between Pelican and the plugin's core: signal receivers and one generator.

No reader is replaced: when a generator starts, the readers every plugin registered are wrapped
(``guest.wrap``), so other plugins' readers keep working and plugin order does not matter.

Pelican imports every installed namespace plugin, and a site may list this one and have no clips:
so this module imports only what every build needs (``detect``, ``listing``, the settings), and
each receiver imports the rest when a build has clips to handle.
"""

from __future__ import annotations

import logging
import os
from functools import partial

from pelican import signals

from . import settings
from .configs import config_for
from .detect import IDS_KEY, sidecar_path
from .errors import BuildFailed, ClipError, display_path
from .generator import DUPLICATES_KEY, ClipsGenerator, clips_of, everything
from .guest import Door, wrap
from .listing import enabled as listed

logger = logging.getLogger(__name__)
#: The Jinja filter that lists the headings of any HTML (for a theme's contents list).
HEADINGS_FILTER = "audio_clips_headings"
#: Context key telling ``check_page_ids`` to check every id (``AUDIO_CLIPS_CHECK_ALL_IDS``).
CHECK_ALL_KEY = "audio_clips_check_all_ids"
#: Context key telling ``check_page_ids`` to check nothing (a benchmark's switch, "page-ids").
PAGE_IDS_OFF_KEY = "audio_clips_page_ids_off"


def connect() -> None:
    """Connect every receiver (called by ``register()`` once the dependencies are there)."""
    signals.initialized.connect(check_settings)
    signals.article_generator_init.connect(prepare)
    signals.page_generator_init.connect(prepare)
    signals.all_generators_finalized.connect(flush_probe_caches)
    signals.all_generators_finalized.connect(describe_clips)
    signals.all_generators_finalized.connect(watch_writing)
    signals.get_generators.connect(add_generator)


def watch_writing(generators) -> None:
    """Before anything is written: connect the receivers of written pages and feeds for a build
    with clips (or problems shown in their place, or every page's ids to check), disconnect them
    for one without. A site without clips is then written as Pelican alone writes it, with no
    call per page or feed (they were most of the plugin's cost there). Pelican's signals outlive
    a build in one process, so each build decides again."""
    generator = next((g for g in generators if isinstance(g, ClipsGenerator)), None)
    needed = generator is not None and bool(
        generator.all_clips or generator.with_problems or generator.context.get(CHECK_ALL_KEY)
    )
    while_writing = (
        (signals.content_written, check_page_ids),
        (signals.feed_generated, add_enclosures),
    )
    for signal, receiver in while_writing:
        if needed:
            signal.connect(receiver)
        else:
            signal.disconnect(receiver)


def add_enclosures(context, feed) -> None:
    """The clips as the feed's enclosures (``feeds``), imported once a feed is written."""
    from .feeds import add_enclosures as add

    add(context, feed)


def check_settings(pelican) -> None:
    """Misconfiguration stops the build at start, with one clear message per bad setting."""
    if not listed(pelican.settings):
        return
    try:
        config_for(pelican.settings)
    except ClipError as error:
        for problem in error.problems:
            logger.error("%s", problem)
        raise BuildFailed("audio_clips: the plugin's settings need fixing (see above)") from None


def flush_probe_caches(generators) -> None:
    """Every file has been read by now: save what the readers' probe caches learnt."""
    for generator in generators:
        readers = getattr(getattr(generator, "readers", None), "readers", {})
        for reader in readers.values():
            door = getattr(reader.read, "audio_clips_door", None)
            if door is not None and door.made is not None:
                door.made.flush()


def prepare(generator) -> None:
    """Before a generator reads anything: wrap its readers (the theme's partial in hand), and
    drop cached articles whose clips are out of date so that Pelican reads them again.

    Connected to ``article_generator_init`` and ``page_generator_init``, which Pelican sends once
    every plugin's ``readers_init`` has run and both its caches are loaded.
    """
    if not listed(generator.settings):
        return
    links = generator.context.setdefault("generated_content", {})
    # Validated as a boolean with the other settings (``check_settings``).
    generator.context[CHECK_ALL_KEY] = settings.merged(generator.settings)[
        "AUDIO_CLIPS_CHECK_ALL_IDS"
    ]
    config = config_for(generator.settings)
    generator.context[PAGE_IDS_OFF_KEY] = "page-ids" in config.bench_off

    def make_reading():
        from .reader import Reading

        renderer, stamper = _renderer_and_stamper(generator)
        return Reading(generator.settings, renderer, stamper, links)

    door = Door(make_reading)  # one Reading for the generator's readers, made when needed
    if config.template != settings.DEFAULTS["AUDIO_CLIPS_TEMPLATE"]:
        door.reading  # noqa: B018 (a theme's own partial: a missing one stops the build now)
    for extension, reader in generator.readers.readers.items():
        if extension != "static":
            wrap(reader, door)
    generator.env.filters.setdefault(HEADINGS_FILTER, headings_of)
    for cacher in (generator.readers, generator):
        cache = getattr(cacher, "_cache", None)  # Pelican's FileDataCacher keeps its entries here
        if cache:
            from .freshness import drop_stale

            dropped = drop_stale(
                cache, lambda: door.reading.stamper, partial(_sidecar_of, generator.path)
            )
            if dropped:
                logger.info(
                    "audio_clips: %d cached file(s) with changed clips will be read again", dropped
                )


def _sidecar_of(content_path: str, key: str) -> str:
    """The sidecar of a cache entry: the readers' cache keys are absolute paths, the
    generators' are relative to the content folder."""
    return sidecar_path(os.path.join(content_path, key))


def _renderer_and_stamper(generator):
    """The clip partial (the theme's or the plugin's) ready to render, and the stamper that
    knows which files a rendered figure depends on."""
    from jinja2 import TemplateNotFound

    from .freshness import Stamper, settings_key
    from .markup import COMPARE_TEMPLATE, Renderer, fallback_assets, with_plugin_templates

    config = config_for(generator.settings)
    plugin_settings = settings.merged(generator.settings)
    # A benchmark's switch (settings.BENCH_PARTS): the partial rendered without autoescaping.
    escape = "autoescape" not in config.bench_off
    env = with_plugin_templates(generator.env, config.cache_path, autoescape=escape)
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
    return renderer, stamper


def headings_of(html: str):
    """The headings of ``html`` (level, id, title), for a theme's contents list of any page:
    ``{{ page.headings or page.content|audio_clips_headings }}``."""
    from .placement import find_headings

    return find_headings(str(html or ""))[1]


def check_page_ids(path, context) -> None:
    """The written page of an article with clips: each id the plugin wrote must be used once.
    With ``AUDIO_CLIPS_CHECK_ALL_IDS``, every id of every written page."""
    if not context or context.get(PAGE_IDS_OFF_KEY):  # a benchmark's switch (BENCH_PARTS)
        return
    # Cheap for every page the plugin wrote nothing on: a few lookups, no file read.
    content = context.get("article") or context.get("page")
    metadata = getattr(content, "metadata", None)
    ours = metadata.get(IDS_KEY, ()) if isinstance(metadata, dict) else ()
    check_all = context.get(CHECK_ALL_KEY, False)
    if not ours and not check_all:
        return
    found = context.get(DUPLICATES_KEY)
    if found is None or not str(path).endswith((".html", ".htm")):
        return
    try:
        with open(path, "rb") as written:
            page = written.read()
    except OSError:
        return
    from .ids import may_repeat

    if not may_repeat(page):
        return
    from .ids import describe, duplicate_ids, repeated

    text = page.decode("utf-8", errors="replace")
    duplicates = duplicate_ids(text) if check_all else repeated(text, ours)
    for line in describe(display_path(str(path)), duplicates):
        logger.error("%s", line)
        found.append(line)


def describe_clips(generators) -> None:
    """Give every content object with clips its JSON-LD (which needs the page's final URL)."""
    from pelican.generators import ArticlesGenerator

    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None or not listed(generator.settings):
        return
    siteurl = config_for(generator.settings).siteurl
    for content in everything(generator.context):
        clips = clips_of(content)
        if clips:
            from .jsonld import page_graph

            page_url = f"{siteurl}/{content.url}"
            content.clips_jsonld = page_graph(clips, page_url, siteurl)


def add_generator(pelican):
    return ClipsGenerator if listed(pelican.settings) else None
