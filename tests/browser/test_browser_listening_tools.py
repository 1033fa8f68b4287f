"""Issue 17's listening tools in Chromium: loop a moment, a speed control that keeps the pitch,
roving focus (fewer Tab stops per clip) and the shortcut list on "?". Light and dark, 390 and
1280 px, axe-core after each tool is used."""

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

pytestmark = pytest.mark.browser

CLIP = "clip-fanfare"  # the fixture's first clip: moments at 0:02, 0:05 and 0:09 of 11 s
LIVE = "() => document.querySelector('[role=status]').textContent"

#: Every seek and the furthest time reached, recorded in the page from now on.
RECORD = """(id) => {
  const a = document.querySelector('#' + id + ' audio');
  window.__rec = {max: 0, seeks: []};
  a.addEventListener('timeupdate', () => { window.__rec.max = Math.max(window.__rec.max, a.currentTime); });
  a.addEventListener('seeking', () => {
    window.__rec.max = Math.max(window.__rec.max, window.__rec.last || 0);
    window.__rec.seeks.push(a.currentTime);
  });
  const frame = () => { window.__rec.last = a.currentTime; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
}"""

SIZES = [(390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")]


def pressed(page, selector: str) -> str:
    return page.locator(selector).get_attribute("aria-pressed")


@pytest.mark.parametrize(("width", "scheme"), SIZES)
def test_speed_control_keeps_the_pitch_and_is_announced(fixture_site, open_page, width, scheme):
    page, log = open_page(fixture_site.url(fixture_site.essay), width=width, scheme=scheme)
    tools = page.locator(f"#{CLIP} [role=toolbar]")
    assert tools.is_visible()
    assert tools.get_attribute("aria-label").startswith("Listening tools: Fanfare")
    box, figure = tools.bounding_box(), page.locator(f"#{CLIP}").bounding_box()
    assert box["x"] + box["width"] <= figure["x"] + figure["width"] + 1  # fits its card
    toggle = tools.get_by_role("button", name="Tools")
    assert toggle.is_visible()  # issue 23: the tools fold behind one control
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    half = tools.get_by_role("button", name="0.5×")
    assert pressed(page, f"#{CLIP} [data-rate='1']") == "true"
    half.click()
    assert toggle.get_attribute("aria-expanded") == "false"  # a chosen tool closes the menu
    wait_until(page, f"() => document.querySelector('#{CLIP} audio').playbackRate === 0.5")
    state = page.evaluate(
        """(id) => { const a = document.querySelector('#' + id + ' audio');
             return [a.playbackRate, a.defaultPlaybackRate, a.preservesPitch]; }""",
        CLIP,
    )
    assert state == [0.5, 0.5, True]
    assert pressed(page, f"#{CLIP} [data-rate='0.5']") == "true"
    assert pressed(page, f"#{CLIP} [data-rate='1']") == "false"
    assert page.evaluate(LIVE).startswith("Speed 0.5×: Fanfare")
    # The speed survives the load that pressing play starts, and keys change it.
    page.locator(f"#{CLIP} .clip-moment").first.click()
    wait_playing(page, CLIP, beyond=2.1)
    assert page.evaluate(f"() => document.querySelector('#{CLIP} audio').playbackRate") == 0.5
    page.keyboard.press(">")
    wait_until(page, f"() => document.querySelector('#{CLIP} audio').playbackRate === 0.75")
    assert pressed(page, f"#{CLIP} [data-rate='0.75']") == "true"
    page.keyboard.press(">")
    page.keyboard.press(">")  # no faster than 1×
    wait_until(page, f"() => document.querySelector('#{CLIP} audio').playbackRate === 1")
    page.keyboard.press("<")
    page.keyboard.press("<")
    page.keyboard.press("<")  # no slower than 0.5×
    wait_until(page, f"() => document.querySelector('#{CLIP} audio').playbackRate === 0.5")
    assert violations(page) == []
    tools.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_path(f"tools-{width}-{scheme}-speed.png"))
    assert log.errors == []


def test_a_moment_loops_follows_the_reader_and_stops(fixture_site, open_page):
    page, log = open_page(fixture_site.url(fixture_site.essay))
    moments = page.locator(f"#{CLIP} .clip-moment")
    moments.nth(0).click()  # plays from 0:02
    wait_playing(page, CLIP, beyond=2.1)
    page.evaluate(RECORD, CLIP)
    loop = page.locator(f"#{CLIP} [data-loop]")
    assert loop.text_content() == "Loop moment" and pressed(page, f"#{CLIP} [data-loop]") == "false"
    use_tool(page, CLIP, "[data-loop]")
    wait_until(page, f"() => document.querySelector('#{CLIP} [data-loop]').ariaPressed === 'true'")
    assert page.evaluate(LIVE) == "Looping 0:02 to 0:05: the second chord"
    # the span is said in the clip's one-line state (issue 23: no new text in the tools row)
    assert page.locator(f"#{CLIP} [data-clip-state]").text_content() == "Looping 0:02–0:05"
    assert "is-looped" in moments.nth(0).get_attribute("class")
    # Twice back to the start of the span, never on into the next moment (0:05).
    wait_until(page, "() => window.__rec.seeks.filter(t => t >= 1.9 && t < 2.2).length >= 2")
    record = page.evaluate("() => window.__rec")
    assert 4.5 < record["max"] < 5.0, record
    assert not audio_state(page, CLIP)["paused"]
    # Choosing another moment moves the loop there.
    moments.nth(1).click()
    wait_until(page, f"(t) => {LIVE[6:]} === t", "Looping 0:05 to 0:09: the third chord, loudest")
    assert "is-looped" in moments.nth(1).get_attribute("class")
    assert "is-looped" not in moments.nth(0).get_attribute("class")
    # "r" turns it off: the clip plays on past the span.
    page.keyboard.press("r")
    wait_until(page, f"() => document.querySelector('#{CLIP} [data-loop]').ariaPressed === 'false'")
    assert page.evaluate(LIVE) == "Loop off"
    wait_playing(page, CLIP, beyond=9.2)
    assert log.errors == []


def test_a_clip_without_moments_loops_whole(fixture_site, open_page):
    page, _ = open_page(fixture_site.url(fixture_site.essay))
    loop = page.locator("#clip-coda [data-loop]")
    assert loop.text_content() == "Loop clip"
    use_tool(page, "clip-coda", "[data-loop]")
    wait_until(page, f"() => {LIVE[6:]}.startsWith('Looping 0:00 to 0:06: the whole clip')")
    page.evaluate(
        "() => { const a = document.querySelector('#clip-coda audio'); a.currentTime = 4.5; a.play(); }"
    )
    page.evaluate(RECORD, "clip-coda")
    wait_until(page, "() => window.__rec.seeks.some(t => t < 0.3)")
    assert not audio_state(page, "clip-coda")["paused"]


def tab_stops(page, figure_id: str, limit: int = 400) -> list[str]:
    """Tab from the top of the page through one clip: what takes focus inside it, in order."""
    page.evaluate("() => document.activeElement.blur()")
    stops, entered = [], False
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """(id) => { const e = document.activeElement, f = e.closest('figure');
                 return f && f.id === id ? (e.dataset.rate ? 'rate' : e.dataset.loop !== undefined
                   ? 'loop' : e.dataset.toolsToggle !== undefined ? 'tools'
                   : e.className || e.tagName) : null; }""",
            figure_id,
        )
        if where:
            entered = True
            stops.append(where)
        elif entered:
            return stops
    raise AssertionError(f"Tab never left {figure_id}: {stops}")


def test_each_clip_is_few_tab_stops_and_arrows_move_within(fixture_site, open_page):
    page, _ = open_page(fixture_site.url(fixture_site.essay))
    stops = tab_stops(page, CLIP)
    # The native player (Chromium's controls take a few stops inside it), the toolbar once, the
    # clip's permanent link ("Clip 1"), the three moments once, then the credits' links.
    ours = [s for s in stops if s != "AUDIO"]
    assert stops[0] == "AUDIO" and ours[:3] == ["tools", "clip-permalink", "clip-moment"], stops
    assert stops.count("tools") + stops.count("loop") + stops.count("rate") == 1
    assert stops.count("clip-moment") == 1
    print(f"\nTab stops in {CLIP}: {len(stops)} ({stops})")
    toggle = page.locator(f"#{CLIP} [data-tools-toggle]")
    toggle.focus()
    page.keyboard.press("Enter")  # "Tools" opens the menu; the arrow keys move within the toolbar
    assert toggle.get_attribute("aria-expanded") == "true"
    focused = "() => document.activeElement.dataset.rate ?? document.activeElement.textContent"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(focused) == "Loop moment"  # its name: "moment" is read, not shown
    page.keyboard.press("ArrowRight")
    assert page.evaluate(focused) == "0.5"
    page.keyboard.press("End")
    assert page.evaluate(focused) == "Link to this moment: copy"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(focused) == "1"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # wraps round
    assert page.evaluate(focused) == "Tools"
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Space")  # the focused control acts (0.75×); the menu closes
    wait_until(page, f"() => document.querySelector('#{CLIP} audio').playbackRate === 0.75")
    assert toggle.get_attribute("aria-expanded") == "false"
    # focus went back to "Tools", which keeps the toolbar's Tab stop
    assert page.evaluate("() => document.activeElement.dataset.toolsToggle") == ""
    assert page.locator(f"#{CLIP} [role=toolbar] [tabindex='0']").text_content() == "Tools"
    moments = page.locator(f"#{CLIP} .clip-moment")
    moments.first.focus()
    page.keyboard.press("ArrowDown")  # the first moment's "Link", then the second moment
    assert page.evaluate("() => document.activeElement.className") == "clip-moment-copy"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.dataset.at") == "5"
    page.keyboard.press("Enter")
    state = wait_playing(page, CLIP, beyond=5.0)
    assert state["time"] < 7
    page.keyboard.press("Tab")  # out of the list in one step
    assert page.evaluate("() => document.activeElement.classList.contains('clip-moment')") is False


@pytest.mark.parametrize(("width", "scheme"), SIZES)
def test_question_mark_lists_the_shortcuts(fixture_site, open_page, width, scheme):
    page, log = open_page(fixture_site.url(fixture_site.essay), width=width, scheme=scheme)
    dialog = page.locator("dialog.shortcut-help")
    assert dialog.count() == 0  # made when first asked for
    page.locator(f"#{CLIP} .clip-moment").first.focus()
    page.keyboard.press("?")
    dialog.wait_for(state="visible")  # its module is fetched when first asked for
    assert page.evaluate("() => document.querySelector('dialog').matches(':modal')")
    assert page.get_by_role("dialog", name="Keyboard shortcuts").is_visible()
    keys = dialog.locator("th").all_inner_texts()
    assert {"k", "j / l", "r", "< / >", "?"} <= set(keys), keys
    assert page.evaluate("() => !!document.activeElement.closest('dialog')")
    page.keyboard.press("k")  # inside the dialog the shortcuts rest
    assert audio_state(page, CLIP)["paused"]
    assert violations(page) == []
    page.screenshot(path=screenshot_path(f"shortcuts-{width}-{scheme}.png"))
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("() => document.activeElement.dataset.at") == "2"  # focus came back
    # The footer's button opens it too, and the close button shuts it.
    page.locator("[data-shortcut-pref] .shortcut-list-button").click()
    dialog.wait_for(state="visible")
    dialog.get_by_role("button", name="Close").click()
    assert not dialog.is_visible()
    # With single-key shortcuts off, "?" is left alone as well.
    page.locator("[data-shortcut-pref] .shortcut-switch").click()
    page.locator("body").press("?")
    assert not dialog.is_visible()
    assert log.errors == []


def test_without_javascript_the_tools_are_not_shown(fixture_site, open_page):
    page, _ = open_page(fixture_site.url(fixture_site.essay), js=False)
    assert page.locator(f"#{CLIP} .clip-tools").count() == 1
    assert not page.locator(f"#{CLIP} .clip-tools").is_visible()
    # the moments are plain text: a time and its words, no button
    assert page.locator(f"#{CLIP} .clip-moments li > time").count() == 3
    assert page.locator(f"#{CLIP} .clip-moments button").count() == 0
