"""The essay's players in Chromium: play, one at a time, seek, deep links, keyboard, no-JS."""

from __future__ import annotations

from urllib.parse import urlsplit

import numpy as np
import pytest

from tests.browser.pagekit import (
    audio_state,
    clip_ids,
    png_pixels,
    press_play,
    seconds,
    wait_playing,
    wait_until,
)
from tests.editorial import editorial

#: The mini-player is made on the first play (its module is fetched then): wait for it.
SHOWN = "() => { const bar = document.querySelector('.now-playing'); return bar && !bar.hidden; }"

pytestmark = pytest.mark.browser

MOMENTS = """() => [...document.querySelectorAll('figure.clip')].flatMap(f =>
  [...f.querySelectorAll('.clip-moment')].map((m, i) => ({
    clip: f.id, index: i, at: parseFloat(m.dataset.at), tag: m.tagName,
    label: m.querySelector('time').textContent})))"""


def test_nothing_but_the_page_loads_before_play(site, open_page):
    page, log = open_page(site.url(site.essay))
    ids = clip_ids(page)
    assert ids, "the essay has no clips"
    page.mouse.wheel(0, 20000)  # scroll past every player: still nothing may load
    page.wait_for_timeout(300)
    assert log.audio_requests() == []
    assert log.foreign_requests() == []
    assert log.errors == []
    players = page.evaluate(
        """() => [...document.querySelectorAll('figure.clip audio')].map(a =>
          [a.preload, a.controls, a.querySelectorAll('source[src][type]').length])"""
    )
    assert all(p == ["none", True, p[2]] and p[2] >= 1 for p in players), players


def test_every_clip_plays_and_only_one_at_a_time(site, open_page):
    page, log = open_page(site.url(site.essay))
    ids = clip_ids(page)
    for number, clip in enumerate(ids):
        if not page.locator(f"#{clip}").is_visible():
            # A comparison's later version: switching to it while the first plays plays it.
            page.locator(f"input[type=radio][value='{clip}']").check()
        if audio_state(page, clip)["paused"]:
            press_play(page, clip)
        wait_playing(page, clip, beyond=0.1)
        wait_until(
            page,
            "(ids) => ids.filter(id => !document.querySelector('#' + id + ' audio').paused)"
            ".length === 1",
            ids,
        )
        states = {other: audio_state(page, other) for other in ids}
        playing = [other for other, s in states.items() if not s["paused"]]
        assert playing == [clip], f"after starting {clip}: {playing} are playing"
        if number:
            assert states[ids[number - 1]]["time"] > 0.1, "the previous clip never advanced"
        assert page.locator(f"#{clip}").get_attribute("class").split().count("is-playing") == 1
    assert set(log.audio_requests()) >= {
        page.evaluate("(id) => document.querySelector('#' + id + ' audio').currentSrc", c)
        for c in ids
    }
    assert log.foreign_requests() == []
    assert log.errors == []


def test_listen_for_buttons_seek_their_clip_and_highlight_the_moment(site, open_page):
    """Every moment button seeks its clip, plays it and marks itself; for the first clips, the
    last moment is also heard: playback really runs from there (every clip's playback is proven
    by the test above)."""
    page, log = open_page(site.url(site.essay))
    moments = page.evaluate(MOMENTS)
    assert moments, "both sites have listen-for moments; none were found on the page"
    last_of_clip = {m["clip"]: m["index"] for m in moments}
    # The first clips a reader can click (a comparison shows one version at a time; loading every
    # clip again would add seconds each).
    heard_clips = [c for c in last_of_clip if page.locator(f"#{c}").is_visible()][:3]
    for moment in moments:
        assert moment["tag"] == "BUTTON"
        assert seconds(moment["label"]) == pytest.approx(moment["at"], abs=1)
        heard = moment["clip"] in heard_clips and moment["index"] == last_of_clip[moment["clip"]]
        button = page.locator(f"#{moment['clip']} .clip-moment").nth(moment["index"])
        if heard:
            button.click()  # a real mouse click
        else:
            button.evaluate("b => b.click()")  # the same click event, without Playwright's checks
        state = audio_state(page, moment["clip"])
        assert not state["paused"], moment
        assert abs(state["time"] - moment["at"]) < 0.5, (moment, state)
        if heard:
            reached = wait_until(
                page,
                """([id, at]) => {
                  const a = document.querySelector('#' + id + ' audio');
                  return !a.paused && a.readyState >= 2 && a.currentTime > at
                    ? a.currentTime : null;
                }""",
                [moment["clip"], moment["at"]],
            )
            assert reached - moment["at"] < 0.5, moment
        # The moment now sounding is the one marked in its list.
        current = page.evaluate(
            """(id) => [...document.querySelectorAll('#' + id + ' .clip-moment')]
                 .findIndex(m => m.getAttribute('aria-current') === 'time')""",
            moment["clip"],
        )
        assert current == moment["index"], moment
    assert log.errors == []


def test_deep_link_scrolls_to_and_cues_its_clip(site, open_page):
    probe, _ = open_page(site.url(site.essay))
    ids = clip_ids(probe)
    clip = ids[-1]
    duration = float(probe.locator(f"#{clip}").get_attribute("data-duration"))
    at = min(3.0, duration / 2)
    label = f"{int(at) // 60}:{int(at) % 60:02d}"
    page, log = open_page(site.url(f"{site.essay}#{clip}&t={label}"))
    wait_until(page, "(id) => document.getElementById(id).classList.contains('is-cued')", clip)
    box = page.evaluate(
        "(id) => { const r = document.getElementById(id).getBoundingClientRect();"
        " return [r.top, innerHeight]; }",
        clip,
    )
    assert 0 <= box[0] < box[1], f"clip not scrolled into view: {box}"
    assert audio_state(page, clip)["time"] == pytest.approx(int(at), abs=0.01)
    assert "Cued at " + label in page.locator(f"#{clip} [data-clip-state]").text_content()
    # Cueing downloads nothing, not even metadata (issue 23): the time waits as the player's
    # start position until the reader presses play.
    page.wait_for_timeout(300)
    assert log.audio_requests() == []
    press_play(page, clip)
    state = wait_playing(page, clip, beyond=int(at))
    assert state["time"] < int(at) + 1.5, "playback did not start at the cued time"
    assert log.errors == []


def test_plain_deep_link_shows_the_clip(fixture_site, open_page):
    site = fixture_site
    probe, _ = open_page(site.url(site.essay))
    clip = clip_ids(probe)[-1]
    page, log = open_page(site.url(f"{site.essay}#{clip}"))
    top = page.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", clip)
    assert 0 <= top < 900
    # A link followed within the page (hashchange) cues as well as a fresh load does.
    page.evaluate("() => { location.hash = 'clip-nocturne&t=7'; }")
    wait_until(page, "() => document.getElementById('clip-nocturne').classList.contains('is-cued')")
    assert audio_state(page, "clip-nocturne")["time"] == 7
    # Nothing is fetched before play (issue 23), not even the cued clip's metadata.
    assert log.audio_requests() == []
    page.evaluate("() => { location.hash = '%E0%A4%A'; }")  # a malformed fragment is ignored
    page.wait_for_timeout(100)
    assert log.errors == []


def test_keyboard_alone_reaches_plays_and_controls_a_clip(site, open_page):
    page, log = open_page(site.url(site.essay))
    # The clips a reader can reach: a comparison shows one version at a time.
    ids = [c for c in clip_ids(page) if page.locator(f"#{c}").is_visible()]
    first = ids[0]
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.tagName, document.activeElement.closest('figure')?.id]"
        )
        if focused == ["AUDIO", first]:
            break
    else:
        pytest.fail("Tab never reached the first clip's player")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused player has no visible focus ring"
    page.keyboard.press("Space")
    wait_playing(page, first, beyond=0.3)
    page.keyboard.press("k")  # the shortcut pauses the clip that is playing
    wait_until(page, "(id) => document.querySelector('#' + id + ' audio').paused", first)
    if len(ids) > 1:
        page.keyboard.press("n")  # next clip: focus moves to its player
        wait_until(page, "(id) => document.activeElement.closest('figure')?.id === id", ids[1])
        page.keyboard.press("k")
        wait_playing(page, ids[1], beyond=0.2)
        assert audio_state(page, first)["paused"]
    assert log.errors == []


def test_waveform_is_a_seek_bar_and_shows_progress(fixture_site, open_page):
    site = fixture_site
    page, _ = open_page(site.url(site.essay))
    clip = page.evaluate(
        "() => document.querySelector('figure.clip .clip-wave')?.closest('figure').id"
    )
    assert clip == "clip-fanfare", "the fixture site's first clip has a waveform"
    assert page.locator(f"#{clip} .clip-wave").get_attribute("aria-hidden") == "true"
    duration = float(page.locator(f"#{clip}").get_attribute("data-duration"))
    wave = page.locator(f"#{clip} .clip-wave")
    wave.scroll_into_view_if_needed()
    box = wave.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    state = wait_playing(page, clip, beyond=duration / 2 - 0.5)
    assert abs(state["time"] - duration / 2) < 0.5
    progress = float(page.locator(f"#{clip} .clip-wave-progress").get_attribute("width"))
    assert progress > 0


def test_playing_clip_is_marked_announced_and_mirrored(fixture_site, open_page):
    site = fixture_site
    page, _ = open_page(site.url(site.essay))
    clip = clip_ids(page)[0]
    title = page.locator(f"#{clip} .clip-title").text_content()
    assert page.locator("[role=status][aria-live=polite]").count() == 1
    press_play(page, clip)
    wait_playing(page, clip, beyond=0.2)
    assert page.locator("[role=status]").inner_text() == f"Playing: {title}"
    assert page.locator(f"#{clip} [data-clip-state]").text_content() == "Playing"
    bar = page.locator(".now-playing")
    assert bar.is_visible()
    assert bar.locator("a").inner_text() == title
    assert bar.locator("a").get_attribute("href") == f"#{clip}"
    bar.locator("button.np-play").click()  # pause from the bar
    wait_until(
        page, "(t) => document.querySelector('[role=status]').textContent === t", f"Paused: {title}"
    )
    assert audio_state(page, clip)["paused"]
    assert "is-playing" not in page.locator(f"#{clip}").get_attribute("class")


def test_shortcuts_can_be_switched_off_and_stay_off(fixture_site, open_page):
    site = fixture_site
    page, _ = open_page(site.url(site.essay))
    anything_playing = "() => [...document.querySelectorAll('audio')].some(a => !a.paused)"
    switch = page.locator("[data-shortcut-pref] button.shortcut-switch")
    assert switch.inner_text() == "Turn shortcuts off"
    switch.click()
    assert switch.inner_text() == "Turn shortcuts on"
    page.reload()
    page.locator("body").press("k")
    page.wait_for_timeout(400)
    assert not page.evaluate(anything_playing)
    page.locator("[data-shortcut-pref] button.shortcut-switch").click()  # and back on
    page.locator("body").press("k")
    wait_until(page, anything_playing)


def test_without_javascript_everything_is_still_there(site, open_page):
    page, log = open_page(site.url(site.essay), js=False)
    figures = page.evaluate(
        """() => [...document.querySelectorAll('figure.clip')].map(f => ({
          id: f.id,
          audio: !!f.querySelector('audio[controls][preload=none] source[src]'),
          license: f.querySelector('figcaption a[rel=license]')?.href,
          described: f.querySelector('audio').getAttribute('aria-describedby'),
          moments: [...f.querySelectorAll('.clip-moment')].map(m => [m.tagName, m.dataset.at,
            m.querySelector('time')?.getAttribute('datetime')]),
          links_out: [...f.querySelectorAll('.clip-moments a[href]')].length,
        }))"""
    )
    assert figures
    for figure in figures:
        assert figure["audio"] and figure["license"], figure
        # In the page, folded with the credits in a <details> (text_content: closed, not gone).
        assert page.locator(f"#{figure['described']}").text_content().strip()
        # A moment is timed text inside the figure: no link that leaves the essay.
        assert figure["links_out"] == 0, figure
        for tag, at, datetime in figure["moments"]:
            assert tag == "SPAN" and datetime == f"PT{at}S", figure
    assert log.audio_requests() == []
    assert log.errors == []


def test_number_and_step_shortcuts(fixture_site, open_page):
    page, _ = open_page(fixture_site.url(fixture_site.essay))
    clip = "clip-fanfare"
    page.locator(f"#{clip} .clip-moment").first.focus()  # the clip the keys act on
    page.keyboard.press("3")  # third listen-for moment: 0:09
    state = wait_playing(page, clip, beyond=8.5)
    assert state["time"] < 9.5
    page.keyboard.press("k")
    wait_until(page, "(id) => document.querySelector('#' + id + ' audio').paused", clip)
    before = audio_state(page, clip)["time"]
    page.keyboard.press("j")  # back five seconds
    assert audio_state(page, clip)["time"] == pytest.approx(before - 5, abs=0.3)
    page.keyboard.press("l")  # and forward again
    assert audio_state(page, clip)["time"] == pytest.approx(before, abs=0.3)
    page.keyboard.press("Control+k")  # with a modifier the page leaves the key to the browser
    page.wait_for_timeout(200)
    assert audio_state(page, clip)["paused"]


def test_works_under_a_project_sub_path(subpath_site, open_page):
    site = subpath_site
    page, log = open_page(site.url(site.essay))
    clip = clip_ids(page)[0]
    page.locator(f"#{clip} .clip-moment").nth(1).click()
    wait_playing(page, clip, beyond=4.5)
    assert page.evaluate("() => document.documentElement.classList.contains('js')")
    paths = [urlsplit(url).path for url, _ in log.requests]
    assert paths and all(p.startswith("/repo/") for p in paths), paths
    assert log.audio_requests() and log.errors == []


def test_waveform_draws_the_played_part_in_the_accent_colour(fixture_site, open_page):
    page, _ = open_page(fixture_site.url(fixture_site.essay), width=600)
    clip = "clip-fanfare"
    wave = page.locator(f"#{clip} .clip-wave")
    wave.scroll_into_view_if_needed()
    box = wave.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_playing(page, clip, beyond=5.6)
    page.locator(f"#{clip} audio").evaluate("a => a.pause()")
    pixels = png_pixels(wave.screenshot())
    width = pixels.shape[1]
    background = pixels[0, 0]

    def ink(part):
        marked = part[np.abs(part - background).sum(axis=2) > 60]
        return marked.mean(axis=0)

    played, unplayed = ink(pixels[:, : width // 3]), ink(pixels[:, 2 * width // 3 :])
    accent = np.array([0x8C, 0x3A, 0x10])  # --accent in the light scheme
    assert np.abs(played - accent).sum() < np.abs(unplayed - accent).sum() - 60, (
        played,
        unplayed,
    )


def test_a_finished_clip_says_so_and_the_bar_goes(fixture_site, open_page):
    page, log = open_page(fixture_site.url(fixture_site.essay))
    clip = "clip-fanfare"
    wave = page.locator(f"#{clip} .clip-wave")
    wave.scroll_into_view_if_needed()
    box = wave.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.95, box["y"] + box["height"] / 2)
    wait_until(page, SHOWN)
    assert page.evaluate("() => document.body.classList.contains('has-now-playing')")
    wait_until(page, "(id) => document.querySelector('#' + id + ' audio').ended", clip, timeout=5)
    wait_until(page, "() => document.querySelector('.now-playing').hidden")
    assert page.locator(f"#{clip} [data-clip-state]").text_content() == "Finished"
    assert page.locator("[role=status]").text_content().startswith("Finished: ")
    assert "is-playing" not in page.locator(f"#{clip}").get_attribute("class")
    assert log.errors == []


def notation_script_requests(log) -> list[str]:
    return [url for url, _ in log.requests if urlsplit(url).path.endswith("/js/notation.js")]


@editorial  # this essay's notation strips (the fixture site has none)
def test_notation_script_loads_only_when_a_strip_comes_near(real_site, open_page):
    """notation.js is not part of the page's cost: clips.js fetches it (once) when the first
    open notation strip comes within a few screens (or a strip is opened), and the strip then
    comes alive. The strips are closed as the page loads; here the test opens them all."""
    page, log = open_page(real_site.url(real_site.essay))
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.clip-notation')]"
        ".map(b => b.getBoundingClientRect().top + scrollY)"
    )
    assert tops, "the essay has no notation strip"
    assert min(tops) > 900 + 3000, "the first strip is too near the top to test lazy loading"
    page.wait_for_timeout(300)
    assert notation_script_requests(log) == []
    assert page.locator("script[src*='notation.js']").count() == 0
    page.evaluate(
        "() => document.querySelectorAll('details.clip-notation-box').forEach(d => { d.open = true; })"
    )
    page.locator(".clip-notation").first.scroll_into_view_if_needed()
    wait_until(page, "() => !!document.querySelector('.clip-notation.is-live svg')", timeout=10)
    page.locator(".clip-notation").last.scroll_into_view_if_needed()
    wait_until(
        page,
        "() => [...document.querySelectorAll('.clip-notation')].pop().classList.contains('is-live')",
        timeout=10,
    )
    assert len(notation_script_requests(log)) == 1
    assert log.audio_requests() == []
    assert log.errors == []


@editorial  # this essay's notation strips (the fixture site has none)
def test_playing_a_clip_leaves_its_notation_closed_until_opened(real_site, open_page):
    """Issue 23: a playing card keeps its size, so the notation does not open by itself; opening
    it fetches notation.js (once), and the strip follows the clip already playing."""
    page, log = open_page(real_site.url(real_site.essay))
    fig = page.evaluate("() => document.querySelector('.clip-notation').closest('figure').id")
    page.evaluate(
        "(id) => { const a = document.querySelector('#' + id + ' audio'); a.muted = true;"
        " return a.play(); }",
        fig,
    )
    wait_playing(page, fig, 0.2)
    assert page.locator(f"#{fig} details.clip-notation-box").get_attribute("open") is None
    assert notation_script_requests(log) == []
    page.locator(f"#{fig} .clip-notation-box > summary").click()
    wait_until(
        page, "(id) => !!document.querySelector('#' + id + ' .clip-notation.is-live svg')", fig
    )
    page.evaluate("(id) => document.querySelector('#' + id + ' audio').pause()", fig)
    assert len(notation_script_requests(log)) == 1
    assert log.errors == []


@editorial  # this essay's notation strips (the fixture site has none)
def test_without_javascript_the_notation_is_an_image_in_a_scrolling_strip(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay), width=390, js=False)
    summary = page.locator(".clip-notation-box > summary").first
    summary.scroll_into_view_if_needed()
    summary.click()
    wait_until(
        page,
        "() => performance.getEntriesByType('resource')"
        ".some(e => /\\/media\\/notation\\/.*\\.svg/.test(e.name) && e.responseEnd > 0)",
    )
    overflow = page.evaluate(
        """() => { const s = document.querySelector('.clip-notation-scroll');
          return [getComputedStyle(s).overflowX, s.scrollWidth > s.clientWidth]; }"""
    )
    assert overflow == ["auto", True]
    assert notation_script_requests(log) == []
    assert log.errors == []
