"""Issue 17, item 3: cards that stay out of the way. Each clip's card is measured in Chromium
(notation closed) at 390 and 1280 px, light and dark; credits and the long description fold into
a disclosure that stays in the page; clip titles are headings one level below their section's."""

from __future__ import annotations

import pytest

from tests.browser.test_browser_pages import violations

pytestmark = pytest.mark.browser

#: Card height targets (px) at each width, with the notation closed.
TARGET = {1280: 450, 390: 700}

HEIGHTS = """() => [...document.querySelectorAll('figure.clip')].map(f => {
  const s = getComputedStyle(f);
  return [f.id, f.getBoundingClientRect().height];
})"""

CLOSE_NOTATION = """() => document.querySelectorAll('details.clip-notation-box')
  .forEach(d => { d.open = false; })"""

#: Height of each part of a card, for the report.
PARTS = """(id) => [...document.getElementById(id).querySelectorAll(
  ':scope > *, :scope > figcaption > *')].map(e => [e.tagName + '.' + e.className,
  Math.round(e.getBoundingClientRect().height)])"""

SHARE = """() => {
  const total = document.documentElement.scrollHeight;
  const cards = [...document.querySelectorAll('figure.clip')]
    .reduce((sum, f) => sum + f.getBoundingClientRect().height, 0);
  return cards / total;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_cards_are_short_with_notation_closed(site, open_page, width, scheme):
    page, _ = open_page(site.url(site.essay), width=width, scheme=scheme)
    page.evaluate(CLOSE_NOTATION)
    heights = page.evaluate(HEIGHTS)
    assert heights
    values = [h for _, h in heights]
    share = page.evaluate(SHARE)
    print(
        f"\n{site.name} {width} px {scheme}: {len(values)} cards, mean {sum(values) / len(values):.0f} px,"
        f" max {max(values):.0f} px ({max(heights, key=lambda x: x[1])[0]}),"
        f" {share:.0%} of the page"
    )
    tallest = max(heights, key=lambda x: x[1])[0]
    print(page.evaluate(PARTS, tallest))
    # The target is for the typical card (the issue measured the mean: 784 px at 1280, 997 px at
    # 390); the longest captions and lists of moments may run past it.
    assert sum(values) / len(values) < TARGET[width]
    assert max(values) < TARGET[width] * 1.25, heights
    # The folded parts are still in the page, closed.
    more = page.evaluate(
        "() => [...document.querySelectorAll('figure.clip')].map(f => {"
        " const d = f.querySelector('details.clip-more');"
        " return [!!d && !d.open, !!d?.querySelector('.clip-desc'),"
        " !!d?.querySelector('a[rel=license]')]; })"
    )
    assert all(m == [True, True, True] for m in more), more


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
