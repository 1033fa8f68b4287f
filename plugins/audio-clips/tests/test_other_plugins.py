"""The plugin beside other popular plugins, installed from PyPI at the versions pinned in
requirements/test.txt: each keeps working, and clips are placed (issue 21).

Before, the plugin put its own Markdown reader back over any other, so jinja2content's
expressions stayed literal, whatever the plugin order. (With jinja2content, ``{#id}`` after a
heading opens a Jinja comment; these articles let the plugin give their headings ids.)
"""

from __future__ import annotations

import importlib.util
import logging
import weakref

import pytest
from bs4 import BeautifulSoup
from clipsite import GOOD_CLIP
from pelican import signals

OTHERS = ["jinja2content", "render_math", "sitemap", "series", "neighbors"]
missing = [name for name in OTHERS if importlib.util.find_spec(f"pelican.plugins.{name}") is None]
pytestmark = pytest.mark.skipif(
    bool(missing), reason=f"install requirements/test.txt (missing: {', '.join(missing)})"
)

BODY = """\
---
title: A test essay
date: 2026-11-25
slug: essay
{front}
---

Opening words: {{{{ 2 + 3 }}}} and $x^2$.

## Silent era

Pianists played along.

## Coming of sound

Talkies arrived.
"""


@pytest.fixture(autouse=True)
def only_for_this_test():
    """Pelican never disconnects a plugin: a receiver connected here would hear every later
    build of the test session (jinja2content would render every later article as a template).
    Disconnect what these tests connected."""
    from blinker import Signal

    signals_ = [s for s in vars(signals).values() if isinstance(s, Signal)]
    before = {id(s): set(s.receivers) for s in signals_}
    yield
    for signal in signals_:
        for key in set(signal.receivers) - before[id(signal)]:
            receiver = signal.receivers.get(key)
            if isinstance(receiver, weakref.ref):  # blinker keeps weak receivers so
                receiver = receiver()
            if receiver is not None:
                signal.disconnect(receiver)


@pytest.fixture
def rag(site):
    site.audio("clips/rag.opus")
    return site


def errors_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def essay(site) -> BeautifulSoup:
    return BeautifulSoup(site.page(), "html.parser")


@pytest.mark.parametrize(
    "plugins",
    # (jinja2content and pelican-yaml-metadata both register a Markdown reader, and the last
    # one registered wins, with or without this plugin: they are not listed together here.)
    [["jinja2content", "audio_clips"], ["audio_clips", "jinja2content"]],
)
def test_jinja2content_renders_and_clips_are_placed_in_either_order(rag, caplog, plugins):
    rag.article("", body=BODY.format(front=GOOD_CLIP.strip()))
    (rag.content / "plain.md").write_text(
        "Title: Plain\nDate: 2026-11-26\n\nSum: {{ 2 + 3 }}.\n", encoding="utf-8"
    )
    caplog.set_level(logging.WARNING)
    assert rag.build(PLUGINS=plugins) is None, errors_of(caplog)
    soup = essay(rag)
    assert "Opening words: 5 and" in soup.get_text()
    figure = soup.find("figure", id="clip-rag")
    assert figure is not None
    assert figure.find_previous("h2")["id"] == "silent-era"
    assert "Sum: 5." in rag.page("plain/index.html")


def test_front_matter_metadata_is_what_pelican_yaml_metadata_makes_of_it(rag, tmp_path):
    """The plugin reads the front matter of articles with clips itself (through the reader's
    public ``process_metadata``); the metadata equals pelican-yaml-metadata's."""
    from pelican.plugins.yaml_metadata import YAMLMetadataReader

    from pelican.plugins.audio_clips.reader import Reading, pelican_metadata

    front = (
        "title: Film music\ndate: 2026-11-25 10:30\nmodified: 2026-11-26\ntags: [film, music]\n"
        "author: [Ann, Bo]\ncategory: Essays\nslug: film\nstatus: published\n"
        'summary: "A *short* summary."\nseries: Scores\nrating: 5\n'
    )
    path = tmp_path / "plain.md"
    path.write_text(f"---\n{front}---\n\nBody.\n", encoding="utf-8")
    settings = rag.settings()
    reader = YAMLMetadataReader(settings)
    _, expected = reader.read(str(path))
    import yaml

    ours = pelican_metadata(reader, yaml.safe_load(front), Reading(settings))
    assert ours.keys() == expected.keys()
    for key, value in expected.items():
        assert repr(ours[key]) == repr(value), key


def test_yaml_metadata_listed_or_not_gives_the_same_site(rag, caplog):
    # No Jinja here: jinja2content's receiver, once connected, hears every later build.
    body = BODY.format(front="tags: [a, b]\nauthor: Ann\n" + GOOD_CLIP.strip())
    rag.article("", body=body.replace("{{ 2 + 3 }}", "five"))
    assert rag.build(PLUGINS=["audio_clips"]) is None, errors_of(caplog)
    alone = rag.page()
    assert rag.build(PLUGINS=["yaml_metadata", "audio_clips"]) is None, errors_of(caplog)
    assert rag.page() == alone


def test_render_math_sitemap_series_and_neighbors_work_beside_clips(rag, caplog):
    rag.article("", body=BODY.format(front="series: Scores\n" + GOOD_CLIP.strip()))
    (rag.content / "second.md").write_text(
        "---\ntitle: Second\ndate: 2026-11-27\nslug: second\nseries: Scores\n---\n\nMore.\n",
        encoding="utf-8",
    )
    seen = {}

    def capture(generator):
        seen.update({a.slug: a for a in generator.articles})

    signals.article_generator_finalized.connect(capture)
    try:
        plugins = ["yaml_metadata", "render_math", "sitemap", "series", "neighbors", "audio_clips"]
        caplog.set_level(logging.WARNING)
        assert rag.build(PLUGINS=plugins, SITEMAP={"format": "xml"}) is None, errors_of(caplog)
    finally:
        signals.article_generator_finalized.disconnect(capture)
    page = rag.page()
    assert essay(rag).find("figure", id="clip-rag") is not None
    assert "MathJax" in page  # render_math's script, added to the content
    sitemap = (rag.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "essay/" in sitemap and "second/" in sitemap
    assert seen["essay"].series["name"] == "Scores"  # series
    assert [a.slug for a in seen["essay"].series["all"]] == ["essay", "second"]
    assert seen["essay"].next_article.slug == "second"  # neighbors


def test_check_reads_through_the_same_readers_as_the_build(rag, caplog):
    """``after:`` quoting text that only jinja2content's rendering produces ("Sum is 5"): the
    build and ``check`` both see the rendered HTML, so both accept it, and both refuse a
    quotation of the unrendered source."""
    from pelican.plugins.audio_clips.check import check_tree

    body = BODY.format(front=GOOD_CLIP.strip()).replace(
        "Pianists played along.", "Pianists played along. Sum is {{ 2 + 3 }}."
    )
    plugins = ["jinja2content", "audio_clips"]
    rag.article("", body=body.replace("    listen_for:", '    after: "Sum is 5"\n    listen_for:'))
    assert rag.build(PLUGINS=plugins) is None, errors_of(caplog)
    checked, _, _, clips = check_tree(rag.content, rag.settings(PLUGINS=plugins))
    assert (checked, clips) == ([], 1)
    rag.article("", body=body.replace("    listen_for:", '    after: "Sum is {{"\n    listen_for:'))
    caplog.set_level(logging.ERROR)
    assert rag.build(PLUGINS=plugins) is not None
    checked, _, _, _ = check_tree(rag.content, rag.settings(PLUGINS=plugins))
    assert len(checked) == 1 and "no paragraph of section" in checked[0].message
