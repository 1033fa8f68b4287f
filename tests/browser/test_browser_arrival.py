"""Issue 23, "on arrival ≤ 40 KB": the page loads one small script (clips.js and the three
modules it needs to draw the page); the listening tools (modules/listen.js and what it imports)
come on the reader's first sign of intent. These tests open a cold page, one whose tools have not
been fetched, and check that the press that asks for them still counts, and that nothing on the
page moves when they arrive."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest

from tests.browser.pagekit import audio_state, png_pixels, screenshot_path, wait_playing, wait_until

pytestmark = pytest.mark.browser

CLIP = "clip-fanfare"  # the fixture's first clip: moments at 0:02, 0:05 and 0:09
#: What the page fetches on arrival, and no more (paths below the theme's js/ folder).
ON_ARRIVAL = {"clips.js", "modules/wave.js", "modules/live.js", "modules/shortcuts.js"}
#: The bootstrap with its three modules and the notes' click handler: 3 KB until the waveforms'
#: overlay and marks, the moment buttons and each clip's tools menu were made by clips.js from
#: the page rather than written into it (0.6 KB more script, 2.4 KB less HTML: BENCHMARKS.md §4).
JS_BUDGET_GZIP = 4 * 1024
LISTEN = "modules/listen.js"


def scripts(log) -> list[str]:
    """The scripts the page has asked for, as paths below js/, in order."""
    return [
        urlsplit(url).path.split("/js/", 1)[1]
        for url, kind in log.requests
        if kind == "script" and "/js/" in urlsplit(url).path
    ]


def wait_listening(page, log) -> None:
    """Until listen.js has wired the page (the toolbar is then one Tab stop: roving focus)."""
    wait_until(page, "() => !!document.querySelector('[data-clip-tools] button[tabindex]')")
    assert LISTEN in scripts(log)


def test_arrival_fetches_only_the_small_script(real_site, browser):
    """The essay as it loads: four small script files, no listening tools, no audio."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    bodies = {}
    page.on(
        "response",
        lambda r: (
            bodies.__setitem__(urlsplit(r.url).path, r.body())
            if r.request.resource_type == "script"
            else None
        ),
    )
    page.goto(real_site.url(real_site.essay), wait_until="load")
    page.wait_for_timeout(800)  # what an idle page would fetch next has had time to start
    fetched = {path.split("/js/", 1)[1]: body for path, body in bodies.items()}
    context.close()
    assert set(fetched) == ON_ARRIVAL
    gzipped = sum(len(gzip.compress(body, 9)) for body in fetched.values())
    assert gzipped <= JS_BUDGET_GZIP, f"{gzipped} B of script on arrival"


@pytest.mark.parametrize("width", [390, 1280])
def test_a_cold_click_on_tools_opens_them_and_loop_loops(fixture_site, open_page, width):
    """The first click on a cold page (on "Tools", behind which Loop waits) is handled."""
    page, log = open_page(fixture_site.url(fixture_site.essay), width=width, cold=True)
    assert LISTEN not in scripts(log)
    page.locator(f"#{CLIP} [data-tools-toggle]").click()  # the pointer arriving asks for the tools
    wait_until(
        page, f"() => document.querySelector('#{CLIP} [data-tools-toggle]').ariaExpanded === 'true'"
    )
    page.locator(f"#{CLIP} [data-loop]").click()
    wait_until(page, f"() => document.querySelector('#{CLIP} [data-loop]').ariaPressed === 'true'")
    assert "Looping" in page.locator(f"#{CLIP} [data-clip-state]").text_content()
    assert log.errors == []


def test_a_cold_moment_button_plays_from_its_time(fixture_site, open_page):
    page, log = open_page(fixture_site.url(fixture_site.essay), width=1280, cold=True)
    assert LISTEN not in scripts(log)
    page.locator(f"#{CLIP} .clip-moment").nth(1).click()  # 0:05
    state = wait_playing(page, CLIP, beyond=5.0)
    assert state["time"] < 8
    assert log.errors == []


@pytest.mark.parametrize("key", ["k", "?"])
def test_the_first_key_press_counts(fixture_site, open_page, key):
    page, log = open_page(fixture_site.url(fixture_site.essay), width=1280, cold=True)
    assert LISTEN not in scripts(log)
    page.keyboard.press(key)
    if key == "k":
        wait_playing(page, CLIP)  # the first clip on screen
        wait_until(
            page, f"() => document.getElementById('{CLIP}').classList.contains('is-playing')"
        )
    else:
        wait_until(page, "() => !!document.querySelector('dialog.shortcut-help[open]')")
    assert log.errors == []


def test_a_native_play_on_a_cold_page_syncs_the_page(fixture_site, open_page):
    """A play that no pointer, focus or key announced (the system's media keys, a script): the
    capture-phase listener fetches the tools, which then take the play as theirs."""
    page, log = open_page(fixture_site.url(fixture_site.essay), width=1280, cold=True)
    assert LISTEN not in scripts(log)
    page.evaluate(f"() => document.querySelector('#{CLIP} audio').play()")
    wait_playing(page, CLIP)
    wait_until(page, f"() => document.getElementById('{CLIP}').classList.contains('is-playing')")
    assert page.locator(f"#{CLIP} [data-clip-state]").text_content() == "Playing"
    wait_until(
        page, "() => { const b = document.querySelector('.now-playing'); return b && !b.hidden; }"
    )
    assert LISTEN in scripts(log)
    assert log.errors == []


def stylesheets(log) -> list[str]:
    """The stylesheets the page has asked for, as paths below css/, in order."""
    return [
        urlsplit(url).path.split("/css/", 1)[1]
        for url, kind in log.requests
        if kind == "stylesheet" and "/css/" in urlsplit(url).path
    ]


FIRST_STYLESHEET = "() => document.querySelector('link[rel=stylesheet]').getAttribute('href')"


def test_intent_styles_come_with_the_tools(fixture_site, open_page):
    """What only the reader's actions show (css/intent.css: the tools menu open, a clip playing,
    live notation, the shortcut list) is not fetched with the page (BENCHMARKS.md §4); the first
    sign of intent fetches it with the tools, before the page's stylesheet so that print's rules
    still win, and the open menu has its look when it opens."""
    page, log = open_page(fixture_site.url(fixture_site.essay), width=1280, cold=True)
    page.wait_for_timeout(500)  # what an idle page would fetch next has had time to start
    assert "intent.css" not in stylesheets(log)
    page.locator(f"#{CLIP} [data-tools-toggle]").click()
    wait_until(
        page, f"() => document.querySelector('#{CLIP} [data-tools-toggle]').ariaExpanded === 'true'"
    )
    assert "intent.css" in stylesheets(log)
    assert "/css/intent.css" in page.evaluate(FIRST_STYLESHEET)
    menu = page.evaluate(
        f"() => getComputedStyle(document.querySelector('#{CLIP} .clip-tools-set')).position"
    )
    assert menu == "absolute"
    assert log.errors == []


def test_the_footer_shortcut_list_opens_styled_on_a_cold_page(fixture_site, open_page):
    """The footer's "List the shortcuts" needs no listening tools: it fetches the dialog and its
    styles (intent.css) itself, and the dialog opens with them."""
    page, log = open_page(fixture_site.url(fixture_site.essay), width=1280, cold=True)
    page.get_by_role("button", name="List the shortcuts").click()
    wait_until(page, "() => !!document.querySelector('dialog.shortcut-help[open]')")
    assert "intent.css" in stylesheets(log)
    radius = page.evaluate(
        "() => getComputedStyle(document.querySelector('dialog.shortcut-help')).borderTopLeftRadius"
    )
    assert radius == "6px"
    assert log.errors == []


def test_a_deep_link_fetches_the_tools_and_no_audio(fixture_site, open_page):
    page, log = open_page(
        fixture_site.url(fixture_site.essay) + f"#{CLIP}&t=5", width=1280, cold=True
    )
    wait_until(
        page,
        f"() => document.querySelector('#{CLIP} [data-clip-state]').textContent === 'Cued at 0:05'",
    )
    assert LISTEN in scripts(log)
    assert audio_state(page, CLIP)["paused"]
    assert log.audio_requests() == []


LAYOUT = """() => [...document.querySelectorAll(
    'figure.clip, .clip-compare, figure.clip button, figure.clip audio, .clip-wave, footer p')]
  .filter((el) => el.getClientRects().length)
  .map((el) => { const r = el.getBoundingClientRect();
                 return [el.tagName, el.id,
                         Math.round(r.x), Math.round(r.y + scrollY), Math.round(r.width),
                         Math.round(r.height)]; })"""


FIRST_CLIP_BOX = """() => { const r = document.querySelector('figure.clip').getBoundingClientRect();
  return {x: 0, y: Math.max(0, r.top - 40), width: innerWidth, height: r.height + 80}; }"""


def pixel_change(shot: bytes, shot_after: bytes) -> str:
    """Where two screenshots differ, or "" when they are the same to the pixel."""
    if shot == shot_after:
        return ""
    differs = (png_pixels(shot) != png_pixels(shot_after)).any(axis=2)
    rows, cols = differs.nonzero()
    return f"{differs.sum()} pixels, in x {cols.min()}-{cols.max()}, y {rows.min()}-{rows.max()}"


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_moves_when_the_tools_arrive(real_site, open_page, width):
    """Every clip, button, player and waveform keeps its box, and the first clip looks the same
    to the pixel, before and after listen.js (and compare.js, which it fetches) arrive.

    The window is tall enough to show the first clip without scrolling (a scroll is a sign of
    intent) and the screenshots are of the viewport: a full-page one resizes the viewport, and
    Chromium then redraws each native player's controls, for a moment as a loading bar without
    its play button, so two full-page shots of a still page may differ."""
    page, log = open_page(real_site.url(real_site.essay), width=width, height=2400, cold=True)
    page.wait_for_timeout(300)
    region = page.evaluate(FIRST_CLIP_BOX)
    assert region["y"] + region["height"] <= 2400, "the first clip is below the window"
    before = page.evaluate(LAYOUT)
    shot = page.screenshot(clip=region)
    assert LISTEN not in scripts(log)
    # An intent with no pointer anywhere (a hover would change what is drawn): listen.js comes,
    # wires the page and, the comparisons being near, fetches compare.js.
    page.evaluate(
        "() => document.querySelector('figure.clip')"
        ".dispatchEvent(new PointerEvent('pointerover', {bubbles: true}))"
    )
    wait_listening(page, log)
    wait_until(  # a fork's essay may have no comparison
        page,
        "() => document.querySelectorAll('.clip-compare').length === 0"
        " || document.querySelectorAll('.clip-compare.is-switchable').length > 0",
    )
    page.wait_for_timeout(300)
    after = page.evaluate(LAYOUT)
    shot_after = page.screenshot(clip=region)
    screenshot_path(f"arrival-first-clip-{width}-before.png").write_bytes(shot)
    screenshot_path(f"arrival-first-clip-{width}-after.png").write_bytes(shot_after)
    assert len(after) >= 5  # a figure's boxes at least: the figure, its player, wave and tools
    assert after == before
    changed = pixel_change(shot, shot_after)
    assert not changed, f"the view of the first clip changed: {changed}; boxes: {after[:6]}"


def test_what_clips_js_draws_at_load(fixture_site, open_page):
    """The parts the HTML leaves to clips.js (issue 23, on arrival ≤ 40 KB) are there at load,
    before any intent: each waveform's bars, played copy and a mark per moment; each moment a
    button with its exact time; each clip's tools menu with its own id and names."""
    page, log = open_page(fixture_site.url(fixture_site.essay), width=1280, cold=True)
    wait_until(page, "() => document.querySelectorAll('.clip-tools-set').length > 0")
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('figure.clip')].map((fig) => {
          const svg = fig.querySelector('svg.clip-wave');
          const set = fig.querySelector('.clip-tools-set');
          const toggle = fig.querySelector('[data-tools-toggle]');
          const tools = fig.querySelector('[data-clip-tools]');
          return {
            id: fig.id,
            moments: fig.querySelectorAll('.clip-moments li').length,
            buttons: [...fig.querySelectorAll('button.clip-moment')].map((b) => b.dataset.at),
            marks: svg ? svg.querySelectorAll('.clip-wave-mark').length : null,
            bars: svg ? svg.querySelector('.clip-wave-peaks').getAttribute('d').length > 0 : null,
            played: svg ? svg.querySelector('use').getAttribute('clip-path') : null,
            setId: set && set.id,
            controls: toggle.getAttribute('aria-controls'),
            label: tools.getAttribute('aria-label'),
            role: tools.getAttribute('role'),
            loop: fig.querySelector('[data-loop]').textContent,
          };
        })"""
    )
    assert LISTEN not in scripts(log)
    first = next(d for d in drawn if d["id"] == CLIP)
    assert first["buttons"] == ["2", "5", "9"]
    assert first["marks"] == 3 and first["bars"]
    assert first["played"] == f"url(#{CLIP}-played)"
    assert first["loop"] == "Loop moment"
    for d in drawn:
        assert len(d["buttons"]) == d["moments"], d
        assert d["marks"] in (None, d["moments"]), d
        assert d["setId"] == d["controls"] == f"{d['id']}-tools", d
        assert d["role"] == "toolbar", d
        title = page.locator(f"#{d['id']} .clip-title").inner_text()
        assert d["label"] == f"Listening tools: {title}", d
        assert d["loop"] == ("Loop moment" if d["moments"] else "Loop clip"), d
    assert log.audio_requests() == []


#: The boxes of what clips.js fills in at load (waveforms, moments, tools) and of all that is
#: around them, on the page's scale. (Not the footer: its shortcut sentence, filled in at load
#: too, makes the last box on the page taller, and nothing is below it.)
FILLED_LAYOUT = """() => [...document.querySelectorAll(
    'figure.clip, .clip-compare, audio, .clip-wave, [data-clip-tools], [data-tools-toggle],'
    + ' .clip-title, .clip-moments, .clip-moments li, .clip-more, .site-footer > p:first-child')]
  .filter((el) => el.getClientRects().length)
  .map((el) => { const r = el.getBoundingClientRect();
                 return [el.tagName, el.className, el.id,
                         Math.round(r.x), Math.round(r.y + scrollY), Math.round(r.width),
                         Math.round(r.height)]; })"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_nothing_moves_when_clips_js_fills_the_page(real_site, browser, width):
    """The page as first painted, before clips.js has drawn the waveforms, made the moments
    buttons and copied each clip's tools menu from the page's template, has every clip, player,
    "Tools" button, waveform and moment where the page has them once it has: the page lays out
    the same without clips.js (scripts on, the file not fetched) as with it."""
    layouts = []
    for fetch_clips_js in (False, True):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        if not fetch_clips_js:
            page.route(
                lambda url: urlsplit(url).path.endswith("/js/clips.js"), lambda route: route.abort()
            )
        page.goto(real_site.url(real_site.essay), wait_until="load")
        if fetch_clips_js:
            wait_until(page, "() => document.querySelectorAll('.clip-tools-set').length > 0")
        else:
            assert page.evaluate("() => !document.querySelector('.clip-tools-set')")
        page.wait_for_timeout(300)
        layouts.append(page.evaluate(FILLED_LAYOUT))
        context.close()
    before, after = layouts
    # Every box of at least one clip (a fork's essay may have one): figure, wave, player, tools.
    assert len(before) >= 8 and len(before) == len(after)
    moved = [(a, b) for a, b in zip(before, after, strict=True) if a[3:] != b[3:]]
    assert not moved, moved[:5]
