"""Every page in Chromium: axe-core audit, JSON-LD, credits, contents, console and network."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.pagekit import clip_ids, iso_seconds, press_play, violations, wait_playing

pytestmark = pytest.mark.browser


def test_every_page_passes_axe_with_a_clean_console(showcase_site, open_page):
    site = showcase_site
    assert site.pages, "the build wrote no pages"
    for path in site.pages:
        page, log = open_page(site.url(path))
        assert violations(page) == [], path
        assert log.errors == [], path
        assert log.foreign_requests() == [], path


def test_every_other_page_passes_axe_in_dark_mode(showcase_site, open_page):
    site = showcase_site
    for path in site.pages:
        if path == site.essay:
            continue  # the essay in dark mode, while playing, is the next test
        page, _ = open_page(site.url(path), scheme="dark")
        assert violations(page) == [], path


@pytest.mark.parametrize("scheme", ["dark"])
def test_essay_passes_axe_in_dark_mode_and_while_playing(site, open_page, scheme):
    page, log = open_page(site.url(site.essay), width=390, scheme=scheme)
    clip = clip_ids(page)[0]
    press_play(page, clip)
    wait_playing(page, clip, beyond=0.2)
    assert page.locator(".now-playing").is_visible()
    assert violations(page) == []
    assert log.errors == []


def test_json_ld_describes_every_clip_on_the_page(site, open_page):
    page, _ = open_page(site.url(site.essay))
    blocks = page.evaluate(
        "() => [...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
        ".map(s => s.textContent)"
    )
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    objects = data if isinstance(data, list) else data.get("@graph", [data])
    figures = page.evaluate(
        """() => [...document.querySelectorAll('figure.clip')].map(f => ({
          id: f.id, duration: parseFloat(f.dataset.duration),
          license: f.querySelector('a[rel=license]').href,
          title: f.querySelector('.clip-title').textContent,
          sources: [...f.querySelectorAll('source')].map(s => s.src)}))"""
    )
    assert len(objects) == len(figures)
    for obj, figure in zip(objects, figures, strict=True):
        assert obj["@type"] == "AudioObject"
        assert obj["@id"].endswith("#" + figure["id"])
        assert obj["name"] == figure["title"]
        assert obj["license"] == figure["license"]
        assert abs(iso_seconds(obj["duration"]) - figure["duration"]) <= 0.5
        content_url = urljoin(page.url, obj["contentUrl"])
        assert content_url in figure["sources"]
        request = urllib.request.Request(content_url, method="HEAD")
        with urllib.request.urlopen(request) as response:
            assert response.status == 200


def test_credits_page_lists_every_clip_and_links_back(site, open_page):
    credits_path = next((p for p in site.pages if p.rstrip("/").endswith("credits")), None)
    assert credits_path, f"no credits page among {site.pages}"
    page, log = open_page(site.url(credits_path))
    entries = page.evaluate(
        """() => [...document.querySelectorAll('.credit')].map(c => ({
          title: c.querySelector('.credit-title').textContent,
          license: c.querySelector('a[rel=license]')?.href,
          used: [...c.querySelectorAll('a')].map(a => a.href).filter(h => h.includes('#clip-')),
        }))"""
    )
    assert entries
    on_pages = {}
    for entry in entries:
        assert entry["license"], entry
        assert len(entry["used"]) == 1, entry
        url, _, anchor = entry["used"][0].partition("#")
        if url not in on_pages:
            target, _ = open_page(url)
            on_pages[url] = target.evaluate(
                """() => Object.fromEntries([...document.querySelectorAll('figure.clip')]
                     .map(f => [f.id, f.querySelector('.clip-title').textContent]))"""
            )
        assert on_pages[url].get(anchor) == entry["title"], entry
    total = sum(len(figures) for figures in on_pages.values())
    assert total == len(entries), "a clip is missing from the credits page"
    assert log.errors == []
    assert urlsplit(page.url).netloc == urlsplit(site.base_url).netloc


def test_table_of_contents_links_every_section(showcase_site, open_page):
    site = showcase_site
    page, _ = open_page(site.url(site.essay))
    links = page.evaluate(
        "() => [...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href'))"
    )
    headings = page.evaluate(
        "() => [...document.querySelectorAll('.essay-body h2[id]')].map(h => '#' + h.id)"
    )
    assert links == headings
    assert len(links) >= 2
    page.locator("nav.toc a").last.click()
    # The heading comes to the top, or as near as the page allows (a short last section).
    top, at_end = page.evaluate(
        """(id) => [document.getElementById(id).getBoundingClientRect().top,
          scrollY + innerHeight >= document.documentElement.scrollHeight - 2]""",
        links[-1][1:],
    )
    assert 0 <= top < 200 or (at_end and 0 <= top < 900 - 100), (top, at_end)
    # The section being read is marked in the contents (the script follows the scrolling).
    middle = links[len(links) // 2]
    page.evaluate("(id) => document.getElementById(id).scrollIntoView()", middle[1:])
    page.wait_for_timeout(150)
    current = page.evaluate(
        "() => [...document.querySelectorAll('nav.toc a[aria-current=location]')]"
        ".map(a => a.getAttribute('href'))"
    )
    assert current == [middle]
