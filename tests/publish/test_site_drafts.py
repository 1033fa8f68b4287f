"""The essay as a draft or a hidden article builds with this site's own settings (pelicanconf.py,
which writes no category pages), clips and all, where Pelican writes drafts."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.editorial import editorial
from tests.support.sites import REPO, build_site

ESSAY = REPO / "content" / "essay.md"


@editorial  # this essay's clips and slug; a fork's own essay is built by the other site tests
@pytest.mark.parametrize(
    ("status", "summary", "where"),
    [
        ("draft", True, "drafts/essay.html"),
        ("draft", False, "drafts/essay.html"),
        ("hidden", True, "essay/index.html"),
        ("hidden", False, "essay/index.html"),
    ],
)
def test_the_essay_as_draft_or_hidden_builds_on_the_site_settings(tmp_path, status, summary, where):
    text = ESSAY.read_text(encoding="utf-8")
    text = text.replace("\nslug: essay\n", f"\nslug: essay\nstatus: {status}\n", 1)
    if not summary:  # the automatic summary then opens the page: it must not repeat an id
        text = re.sub(r"\nsummary: .*\n", "\n", text, count=1)
    content = tmp_path / "content"
    content.mkdir()
    (content / "essay.md").write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    build_site(
        output,
        tmp_path / "cache",
        PATH=str(content),
        AUDIO_CLIPS_MEDIA_PATH=str(REPO / "media"),
        THEME_ASSETS_MINIFY=False,
    )  # strict: a problem or an id used twice would raise
    page = BeautifulSoup((output / where).read_text(encoding="utf-8"), "html.parser")
    figures = page.select("figure.clip")
    assert len(figures) >= 10
    for source in page.select("figure.clip audio source"):
        assert (output / source["src"].lstrip("/")).is_file(), source["src"]
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))
