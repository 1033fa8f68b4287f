"""Issue 17, item 6: links to a moment. "Link" on every moment and on the player's current time
copies #clip-<id>&t=<s>; a deep link cues the native player (as its start position: nothing is
fetched before play, issue 23);
a time past the end is clamped and said so; without JavaScript a moment is timed text."""

from __future__ import annotations

import pytest

from tests.browser.pagekit import (
    audio_state,
    clip_ids,
    screenshot_path,
    use_tool,
    violations,
    wait_until,
)
from tests.editorial import editorial

pytestmark = pytest.mark.browser

CLIP = "clip-fanfare"
LIVE = "() => document.querySelector('[role=status]').textContent"
CLIPBOARD = "() => navigator.clipboard.readText()"


@pytest.mark.parametrize(
    ("width", "scheme"), [(390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")]
)
def test_copy_a_link_to_a_moment_and_to_the_current_time(fixture_site, open_page, width, scheme):
    page, log = open_page(fixture_site.url(fixture_site.essay), width=width, scheme=scheme)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    essay = fixture_site.url(fixture_site.essay)
    copy = (
        page.locator(f"#{CLIP} .clip-moments li")
        .nth(1)
        .get_by_role("button", name="Link to 0:05: copy")
    )
    copy.scroll_into_view_if_needed()
    copy.hover()
    assert copy.is_visible()
    copy.click()
    wait_until(
        page,
        "(t) => document.querySelector('[role=status]').textContent === t",
        "Link to 0:05 copied",
    )
    assert page.evaluate(CLIPBOARD) == f"{essay}#{CLIP}&t=5"
    # The player's current time: cue 0:07.5 with the keyboard, then "Link" in the toolbar.
    page.evaluate(f"() => {{ document.querySelector('#{CLIP} audio').currentTime = 7.5; }}")
    use_tool(page, CLIP, "[data-copy-now]")
    wait_until(
        page,
        "(t) => document.querySelector('[role=status]').textContent === t",
        "Link to 0:07.5 copied",  # one time format (issue 23): the tenth it has
    )
    assert page.evaluate(CLIPBOARD) == f"{essay}#{CLIP}&t=7.5"
    assert violations(page) == []
    page.screenshot(path=screenshot_path(f"links-{width}-{scheme}.png"))
    assert log.errors == []


def test_without_a_clipboard_the_address_bar_takes_the_link(fixture_site, open_page):
    page, _ = open_page(fixture_site.url(fixture_site.essay))
    page.evaluate("() => { Object.defineProperty(navigator, 'clipboard', {value: undefined}); }")
    use_tool(page, CLIP, "[data-copy-now]")
    wait_until(page, "() => location.hash === '#clip-fanfare&t=0'")
    assert "address bar" in page.evaluate(LIVE)


def test_a_deep_link_cues_the_native_player(site, open_page):
    probe, _ = open_page(site.url(site.essay))
    clip = clip_ids(probe)[-1]
    page, log = open_page(site.url(f"{site.essay}#{clip}&t=2"))
    wait_until(page, "(id) => document.getElementById(id).classList.contains('is-cued')", clip)
    # issue 23: the cue is the player's start position; nothing is fetched until play
    state = page.evaluate(
        "(id) => { const a = document.querySelector('#' + id + ' audio');"
        " return [a.currentTime, a.readyState, a.paused]; }",
        clip,
    )
    assert state[0] == pytest.approx(2, abs=0.05) and state[2], state  # cued, not playing
    assert log.audio_requests() == []
    assert page.locator(f"#{clip} [data-clip-state]").text_content() == "Cued at 0:02"
    assert log.errors == []


def test_a_time_past_the_end_is_clamped_and_said_so(fixture_site, open_page):
    page, _ = open_page(fixture_site.url(f"{fixture_site.essay}#{CLIP}&t=1:23"))
    wait_until(page, f"() => document.getElementById('{CLIP}').classList.contains('is-cued')")
    state = page.locator(f"#{CLIP} [data-clip-state]").text_content()
    assert state == "Cued at the end, 0:11: the link asked for 1:23", state
    assert audio_state(page, CLIP)["time"] <= 11.1


@editorial  # this essay's notation strips (the fixture site has none)
def test_a_deep_link_cues_the_notation_too(real_site, open_page):
    probe, _ = open_page(real_site.url(real_site.essay))
    clip = probe.evaluate("() => document.querySelector('.clip-notation').closest('figure').id")
    page, log = open_page(real_site.url(f"{real_site.essay}#{clip}&t=3"))
    # the cue opens nothing (issue 23: the card keeps its size); opened, the notation shows it
    wait_until(page, "(id) => document.getElementById(id).classList.contains('is-cued')", clip)
    page.locator(f"#{clip} details.clip-notation-box > summary").click()
    wait_until(
        page,
        "(id) => !!document.querySelector('#' + id + ' .clip-notation.is-live svg')",
        clip,
        timeout=10,
    )
    wait_until(
        page,
        "(id) => document.querySelectorAll('#' + id + ' .clip-notation .is-on').length > 0",
        clip,
    )
    assert audio_state(page, clip)["paused"]
    assert log.errors == []
