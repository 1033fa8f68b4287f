"""The essay's notes on their own page (issue 23, page weight): every note of content/essay.md is on
/essay/notes/ exactly once, with its words, and every reference in the essay leads to one of them."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.editorial import editorial

from .essay_doc import essay, footnote_refs, footnotes, prose

pytestmark = editorial

PLAIN_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@pytest.fixture(scope="module")
def pages(real_site_output):
    def read(relative):
        return BeautifulSoup((real_site_output / relative).read_bytes(), "html.parser")

    return read("essay/index.html"), read("essay/notes/index.html")


def test_every_note_of_the_source_is_on_the_notes_page_once(pages):
    article, notes = pages
    labels = footnotes(essay())
    assert len(labels) >= 40
    listed = [li["id"] for li in notes.select(".footnote ol > li[id]")]
    assert sorted(listed) == sorted(f"fn:{label}" for label in labels)
    assert len(listed) == len(set(listed))
    for label, text in labels.items():
        (note,) = notes.find_all(id=f"fn:{label}")
        # The note's opening words reach the page (Markdown reduced to its words; SmartyPants
        # curls the quotes).
        first = " ".join(prose(text).split()[:4])
        assert first, label
        shown = " ".join(note.get_text().split()).translate(PLAIN_QUOTES)
        assert first.translate(PLAIN_QUOTES) in shown, label
    # The essay keeps no note, only the section that says where they are.
    assert article.select(".footnote, li[id^='fn:']") == []
    pointer = article.find("h2", string="Notes").find_next_sibling("p")
    assert urlsplit(pointer.a["href"]).path == "/essay/notes/"


def test_every_reference_in_the_essay_leads_to_its_note_and_back(pages):
    article, notes = pages
    refs = article.select("a.footnote-ref")
    assert [urlsplit(a["href"]).fragment for a in refs] == [
        f"fn:{label}" for label in footnote_refs(essay().body)
    ]
    note_ids = {li["id"] for li in notes.select("li[id]")}
    for a in refs:
        href = urlsplit(a["href"])
        assert href.path == "/essay/notes/" and href.fragment in note_ids, a["href"]
    article_ids = {tag["id"] for tag in article.find_all(id=True)}
    for back in notes.select("a.footnote-backref"):
        href = urlsplit(back["href"])
        assert href.path == "/essay/" and href.fragment in article_ids, back["href"]
    assert len(notes.select("a.footnote-backref")) == len(refs)
