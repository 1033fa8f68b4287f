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


@pytest.mark.parametrize(
    "markup",
    [
        '<figure id="clip-a"><h3 id="clip-a-title">A</h3><audio id="clip-a-audio"></audio></figure>',
        '<figure id="clip-&amp;b"><p>Use id="x" here</p></figure>',  # text, not an attribute
        '<figure id="a"><!-- <p id="old"> --></figure>',
        '<figure id="a"><template><p id="t"></p></template></figure>',
        "<figure id='a'><p id=b></p><p data-id=\"c\"></p></figure>",
        '<figure id="a" id="b"></figure>',  # ids_in reads the first id of a tag
        '<a title="x>y" id="a">link</a>',  # a '>' inside a value: ids_in misses it too
        '</p id="a"><p\tid="b">',
        'id="stray" <p id="a">',
        '<figure><p>grid=3</p><p id="a"></p></figure>',
        "",
    ],
)
def test_ids_of_rendered_markup_are_those_the_page_scan_finds(markup):
    """ids_in_markup reads the plugin's figures with a literal scan; whenever it cannot be sure,
    it falls back to ids_in, so the two always agree."""
    from pelican.plugins.audio_clips.ids import ids_in, ids_in_markup

    assert ids_in_markup(markup) == ids_in(markup)


def test_the_ids_the_reader_records_are_the_ids_the_figures_added_to_the_page():
    """The reader records the figures' ids from the figures alone; the page scan it replaced
    (every id the placed page has more often than the article) finds the same ids."""
    from jinja2 import Template

    from pelican.plugins.audio_clips.placement import find_headings, insert
    from pelican.plugins.audio_clips.reader import _figure_ids, _new_ids

    html, _, _ = find_headings(
        '<h2 id="intro">Intro</h2><p>x</p><h2 id="clip-b">B</h2><p>y</p><h2 id="end">E</h2>'
    )
    card = Template(
        '<figure id="clip-{{ n }}"><h3 id="clip-{{ n }}-title">{{ n }}</h3>'
        '<ol><li id="clip-{{ n }}-m1">m</li></ol></figure>'
    )
    figures = {
        html.index('<h2 id="clip-b"'): [card.render(n="a"), card.render(n="b")],
        html.index('<h2 id="end"'): [card.render(n="c")],
    }
    placed = insert(html, figures)
    assert _figure_ids(figures) == _new_ids(html, placed)
    assert "clip-b" in _figure_ids(figures)  # also a heading's id: used twice, so it is ours
