"""The notation in a real browser: Debian's Chromium through Playwright, against the real essay
built into a temporary folder and served with Range support on 127.0.0.1.

The highlighted notes at a given ``currentTime`` must be exactly the notes the timemap says are
sounding then; clicking a note seeks there; a narrow view follows the music; nothing of the
notation loads before its figure comes near; without JavaScript it is an image with its alt."""

from __future__ import annotations

import functools
import itertools
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.editorial import editorial
from tests.notation._support import timemap
from tools.chromium import CHROMIUM, CHROMIUM_ARGS
from tools.serve import serve

# The notation strips of this essay (its score-based clips) are what these tests play.
pytestmark = [pytest.mark.browser, pytest.mark.slow, editorial]

STEM = "leitmotif-transformed"  # four tempos, key and clef changes
FIG = f"#clip-{STEM}"


def sounding(doc: dict, t: float) -> set[str]:
    """Note ids sounding at ``t`` seconds according to a timemap document."""
    on: dict[str, float] = {}
    off: dict[str, float] = {}
    for entry in doc["timemap"]:
        for i in entry.get("on", []):
            on[i] = entry["tstamp"] / 1000
        for i in entry.get("off", []):
            off[i] = entry["tstamp"] / 1000
    return {i for i, start in on.items() if start <= t < off.get(i, float("inf"))}


def probe_times(doc: dict, count: int = 6) -> list[float]:
    """Midpoints between consecutive timemap entries, spread over the clip."""
    stamps = [e["tstamp"] / 1000 for e in doc["timemap"]]
    mids = [(a + b) / 2 for a, b in itertools.pairwise(stamps) if b - a > 0.05]
    step = max(1, len(mids) // count)
    return mids[::step][:count]


@pytest.fixture(scope="module")
def site(real_site_output):
    with serve(real_site_output) as base_url:
        yield base_url


# Playwright's sync API refuses to start while another instance runs in the same thread (the
# theme's browser tests keep one for the whole session), so this module drives its own Chromium
# from a thread of its own: the fixtures and every test body run there.
WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notation-browser")


def in_browser_thread(test):
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return WORKER.submit(test, *args, **kwargs).result()

    return wrapper


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (.ci/apt/notation.txt)")

    def start():
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        return playwright, playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )

    playwright, chromium = WORKER.submit(start).result()
    yield chromium

    def stop():
        chromium.close()
        playwright.stop()

    WORKER.submit(stop).result()


@pytest.fixture
def open_essay(browser, site):
    contexts = []

    def opener(width=1280, js=True, scheme="light"):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme=scheme,
            java_script_enabled=js,
            reduced_motion="reduce",
            service_workers="block",
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.requested = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: page.requested.append(r.url))
        page.goto(site + "essay/", wait_until="load")
        return page

    yield opener

    def close():
        for context in contexts:
            context.close()

    WORKER.submit(close).result()


def inline(page, fig=FIG):
    """Open the figure's "Notation" disclosure (closed as the page loads) and wait for the SVG."""
    page.evaluate(
        "(sel) => { document.querySelector(sel + ' details.clip-notation-box').open = true; }", fig
    )
    page.locator(fig + " .clip-notation").scroll_into_view_if_needed()
    page.wait_for_selector(fig + " .clip-notation.is-live svg.clip-notation-svg", timeout=10_000)


def start_then_pause(page, fig=FIG):
    """Load the audio (preload is none) by playing it muted, then pause: seeks are exact now."""
    page.evaluate(
        """async (sel) => {
            const a = document.querySelector(sel + ' audio');
            a.muted = true;
            await a.play();
            a.pause();
        }""",
        fig,
    )


def seek_and_read(page, t, fig=FIG):
    return page.evaluate(
        """([sel, t]) => new Promise((resolve) => {
            const a = document.querySelector(sel + ' audio');
            a.addEventListener('seeked', () => requestAnimationFrame(() => resolve({
                t: a.currentTime,
                on: Array.from(document.querySelectorAll(sel + ' .note.is-on')).map((e) => e.id),
            })), { once: true });
            a.currentTime = t;
        })""",
        [fig, t],
    )


@in_browser_thread
def test_without_javascript_the_notation_is_a_lazy_image_with_its_alt(open_essay):
    # An <object>: without JavaScript it loads only once its disclosure opens (issue 23)
    page = open_essay(js=False)
    img = page.locator(f"{FIG} .clip-notation object")
    assert img.get_attribute("role") == "img"
    assert img.get_attribute("aria-label") == timemap(STEM)["alt"]
    assert img.get_attribute("data").endswith(f"/media/notation/{STEM}.svg")
    assert page.locator(f"{FIG} .clip-notation svg").count() == 0


@in_browser_thread
def test_nothing_of_the_notation_loads_before_it_comes_near(open_essay):
    page = open_essay()
    page.wait_for_timeout(300)
    near = page.evaluate(
        """() => Array.from(document.querySelectorAll('.clip-notation'))
            .filter((b) => b.getBoundingClientRect().top < innerHeight + 200)
            .map((b) => b.getAttribute('data-timemap-src'))"""
    )
    early = [u for u in page.requested if u.endswith(".timemap.json")]
    assert all(any(u.endswith(n) for n in near) for u in early), early
    assert not any(n.endswith(f"{STEM}.timemap.json") for n in near), "test clip is not far down"
    assert not any(u.endswith(f"{STEM}.timemap.json") for u in early)
    assert page.locator(f"{FIG} svg.clip-notation-svg").count() == 0
    inline(page)
    timemaps = [u for u in page.requested if u.endswith(".timemap.json")]
    assert any(u.endswith(f"{STEM}.timemap.json") for u in timemaps)
    svgs = [u for u in page.requested if u.endswith(f"{STEM}.svg")]
    assert svgs, "the SVG was never requested"
    assert page.errors == []


@in_browser_thread
def test_highlighted_notes_are_the_ones_sounding_at_current_time(open_essay):
    page = open_essay()
    inline(page)
    start_then_pause(page)
    doc = timemap(STEM)
    probes = probe_times(doc)
    assert len(probes) >= 5
    # and 4 ms either side of some onsets: the highlight changes within the alignment tolerance
    for entry in doc["timemap"][5:60:11]:
        probes += [entry["tstamp"] / 1000 - 0.004, entry["tstamp"] / 1000 + 0.004]
    for t in probes:
        got = seek_and_read(page, t)
        assert abs(got["t"] - t) < 0.002
        expected = sounding(doc, t)
        assert expected, f"nothing sounds at {t}"
        assert set(got["on"]) == expected, f"at {t:.3f} s"
    # the svg is in the page as an image with the same text alternative
    svg = page.locator(f"{FIG} svg.clip-notation-svg")
    assert svg.get_attribute("role") == "img"
    assert svg.get_attribute("aria-label") == doc["alt"]
    assert page.errors == []


@pytest.mark.parametrize("tools", ["soon", "late"])
@in_browser_thread
def test_while_playing_the_highlight_moves_with_the_music(open_essay, tools):
    """Also when the listening tools arrive only after the clip has played, paused and been
    sought (a slow network): clips.js then replays those events to them, which must neither stop
    the music nor the highlight."""
    page = open_essay()
    if tools == "late":
        page.route("**/modules/listen.js*", lambda route: (time.sleep(2.5), route.continue_()))
    inline(page)
    doc = timemap(STEM)
    start_then_pause(page)
    seek_and_read(page, 7.0)
    result = page.evaluate(
        """(sel) => new Promise((resolve) => {
            const a = document.querySelector(sel + ' audio');
            const samples = [];
            const lit = () => Array.from(document.querySelectorAll(sel + ' .note.is-on')).map((e) => e.id);
            const box = document.querySelector(sel + ' .clip-notation');
            const states = new Set();
            const check = () => {
                const on = lit();
                samples.push({ t: a.currentTime, shown: box.notationTime, on: on });
                states.add(on.slice().sort().join(' '));
                // three seconds of music (six notes start in them); on a machine so loaded that
                // few frames were drawn in them, up to nine seconds until three states were seen
                const enough = a.currentTime >= 10.0 && states.size >= 3;
                if (!enough && a.currentTime < 16.0 && !a.ended) {
                    requestAnimationFrame(check);
                    return;
                }
                a.pause();
            };
            // Only the real pause ends it: on a page whose tools came late, clips.js replays the
            // play and pause they missed as untrusted copies, which pause nothing.
            const paused = (event) => {
                if (!event.isTrusted) { return; }
                a.removeEventListener('pause', paused);
                requestAnimationFrame(() => resolve({ samples: samples, t: a.currentTime, on: lit() }));
            };
            a.addEventListener('pause', paused);
            a.play().then(() => requestAnimationFrame(check));
        })""",
        FIG,
    )
    # while playing: the highlight is exactly what sounds at the moment it was drawn for, and
    # that moment is the audio's time now or a little earlier (the previous frame)
    seen = set()
    for sample in result["samples"]:
        assert set(sample["on"]) == sounding(doc, sample["shown"]), f"at {sample['shown']:.3f} s"
        assert sample["shown"] <= sample["t"] + 1e-6
        seen.add(frozenset(sample["on"]))
    assert len(seen) >= 3, (
        f"the highlight did not move with the music: {len(result['samples'])} frames drawn"
        f" between {result['samples'][0]['t']:.2f} and {result['t']:.2f} s"
    )
    # once paused, exactly what sounds at the paused time
    assert set(result["on"]) == sounding(doc, result["t"])


@in_browser_thread
def test_clicking_a_note_seeks_the_clip_there(open_essay):
    page = open_essay()
    inline(page)
    doc = timemap(STEM)
    entry = next(e for e in doc["timemap"] if e["tstamp"] > 12_000 and e.get("on"))
    note = entry["on"][0]
    page.evaluate("(sel) => { document.querySelector(sel + ' audio').muted = true; }", FIG)
    page.locator(f'{FIG} [id="{note}"]').click()
    page.wait_for_function(
        "(sel) => !document.querySelector(sel + ' audio').paused", arg=FIG, timeout=10_000
    )
    t = page.evaluate(
        """(sel) => { const a = document.querySelector(sel + ' audio'); a.pause(); return a.currentTime; }""",
        FIG,
    )
    assert entry["tstamp"] / 1000 <= t < entry["tstamp"] / 1000 + 1.0
    assert page.errors == []


@in_browser_thread
def test_a_narrow_view_follows_the_music(open_essay):
    page = open_essay(width=390)
    inline(page)
    doc = timemap(STEM)
    start_then_pause(page)
    scroller = f"{FIG} .clip-notation-scroll"
    assert page.evaluate(
        "(s) => { const e = document.querySelector(s); return e.scrollWidth > e.clientWidth; }",
        scroller,
    )
    last = doc["timemap"][-3]["tstamp"] / 1000
    seek_and_read(page, last - 1.0)
    page.evaluate("(sel) => document.querySelector(sel + ' audio').play()", FIG)
    page.wait_for_function(
        """(s) => {
            const box = document.querySelector(s);
            const lit = box.querySelector('.note.is-on');
            if (!lit || box.scrollLeft === 0) return false;
            const a = box.getBoundingClientRect(), b = lit.getBoundingClientRect();
            return b.left >= a.left && b.right <= a.right;
        }""",
        arg=scroller,
        timeout=10_000,
    )
    page.evaluate("(sel) => document.querySelector(sel + ' audio').pause()", FIG)
    # a seek while paused (a "listen for" button, the waveform) is followed too
    seek_and_read(page, 0.5)
    page.wait_for_function(
        """(s) => {
            const box = document.querySelector(s);
            const lit = box.querySelector('.note.is-on');
            if (!lit) return false;
            const a = box.getBoundingClientRect(), b = lit.getBoundingClientRect();
            return b.left >= a.left && b.right <= a.right;
        }""",
        arg=scroller,
        timeout=10_000,
    )
    assert page.errors == []


@in_browser_thread
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_essay_with_every_notation_inlined_and_lit_passes_axe(open_essay, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = open_essay(width=390, scheme=scheme)
    figures = page.evaluate(
        "() => [...document.querySelectorAll('.clip-notation')].map(b => '#' + b.closest('figure').id)"
    )
    assert len(figures) >= 4
    for fig in figures:
        inline(page, fig)
    start_then_pause(page)
    lit = seek_and_read(page, probe_times(timemap(STEM))[2])["on"]
    assert lit
    results = Axe().run(page)
    problems = [
        f"{v['id']}: {v['help']} at " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
    ]
    assert problems == []
    assert page.errors == []
