"""The theme's markup contract (docs/design.md, "Markup"), read from the built fixture site with a real
HTML parser: no browser needed."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from tests.browser.pagekit import iso_seconds
from tests.support.fixture_site import CLIPS, WITH_WAVEFORM


def soup_of(output, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path).read_bytes(), "html5lib")


def test_each_clip_has_the_contracted_figure(fixture_site_output):
    soup = soup_of(fixture_site_output, "essay/index.html")
    figures = soup.select("figure.clip")
    assert [f["id"] for f in figures] == [f"clip-{name}" for name in CLIPS]
    for figure in figures:
        assert float(figure["data-duration"]) > 0
        audio = figure.find("audio")
        assert audio.has_attr("controls") and audio["preload"] == "none"
        types = [s["type"] for s in audio.find_all("source")]
        assert types[0].startswith("audio/ogg") and types[-1] == "audio/mpeg", types
        caption = figure.find("figcaption")
        assert caption is figure.find_all(recursive=False)[-1], "figcaption must close the figure"
        description = soup.find(id=audio["aria-describedby"])
        assert description is not None and description in caption.descendants
        assert soup.find(id=audio["aria-labelledby"]).get_text(strip=True)
        license_link = caption.find("a", rel="license")
        assert license_link["href"].startswith("https://creativecommons.org/")
        assert re.search(r"\b\d+:\d\d\b", caption.select_one(".clip-kicker").get_text())


def test_caption_carries_every_credit_and_escapes_text(fixture_site_output):
    figure = soup_of(fixture_site_output, "essay/index.html").find(id="clip-fanfare")
    text = figure.find("figcaption").get_text(" ", strip=True)
    for expected in (
        'Fanfare for a <test> & a "quote"',  # escaped in the HTML, so it reads back as text
        "The Test Suite (2026)",
        "Synthesised by the test (2026)",
        "CC0 1.0",
        "example.org",
        "0:11",
        "Three rising chords",
    ):
        assert expected in text, expected
    assert figure.find("test") is None, "a title became markup"
    assert figure.select_one(".clip-caption em").get_text() == "three"
    # Moments are timed text inside the figure (issue 17): no link out of the essay.
    # Each is a <time> (its exact seconds in datetime, which clips.js reads) and its text.
    moments = figure.select(".clip-moments li")
    assert [m.time["datetime"] for m in moments] == ["PT2S", "PT5S", "PT9S"]
    assert figure.select(".clip-moments a") == []


def test_waveform_is_decoration_drawn_from_the_peaks(fixture_site_output):
    soup = soup_of(fixture_site_output, "essay/index.html")
    assert soup.select_one("#clip-coda svg") is None  # no peaks file, no waveform
    for name in WITH_WAVEFORM:
        svg = soup.select_one(f"#clip-{name} svg.clip-wave")
        assert svg["aria-hidden"] == "true"
        # one letter a peak, half-heights 1 to 11 as "b" to "l" (js/modules/wave.js draws them)
        peaks = svg["data-peaks"]
        assert len(peaks) == 160
        assert max(peaks) == "l"  # the loudest peak fills the box (22 units each way)
        assert min(peaks) >= "b"
        # the box only: bars, played copy and moment marks are drawn by clips.js at load
        assert svg["viewBox"] == "0 0 320 48"
        assert list(svg.children) == []


def test_json_ld_and_credits_in_the_built_pages(fixture_site_output):
    soup = soup_of(fixture_site_output, "essay/index.html")
    (block,) = soup.find_all("script", type="application/ld+json")
    document = json.loads(block.string)
    # One JSON-LD document: one @context, an AudioObject per clip, each with what a consumer
    # needs (name, file, format, length, licence, the composition's composer) and no repeats.
    assert document["@context"] == "https://schema.org"
    objects = document["@graph"]
    for o in objects:
        assert o["@type"] == "AudioObject" and "@context" not in o
        assert {"name", "contentUrl", "encodingFormat", "duration", "license"} <= set(o)
        assert o["about"]["@type"] == "MusicComposition"
        assert o["about"]["composer"]["name"]
        assert "name" not in o["about"], "the composition's name is the clip's title again"
    assert [o["@id"].rsplit("#", 1)[1] for o in objects] == [f"clip-{n}" for n in CLIPS]
    assert all(iso_seconds(o["duration"]) > 0 for o in objects)
    assert "<test>" not in block.string, "JSON-LD must not carry a raw '<'"
    credits = soup_of(fixture_site_output, "credits/index.html")
    entries = credits.select(".credit")
    assert [e.h2.get_text() for e in entries] == [o["name"] for o in objects]
    for entry, name in zip(entries, CLIPS, strict=True):
        used = entry.find("a", href=re.compile("#clip-"))
        assert used["href"].endswith(f"/essay/#clip-{name}")
        assert entry.find("a", rel="license")


def test_pages_share_one_frame(fixture_site_output):
    for path in ("index.html", "essay/index.html", "about/index.html", "credits/index.html"):
        soup = soup_of(fixture_site_output, path)
        head = soup.head
        first_meta = head.find_all("meta")[:3]
        assert any(m.get("http-equiv") == "Content-Security-Policy" for m in first_meta), path
        assert not soup.find("script", src=re.compile("^https?://")), path
        assert not soup.find("link", href=re.compile("^https?://"), rel="stylesheet"), path
        assert not soup.find_all("script", src=False, type=lambda t: t != "application/ld+json")
        assert not soup.find(style=True), f"{path}: inline style attribute breaks style-src"
        assert soup.select_one("a.skip-link")["href"] == "#main" and soup.find(id="main")
        assert soup.html["lang"] == "en"


def test_moments_keep_their_name_and_their_words(fixture_site_output):
    """Each list of moments is named "Listen for", and the words stand before it for a browser
    without CSS (issue 23 named the list with aria-label rather than an id per clip)."""
    soup = soup_of(fixture_site_output, "essay/index.html")
    lists = soup.select("figure.clip .clip-moments")
    assert lists
    for moments in lists:
        assert moments["aria-label"] == "Listen for"
        words = moments.find_previous_sibling()
        assert words.name == "p" and words.get_text() == "Listen for", words
        assert "visually-hidden" in words["class"]


def test_state_and_clock_are_left_to_the_script(fixture_site_output):
    """The state line's empty state and clock are added by clips.js at load (issue 23): the HTML
    carries only what it shows, "Clip 3 · 0:17"."""
    soup = soup_of(fixture_site_output, "essay/index.html")
    for head in soup.select("figure.clip .clip-head"):
        assert [child.name for child in head.children] == ["span"], head
        assert head.select("[data-clip-state], [data-clip-clock]") == []
