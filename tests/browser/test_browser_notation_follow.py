"""Issue 17, item 5: notation you can follow. A band marks the bar being played (and a playhead
the moment) as the audio plays, seeks, loops back and changes speed; the strip scrolls sideways
(never the page, never the focus) to keep the current bar in view; the staff names, clefs and
key signatures stay pinned at its left edge; at 390 px at least two whole bars show beside them.

Measured in Debian's Chromium against the real essay (its six engraved clips). A bar's box is the
box of its staff lines; the first bar's opening (names, brace, clefs) is what the pin shows, so
that bar counts from the pin's edge when the strip is at its start."""

from __future__ import annotations

import itertools

import pytest

from tests.browser.pagekit import screenshot_path, violations, wait_until
from tests.editorial import editorial

pytestmark = [pytest.mark.browser, editorial]

STEM = "leitmotif-transformed"  # tempo changes, key changes and a clef change on the top staff
FIG = f"clip-{STEM}"

GO_LIVE = """async (id) => {
  const fig = document.getElementById(id);
  fig.querySelector('details.clip-notation-box').open = true;   // closed as the page loads
  fig.querySelector('.clip-notation').scrollIntoView({block: 'center'});
  await new Promise((ok, fail) => {
    const t0 = performance.now();
    (function wait() {
      if (fig.querySelector('.clip-notation.is-live .clip-notation-pin')) return ok();
      if (performance.now() - t0 > 10000) return fail(new Error('not live: ' + id));
      requestAnimationFrame(wait);
    })();
  });
  const a = fig.querySelector('audio');
  a.muted = true;
  await a.play();   // preload is none: load the audio, so seeks are exact
  a.pause();
  const box = fig.querySelector('.clip-notation');
  const doc = await (await fetch(box.dataset.timemapSrc)).json();
  return {bars: doc.bars.map((ms) => ms / 1000), duration: a.duration};
}"""

SEEK = """([id, t]) => new Promise((ok) => {
  const a = document.getElementById(id).querySelector('audio');
  a.addEventListener('seeked', () => requestAnimationFrame(() => requestAnimationFrame(ok)),
                     {once: true});
  a.currentTime = t;
})"""

# What the strip shows now: the bar the band is on, the band's and that bar's boxes, and which
# bars are whole inside the strip beside the pin.
VIEW = """(id) => {
  const fig = document.getElementById(id);
  const box = fig.querySelector('.clip-notation');
  const strip = box.querySelector('.clip-notation-scroll');
  const s = strip.getBoundingClientRect();
  const pin = box.querySelector('.clip-notation-pin').getBoundingClientRect();
  const bars = [...box.querySelectorAll('svg.clip-notation-svg .measure')].map(
    (g) => g.querySelector('.staff > path').getBoundingClientRect());
  const whole = bars.map((b, i) => (b.left >= pin.right - 0.5 || (i === 0 && strip.scrollLeft === 0))
                                   && b.right <= s.right + 0.5);
  const band = box.querySelector('.clip-notation-band').getBoundingClientRect();
  const current = box.querySelector('svg.clip-notation-svg .measure.is-current');
  return {
    bar: box.currentBar,
    current: [...box.querySelectorAll('svg.clip-notation-svg .measure')].indexOf(current),
    band: [band.left, band.right],
    bars: bars.map((b) => [b.left, b.right]),
    whole: whole,
    strip: [s.left, s.right],
    pin: [pin.left, pin.right],
    scrollLeft: strip.scrollLeft,
    pageY: window.scrollY,
    positioned: box.classList.contains('has-position'),
    bandOpacity: getComputedStyle(box.querySelector('.clip-notation-band')).opacity,
  };
}"""


def expected_bar(bars: list[float], t: float) -> int:
    return max(i for i, start in enumerate(bars) if start <= t or i == 0)


def notation_figures(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('.clip-notation')].map(b => b.closest('figure').id)"
    )


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")])
def test_the_band_marks_the_bar_of_each_time(real_site, open_page, width, scheme):
    page, log = open_page(real_site.url(real_site.essay), width=width, scheme=scheme)
    info = page.evaluate(GO_LIVE, FIG)
    bars = info["bars"]
    assert len(bars) >= 8 and bars == sorted(bars)
    times = []
    for i, start in enumerate(bars):
        end = bars[i + 1] if i + 1 < len(bars) else info["duration"]
        times += [start + 0.02, (start + end) / 2, end - 0.05]
    for t in times:
        page.evaluate(SEEK, [FIG, t])
        view = page.evaluate(VIEW, FIG)
        want = expected_bar(bars, t)
        assert (view["bar"], view["current"]) == (want, want), t
        left, right = view["bars"][want]
        assert abs(view["band"][0] - left) < 1 and abs(view["band"][1] - right) < 1, t
        # and the bar is in the strip, clear of the pin
        assert view["whole"][want], (
            t,
            want,
            view["strip"],
            view["pin"],
            view["bars"][want],
            view["scrollLeft"],
        )
    assert view["positioned"] and float(view["bandOpacity"]) > 0
    page.screenshot(path=str(screenshot_path(f"notation-follow-{width}-{scheme}.png")))
    assert log.errors == []


def test_the_band_and_playhead_move_with_playback_at_any_speed(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay), width=390, reduced_motion="no-preference")
    bars = page.evaluate(GO_LIVE, FIG)["bars"]
    page.evaluate(SEEK, [FIG, bars[3] - 0.6])
    samples = page.evaluate(
        """async (id) => {
          const fig = document.getElementById(id);
          const a = fig.querySelector('audio');
          const box = fig.querySelector('.clip-notation');
          const head = box.querySelector('.clip-notation-head');
          a.playbackRate = 0.75;   // the speed control's slower setting
          await a.play();
          const out = [];
          const t0 = performance.now();
          await new Promise((ok) => (function frame() {
            out.push({t: box.notationTime, bar: box.currentBar,
                      head: parseFloat(head.getAttribute('x'))});
            if (performance.now() - t0 > 1500) return ok();
            requestAnimationFrame(frame);
          })());
          a.pause();
          return out;
        }""",
        FIG,
    )
    assert len(samples) > 20
    for s in samples:
        assert s["bar"] == expected_bar(bars, s["t"]), s
    assert {s["bar"] for s in samples} >= {2, 3}  # it crossed into bar 4 while playing
    heads = [s["head"] for s in samples]
    assert heads == sorted(heads) and heads[-1] > heads[0]  # the playhead moves forward
    assert log.errors == []


@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")])
def test_while_playing_the_band_holds_the_playhead_and_the_sounding_notes(
    real_site, open_page, width, scheme
):
    """The strip as a reader sees it mid-play: the band on the bar sounding, the playhead inside
    it, the notes sounding lit and the strip marked as playing (screenshots for a reviewer)."""
    page, log = open_page(real_site.url(real_site.essay), width=width, scheme=scheme)
    bars = page.evaluate(GO_LIVE, FIG)["bars"]
    page.evaluate(SEEK, [FIG, bars[4] - 0.4])
    page.evaluate(f"() => document.getElementById('{FIG}').querySelector('audio').play()")
    # a frame after the clip crossed into bar 5, while it is still playing
    wait_until(
        page,
        f"() => {{ const b = document.getElementById('{FIG}').querySelector('.clip-notation');"
        f" return b.notationTime > {bars[4] + 0.2} && b.classList.contains('is-playing'); }}",
    )
    seen = page.evaluate(
        """(id) => {
          const fig = document.getElementById(id);
          const box = fig.querySelector('.clip-notation');
          const x = (sel) => { const r = box.querySelector(sel).getBoundingClientRect();
                               return [r.left, r.right]; };
          const lit = [...box.querySelectorAll('svg.clip-notation-svg .note.is-on')];
          return {t: box.notationTime, bar: box.currentBar, band: x('.clip-notation-band'),
                  head: x('.clip-notation-head'), lit: lit.length,
                  playing: box.classList.contains('is-playing')};
        }""",
        FIG,
    )
    page.locator(f"#{FIG}").screenshot(
        path=str(screenshot_path(f"notation-playing-{width}-{scheme}.png"))
    )
    page.evaluate(f"() => document.getElementById('{FIG}').querySelector('audio').pause()")
    assert seen["playing"] and seen["bar"] == expected_bar(bars, seen["t"]), (seen, bars)
    head = sum(seen["head"]) / 2
    assert seen["band"][0] - 0.5 <= head <= seen["band"][1] + 0.5, seen
    assert seen["lit"] > 0
    assert log.errors == []


def test_with_reduced_motion_the_playhead_steps_from_note_to_note(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay), width=1280, reduced_motion="reduce")
    bars = page.evaluate(GO_LIVE, FIG)["bars"]
    page.evaluate(SEEK, [FIG, bars[1] - 0.3])
    frames = page.evaluate(
        """async (id) => {
          const fig = document.getElementById(id);
          const a = fig.querySelector('audio');
          const head = fig.querySelector('.clip-notation-head');
          await a.play();
          const out = [];
          const t0 = performance.now();
          await new Promise((ok) => (function frame() {
            out.push({x: head.getAttribute('x'),
                      lit: [...fig.querySelectorAll('.note.is-on')].map((n) => n.id).sort().join()});
            if (performance.now() - t0 > 1500) return ok();
            requestAnimationFrame(frame);
          })());
          a.pause();
          return out;
        }""",
        FIG,
    )
    assert len(frames) > 20
    moves = [b for a, b in itertools.pairwise(frames) if a["x"] != b["x"]]
    assert moves, "the playhead never moved"
    # it moves only when the sounding notes change (no glide in between)
    assert all(a["lit"] != b["lit"] for a, b in itertools.pairwise(frames) if a["x"] != b["x"])
    assert log.errors == []


def test_a_jump_back_as_a_loop_makes_brings_the_band_and_the_strip_back(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay), width=390)
    bars = page.evaluate(GO_LIVE, FIG)["bars"]
    last = len(bars) - 1
    page.evaluate(SEEK, [FIG, bars[last] + 0.1])
    far = page.evaluate(VIEW, FIG)
    assert far["bar"] == last and far["scrollLeft"] > 0 and far["whole"][last]
    page.evaluate(SEEK, [FIG, bars[1] + 0.1])
    back = wait_until(
        page,
        f"(id) => {{ const v = ({VIEW})(id); return v.whole[1] && v.bar === 1 ? v : null; }}",
        FIG,
    )
    assert back["scrollLeft"] < far["scrollLeft"]
    assert log.errors == []


def test_following_scrolls_only_the_strip_and_keeps_the_focus(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay), width=390)
    bars = page.evaluate(GO_LIVE, FIG)["bars"]
    page.locator(f"#{FIG} audio").focus()
    before = page.evaluate(VIEW, FIG)
    page.evaluate(SEEK, [FIG, bars[-2] + 0.1])
    after = page.evaluate(VIEW, FIG)
    assert after["scrollLeft"] > before["scrollLeft"]
    assert after["pageY"] == before["pageY"]
    assert page.evaluate(f"() => document.activeElement === document.querySelector('#{FIG} audio')")
    assert log.errors == []


def test_names_clefs_and_keys_stay_pinned_after_scrolling(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay), width=390)
    bars = page.evaluate(GO_LIVE, FIG)["bars"]
    page.evaluate(SEEK, [FIG, bars[-1] + 0.1])
    pinned = page.evaluate(
        """(id) => {
          const box = document.getElementById(id).querySelector('.clip-notation');
          const strip = box.querySelector('.clip-notation-scroll').getBoundingClientRect();
          const pin = box.querySelector('.clip-notation-pin');
          const svg = pin.querySelector('svg');
          const engraving = box.querySelector('svg.clip-notation-svg');
          const inside = (el) => { const r = el.getBoundingClientRect();
            return r.width > 0 && r.left >= strip.left - 0.5 && r.right <= strip.right + 0.5; };
          // what the engraving's last bar says each staff's clef is
          const lastClefs = [...engraving.querySelectorAll('.staff')].reduce((acc, staff) => {
            const i = [...staff.parentNode.querySelectorAll(':scope > .staff')].indexOf(staff);
            const c = staff.querySelectorAll('.clef use');
            if (c.length) acc[i] = c[c.length - 1].getAttribute('href');
            return acc;
          }, []);
          return {
            scrolled: box.querySelector('.clip-notation-scroll').scrollLeft,
            atLeft: Math.abs(pin.getBoundingClientRect().left - strip.left) < 1,
            names: [...svg.querySelectorAll('.label text')].map((t) => t.textContent),
            namesVisible: [...svg.querySelectorAll('.label text')].every(inside),
            clefs: [...svg.querySelectorAll('.clef use')].map((u) => u.getAttribute('href')),
            clefsVisible: [...svg.querySelectorAll('.clef use')].every(inside),
            keys: [...svg.querySelectorAll('.staff > g:not([class]) use')].length,
            lastClefs: lastClefs,
            hidden: svg.getAttribute('aria-hidden'),
            ids: svg.querySelectorAll('[id]').length,
            label: engraving.getAttribute('aria-label'),
          };
        }""",
        FIG,
    )
    assert pinned["scrolled"] > 0 and pinned["atLeft"]
    assert pinned["names"] == ["Mot.", "B."] and pinned["namesVisible"]
    assert pinned["clefsVisible"]
    # the top staff ends in the bass clef (a clef change, drawn with the smaller "clef change"
    # glyph): the pin shows the clef in force, at full size
    full = {"E07A": "E050", "E07B": "E05C", "E07C": "E062"}
    last = [full.get(c[1:5], c[1:5]) for c in pinned["lastClefs"] if c]
    assert [c[1:5] for c in pinned["clefs"]] == last
    assert pinned["clefs"][0].startswith("#E062")  # SMuFL fClef
    assert pinned["keys"] >= 2  # one flat on each staff at the end
    assert pinned["hidden"] == "true" and pinned["ids"] == 0
    assert pinned["label"] and "Notation" in pinned["label"]
    assert log.errors == []


def test_a_wide_strip_pins_the_names_in_full(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay), width=1280)
    bars = page.evaluate(GO_LIVE, FIG)["bars"]
    page.evaluate(SEEK, [FIG, bars[-1] + 0.1])
    names = page.evaluate(
        "(id) => [...document.getElementById(id).querySelectorAll('.clip-notation-pin .label text')]"
        ".map((t) => t.textContent)",
        FIG,
    )
    assert names == ["Motif", "Bass"]
    assert page.evaluate(VIEW, FIG)["whole"][len(bars) - 1]
    assert log.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_two_whole_bars_show_at_390_px_in_every_strip_at_every_bar(real_site, open_page, scheme):
    """Measured while a clip is playing (its rail narrows the column) and paused at each bar."""
    page, log = open_page(real_site.url(real_site.essay), width=390, scheme=scheme)
    short = []
    for fig in notation_figures(page):
        bars = page.evaluate(GO_LIVE, fig)["bars"]
        for i, start in enumerate(bars):
            page.evaluate(SEEK, [fig, start + 0.05])
            view = page.evaluate(VIEW, fig)
            if sum(view["whole"]) < 2 or not view["whole"][view["bar"]]:
                short.append((fig, i, view["whole"]))
        staff_space = page.evaluate(
            """(id) => { const svg = document.getElementById(id).querySelector('svg.clip-notation-svg');
                const lines = svg.querySelectorAll('.measure .staff > path');
                return lines[1].getBoundingClientRect().top - lines[0].getBoundingClientRect().top; }""",
            fig,
        )
        assert staff_space >= 3.9, (fig, staff_space)  # never drawn smaller than 0.55x
        page.locator(f"#{fig} .clip-notation").screenshot(
            path=str(screenshot_path(f"notation-{fig[5:]}-390-{scheme}.png"))
        )
    assert short == []
    assert log.errors == []


def test_a_deep_link_cues_the_band_to_its_bar(real_site, open_page):
    probe, _ = open_page(real_site.url(real_site.essay))
    bars = probe.evaluate(GO_LIVE, FIG)["bars"]
    t = round(bars[6] + 0.3, 1)
    page, log = open_page(real_site.url(f"{real_site.essay}#{FIG}&t={t}"), width=390)
    # the cue downloads nothing and opens nothing (issue 23); the reader opens the notation
    wait_until(page, f"() => document.getElementById('{FIG}').classList.contains('is-cued')")
    page.locator(f"#{FIG} details.clip-notation-box > summary").click()
    view = wait_until(
        page,
        f"(id) => {{ const b = document.getElementById(id).querySelector('.clip-notation.is-live');"
        f" return b && b.currentBar === 6 ? ({VIEW})(id) : null; }}",
        FIG,
        timeout=10,
    )
    assert view["whole"][6] and view["positioned"]
    assert log.errors == []


def fetched_notation(log, stem=STEM) -> list[str]:
    return [u for u, _ in log.requests if stem in u and (".svg" in u or "timemap" in u)]


def test_the_notation_is_closed_and_fetches_nothing_until_opened(real_site, open_page):
    page, log = open_page(real_site.url(real_site.essay), width=1280)
    assert page.evaluate(
        "() => [...document.querySelectorAll('details.clip-notation-box')].every(d => !d.open)"
    )
    page.evaluate(f"() => document.getElementById('{FIG}').scrollIntoView()")
    page.wait_for_timeout(800)
    assert fetched_notation(log) == []
    page.locator(f"#{FIG} details.clip-notation-box > summary").click()
    wait_until(
        page, f"() => !!document.querySelector('#{FIG} .clip-notation.is-live .clip-notation-pin')"
    )
    assert fetched_notation(log)
    assert log.errors == []


def test_playing_leaves_the_notation_as_the_reader_left_it(real_site, open_page):
    """Issue 23: a playing card keeps its size, so playing never opens the notation; once the
    reader opens it, it follows the clip playing."""
    page, log = open_page(real_site.url(real_site.essay), width=390)
    figs = notation_figures(page)
    play = """async (id) => { const a = document.getElementById(id).querySelector('audio');
                a.muted = true; await a.play(); a.pause(); }"""
    page.evaluate(play, figs[0])
    page.wait_for_timeout(300)
    assert not page.evaluate(
        "(id) => document.querySelector('#' + id + ' details.clip-notation-box').open", figs[0]
    )
    summary = page.locator(f"#{figs[0]} details.clip-notation-box > summary")
    summary.scroll_into_view_if_needed()
    summary.click()
    wait_until(
        page,
        "(id) => !!document.querySelector('#' + id + ' .clip-notation.is-live .clip-notation-band')",
        figs[0],
        timeout=10,
    )
    assert log.errors == []


@pytest.mark.parametrize(
    ("width", "scheme"), [(390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")]
)
def test_followed_notation_passes_axe(real_site, open_page, width, scheme):
    page, log = open_page(real_site.url(real_site.essay), width=width, scheme=scheme)
    for fig in notation_figures(page):
        bars = page.evaluate(GO_LIVE, fig)["bars"]
        page.evaluate(SEEK, [fig, bars[len(bars) // 2] + 0.1])
    assert violations(page) == []
    assert log.errors == []


def test_without_javascript_the_notation_is_the_plain_image(real_site, open_page):
    page, _ = open_page(real_site.url(real_site.essay), js=False)
    strip = page.locator(f"#{FIG} .clip-notation-scroll")
    # an <object> of the SVG, labelled, loaded only once its disclosure opens
    assert strip.locator("object[aria-label][role=img]").count() == 1
    assert strip.locator(".clip-notation-pin, svg").count() == 0
