"""The summary of an article with clips: cut from the prose (never the players), and marked as
the plugin's own so a theme can tell it from an author's ``summary:``.

The case that failed: the home theme shows a lede only when ``article.metadata.summary``
exists, and the plugin stored its automatic summary there as if the author had written it, so
a clip article without ``summary:`` showed its opening paragraph twice.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from clipsite import ARTICLE, GOOD_CLIP, THEMES, Site
from pelican import Pelican

from pelican.plugins.audio_clips.reader import AUTO_SUMMARY_KEY

OPENING = "Opening words that come first and say what the essay is about."


def essay(author_summary: str | None) -> str:
    """The test essay with one clip, a longer opening, and ``summary:`` only when given."""
    text = ARTICLE.format(front=GOOD_CLIP.strip()).replace("Opening words.", OPENING)
    replacement = f"summary: {author_summary}\n" if author_summary else ""
    return text.replace("summary: Testing clips.\n", replacement)


def articles(site: Site, **overrides) -> dict:
    """The built site's articles by slug (Pelican's own objects)."""
    pelican = Pelican(site.settings(**overrides))
    found = {}

    def keep(generator):
        found.update({a.slug: a for a in generator.articles})

    from pelican import signals

    signals.article_generator_finalized.connect(keep)
    try:
        pelican.run()
    finally:
        signals.article_generator_finalized.disconnect(keep)
    return found


def test_the_automatic_summary_is_marked_and_the_authors_is_not(site):
    site.audio("clips/rag.opus")
    site.article("", body=essay(None))
    site.article("", name="other.md", body=essay("Told by the author.").replace("essay", "other"))
    built = articles(site)
    automatic, written = built["essay"], built["other"]
    assert automatic.metadata.get(AUTO_SUMMARY_KEY) is True
    assert OPENING in automatic.summary
    assert "<figure" not in automatic.summary and "<audio" not in automatic.summary
    assert AUTO_SUMMARY_KEY not in written.metadata
    assert "Told by the author." in written.summary


@pytest.mark.skipif("repo" not in THEMES, reason="the home repository's theme is not here")
def test_the_home_theme_shows_the_opening_once_without_an_authors_summary(site):
    site.audio("clips/rag.opus")
    site.article("", body=essay(None))
    assert site.build() is None
    body = BeautifulSoup(site.page(), "html.parser").body
    assert body.select(".lede") == []
    assert body.get_text().count(OPENING) == 1


@pytest.mark.skipif("repo" not in THEMES, reason="the home repository's theme is not here")
def test_the_home_theme_shows_an_authors_summary_as_the_lede(site):
    site.audio("clips/rag.opus")
    site.article("", body=essay("A lede *by the author*."))
    assert site.build() is None
    body = BeautifulSoup(site.page(), "html.parser").body
    (lede,) = body.select(".lede")
    assert lede.get_text().strip() == "A lede by the author."
    assert lede.find("em").get_text() == "by the author"
    assert body.get_text().count(OPENING) == 1
