"""The credits page: one entry per recording, linking every place it is played."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from clipsite import ARTICLE, GOOD_CLIP


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html5lib")


def second_article(site, slug: str, title: str, clip_title: str = "A rag") -> None:
    front = GOOD_CLIP.replace("title: A rag", f"title: {clip_title}")
    text = ARTICLE.format(front=front.strip())
    text = text.replace("slug: essay", f"slug: {slug}").replace("A test essay", title)
    (site.content / f"{slug}.md").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("theme", ["ours", "simple"])
def test_a_recording_used_twice_is_credited_once_with_both_uses(site, theme):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    second_article(site, "again", "Tom & Jerry, again")
    overrides = {} if theme == "ours" else {"THEME": "simple"}
    assert site.build(**overrides) is None
    credits = soup(site.page("credits/index.html"))
    entries = credits.select(".credit") if theme == "ours" else credits.select("main li, li")
    entries = [e for e in entries if e.find("a", rel="license")]
    assert len(entries) == 1, [e.get_text(" ", strip=True) for e in entries]
    uses = sorted(a["href"] for a in entries[0].find_all("a") if "#clip-" in a.get("href", ""))
    assert uses == ["/again/#clip-rag", "/essay/#clip-rag"]
    assert "Tom & Jerry, again" in entries[0].get_text(" ", strip=True)


def test_the_same_file_under_another_title_is_an_error_naming_both(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    second_article(site, "again", "Again", clip_title="The rag, slower")
    assert site.build() is not None
    found = [e for e in errors() if "title" in e and "'The rag, slower'" in e]
    assert len(found) == 1, errors()
    assert "content/again.md:9" in found[0] and "content/essay.md:9" in found[0]


def test_not_strict_a_conflicting_recording_is_still_credited_once(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    second_article(site, "again", "Again", clip_title="The rag, slower")
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    credits = soup(site.page("credits/index.html"))
    titles = [e.select_one(".credit-title").get_text() for e in credits.select(".credit")]
    assert titles in (["A rag"], ["The rag, slower"]), titles
