"""Sharing the published site: link previews (OpenGraph, Twitter cards), canonical addresses, the
Atom feed's audio enclosures (read with feedparser, as feed readers do) and the sitemap's lastmod,
all under the project sub-path."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup

from .site_build import Site

pytestmark = pytest.mark.slow

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup_of(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "html.parser")


def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return str(tag["content"]) if tag else None


def shared_pages(site: Site):
    return [p for p in site.html_files() if p.name != "404.html"]


def clip_files(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(URL, type) of each clip's last <source> (its most widely playable file), in page order."""
    found = []
    for figure in soup.select("figure.clip"):
        last = figure.select("audio source")[-1]
        found.append((str(last["src"]), str(last["type"])))
    return found


def test_every_page_has_a_canonical_address_and_a_share_preview(site: Site):
    problems = []
    for path in shared_pages(site):
        rel = path.relative_to(site.output)
        soup = soup_of(path)
        url = site.url_of(path)
        canonical = [link["href"] for link in soup.find_all("link", rel="canonical")]
        if canonical != [url]:
            problems.append(f"{rel}: canonical {canonical}, want [{url}]")
        if meta(soup, "og:url") != url:
            problems.append(f"{rel}: og:url {meta(soup, 'og:url')!r}, want {url!r}")
        for key in ("og:title", "og:description", "og:site_name", "twitter:title"):
            if not (meta(soup, key) or "").strip():
                problems.append(f"{rel}: no {key}")
        if meta(soup, "twitter:card") != "summary":
            problems.append(f"{rel}: twitter:card {meta(soup, 'twitter:card')!r}")
        title = soup.find("h1")
        if title and meta(soup, "og:title") != title.get_text(" ", strip=True):
            problems.append(f"{rel}: og:title {meta(soup, 'og:title')!r} is not the page's <h1>")
    assert not problems, "\n".join(problems)


def test_articles_share_as_articles_with_their_first_clip(site: Site):
    articles = 0
    for path in shared_pages(site):
        soup = soup_of(path)
        if meta(soup, "og:type") != "article":
            continue
        articles += 1
        assert meta(soup, "og:description") == meta(soup, "description"), path
        assert datetime.fromisoformat(meta(soup, "article:published_time") or "")
        clips = clip_files(soup)
        if clips:
            assert (meta(soup, "og:audio"), meta(soup, "og:audio:type")) == clips[0], path
            assert clips[0][0].startswith(site.siteurl + "/"), clips[0]
        else:
            assert meta(soup, "og:audio") is None, path
    assert articles, "no page shares as og:type article"
    assert meta(soup_of(site.output / "index.html"), "og:type") == "website"


def test_the_404_page_claims_no_address(site: Site):
    soup = soup_of(site.output / "404.html")
    assert not soup.find("link", rel="canonical")
    assert meta(soup, "og:url") is None


def test_feed_entries_carry_each_clip_as_an_enclosure(site: Site):
    feed = feedparser.parse((site.output / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    with_clips = 0
    for entry in feed.entries:
        page = site.output / entry.link.removeprefix(site.base_url) / "index.html"
        expected = clip_files(soup_of(page))
        enclosures = [(e.href, e.type) for e in entry.enclosures]
        assert enclosures == expected, entry.link
        for enclosure in entry.enclosures:
            file = site.output / enclosure.href.removeprefix(site.base_url)
            assert int(enclosure.length) == file.stat().st_size, enclosure.href
        with_clips += bool(expected)
    assert with_clips, "no feed entry has clips: the test proves nothing"


def test_sitemap_gives_every_page_a_lastmod_from_the_content(site: Site):
    root = ElementTree.parse(site.output / "sitemap.xml").getroot()
    lastmods = {}
    for url in root.iter(f"{SITEMAP_NS}url"):
        loc, lastmod = url.find(f"{SITEMAP_NS}loc"), url.find(f"{SITEMAP_NS}lastmod")
        assert lastmod is not None and lastmod.text, f"no lastmod for {loc.text}"
        lastmods[loc.text] = datetime.fromisoformat(lastmod.text)
    dates = []
    for path in shared_pages(site):
        soup = soup_of(path)
        own = meta(soup, "article:modified_time") or meta(soup, "article:published_time")
        if own:
            dates.append(datetime.fromisoformat(own))
            assert lastmods[site.url_of(path)] == datetime.fromisoformat(own), path
    assert dates, "no page states its date"
    assert lastmods[site.base_url] == max(dates), "the front page: the newest date of the site"
