"""The essay's notes page as published: every link between the essay and its notes is a full URL
under SITEURL, so the printed essay names the notes page's address (css/print.css)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.editorial import editorial

from .site_build import Site

#: This essay's notes (``notes: page``): a fork with an essay of its own skips it.
pytestmark = [pytest.mark.slow, editorial]


def test_the_essay_and_its_notes_link_each_other_with_full_urls(site: Site):
    essay = BeautifulSoup((site.output / "essay" / "index.html").read_bytes(), "html.parser")
    notes = BeautifulSoup(
        (site.output / "essay" / "notes" / "index.html").read_bytes(), "html.parser"
    )
    assert essay.select_one(".notes-pointer a")["href"] == f"{site.siteurl}/essay/notes/"
    refs = essay.select("a.footnote-ref")
    backs = notes.select("a.footnote-backref")
    assert refs and len(refs) == len(backs)
    assert all(a["href"].startswith(f"{site.siteurl}/essay/notes/#fn:") for a in refs)
    assert all(a["href"].startswith(f"{site.siteurl}/essay/#fnref:") for a in backs)
