"""Design in Chromium: measure, 320 px, no layout shift, dark scheme, focus ring, print, and the
screenshots a reviewer looks at (written to test-artifacts/screenshots/)."""

from __future__ import annotations

import struct

import pytest

from tests.browser.pagekit import clip_ids, press_play, screenshot_path, wait_playing

pytestmark = pytest.mark.browser

#: Characters of running text that fit on one line of each paragraph.
CHARS_PER_LINE = """() => [...document.querySelectorAll('.essay-body > p')]
  .filter(p => p.textContent.length > 200).slice(0, 5).map(p => {
    const probe = document.createElement('span');
    probe.style.whiteSpace = 'nowrap';
    probe.textContent = p.textContent;
    p.appendChild(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return p.textContent.length * p.clientWidth / width;
  })"""

#: Layout shifts since the page started (buffered), excluding input-driven ones, as
#: [score, [source rects]]. Chromium's own audio controls re-lay out their timeline inside the
#: player's fixed box once the time text is measured; those sources are reported separately.
LAYOUT_SHIFTS = """() => new Promise(resolve => {
  const players = [...document.querySelectorAll('audio')].map(a => a.getBoundingClientRect());
  const inside = r => players.some(p => r.top >= p.top - 1 && r.bottom <= p.bottom + 1
                                     && r.left >= p.left - 1 && r.right <= p.right + 1);
  const out = {page: 0, native_controls: 0, moved: []};
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      const ours = e.sources.filter(s => !(inside(s.previousRect) && inside(s.currentRect)));
      if (ours.length) {
        out.page += e.value;
        out.moved.push(...ours.map(s => s.node ? s.node.nodeName + '.' + s.node.className : '?'));
      } else {
        out.native_controls += e.value;
      }
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(out), 100);
})"""


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_lines_hold_60_to_75_characters(site, open_page):
    page, _ = open_page(site.url(site.essay), width=768)
    for width in (768, 1280, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        measures = page.evaluate(CHARS_PER_LINE)
        assert measures, "no paragraph long enough to measure"
        assert all(60 <= m <= 75 for m in measures), (width, measures)


def test_every_page_fits_a_320_px_screen(showcase_site, open_page):
    site = showcase_site
    for path in site.pages:
        page, _ = open_page(site.url(path), width=320, height=640)
        overflow = page.evaluate(
            """() => [document.documentElement.scrollWidth,
                 [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                   .slice(0, 5).map(e => e.tagName + '.' + e.className)]"""
        )
        assert overflow[0] <= 320, (path, overflow)


@pytest.mark.parametrize("width", [320, 390, 1280, 1440])
def test_no_layout_shift_on_load_or_when_a_clip_plays(showcase_site, open_page, width):
    site = showcase_site
    page, _ = open_page(site.url(site.essay), width=width)
    shifts = page.evaluate(LAYOUT_SHIFTS)
    assert shifts["page"] == 0, (width, shifts)
    assert shifts["native_controls"] < 0.01, (width, shifts)
    clip = clip_ids(page)[0]
    press_play(page, clip)
    wait_playing(page, clip, beyond=0.6)  # timeupdate, highlight and state label all ran
    shifts = page.evaluate(LAYOUT_SHIFTS)
    assert shifts["page"] == 0, (width, shifts)


def test_dark_scheme_and_focus_ring(fixture_site, open_page):
    site = fixture_site
    colours = {}
    for scheme in ("light", "dark"):
        page, _ = open_page(site.url(site.essay), scheme=scheme)
        colours[scheme] = page.evaluate(
            "() => [getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.body).color]"
        )
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                 return [document.activeElement.className, s.outlineStyle,
                         parseFloat(s.outlineWidth)]; }"""
        )
        assert focus[0] == "skip-link" and focus[1] == "solid" and focus[2] >= 2, focus
    assert colours["light"] != colours["dark"]

    def luminance(css: str) -> float:
        r, g, b = (int(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert luminance(colours["dark"][0]) < 60 < luminance(colours["light"][0])


def test_print_shows_captions_and_credits_not_players(site, open_page):
    page, _ = open_page(site.url(site.essay))
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('figure.clip')].map(f => ({
          audio: getComputedStyle(f.querySelector('audio')).display,
          // the caption's parts take their places in the card's grid (figcaption: display contents)
          caption: [...f.querySelector('figcaption').children].some(c => c.offsetHeight > 0),
          credits: f.querySelector('.clip-credits').innerText,
          licence: getComputedStyle(f.querySelector('a[rel=license]'), '::after').content,
        }))"""
    )
    assert shown
    for figure in shown:
        assert figure["audio"] == "none"
        assert figure["caption"]
        assert "licence" in figure["credits"].lower()
        assert "attr(href)" in figure["licence"] or "http" in figure["licence"]
    assert page.evaluate("() => getComputedStyle(document.querySelector('.site-nav')).display") == (
        "none"
    )
    first = page.locator("figure.clip").first
    first.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_path(f"essay-print-{site.name}.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_for_review(showcase_site, open_page, scheme):
    """The opening screen and a playing clip, phone and laptop width (one screen each: the
    whole essay is tens of thousands of pixels tall)."""
    site = showcase_site
    page, _ = open_page(site.url(site.essay), width=390, height=844, scheme=scheme)
    sizes = {390: 844, 1280: 800}
    for width, height in sizes.items():
        page.set_viewport_size({"width": width, "height": height})
        top = screenshot_path(f"essay-{width}-{scheme}-top.png")
        page.screenshot(path=top)
        assert png_size(top) == (width, height)
    clip = clip_ids(page)[0]
    moments = page.locator(f"#{clip} .clip-moment")
    if moments.count() > 1:
        moments.nth(1).click()
    else:
        press_play(page, clip)
    wait_playing(page, clip, beyond=0.5)
    for width, height in sizes.items():
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("(id) => document.getElementById(id).scrollIntoView()", clip)
        playing = screenshot_path(f"essay-{width}-{scheme}-playing.png")
        page.screenshot(path=playing)
        assert png_size(playing) == (width, height)
