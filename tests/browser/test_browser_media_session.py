"""Issue 17, item 7: chapters. Each clip with moments carries a WebVTT chapters track made from
them (loaded only on request, nothing before play), and the system's media controls (Media
Session) can play, pause, seek and go to the previous / next clip. Chromium gives a page no way
to press those keys, so the test records the handlers the page registers and calls them as the
system would."""

from __future__ import annotations

import pytest

from tests.browser.pagekit import audio_state, wait_playing, wait_until

pytestmark = pytest.mark.browser

#: Runs before the page's scripts: keeps every handler the page registers, and each position.
RECORD = """
window.__session = {handlers: {}, positions: []};
const set = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
navigator.mediaSession.setActionHandler = (action, fn) => {
  window.__session.handlers[action] = fn; set(action, fn);
};
const pos = navigator.mediaSession.setPositionState.bind(navigator.mediaSession);
navigator.mediaSession.setPositionState = (state) => { window.__session.positions.push(state); pos(state); };
"""


def call(page, action: str, details: dict | None = None) -> None:
    page.evaluate(
        "([a, d]) => window.__session.handlers[a](Object.assign({action: a}, d || {}))",
        [action, details],
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_media_session_seeks_and_moves_between_clips(fixture_site, open_page, width):
    page, log = open_page("about:blank", width=width)
    page.add_init_script(RECORD)
    page.goto(fixture_site.url(fixture_site.essay))
    page.locator("#clip-fanfare .clip-moment").first.click()
    wait_playing(page, "clip-fanfare", beyond=2.1)
    handlers = page.evaluate("() => Object.keys(window.__session.handlers).sort()")
    assert {
        "nexttrack",
        "pause",
        "play",
        "previoustrack",
        "seekbackward",
        "seekforward",
        "seekto",
    } <= set(handlers), handlers
    assert page.evaluate("() => navigator.mediaSession.metadata.title").startswith("Fanfare")
    # issue 23: who made it, and the site's icon as artwork
    assert page.evaluate("() => navigator.mediaSession.metadata.artist") == (
        "Synthesised by the test \u00b7 The Test Suite"
    )
    artwork = page.evaluate("() => navigator.mediaSession.metadata.artwork.map(a => a.src)")
    assert artwork and artwork[0].split("?")[0].endswith("/theme/img/icon.svg"), artwork
    call(page, "seekto", {"seekTime": 8})
    wait_until(page, "() => document.querySelector('#clip-fanfare audio').currentTime >= 8")
    call(page, "seekbackward", {"seekOffset": 5})
    assert audio_state(page, "clip-fanfare")["time"] < 6
    position = page.evaluate("() => window.__session.positions.at(-1)")
    assert position["duration"] == pytest.approx(11, abs=0.2) and position["playbackRate"] == 1
    call(page, "pause")
    wait_until(page, "() => document.querySelector('#clip-fanfare audio').paused")
    call(page, "nexttrack")
    wait_playing(page, "clip-nocturne", beyond=0.05)
    assert page.evaluate("() => navigator.mediaSession.metadata.title") == "Nocturne for sine waves"
    call(page, "previoustrack")
    wait_playing(page, "clip-fanfare", beyond=0.05)
    assert audio_state(page, "clip-nocturne")["paused"]
    assert log.errors == []


def test_each_clip_with_moments_has_a_chapters_track_of_them(site, open_page):
    page, log = open_page(site.url(site.essay))
    page.wait_for_timeout(200)
    assert not [u for u, _ in log.requests if u.endswith(".vtt")], "no track is fetched on load"
    figures = page.evaluate(
        """() => [...document.querySelectorAll('figure.clip')].map(f => ({
          id: f.id,
          moments: [...f.querySelectorAll('.clip-moment')].map(m => [
            parseFloat(m.dataset.at), m.querySelector('.clip-moment-text').textContent.trim()]),
          tracks: [...f.querySelectorAll('audio track[kind=chapters]')].length,
        }))"""
    )
    for figure in figures:
        assert figure["tracks"] == (1 if figure["moments"] else 0), figure
    figure = next(f for f in figures if f["moments"])
    cues = page.evaluate(
        """(id) => new Promise(resolve => {
          const track = document.querySelector('#' + id + ' track');
          track.addEventListener('load', () => resolve([...track.track.cues].map(c =>
            [c.startTime, c.endTime, c.text])));
          track.track.mode = 'hidden';
        })""",
        figure["id"],
    )
    assert [[c[0], c[2]] for c in cues] == [[at, text] for at, text in figure["moments"]]
    assert all(c[1] > c[0] for c in cues)
    assert [c[1] for c in cues[:-1]] == [c[0] for c in cues[1:]]  # each runs to the next
    assert log.errors == []
