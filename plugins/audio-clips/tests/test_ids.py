"""ids.duplicate_ids: every spelling of an id attribute counts; comments and scripts do not."""

from __future__ import annotations

import pytest

from pelican.plugins.audio_clips.ids import describe, duplicate_ids, may_repeat


@pytest.mark.parametrize(
    "page",
    [
        '<h2 id="a">One</h2><p id="a">Two</p>',
        "<h2 id='a'>One</h2><p id=\"a\">Two</p>",
        '<h2 id=a>One</h2><p\n   id="a">Two</p>',
        '<h2 data-id="x" id="a">One</h2><svg><path id="a"/></svg>',
        '<h2 id = "a">One</h2><p\tid="a">Two</p>',
    ],
)
def test_a_repeated_id_is_found_whatever_its_spelling(page):
    assert may_repeat(page.encode()), "the byte scan would skip this page"
    found = duplicate_ids(page)
    assert list(found) == ["a"]
    assert len(found["a"]) == 2


@pytest.mark.parametrize(
    "page",
    [
        '<h2 id="a">One</h2><!-- <p id="a">old</p> -->',
        '<h2 id="a">One</h2><script>var s = \'<p id="a">\';</script>',
        '<h2 id="a">One</h2><p data-id="a">x</p><p aria-labelledby="a">y</p>',
        '<h2 id="a">A</h2><h2 id="b">B</h2>',
    ],
)
def test_comments_scripts_and_other_attributes_are_not_ids(page):
    assert duplicate_ids(page) == {}


def test_the_report_names_both_elements_and_their_lines():
    page = '<main>\n<h2 id="intro">Intro</h2>\n<figure id="intro"><p>Clip</p></figure>\n</main>'
    [line] = describe("output/x.html", duplicate_ids(page))
    assert line.startswith("output/x.html: id 'intro' is used 2 times:")
    assert "line 2 <h2> “Intro”" in line and "line 3 <figure>" in line


@pytest.mark.parametrize(
    ("page", "looked_at", "repeated"),
    [
        ('<h2 id="a">A</h2><h2 id="b">B</h2>', False, False),
        ('<h2 id="intro">Intro</h2><figure id="clip-intro">x</figure>', False, False),
        ('<h2 id="a">A</h2><p data-id="a">x</p>', True, False),  # may be an id: look closer
        ('<h2 id="a">A</h2><p id="a">B</p>', True, True),
    ],
)
def test_the_byte_scan_passes_only_pages_whose_ids_are_all_different(page, looked_at, repeated):
    """Every written page is tested with may_repeat first: a page it passes is never looked at
    again, so it must never pass a page with a repeated id."""
    assert may_repeat(page.encode()) is looked_at
    assert bool(duplicate_ids(page)) is repeated
