"""ids.duplicate_ids: every spelling of an id attribute counts; comments and scripts do not."""

from __future__ import annotations

import pytest

from pelican.plugins.audio_clips.ids import describe, duplicate_ids


@pytest.mark.parametrize(
    "page",
    [
        '<h2 id="a">One</h2><p id="a">Two</p>',
        "<h2 id='a'>One</h2><p id=\"a\">Two</p>",
        '<h2 id=a>One</h2><p\n   id="a">Two</p>',
        '<h2 data-id="x" id="a">One</h2><svg><path id="a"/></svg>',
    ],
)
def test_a_repeated_id_is_found_whatever_its_spelling(page):
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
