"""Issue 23, page weight: the essay's notes are on a page of their own (<essay>/notes/) and a click
on a note reference shows that note beside it, in a popover that Escape and its close button close,
giving focus back to the reference. Without JavaScript the reference opens the notes page at the
note, and the note's back-link returns to the reference. The notes page passes axe."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.browser.pagekit import screenshot_path, violations, wait_until
from tests.editorial import editorial

#: This essay's notes on a page of their own: a fork with an essay of its own skips them.
pytestmark = [pytest.mark.browser, editorial]

#: The third note reference of the essay: "Note 3".
NTH = 2
OPEN = "() => { const p = document.querySelector('.note-popover'); return !!p && p.matches(':popover-open'); }"
CLOSED = "() => !document.querySelector('.note-popover:popover-open')"


def note_text(site, note_id: str) -> str:
    """A note's words on the built notes page, without its back-link."""
    soup = BeautifulSoup(
        (site.output / site.essay / "notes" / "index.html").read_bytes(), "html.parser"
    )
    note = soup.find(id=note_id)
    assert note is not None, note_id
    for back in note.select(".footnote-backref"):
        back.decompose()
    return " ".join(note.get_text().split())


def focused_href(page) -> str | None:
    return page.evaluate("() => document.activeElement.getAttribute('href')")


@pytest.mark.parametrize(
    ("width", "scheme"), [(390, "light"), (1280, "light"), (390, "dark"), (1280, "dark")]
)
def test_note_3_opens_beside_its_reference_and_escape_returns_focus(
    real_site, open_page, width, scheme
):
    page, log = open_page(real_site.url(real_site.essay), width=width, scheme=scheme)
    ref = page.locator("a.footnote-ref").nth(NTH)
    href = ref.get_attribute("href")
    note_id = urlsplit(href).fragment
    assert urlsplit(href).path.endswith("/notes/"), href
    fetched_before = [url for url, _ in log.requests if "notes" in urlsplit(url).path]
    assert fetched_before == [], "nothing of the notes is fetched on arrival"

    ref.scroll_into_view_if_needed()
    ref.click()
    wait_until(page, OPEN)
    popover = page.locator(".note-popover")
    assert page.url == real_site.url(real_site.essay), "the click stays on the essay"
    assert popover.get_by_text("Note 3").is_visible()
    text = " ".join(popover.locator(".note-popover-text").inner_text().split())
    assert text == note_text(real_site, note_id)
    assert popover.get_by_role("link", name="All the notes, on their own page").get_attribute(
        "href"
    ) == page.evaluate("(a) => a.href", ref.element_handle())
    # Right at the reference: just below (or above) it, on screen, inside the viewport's width.
    at, box = ref.bounding_box(), popover.bounding_box()
    gap_below = box["y"] - (at["y"] + at["height"])
    gap_above = at["y"] - (box["y"] + box["height"])
    assert 0 <= gap_below < 12 or 0 <= gap_above < 12, (at, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["x"] <= at["x"] < box["x"] + box["width"], "it starts at, or left of, its reference"
    page.screenshot(path=screenshot_path(f"note-preview-{width}-{scheme}.png"))
    assert violations(page) == []

    page.keyboard.press("Escape")
    wait_until(page, CLOSED)
    assert focused_href(page) == href

    # The close button does the same; another reference while one is open shows its own note.
    ref.click()
    wait_until(page, OPEN)
    page.get_by_role("button", name="Close the note").click()
    wait_until(page, CLOSED)
    assert focused_href(page) == href
    requests = [url for url, _ in log.requests if urlsplit(url).path.endswith("/notes/")]
    assert len(requests) == 1, f"the notes page is fetched once: {requests}"
    assert log.errors == []


def test_without_javascript_the_reference_opens_the_notes_page_and_the_note_leads_back(
    real_site, open_page
):
    page, _ = open_page(real_site.url(real_site.essay), width=390, js=False)
    ref = page.locator("a.footnote-ref").nth(NTH)
    note_id = urlsplit(ref.get_attribute("href")).fragment
    ref_id = page.evaluate("(a) => a.parentElement.id", ref.element_handle())
    ref.click()
    page.wait_for_url(f"**/notes/#{note_id}")
    note = page.locator(f"li[id='{note_id}']")
    assert note.is_visible() and note.bounding_box()["y"] < 900
    note.locator(".footnote-backref").click()
    page.wait_for_url(f"**/{real_site.essay}#{ref_id}")
    assert urlsplit(page.url).path == urlsplit(real_site.url(real_site.essay)).path


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_notes_page_passes_axe(real_site, open_page, scheme):
    page, log = open_page(real_site.url(real_site.essay + "notes/"), width=390, scheme=scheme)
    assert page.locator("ol > li[id^='fn:']").count() > 0
    assert violations(page) == []
    page.screenshot(path=screenshot_path(f"notes-page-390-{scheme}.png"))
    assert log.errors == []


def test_print_hides_the_preview_and_prints_the_notes_pages_address(real_site, open_page):
    page, _ = open_page(real_site.url(real_site.essay), width=1280)
    page.locator("a.footnote-ref").nth(NTH).click()
    wait_until(page, OPEN)
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => {
          const a = document.querySelector('.notes-pointer a');
          return {preview: getComputedStyle(document.querySelector('.note-popover')).display,
                  after: getComputedStyle(a, '::after').content, href: a.getAttribute('href')};
        }"""
    )
    assert shown["preview"] == "none"
    # The address as the page writes it: the full URL in the published site (RELATIVE_URLS off).
    assert shown["href"].endswith("/essay/notes/")
    assert shown["after"] == f'" <{shown["href"]}>"'
