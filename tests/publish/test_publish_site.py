"""The site as GitHub Pages would serve it: built by the workflow's command, under /<repo>/."""

from __future__ import annotations

import difflib
import filecmp
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from .crawler import Crawler
from .site_build import ROOT, Site, build_like_the_workflow

pytestmark = pytest.mark.slow

TEXT_SUFFIXES = {".html", ".xml", ".css", ".js", ".json", ".txt", ".svg", ".webmanifest", ".map"}
LOCAL_ADDRESS = re.compile(r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?", re.I)
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


def publish_settings(siteurl: str) -> dict:
    """The settings publishconf.py declares (read the way Pelican reads them)."""
    from pelican.settings import read_settings

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", siteurl)
        patch.chdir(ROOT)
        return read_settings(str(ROOT / "publishconf.py"))


def listing(problems) -> str:
    return "\n".join(str(p) for p in problems)


def test_the_build_writes_the_pages_and_the_extras(site: Site):
    for name in ("index.html", "404.html", "robots.txt", "sitemap.xml", ".nojekyll"):
        assert (site.output / name).is_file(), f"the build did not write {name}"
    assert (site.output / ".nojekyll").read_bytes() == b""
    # The workflow uploads hidden files too (for .nojekyll): nothing else hidden may ride along.
    hidden = sorted(p.relative_to(site.output).as_posix() for p in site.output.rglob(".*"))
    assert hidden == [".nojekyll"]
    assert len(site.html_files()) >= 3, [p.name for p in site.html_files()]


def test_every_reference_of_every_page_resolves_under_the_sub_path(site: Site):
    crawler = Crawler(site.base_url)
    seeds = [site.base_url, site.base_url + "sitemap.xml"]
    seeds += [site.url_of(path) for path in site.html_files()]
    feed = site.output / "feeds" / "all.atom.xml"
    if feed.exists():
        seeds.append(site.url_of(feed))
    report = crawler.crawl(seeds)
    assert not report.problems, f"{len(report.problems)} broken references:\n" + listing(
        report.problems
    )
    # The crawl really went through the site: every page parsed, assets fetched.
    assert {site.url_of(p) for p in site.html_files()} <= report.pages
    fetched = set(report.fetched)
    for asset in ("theme/css/", "theme/js/"):
        assert any(url.startswith(site.base_url + asset) for url in fetched), asset


def test_audio_sources_are_served_with_their_declared_type(site: Site):
    """Every <source> of every <audio> resolves, with the MIME type its `type` attribute says."""
    crawler = Crawler(site.base_url)
    sources = 0
    for path in site.html_files():
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        for source in soup.select("audio source[src]"):
            sources += 1
            crawler.check(
                site.url_of(path), "source", str(source["src"]), expect_type=source.get("type")
            )
    assert not crawler.report.problems, listing(crawler.report.problems)
    # Without any clip on the site this test proves nothing; the essay has clips.
    assert sources > 0, "no <audio><source> found on any page"


def test_json_ld_is_valid_and_its_urls_are_absolute_and_resolve(site: Site):
    crawler = Crawler(site.base_url)
    blocks = 0
    for path in site.html_files():
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
            blocks += 1
            data = json.loads(script.string or "")
            assert data, f"{path}: empty JSON-LD"
            for url in crawler.jsonld_urls(script.string or ""):
                assert urlsplit(url).scheme in ("http", "https"), f"{path}: JSON-LD URL {url!r}"
                crawler.check(site.url_of(path), "json-ld", url)
    assert not crawler.report.problems, listing(crawler.report.problems)
    assert blocks > 0, "no JSON-LD on any page"


def test_404_page_works_at_any_depth(site: Site):
    """Pages serves 404.html for every missing address: its links must not depend on where."""
    body = (site.output / "404.html").read_bytes()
    crawler = Crawler(site.base_url)
    for missing in ("no-such-page", "deep/ly/missing/page/", "essay/typo.html"):
        problems = crawler.check_document(body, site.base_url + missing)
        assert not problems, listing(problems)
    soup = BeautifulSoup(body, "html.parser")
    assert soup.find("a", href=site.siteurl + "/"), "404.html should link to the front page"
    robots = soup.find("meta", attrs={"name": "robots"})
    assert robots and "noindex" in robots["content"], "404.html should say noindex"


def test_no_development_address_is_left_in_any_file(site: Site):
    # The test server's own address is expected (as https://<owner>.github.io would be), with its
    # port, or bare in the feed's tag: URIs; any other local address is a development leftover.
    own = {urlsplit(site.base_url).netloc, urlsplit(site.base_url).hostname}
    leftovers = []
    for path in sorted(site.output.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        for number, line in enumerate(path.read_text("utf-8", "replace").splitlines(), 1):
            for match in LOCAL_ADDRESS.finditer(line):
                if match.group(0) not in own:
                    leftovers.append(f"{path.relative_to(site.output)}:{number}: {match.group(0)}")
    assert not leftovers, "\n".join(leftovers)


def test_robots_txt_and_sitemap_list_every_page_with_absolute_urls(site: Site):
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site.siteurl}/sitemap.xml" in robots.splitlines()
    root = ElementTree.parse(site.output / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP_NS}urlset"
    locs = [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]
    assert len(locs) == len(set(locs)), "duplicate sitemap entries"
    pages = {
        site.url_of(path)
        for path in site.html_files()
        if path.name != "404.html" and "drafts" not in path.relative_to(site.output).parts
    }
    assert set(locs) == pages


def test_feed_is_on_with_absolute_links(site: Site):
    settings = publish_settings(site.siteurl)
    assert settings["FEED_ALL_ATOM"], "publishconf.py must turn the Atom feed on"
    feed = site.output / settings["FEED_ALL_ATOM"]
    root = ElementTree.parse(feed).getroot()
    assert root.tag == f"{ATOM_NS}feed"
    entries = root.findall(f"{ATOM_NS}entry")
    assert entries, "the feed has no entry"
    for link in root.iter(f"{ATOM_NS}link"):
        assert link.get("href", "").startswith(site.siteurl + "/"), link.get("href")


def test_every_page_advertises_the_feed(site: Site):
    feed_url = f"{site.siteurl}/{publish_settings(site.siteurl)['FEED_ALL_ATOM']}"
    missing = []
    for path in site.html_files():
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        links = soup.find_all("link", rel="alternate", type="application/atom+xml")
        if not any(urljoin(site.url_of(path), str(link.get("href"))) == feed_url for link in links):
            missing.append(str(path.relative_to(site.output)))
    assert not missing, (
        f'no <link rel="alternate" type="application/atom+xml"> to the feed in: {missing}'
    )


def test_two_builds_from_the_same_commit_are_byte_identical(site: Site, tmp_path: Path):
    # Two fresh builds back to back (the sources must not change in between), same SITEURL.
    one, two = tmp_path / "one", tmp_path / "two"
    build_like_the_workflow(one, site.siteurl)
    build_like_the_workflow(two, site.siteurl)
    first = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    second = sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert first, "the build wrote nothing"
    assert first == second, f"different files: {sorted(set(first) ^ set(second))}"
    _, mismatch, errors = filecmp.cmpfiles(one, two, first, shallow=False)
    details = []
    for rel in mismatch[:5]:
        a = (one / rel).read_text("utf-8", "replace").splitlines()
        b = (two / rel).read_text("utf-8", "replace").splitlines()
        details += list(difflib.unified_diff(a, b, f"1/{rel}", f"2/{rel}", n=0, lineterm=""))[:12]
    assert not mismatch and not errors, f"differ: {mismatch} {errors}\n" + "\n".join(details)
