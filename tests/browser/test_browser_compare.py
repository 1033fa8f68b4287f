"""Comparisons (issue 17, item 1) in Chromium, on the real essay: its station scene scored two
ways is one figure with a switch. Switching by mouse, by the arrow keys and by "v" keeps the
position and the playing state; moments, credits, speed, loop, the mini-player and the Media
Session follow the version on show; a link to a version opens it; without JavaScript both versions
are shown, labelled and playable. axe-core stays at 0 violations, light and dark, 390 and 1280 px.

An editorial check of this essay: a fork without these clips skips it (tests/editorial.py).
The length of the silence at a switch is a timing, so it is measured by bench/bench_compare.py
(BENCHMARKS.md), not asserted here."""

from __future__ import annotations

import pytest

from tests.browser.pagekit import (
    audio_state,
    screenshot_path,
    use_tool,
    violations,
    wait_playing,
    wait_until,
)
from tests.editorial import editorial

# The essay's own comparisons are driven here (a fork's essay may have none); the plugin's tests
# build comparisons on any theme (plugins/audio-clips/tests/test_compare.py).
pytestmark = [pytest.mark.browser, editorial]

GROUP = "clip-scene-two-ways-a-compare"
A, B = "clip-scene-two-ways-a", "clip-scene-two-ways-b"
LIVE = "() => document.querySelector('[role=status]').textContent"
SIZES = [(390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")]

#: What the page holds at the moment the switch changes (run in the radio's own change event).
ARM = """([group, from]) => {
  const a = document.querySelector('#' + from + ' audio');
  window.__switch = null;
  document.querySelectorAll('#' + group + ' input[type=radio]').forEach(r =>
    r.addEventListener('change', () => {
      window.__switch = {at: a.currentTime, wall: performance.now()};
    }, {once: true}));
}"""


def shown(page, figure_id: str) -> bool:
    return page.locator(f"#{figure_id}").is_visible()


def checked(page) -> list[str]:
    return page.evaluate(
        "(g) => [...document.querySelectorAll('#' + g + ' input:checked')].map(r => r.value)",
        GROUP,
    )


def switched_to(page, figure_id: str, other: str) -> dict:
    """Wait until ``figure_id`` plays and ``other`` is paused; the state then."""
    return wait_until(
        page,
        """([id, other]) => {
          const a = document.querySelector('#' + id + ' audio');
          const b = document.querySelector('#' + other + ' audio');
          return !a.paused && b.paused && a.readyState >= 2
            ? {time: a.currentTime, wall: performance.now(), rate: a.playbackRate} : null;
        }""",
        [figure_id, other],
    )


def moment_texts(page, figure_id: str) -> list[str]:
    return page.locator(f"#{figure_id} .clip-moment-text").all_inner_texts()


@pytest.mark.parametrize(("width", "scheme"), SIZES)
def test_switching_by_mouse_keeps_the_position_and_the_playing(real_site, open_page, width, scheme):
    page, log = open_page(real_site.url(real_site.essay), width=width, scheme=scheme)
    group = page.locator(f"#{GROUP}")
    group.scroll_into_view_if_needed()
    assert shown(page, A) and not shown(page, B)
    assert page.locator(f"#{GROUP} fieldset").is_visible()
    assert checked(page) == [A]
    # Nothing is fetched before play, in either version.
    assert page.evaluate(
        "(ids) => ids.map(id => document.querySelector('#' + id + ' audio').preload)", [A, B]
    ) == ["none", "none"]
    page.locator(f"#{A} .clip-moment").nth(1).click()  # plays from the train's arrival, 0:08
    wait_playing(page, A, beyond=8.6)
    # Once a version plays, the other loads, so that the switch finds it ready.
    assert page.evaluate(f"() => document.querySelector('#{B} audio').preload") == "auto"
    page.evaluate(ARM, [GROUP, A])
    page.get_by_role("radio", name="Scored as a reunion").click()
    after = switched_to(page, B, A)
    before = page.evaluate("() => window.__switch")
    elapsed = (after["wall"] - before["wall"]) / 1000
    # The new version starts where the old one was (tolerance: the time the switch took, and
    # Chromium's estimate of an Opus position after a seek).
    assert before["at"] - 0.25 <= after["time"] <= before["at"] + elapsed + 0.25, (before, after)
    assert shown(page, B) and not shown(page, A)
    assert checked(page) == [B]
    # The moments and credits on show are the new version's; the old ones are still in the page.
    assert moment_texts(page, B)[0].startswith("Waiting: rippling piano")
    assert not page.locator(f"#{A} .clip-moments").is_visible()
    assert page.locator(f"#{A} .clip-credits").count() == 1
    page.locator(f"#{B} .clip-more > summary").click()
    assert page.locator(f"#{B} .clip-credits").is_visible()
    said = page.evaluate(LIVE)
    assert said.startswith("Version") and "Scored as a reunion" in said and "playing from" in said
    # The mini-player and the system's media controls follow the version playing.
    bar_title = page.locator(".now-playing .np-title")
    assert bar_title.text_content() == page.locator(f"#{B} .clip-title").text_content()
    assert page.evaluate("() => navigator.mediaSession.metadata.title") == (
        page.locator(f"#{B} .clip-title").text_content()
    )
    # It goes on playing.
    later = wait_playing(page, B, beyond=after["time"] + 0.3)
    assert later["time"] > after["time"]
    assert audio_state(page, A)["paused"]
    assert violations(page) == []
    group.screenshot(path=screenshot_path(f"compare-{width}-{scheme}.png"))
    assert log.errors == []


def test_switching_by_keyboard_while_paused_cues_the_same_moment(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay))
    page.locator(f"#{A} .clip-moment").nth(2).click()  # 0:12
    wait_playing(page, A, beyond=12.3)
    page.keyboard.press("k")  # pause
    wait_until(page, f"() => document.querySelector('#{A} audio').paused")
    at = audio_state(page, A)["time"]
    radio = page.get_by_role("radio", name="Scored as a threat")
    radio.focus()
    page.keyboard.press("ArrowRight")  # native radios: the arrow keys choose
    assert checked(page) == [B] and shown(page, B) and not shown(page, A)
    wait_until(
        page,
        "([id, at]) => Math.abs(document.querySelector('#' + id + ' audio').currentTime - at) < 0.3",
        [B, at],
    )
    state = audio_state(page, B)
    assert state["paused"], "a paused comparison stays paused"
    # one time format (issue 23): tenths where the time has them
    tenths = round(state["time"] * 10)
    expected = f"Cued at 0:{tenths // 10:02d}" + (f".{tenths % 10}" if tenths % 10 else "")
    assert page.locator(f"#{B} [data-clip-state]").text_content() == expected
    # The switch is announced once the new version is cued, which may come a task later.
    wait_until(page, f"() => ({LIVE})().includes('Scored as a reunion, at 0:12')")
    assert page.evaluate("() => document.activeElement.type") == "radio"  # focus stays put
    # One Tab stop for the switch: Tab leaves it for the version's player.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") != "radio"
    # "v" (outside a form field) switches to the next version, wrapping round.
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("v")
    assert checked(page) == [A] and shown(page, A)
    page.keyboard.press("k")  # the shortcuts now act on the version on show
    wait_playing(page, A, beyond=at)
    page.keyboard.press("v")
    switched_to(page, B, A)
    assert violations(page) == []
    assert log.errors == []


def test_speed_and_loop_carry_over_to_the_other_version(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay))
    use_tool(page, A, "[data-rate='0.75']")
    wait_until(page, f"() => document.querySelector('#{A} audio').playbackRate === 0.75")
    page.locator(f"#{A} .clip-moment").nth(1).click()  # 0:08
    wait_playing(page, A, beyond=8.3)
    use_tool(page, A, "[data-loop]")
    wait_until(page, f"() => document.querySelector('#{A} [data-loop]').ariaPressed === 'true'")
    page.get_by_role("radio", name="Scored as a reunion").click()
    after = switched_to(page, B, A)
    assert after["rate"] == 0.75
    assert page.locator(f"#{B} [data-rate='0.75']").get_attribute("aria-pressed") == "true"
    assert page.locator(f"#{B} [data-loop]").get_attribute("aria-pressed") == "true"
    assert page.locator(f"#{A} [data-loop]").get_attribute("aria-pressed") == "false"
    assert log.errors == []


def test_a_link_to_a_version_opens_it_at_its_moment(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay + f"#{B}&t=0:12"))
    assert shown(page, B) and not shown(page, A)
    assert checked(page) == [B]
    assert page.locator(f"#{B} [data-clip-state]").text_content() == "Cued at 0:12"
    wait_until(page, f"() => document.querySelector('#{B} audio').currentTime > 11.5")
    # A plain link to a version (the credits page's) opens it too.
    page.goto(real_site.url(real_site.essay + "#clip-waltz-underscore"))
    assert shown(page, "clip-waltz-underscore") and not shown(page, "clip-waltz-source")
    assert log.errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_without_javascript_both_versions_are_labelled_and_playable(real_site, open_page, width):
    page, _ = open_page(real_site.url(real_site.essay), width=width, js=False)
    assert not page.locator(f"#{GROUP} fieldset").is_visible()
    for number, (figure_id, label) in enumerate(
        ((A, "Scored as a threat"), (B, "Scored as a reunion")), 1
    ):
        assert shown(page, figure_id)
        audio = page.locator(f"#{figure_id} audio")
        assert audio.is_visible() and audio.get_attribute("controls") is not None
        version = page.locator(f"#{figure_id}-version")
        assert version.is_visible()
        assert f"Version {number} of 2: {label}" in version.text_content()
        assert page.locator(f"#{figure_id} .clip-moments li > time").count() >= 2
    page.locator(f"#{GROUP}").screenshot(path=screenshot_path(f"compare-{width}-nojs.png"))


def test_the_switch_is_fetched_only_when_a_comparison_comes_near(real_site, open_page):
    """modules/compare.js is not part of the page's cost on arrival (BENCHMARKS.md §4)."""
    page, log = open_page(real_site.url(real_site.essay), height=800)

    def fetched() -> bool:
        return any(url.split("?")[0].endswith("/modules/compare.js") for url, _ in log.requests)

    page.wait_for_load_state("networkidle")
    top = page.evaluate(f"() => document.getElementById('{GROUP}').getBoundingClientRect().top")
    if top > 800 + 3000:  # beyond clips.js's look-ahead (3000 px): not part of the arrival cost
        assert not fetched()
        # Until it arrives, the stylesheet shows the first version only, the switch in place.
        assert page.locator(f"#{A}").is_visible() and not page.locator(f"#{B}").is_visible()
    # else: the essay opens with this comparison (issue 25), so it is near on arrival.
    page.locator(f"#{GROUP}").scroll_into_view_if_needed()
    wait_until(page, "(g) => document.getElementById(g).classList.contains('is-switchable')", GROUP)
    assert fetched()
    assert page.evaluate(f"() => document.getElementById('{B}').closest('[hidden]') !== null")
    assert log.errors == []
