"""The theme serves a collection of essays: a front page of cards, a navigation of fixed size,
series with a reading order, previous/next links and a contents list per essay; a site with one
essay keeps its single-essay look. Built from fixtures (no browser needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.publish.nu import errors_in, run_vnu
from tests.support.fixture_site import write_fixture_project
from tests.support.sites import build_site as build

SITEURL = "https://owner.github.io/repo"
SERIES = "Listening guides"

GUIDE_ONE = """\
---
title: "A guide to the coda"
date: 2026-11-21
slug: guide-one
series: "Listening guides"
series_index: 1
summary: "The first listening guide: two bright notes."
clips:
  - src: clips/coda.opus
    section: the-notes
    title: Coda
    composer: The Test Suite
    performer: Synthesised by the test
    license: CC0-1.0
    description: Two short bright notes and silence.
---

## The notes {#the-notes}

Two notes.

## The silence {#the-silence}

Then nothing.
"""

GUIDE_TWO = """\
---
title: "A guide to the hum"
date: 2026-11-19
slug: guide-two
series: "Listening guides"
series_index: 2
summary: "The second listening guide, written before the first."
---

## What to listen for {#listen-for}

A hum.

## Why it matters {#why}

It holds the scene together.
"""

PLAIN = """\
---
title: "Note {n}"
date: 2026-10-{day:02d}
slug: note-{n}
summary: "A short note."
---

## Only section {{#only}}

Text.
"""


def soup_of(output: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((output / rel).read_text(encoding="utf-8"), "html.parser")


def nav_links(output: Path, rel: str = "index.html") -> list[str]:
    return [a.get_text(strip=True) for a in soup_of(output, rel).select(".site-nav a")]


GUIDE_EXTRA = """\
---
title: "An extra guide"
date: 2026-11-01
slug: guide-extra
series: "Listening guides"
summary: "A guide without an index: after the indexed ones, though it is the oldest."
---

## Extra {#extra}

More.
"""


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    """Four essays (three in a series: the second dated earlier, the third without an index),
    built under a project sub-path."""
    root = tmp_path_factory.mktemp("collection")
    overrides = write_fixture_project(root)
    (root / "content" / "guide-one.md").write_text(GUIDE_ONE, encoding="utf-8")
    (root / "content" / "guide-two.md").write_text(GUIDE_TWO, encoding="utf-8")
    (root / "content" / "guide-extra.md").write_text(GUIDE_EXTRA, encoding="utf-8")
    build(root / "output", root / "cache", SITEURL=SITEURL, **overrides)
    return root / "output"


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """The fixture essay and twelve more."""
    root = tmp_path_factory.mktemp("many")
    overrides = write_fixture_project(root)
    for n in range(1, 13):
        text = PLAIN.format(n=n, day=n)
        (root / "content" / f"note-{n}.md").write_text(text, encoding="utf-8")
    build(root / "output", root / "cache", **overrides)
    return root / "output"


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("single")
    overrides = write_fixture_project(root)
    build(root / "output", root / "cache", **overrides)
    return root / "output"


def test_the_front_page_has_a_card_per_essay_with_its_clips_and_their_length(collection):
    cards = soup_of(collection, "index.html").select("article.card")
    titles = [card.h2.get_text(strip=True) for card in cards]
    assert titles == [
        "A guide to the coda",
        "Listening to the pictures",
        "A guide to the hum",
        "An extra guide",
    ]
    for card in cards:
        href = card.h2.a["href"]
        assert href.startswith(SITEURL + "/")
        page = soup_of(collection, href.removeprefix(SITEURL + "/") + "index.html")
        assert card.select_one(".card-summary").get_text(strip=True)
        figures = page.select("figure.clip")
        meta = card.select_one(".essay-meta").get_text(" ", strip=True)
        if figures:
            total = int(sum(float(f["data-duration"]) for f in figures))
            n = len(figures)
            assert f"{n} clip{'s' if n != 1 else ''}, {total} seconds of music" in meta
        else:
            assert "clip" not in meta
    series = [c.select_one(".card-series") for c in cards]
    assert [s.get_text(strip=True) if s else None for s in series] == [
        f"Series: {SERIES}",
        None,
        f"Series: {SERIES}",
        f"Series: {SERIES}",
    ]


def test_the_navigation_stays_the_same_size_however_many_essays(single, collection, many):
    assert nav_links(single) == ["The essay", "About", "Credits"]
    assert nav_links(collection) == ["Essays", "About", "Credits"]
    assert nav_links(many) == ["Essays", "About", "Credits"]
    assert nav_links(many, "note-7/index.html") == ["Essays", "About", "Credits"]
    current = soup_of(many, "index.html").select('.site-nav a[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Essays"]


def test_a_series_is_read_in_its_own_order(collection):
    """Indexed essays first, by index (guide-two is older than guide-one), then the rest by date."""
    one = soup_of(collection, "guide-one/index.html")
    two = soup_of(collection, "guide-two/index.html")
    extra = soup_of(collection, "guide-extra/index.html")
    for page, part in ((one, 1), (two, 2), (extra, 3)):
        line = page.select_one(".essay-series").get_text(strip=True)
        assert line == f"Part {part} of 3 in the series “{SERIES}”"
    assert one.find("a", rel="prev") is None
    assert one.find("a", rel="next")["href"] == f"{SITEURL}/guide-two/"
    assert two.find("a", rel="prev")["href"] == f"{SITEURL}/guide-one/"
    assert two.find("a", rel="next")["href"] == f"{SITEURL}/guide-extra/"
    assert extra.find("a", rel="next") is None
    assert one.select_one(".essay-pager")["aria-label"] == f"More in “{SERIES}”"


def test_essays_outside_a_series_are_read_oldest_first(collection, many):
    essay = soup_of(collection, "essay/index.html")
    assert essay.select_one(".essay-series") is None
    assert essay.find("a", rel="prev")["href"] == f"{SITEURL}/guide-two/"
    assert essay.find("a", rel="next")["href"] == f"{SITEURL}/guide-one/"
    note = soup_of(many, "note-7/index.html")
    assert note.find("a", rel="prev")["href"] == "/note-6/"
    assert note.find("a", rel="next")["href"] == "/note-8/"


def test_each_essay_has_its_own_contents_list(collection):
    toc = soup_of(collection, "guide-two/index.html").select(".toc a")
    assert [a["href"] for a in toc] == ["#listen-for", "#why"]
    toc = soup_of(collection, "guide-one/index.html").select(".toc a")
    assert [a["href"] for a in toc] == ["#the-notes", "#the-silence"]


def test_a_single_essay_site_keeps_its_look(single):
    essay = soup_of(single, "essay/index.html")
    assert essay.select_one(".essay-pager") is None
    assert essay.select_one(".essay-series") is None
    assert len(soup_of(single, "index.html").select("article.card")) == 1


def test_the_collection_pages_are_valid_html(collection):
    pages = sorted(collection.rglob("*.html"))
    errors = errors_in(run_vnu(pages))
    assert not errors, "\n".join(f"{m.get('url')}: {m.get('message')}" for m in errors)


def test_a_paginated_front_page_links_its_pages(tmp_path):
    """With DEFAULT_PAGINATION, the front page shows a page of cards and links the next page."""
    overrides = write_fixture_project(tmp_path)
    for n in range(1, 13):
        text = PLAIN.format(n=n, day=n)
        (tmp_path / "content" / f"note-{n}.md").write_text(text, encoding="utf-8")
    build(tmp_path / "output", tmp_path / "cache", DEFAULT_PAGINATION=5, **overrides)
    first = soup_of(tmp_path / "output", "index.html")
    assert len(first.select("article.card")) == 5
    assert first.find("a", rel="prev") is None
    following = first.find("a", rel="next")["href"].lstrip("/")
    second = soup_of(tmp_path / "output", following)
    assert len(second.select("article.card")) == 5
    assert second.find("a", rel="prev") and second.find("a", rel="next")
    assert nav_links(tmp_path / "output", following) == ["Essays", "About", "Credits"]
