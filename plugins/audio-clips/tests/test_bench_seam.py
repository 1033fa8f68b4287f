"""AUDIO_CLIPS_BENCH_OFF, the one seam benchmarks switch parts of the plugin off through.

Each part a benchmark may switch off has a case here that shows its effect: present in a
normal build, gone with the part switched off. A switch that stops taking effect (a part renamed,
its consult moved or lost) fails its case, and a part added to ``BENCH_PARTS`` without a case
fails the first test. A misspelt part stops the build, so a benchmark never measures nothing.
"""

from __future__ import annotations

import logging
import re

import pytest
from clipsite import ARTICLE, GOOD_CLIP, Site

from pelican.plugins.audio_clips.errors import ClipError
from pelican.plugins.audio_clips.settings import BENCH_PARTS, DEFAULTS, load

#: The partial's title, escaped by autoescaping ("Rock &amp; Roll") or not.
TITLE = "Rock & Roll"
CLIP = GOOD_CLIP.replace("title: A rag", f"title: {TITLE}")


def _article(site: Site, extra_body: str = "", front: str = CLIP) -> None:
    site.audio("clips/rag.opus")
    site.article("", body=ARTICLE.format(front=front.strip()) + extra_body)


def chapters(site: Site, errors) -> bool:
    """The clip's listen-for moments are published as a WebVTT chapters file."""
    _article(site)
    assert site.build() is None, errors()
    return bool(list(site.output.rglob("*.vtt")))


def autoescape(site: Site, errors) -> bool:
    """The plugin's own partial escapes a value that holds '&'."""
    _article(site)
    assert site.build() is None, errors()
    title = re.search(r'id="clip-rag-title">([^<]*)<', site.page()).group(1)
    assert title in (TITLE, "Rock &amp; Roll"), title
    return title == "Rock &amp; Roll"


def checks(site: Site, errors) -> bool:
    """An article's own check finds two headings with one id (its clips link to one of them)."""
    _article(site, "\n## Again {#silent-era}\n\nThe same id.\n")
    site.build()
    return any("two headings have the id 'silent-era'" in e for e in errors())


def page_ids(site: Site, errors) -> bool:
    """The written page uses an id the plugin wrote twice (the article's HTML repeats it)."""
    _article(site, '\n<p id="clip-rag-title">A paragraph with the player title\'s id.</p>\n')
    site.build()
    return any("id 'clip-rag-title' is used 2 times" in e for e in errors())


EFFECTS = {"chapters": chapters, "autoescape": autoescape, "checks": checks, "page-ids": page_ids}


def test_every_part_a_benchmark_can_switch_off_has_a_case_here():
    assert set(EFFECTS) == set(BENCH_PARTS)
    assert DEFAULTS["AUDIO_CLIPS_BENCH_OFF"] == ()


@pytest.mark.parametrize("part", sorted(EFFECTS))
def test_a_part_switched_off_no_longer_has_its_effect(part, tmp_path, monkeypatch, errors, caplog):
    effect = EFFECTS[part]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "on").mkdir()
    (tmp_path / "off").mkdir()
    on = Site(tmp_path / "on", theme="notmyidea")
    on.settings = _with(on.settings)
    assert effect(on, errors) is True, f"{part}: no effect with the part on"
    caplog.clear()
    off = Site(tmp_path / "off", theme="notmyidea")
    off.settings = _with(off.settings, AUDIO_CLIPS_BENCH_OFF=[part])
    assert effect(off, errors) is False, f"{part}: still has its effect when switched off"


def test_only_the_parts_named_are_switched_off(tmp_path, monkeypatch, errors):
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path, theme="notmyidea")
    site.settings = _with(site.settings, AUDIO_CLIPS_BENCH_OFF=("chapters",))
    assert autoescape(site, errors) is True
    assert not list(site.output.rglob("*.vtt"))


def _with(settings, **more):
    """``Site.settings`` with ``more`` settings added to every build."""

    def settings_with(**overrides):
        return settings(**{**more, **overrides})

    return settings_with


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["chapter"], "unknown part 'chapter'"),
        (["page_ids"], "unknown part 'page_ids'"),
        ("checks", "must be a list of part names"),
        ([1], "must be a list of part names"),
        (None, "must be a list of part names"),
    ],
)
def test_a_part_the_plugin_does_not_know_is_a_settings_error(value, message):
    with pytest.raises(ClipError) as raised:
        load({"AUDIO_CLIPS_BENCH_OFF": value})
    (problem,) = raised.value.problems
    assert problem.field == "AUDIO_CLIPS_BENCH_OFF"
    assert message in problem.message


def test_a_misspelt_part_stops_the_build_at_start(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path, theme="notmyidea")
    _article(site)
    caplog.set_level(logging.ERROR)
    assert site.build(AUDIO_CLIPS_BENCH_OFF=["autoescaping"]) is not None
    assert not (site.output / "essay" / "index.html").exists()
    assert any("did you mean 'autoescape'?" in r.getMessage() for r in caplog.records)


def test_each_part_switched_off_loads_as_a_set():
    config = load({"AUDIO_CLIPS_BENCH_OFF": list(BENCH_PARTS)})
    assert config.bench_off == frozenset(BENCH_PARTS)
    assert load({}).bench_off == frozenset()
