"""The real site, built by Pelican from the repo's content into a temporary folder."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.editorial import editorial

from .essay_doc import (
    ILLUSTRATED,
    SECTION_IDS,
    SOURCE_GROUPS,
    clip_id,
    clips,
    essay,
    parse_time,
)

pytestmark = editorial


@pytest.fixture(scope="module")
def built(real_site_output):
    return real_site_output


def page(root, relative):
    return BeautifulSoup((root / relative).read_text(encoding="utf-8"), "html.parser")


def sections(soup):
    """Map each top-level section id to the clip figures between its heading and the next one."""
    result = {}
    for h2 in soup.find_all("h2"):
        if h2.get("id") not in SECTION_IDS:
            continue
        figures = []
        for node in h2.find_all_next():
            if node.name == "h2":
                break
            if node.name == "figure" and "clip" in (node.get("class") or []):
                figures.append(node["id"])
        result[h2["id"]] = figures
    return result


def test_sections_render_in_order_with_their_ids(built):
    soup = page(built, "essay/index.html")
    assert [h["id"] for h in soup.find_all("h2") if h.get("id") in SECTION_IDS] == list(SECTION_IDS)


def test_every_clip_is_rendered_once_in_its_section(built):
    soup = page(built, "essay/index.html")
    placed = sections(soup)
    expected = {f"clip-{clip_id(c)}" for c in clips(essay())}
    rendered = [fid for figures in placed.values() for fid in figures]
    assert sorted(rendered) == sorted(expected)
    for section in ILLUSTRATED:
        assert placed.get(section), f"no clip rendered in {section}"


def test_moments_and_descriptions_reach_the_page(built):
    soup = page(built, "essay/index.html")
    for clip in clips(essay()):
        figure = soup.find(id=f"clip-{clip_id(clip)}")
        text = " ".join(figure.get_text(" ").split())
        first_words = " ".join(str(clip["description"]).split()[:6])
        assert first_words in text
        # Each moment's exact time (tenths included) reaches the page as the jump target; the
        # visible label says the same time (m:ss, with the tenth when there is one).
        times = figure.select(".clip-moments li > time[datetime]")
        targets = [float(t["datetime"].removeprefix("PT").removesuffix("S")) for t in times]
        labels = [t.get_text() for t in times]
        assert len(targets) == len(clip["listen_for"])
        for moment, target, label in zip(clip["listen_for"], targets, labels, strict=True):
            at = parse_time(moment["at"])
            assert target == pytest.approx(at, abs=1e-6), (moment, target)
            assert parse_time(label) == pytest.approx(at, abs=0.05), (moment, label)
            assert str(moment["text"]).split()[0] in text


def section_links(heading) -> list[str]:
    """The hrefs between an <h2> and the next <h2> (or the end of the essay body)."""
    hrefs = []
    for node in heading.find_all_next():
        if node.name == "h2" or "essay-body" in (node.get("class") or []):
            break
        if node.name == "footer":
            break
        if node.name == "a" and node.get("href"):
            hrefs.append(node["href"])
    return hrefs


def ids_of(soup) -> set[str]:
    return {tag["id"] for tag in soup.find_all(id=True)}


def test_sources_links_are_rendered(built):
    """The essay's Sources section leads to the sources page and to each of its groups; that page
    renders every group under its heading, with its links and a link back to its section."""
    essay_soup = page(built, "essay/index.html")
    sources_soup = page(built, "sources/index.html")
    heading = essay_soup.find("h2", id="sources")
    assert heading is not None
    leads = [urlsplit(href) for href in section_links(heading)]
    assert any(u.path == "/sources/" and not u.fragment for u in leads)
    fragments = {u.fragment for u in leads if u.path == "/sources/" and u.fragment}
    assert fragments == set(SOURCE_GROUPS)
    assert fragments <= ids_of(sources_soup), "a group link leads to no heading"

    total = []
    essay_ids = ids_of(essay_soup)
    for gid, (title, section) in SOURCE_GROUPS.items():
        group = sources_soup.find("h2", id=gid)
        assert group is not None and group.get_text(strip=True) == title, gid
        hrefs = section_links(group)
        web = [h for h in hrefs if h.startswith(("http://", "https://"))]
        assert len(web) >= 3, f"{title}: {len(web)} links"
        total += web
        back = [urlsplit(h) for h in hrefs if urlsplit(h).path == "/essay/"]
        assert [u.fragment for u in back] == [section], f"{title}: link back to the essay"
        assert section in essay_ids
    assert len(total) >= 100  # 115 after issue 16 dropped mirrors and weak sources
    assert len(total) == len(set(total))


def test_about_page_links_to_essay_and_credits(built):
    soup = page(built, "about/index.html")
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert "../essay/" in hrefs and "../credits/" in hrefs
    assert (built / "credits" / "index.html").exists()
    assert "docs/authoring.md" in soup.get_text()
