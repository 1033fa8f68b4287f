"""Drafts, hidden articles and pages build with their clips, written where Pelican writes them,
with slug-folder URLs and with Pelican's own defaults (tests/publish/test_site_drafts.py builds
them with the repository's pelicanconf.py); an automatic summary never repeats the article's
ids."""

from __future__ import annotations

import textwrap

import pytest
from bs4 import BeautifulSoup
from clipsite import ARTICLE, GOOD_CLIP

#: Pelican's defaults for where content goes (no slug-folder URLs, no theme of ours).
PELICAN_DEFAULTS = {
    "ARTICLE_URL": "{slug}.html",
    "ARTICLE_SAVE_AS": "{slug}.html",
    "PAGE_URL": "pages/{slug}.html",
    "PAGE_SAVE_AS": "pages/{slug}.html",
    "THEME": "notmyidea",
}

#: Where Pelican writes each kind of content, with the site helper's slug-folder URLs.
WHERE = {
    ("article", "draft"): "drafts/essay.html",
    ("article", "hidden"): "essay/index.html",
    ("page", "draft"): "drafts/pages/essay.html",
    ("page", "hidden"): "essay/index.html",
    ("page", "published"): "essay/index.html",
}
WHERE_BY_DEFAULT = {
    ("article", "draft"): "drafts/essay.html",
    ("article", "hidden"): "essay.html",
    ("page", "draft"): "drafts/pages/essay.html",
    ("page", "hidden"): "pages/essay.html",
    ("page", "published"): "pages/essay.html",
}


def content_with_status(status: str) -> str:
    front = textwrap.dedent(GOOD_CLIP).strip()
    return ARTICLE.format(front=front).replace("slug: essay\n", f"slug: essay\nstatus: {status}\n")


@pytest.mark.parametrize("defaults", [False, True], ids=["slug-folder-urls", "pelican-defaults"])
@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("article", "draft"),
        ("article", "hidden"),
        ("page", "draft"),
        ("page", "hidden"),
        ("page", "published"),
    ],
)
def test_drafts_hidden_and_pages_are_written_with_their_clips(site, kind, status, defaults):
    site.audio("clips/rag.opus")
    name = "pages/essay.md" if kind == "page" else "essay.md"
    (site.content / "pages").mkdir(exist_ok=True)
    site.article("", name=name, body=content_with_status(status))
    overrides = PELICAN_DEFAULTS if defaults else {}
    assert site.build(**overrides) is None
    where = (WHERE_BY_DEFAULT if defaults else WHERE)[(kind, status)]
    page = BeautifulSoup(site.page(where), "html.parser")
    figure = page.find(id="clip-rag")
    assert figure is not None, f"no clip in {where}"
    src = figure.find("source")["src"]
    assert (site.output / "media" / "clips" / "rag.opus").is_file(), src


@pytest.mark.parametrize("status", ["published", "draft", "hidden"])
def test_automatic_summary_never_repeats_an_id(site, status):
    """An article without ``summary:`` (and without clips), in the home theme, which shows a
    lede on the article's page: its automatic summary must not put the headings' ids there a
    second time (the theme shows a lede only when the author wrote one)."""
    body = ARTICLE.format(front="").replace("summary: Testing clips.\n", "")
    body = body.replace("slug: essay\n", f"slug: essay\nstatus: {status}\n")
    body = body.replace("Opening words.\n", "")  # the first heading falls into the summary
    site.article("", body=body)
    assert site.build() is None  # strict: an id used twice fails it
    where = "drafts/essay.html" if status == "draft" else "essay/index.html"
    ids = [tag["id"] for tag in BeautifulSoup(site.page(where), "html.parser").select("[id]")]
    assert len(ids) == len(set(ids)), ids
    assert "silent-era" in ids
