"""The plugin on any theme and on Pelican's default settings: Pelican's bundled themes
(notmyidea, simple) have no clip.html, so these builds use the plugin's own templates."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from clipsite import GOOD_CLIP, Site
from sidecars import NOTATION_ALT, write_notation, write_peaks

PAYLOAD = "<img src=x onerror=alert(1)>"
HOSTILE = GOOD_CLIP.replace("title: A rag", f"title: '{PAYLOAD}'").replace(
    "description: A bright piano tune in two-four time.",
    f"description: '{PAYLOAD} tune'",
)
PLAIN_ARTICLE = """\
---
title: Plain headings
date: 2026-11-25
slug: essay
{front}
---

Opening words that make up the start of the article, long enough for a summary.

## The silent era

Pianists played along.

## Coming of sound

Talkies arrived.
"""


def defaults(site, **overrides):
    """Pelican's default MARKDOWN and URLs: no toc extension, no attr_list ids."""
    from pelican.settings import DEFAULT_CONFIG

    return site.build(
        MARKDOWN=DEFAULT_CONFIG["MARKDOWN"],
        ARTICLE_URL=DEFAULT_CONFIG["ARTICLE_URL"],
        ARTICLE_SAVE_AS=DEFAULT_CONFIG["ARTICLE_SAVE_AS"],
        **overrides,
    )


@pytest.fixture
def rag(any_theme_site):
    any_theme_site.audio("clips/rag.opus")
    any_theme_site.audio("clips/rag.mp3")
    return any_theme_site


def test_payloads_in_every_field_are_inert_on_every_theme(rag):
    rag.article(HOSTILE)
    assert rag.build() is None
    html = rag.page()
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("img", src="x"), "a title became live markup"
    assert not soup.find_all(attrs={"onerror": True})
    assert "<script>alert(1)</script>" not in html
    figure = soup.find("figure", id="clip-rag")
    assert figure is not None
    assert PAYLOAD in figure.get_text()  # shown as text
    types = [s["type"] for s in figure.find_all("source")]
    assert types == ['audio/ogg; codecs="opus"', "audio/mpeg"]


@pytest.mark.parametrize("theme", ["notmyidea", "simple"])
def test_the_fallback_figure_is_complete(theme, tmp_path, monkeypatch):
    """Pelican's bundled themes have no clip.html: the plugin's own partial is used."""
    monkeypatch.chdir(tmp_path)
    rag = Site(tmp_path, theme=theme)
    rag.audio("clips/rag.opus")
    rag.audio("clips/rag.mp3")
    rag.article(GOOD_CLIP)
    assert rag.build() is None
    soup = BeautifulSoup(rag.page(), "html.parser")
    figure = soup.find("figure", id="clip-rag")
    labelled = soup.find(id=figure["aria-labelledby"])
    assert labelled.get_text() == "A rag"
    audio = figure.find("audio")
    assert audio["preload"] == "none" and audio.has_attr("controls")
    assert [s["src"] for s in audio.find_all("source")] == [
        "/media/clips/rag.opus",
        "/media/clips/rag.mp3",
    ]
    assert soup.find(id=audio["aria-describedby"]).get_text().endswith("two-four time.")
    assert figure.find(class_="audio-clip-caption").find("em").get_text() == "piano"
    moments = figure.find("ol", class_="audio-clip-moments").find_all("li")
    assert [m.find("time")["datetime"] for m in moments] == ["PT1S", "PT2S"]
    assert not figure.find("ol").find("a"), "moments are plain timed text"
    licence = figure.find("a", rel="license")
    assert licence["href"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    stylesheets = soup.find_all("link", href="/media/audio-clips.css")
    assert len(stylesheets) == 1
    assert (rag.output / "media" / "audio-clips.css").is_file()


def test_no_stylesheet_when_switched_off(rag):
    rag.article(GOOD_CLIP)
    assert rag.build(AUDIO_CLIPS_STYLESHEET=False) is None
    assert "audio-clips.css" not in rag.page()
    assert not (rag.output / "media" / "audio-clips.css").exists()


def test_section_ids_resolve_on_pelicans_default_markdown_settings(rag):
    rag.article(
        "", body=PLAIN_ARTICLE.format(front=GOOD_CLIP.replace("silent-era", "the-silent-era"))
    )
    assert defaults(rag) is None, "no heading with id? the plugin must ensure the ids"
    soup = BeautifulSoup((rag.output / "essay.html").read_text(), "html.parser")
    figure = soup.find("figure", id="clip-rag")
    assert figure.find_previous("h2")["id"] == "the-silent-era"
    assert figure.find_next("h2")["id"] == "coming-of-sound"


def test_relative_urls_are_honoured_for_media_and_credits(rag):
    rag.article(GOOD_CLIP)
    assert rag.build(RELATIVE_URLS=True) is None
    soup = BeautifulSoup(rag.page(), "html.parser")
    figure = soup.find("figure", id="clip-rag")
    assert [s["src"] for s in figure.find_all("source")] == [
        "../media/clips/rag.opus",
        "../media/clips/rag.mp3",
    ]
    credits = BeautifulSoup((rag.output / "credits" / "index.html").read_text(), "html.parser")
    assert credits.find("a", href="../essay/#clip-rag") is not None


def test_media_links_are_absolute_under_a_siteurl(rag):
    rag.article(GOOD_CLIP)
    assert rag.build(SITEURL="https://example.org/sub") is None
    soup = BeautifulSoup(rag.page(), "html.parser")
    srcs = [s["src"] for s in soup.find("figure", id="clip-rag").find_all("source")]
    assert srcs == [
        "https://example.org/sub/media/clips/rag.opus",
        "https://example.org/sub/media/clips/rag.mp3",
    ]


def test_no_credits_page_without_clips(any_theme_site):
    any_theme_site.article("")
    assert any_theme_site.build() is None
    assert (any_theme_site.output / "essay" / "index.html").is_file()
    assert not (any_theme_site.output / "credits").exists()


def test_the_automatic_summary_holds_no_figure(tmp_path, monkeypatch):
    """Without `summary:`, Pelican cuts one from the content; the simple theme's index lists it."""
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path, theme="simple")
    site.audio("clips/rag.opus")
    text = PLAIN_ARTICLE.format(front=GOOD_CLIP.replace("silent-era", "the-silent-era"))
    site.article("", body=text)
    assert defaults(site, SUMMARY_MAX_LENGTH=200) is None
    index = (site.output / "index.html").read_text()
    assert "Opening words" in index
    assert "<figure" not in index and "<audio" not in index
    assert index.count('id="clip-rag"') == 0


def test_a_missing_dependency_fails_the_build_with_one_line(tmp_path):
    """Pelican drops a plugin it cannot load and exits 0; this plugin says what is missing."""
    conf = tmp_path / "conf.py"
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("Title: A\nDate: 2026-01-01\n\nText.\n")
    conf.write_text(
        f"PATH = {str(tmp_path / 'content')!r}\nOUTPUT_PATH = {str(tmp_path / 'out')!r}\n"
        "PLUGINS = ['audio_clips']\n"
    )
    hide = (
        "import sys, runpy; sys.modules['mutagen'] = None; "
        "sys.argv = ['pelican', '--log-handler', 'plain', '-s', sys.argv[1]]; runpy.run_module('pelican', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", hide, str(conf)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "missing module 'mutagen'" in output
    assert "Traceback" not in output


def test_moments_become_a_webvtt_chapters_track_published_and_linked(rag):
    """Issue 17: each clip with moments carries <track kind="chapters">, a file the generator
    writes and registers like the media, so RELATIVE_URLS holds for it too."""
    rag.article(GOOD_CLIP)
    assert rag.build(RELATIVE_URLS=True) is None
    figure = BeautifulSoup(rag.page(), "html.parser").find("figure", id="clip-rag")
    track = figure.find("audio").find("track")
    assert track["kind"] == "chapters" and track["srclang"] == "en"
    assert track["src"].startswith("../media/chapters/rag-") and track["src"].endswith(".vtt")
    published = (rag.output / "essay" / track["src"]).resolve()
    assert published.read_text(encoding="utf-8") == (
        "WEBVTT\n\n"
        "1\n00:00:01.000 --> 00:00:02.000\nthe left hand leaps\n\n"
        "2\n00:00:02.000 --> 00:00:03.000\nthe tune returns\n"
    )


def test_chapter_text_is_escaped_and_times_run_to_the_next_moment():
    from pelican.plugins.audio_clips.records import Moment, chapters_vtt, vtt_time

    assert vtt_time(3725.25) == "01:02:05.250"
    text = chapters_vtt(
        (Moment(0.5, "0:00.5", "a <b> & c --> d"), Moment(61.0, "1:01", "two\n lines")), 65.0
    )
    assert "00:00:00.500 --> 00:01:01.000\na &lt;b&gt; &amp; c --&gt; d\n" in text
    assert "00:01:01.000 --> 00:01:05.000\ntwo lines\n" in text


FULL_CLIP = GOOD_CLIP + "    notation: true\n"


@pytest.fixture(params=["notmyidea", "simple"])
def full(request, tmp_path, monkeypatch):
    """A clip with every sidecar (waveform and notation) on one of Pelican's bundled themes."""
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path, theme=request.param)
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    write_peaks(site.media, "clips/rag.opus")
    write_notation(site.media, "rag")
    site.article(FULL_CLIP)
    return site


def test_the_waveform_is_drawn_inline_from_the_peaks_file(full):
    """Issue 21: a `.peaks.json` beside the clip draws a waveform on any theme (no theme code),
    with a tick at each "listen for" moment."""
    assert full.build() is None
    figure = BeautifulSoup(full.page(), "html.parser").find("figure", id="clip-rag")
    wave = figure.find("svg", class_="audio-clip-wave")
    assert wave is not None, "no waveform in the fallback figure"
    assert wave["aria-hidden"] == "true" and wave["viewbox"] == "0 0 320 48"
    bars = wave.find("path", id="clip-rag-peaks")["d"]
    assert bars.startswith("M1 ") and bars.count("v") == 160
    ticks = [p["d"] for p in wave.find_all("path") if not p.get("id")]
    assert ticks == ["M106.7 0v48", "M213.3 0v48"]  # 1 s and 2 s of a 3 s clip
    assert wave.find_previous("figcaption") and wave.find_next("audio")


def test_no_waveform_without_a_peaks_file(rag):
    rag.article(GOOD_CLIP)
    assert rag.build() is None
    figure = BeautifulSoup(rag.page(), "html.parser").find("figure", id="clip-rag")
    assert figure.find("svg", class_="audio-clip-wave") is None


def test_notation_is_shown_folded_in_a_closed_disclosure(full):
    """`notation: true` shows the engraved SVG on any theme, inside a closed <details>, as a
    lazily loaded image with the timemap's text alternative (the browser test proves that a
    closed disclosure fetches nothing)."""
    assert full.build() is None
    figure = BeautifulSoup(full.page(), "html.parser").find("figure", id="clip-rag")
    box = figure.find("details", class_="audio-clip-notation")
    assert box is not None, "no notation in the fallback figure"
    assert not box.has_attr("open")
    assert box.find("summary").get_text() == "Notation"
    image = box.find("img")
    assert image["src"] == "/media/notation/rag.svg" and image["loading"] == "lazy"
    assert image["alt"] == NOTATION_ALT
    assert (image["width"], image["height"]) == ("900", "120")
    region = image.find_parent(attrs={"role": "region"})
    assert region["tabindex"] == "0" and region["aria-label"] == "Notation: A rag"
    assert (full.output / "media" / "notation" / "rag.svg").is_file()


def test_the_optional_script_is_linked_once_and_published(full):
    """The moments carry their time for the script (audio-clips.js), which a page links once."""
    again = """\
  - src: clips/rag.mp3
    id: again
    section: coming-of-sound
    title: A rag
    composer: Scott Joplin
    composed: 1899
    license: CC0-1.0
    composition_license: public-domain
    description: The same tune, from its MP3 (one recording, so the same credits).
"""
    full.article(FULL_CLIP + again)
    assert full.build() is None
    soup = BeautifulSoup(full.page(), "html.parser")
    assert len(soup.find_all("figure", class_="audio-clip")) == 2
    scripts = soup.find_all("script", src="/media/audio-clips.js")
    assert len(scripts) == 1 and scripts[0].has_attr("defer")
    published = full.output / "media" / "audio-clips.js"
    assert "audio-clip-seek" in published.read_text(encoding="utf-8")
    moments = soup.find("figure", id="clip-rag").select("ol.audio-clip-moments > li")
    assert [m["data-at"] for m in moments] == ["1", "2"]
    assert not soup.select("ol.audio-clip-moments a, ol.audio-clip-moments button")


def test_no_script_when_switched_off(rag):
    rag.article(GOOD_CLIP)
    assert rag.build(AUDIO_CLIPS_SCRIPT=False) is None
    assert "audio-clips.js" not in rag.page()
    assert not (rag.output / "media" / "audio-clips.js").exists()


def test_the_stylesheet_never_fades_the_themes_colours():
    """Issue 21: `opacity: .85` on the credits took notmyidea's licence link to 3.81:1."""
    from pelican.plugins.audio_clips.markup import PLUGIN_TEMPLATES

    css = Path(PLUGIN_TEMPLATES, "audio-clips.css").read_text(encoding="utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"\bopacity\s*:", rules)
    assert not re.search(r"\bcolor\s*:(?!\s*inherit\b)", rules), "colours are the theme's"
