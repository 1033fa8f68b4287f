"""Issues 17 and 23: cards that stay out of the way. Every card is measured in Chromium with its
notation strip closed (a strip the reader opens adds its engraving below the player; that state
is measured by test_browser_steady.py): each clip on its own, and each comparison whole (the
switch and the version on show) with every version in turn, idle and while it plays, at 390 and
1280 px, light and dark, fine pointer and touch. Credits and the long description fold into a
disclosure that stays in the page; clip titles are headings one level below their section's."""

from __future__ import annotations

import pytest

from tests.browser.pagekit import SCREENSHOTS, violations, wait_playing, wait_until

pytestmark = pytest.mark.browser

#: The tallest a card may be (px) at each width, notation closed (issue 23: "tallest card,
#: comparisons and playing state included, <= 560 px at 390 px and <= 440 px at 1280 px").
TARGET = {1280: 440, 390: 560}

#: What the reader sees as one card: a clip on its own, or a comparison with its versions.
HEIGHTS = """() => [...document.querySelectorAll('figure.clip, figure.clip-compare')]
  .filter(f => f.getClientRects().length && !f.matches('.clip-compare .clip'))
  .map(f => [f.id, f.getBoundingClientRect().height])"""

CLOSE_NOTATION = """() => document.querySelectorAll('details.clip-notation-box')
  .forEach(d => { d.open = false; })"""

#: Height of each part of a card, for the report.
PARTS = """(id) => [...document.getElementById(id).querySelectorAll(
  ':scope > *, :scope > figcaption > *, :scope > .clip-version > .clip > *')]
  .filter(e => e.getClientRects().length)
  .map(e => [e.tagName + '.' + e.className, Math.round(e.getBoundingClientRect().height)])"""

SHARE = """() => {
  const total = document.documentElement.scrollHeight;
  const cards = [...document.querySelectorAll('figure.clip')]
    .filter(f => !f.closest('.clip-compare'))
    .concat([...document.querySelectorAll('figure.clip-compare')])
    .reduce((sum, f) => sum + f.getBoundingClientRect().height, 0);
  return cards / total;
}"""


def _touch_page(browser, url, width, scheme):
    """A phone: touch, no hover, coarse pointer (44 px moments, their "Link" always shown)."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
        has_touch=True,
        is_mobile=True,
        reduced_motion="reduce",
        service_workers="block",
    )
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


def card_heights(page) -> dict[str, float]:
    """Every card's height; a comparison's is its tallest with each version shown in turn."""
    heights = dict(page.evaluate(HEIGHTS))
    groups = page.locator("[data-compare]")
    for g in range(groups.count()):
        group = groups.nth(g)
        group.scroll_into_view_if_needed()
        wait_until(
            page,
            "(g) => document.querySelectorAll('[data-compare]')[g]"
            ".classList.contains('is-switchable')",
            g,
        )
        options = group.locator(".clip-compare-option")
        for o in range(options.count()):
            options.nth(o).click()
            heights[group.get_attribute("id")] = max(
                heights[group.get_attribute("id")],
                dict(page.evaluate(HEIGHTS))[group.get_attribute("id")],
            )
        options.first.click()
    return heights


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("width", "pointer"), [(390, "fine"), (390, "touch"), (1280, "fine")], ids=str
)
def test_every_card_is_short_with_notation_closed(site, open_page, browser, width, pointer, scheme):
    context = None
    if pointer == "touch":
        context, page = _touch_page(browser, site.url(site.essay), width, scheme)
    else:
        page, _ = open_page(site.url(site.essay), width=width, scheme=scheme)
    try:
        if pointer == "touch":
            assert page.evaluate("matchMedia('(pointer: coarse)').matches")
        page.evaluate(CLOSE_NOTATION)
        heights = card_heights(page)
        assert heights
        values = list(heights.values())
        tallest = max(heights.items(), key=lambda x: x[1])
        share = page.evaluate(SHARE)
        print(
            f"\n{site.name} {width} px {pointer} {scheme}: {len(values)} cards,"
            f" mean {sum(values) / len(values):.0f} px, max {tallest[1]:.0f} px ({tallest[0]}),"
            f" {share:.0%} of the page"
        )
        print(page.evaluate(PARTS, tallest[0]))
        if site.name == "real":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = f"card-tallest-{width}-{scheme}" + ("-touch" if pointer == "touch" else "")
            page.locator(f"#{tallest[0]}").screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        # Every card, not the typical one (issue 23 measured the tallest: 669 px at 390 px, a
        # comparison 823 px).
        too_tall = [(fig, round(h)) for fig, h in heights.items() if h > TARGET[width]]
        assert not too_tall, f"cards over {TARGET[width]} px at {width} px: {too_tall}"
        # The folded parts are still in the page, closed.
        more = page.evaluate(
            "() => [...document.querySelectorAll('figure.clip')].map(f => {"
            " const d = f.querySelector('details.clip-more');"
            " return [!!d && !d.open, !!d?.querySelector('.clip-desc'),"
            " !!d?.querySelector('a[rel=license]')]; })"
        )
        assert all(m == [True, True, True] for m in more), more
    finally:
        if context is not None:
            context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_every_card_stays_short_while_it_plays(site, open_page, width):
    """Each clip played in turn (a comparison's first version): its card, the comparison around
    it included, stays within the target while it plays (state line, current moment)."""
    page, rec = open_page(site.url(site.essay), width=width)
    page.evaluate(CLOSE_NOTATION)
    playing = {}
    ids = page.evaluate(
        "() => [...document.querySelectorAll('figure.clip')]"
        ".filter(f => f.getClientRects().length).map(f => f.id)"
    )
    for fid in ids:
        card = page.evaluate(
            "(id) => { const f = document.getElementById(id);"
            " return (f.closest('.clip-compare') || f).id; }",
            fid,
        )
        page.evaluate("(id) => document.getElementById(id).scrollIntoView()", fid)
        page.evaluate("(id) => document.querySelector('#' + id + ' audio').play()", fid)
        wait_playing(page, fid, 0.2)
        playing[card] = page.evaluate(
            "(id) => document.getElementById(id).getBoundingClientRect().height", card
        )
        page.evaluate("(id) => document.querySelector('#' + id + ' audio').pause()", fid)
    tallest = max(playing.items(), key=lambda x: x[1])
    print(f"\n{site.name} {width} px playing: max {tallest[1]:.0f} px ({tallest[0]})")
    too_tall = [(fig, round(h)) for fig, h in playing.items() if h > TARGET[width]]
    assert not too_tall, f"playing cards over {TARGET[width]} px at {width} px: {too_tall}"
    assert not rec.errors


def test_disclosures_open_by_keyboard_and_pass_axe(site, open_page):
    page, _ = open_page(site.url(site.essay), width=390, scheme="dark")
    fig = page.locator("figure.clip").first
    summary = fig.locator("details.clip-more > summary")
    assert summary.inner_text() == "What you hear and credits"
    assert not fig.locator(".clip-credits").is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert fig.locator(".clip-credits").is_visible()
    assert fig.locator(".clip-desc").is_visible()
    assert violations(page) == []


def test_clip_titles_are_headings_one_below_their_section(site, open_page):
    page, _ = open_page(site.url(site.essay))
    levels = page.evaluate(
        """() => [...document.querySelectorAll('figure.clip')].map(f => {
          const title = f.querySelector('.clip-title');
          let h = f.previousElementSibling;
          while (h && !/^H[1-6]$/.test(h.tagName)) h = h.previousElementSibling;
          return [f.id, title.tagName, h ? h.tagName : null,
                  f.getAttribute('aria-labelledby') === title.id];
        })"""
    )
    assert levels
    for fig, tag, before, labelled in levels:
        assert tag[0] == "H" and labelled, (fig, tag)
        # A clip follows its section's text, or its section's subsections, or another clip's
        # figure: its title is never above the level of the section it belongs to.
        assert before is None or int(tag[1]) <= int(before[1]) + 1, (fig, tag, before)
    # The fixture's sections are all h2: every title is an h3.
    if site.name == "fixture":
        assert {tag for _, tag, _, _ in levels} == {"H3"}
