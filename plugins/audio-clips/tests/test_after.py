"""``after:``: a clip placed after one paragraph of its section, named by number or by a short
quotation; validated against the converted Markdown, by the build and by ``check`` alike."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from clipsite import GOOD_CLIP

from pelican.plugins.audio_clips.errors import ClipError
from pelican.plugins.audio_clips.placement import Heading, paragraph_end, paragraphs

HTML = """<h2 id="a">A</h2>
<p>First <em>words</em> &amp; more.</p>
<blockquote>
<p>Quoted, not counted.</p>
</blockquote>
<ul>
<li><p>Listed, not counted.</p></li>
</ul>
<p>&lsquo;Second&rsquo;<br>
&ndash; paragraph, about the waltz.</p>
<h3 id="a1">A1</h3>
<p>Sub text about the waltz.</p>
<h2 id="b">B</h2>
"""
HEADINGS = (Heading(2, "a", "A"), Heading(3, "a1", "A1"), Heading(2, "b", "B"))


def test_only_the_sections_own_top_level_paragraphs_count():
    start = HTML.index("</h2>") + 5
    found = paragraphs(HTML, start, HTML.index("<h3"))
    assert [p.text for p in found] == [
        "First words & more.",
        "‘Second’ – paragraph, about the waltz.",
    ]
    assert HTML[found[0].end - 4 : found[0].end] == "</p>"


@pytest.mark.parametrize(
    ("after", "before_text"),
    [
        (1, "<blockquote>"),
        (2, "<h3"),
        ("about the WALTZ", "<h3"),
        ("first words &", "<blockquote>"),
        ("'Second' -- paragraph", "<h3"),  # typography aside: ‘Second’ – paragraph
    ],
)
def test_a_paragraph_is_found_by_number_or_quotation(after, before_text):
    end = paragraph_end(HTML, HEADINGS, "a", after)
    assert HTML[end:].lstrip().startswith(before_text)


@pytest.mark.parametrize(
    ("section", "after", "message"),
    [
        ("a", 3, "paragraph 3 is not in section 'a', which has 2 paragraphs of its own"),
        ("a", "tango", "no paragraph of section 'a' contains 'tango'"),
        ("a", "Quoted", "no paragraph of section 'a' contains"),  # inside a quotation
        ("a", "e", "is in paragraphs 1, 2 of section 'a'"),
        ("b", 1, "section 'b' has no paragraph of its own"),
    ],
)
def test_a_paragraph_that_is_not_there_or_not_one_is_an_error(section, after, message):
    with pytest.raises(ClipError) as caught:
        paragraph_end(HTML, HEADINGS, section, after)
    assert message in caught.value.message
    assert caught.value.fix


BODY = """
Opening words that make up the start of the article, long enough for a summary.

## The silent era {{#silent-era}}

Pianists played along with whatever the picture showed.

The cue sheets told them what to play, scene by scene.

A last paragraph of the section.

### Cue sheets {{#cue-sheets}}

Lists of music.

## Coming of sound {{#coming-of-sound}}

Talkies arrived.
"""
ARTICLE = "---\ntitle: A test essay\ndate: 2026-11-25\nslug: essay\n{front}\n---\n" + BODY


@pytest.mark.parametrize("after", ["2", "'cue sheets told them'"])
def test_the_figure_follows_its_paragraph_on_every_theme(any_theme_site, after):
    site = any_theme_site
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    front = GOOD_CLIP.replace("section: silent-era", f"section: silent-era\n    after: {after}")
    site.article("", body=ARTICLE.format(front=front.strip()))
    assert site.build() is None
    soup = BeautifulSoup(site.page(), "html.parser")
    figure = soup.find("figure", id="clip-rag")
    assert figure.find_previous("p", string=True).get_text().startswith("The cue sheets")
    following = figure.find_next("p", string="A last paragraph of the section.")
    assert following is not None, "placed mid-section, before the section's last paragraph"


def test_a_bad_after_fails_the_build_naming_its_line(site, errors):
    site.audio("clips/rag.opus")
    front = GOOD_CLIP.replace("section: silent-era", "section: silent-era\n    after: 4")
    site.article("", body=ARTICLE.format(front=front.strip()))
    failed = site.build()
    assert failed is not None
    (message,) = [m for m in errors() if "after:" in m]
    assert message.startswith("content/essay.md:8: clip 'rag' (1st): after: paragraph 4 is not")
    assert "which has 3 paragraphs of its own" in message


def test_a_comparisons_later_version_cannot_be_placed_alone(site, errors):
    site.audio("clips/rag.opus")
    front = """clips:
  - {src: clips/rag.opus, id: a, section: silent-era, title: A, license: CC0-1.0, description: x, compare: [b]}
  - {src: clips/rag.opus, id: b, section: silent-era, title: B, license: CC0-1.0, description: x, after: 1}"""
    site.article("", body=ARTICLE.format(front=front))
    assert site.build() is not None
    assert any(
        "clip 'b' (2nd): after: this clip is shown in the comparison of clip 'a'" in m
        for m in errors()
    )


def test_a_comparison_is_placed_by_its_first_version(site):
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    front = """clips:
  - {src: clips/rag.opus, id: a, section: silent-era, title: A, license: CC0-1.0, description: x, compare: [b], after: 1}
  - {src: clips/rag.opus, id: b, section: silent-era, title: A, license: CC0-1.0, description: x, version: B}"""
    site.article("", body=ARTICLE.format(front=front))
    assert site.build() is None
    soup = BeautifulSoup(site.page(), "html.parser")
    outer = soup.find("figure", id="clip-a-compare")
    assert outer.find_previous("p", string=True).get_text().startswith("Pianists played")
