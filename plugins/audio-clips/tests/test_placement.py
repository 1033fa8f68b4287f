"""Placing figures at the end of their sections, found with a real HTML parser."""

from __future__ import annotations

import pytest

from audio_clips.placement import find_headings, heading_ids, place, section_end

HTML = """<p>Intro</p>
<h2 id="a">A</h2>
<p>a text</p>
<h3 id="a1">A1</h3>
<pre><code>&lt;h2 id="fake"&gt;not a heading&lt;/h2&gt;</code></pre>
<!-- <h2 id="comment">no</h2> -->
<h2 id="b">B</h2>
<p>b text</p>
<h1 id="top">Top</h1>
<p>end</p>"""


def test_headings_ignore_code_and_comments():
    assert heading_ids(HTML) == ["a", "a1", "b", "top"]
    assert [h.level for h in find_headings(HTML)] == [2, 3, 2, 1]


def test_section_runs_to_next_heading_of_same_or_higher_level():
    headings = find_headings(HTML)
    assert HTML[section_end(headings, "a", len(HTML)) :].startswith('<h2 id="b">')
    assert HTML[section_end(headings, "a1", len(HTML)) :].startswith('<h2 id="b">')
    assert HTML[section_end(headings, "b", len(HTML)) :].startswith('<h1 id="top">')
    assert section_end(headings, "top", len(HTML)) == len(HTML)
    with pytest.raises(KeyError):
        section_end(headings, "missing", len(HTML))


def test_place_keeps_order_and_touches_nothing_else():
    result = place(
        HTML, {"a": ["<figure>1</figure>", "<figure>2</figure>"], "top": ["<figure>3</figure>"]}
    )
    assert result.index("<figure>1") < result.index("<figure>2") < result.index('<h2 id="b">')
    assert result.index("<figure>2") > result.index("not a heading")
    assert result.rstrip().endswith("<figure>3</figure>")
    stripped = result
    for n in "123":
        stripped = stripped.replace(f"<figure>{n}</figure>", "")
    assert " ".join(stripped.split()) == " ".join(HTML.split())


def test_place_with_non_ascii_and_multiline_tags():
    html = '<p>Ünïcödé — 映画</p>\n<h2\n  id="x">X</h2><p>t</p><h2 id="y">Y</h2>'
    result = place(html, {"x": ["<figure>f</figure>"]})
    assert result.index("<figure>f") < result.index('<h2 id="y">')
    assert result.index("<figure>f") > result.index("<p>t</p>")


@pytest.mark.parametrize(
    "html",
    [
        '<h2 id="a">A</h2><p>x</p><H3 class="k" ID=\'b\'>B</H3><h2>no id</h2><h1 id=c>C</h1>',
        '<h2 id="a&amp;b">A</h2>\n<h2\n data-x="1"\n id="y">Y</h2><p>h2 id="fake"</p>',
        '<h2 id="a">A</h2><!-- <h2 id="hidden">x</h2> --><h2 id="b">B</h2>',
        '<h2 id="a">A</h2><script>var s = "<h2 id=nope>";</script><h3 id="b">B</h3>',
        '<h2 id="a">A</h2><pre><code>&lt;h2 id="code"&gt;</code></pre><h6 id="z">Z</h6>',
    ],
)
def test_fast_path_finds_what_the_full_parser_finds(html):
    from audio_clips.placement import _HeadingFinder

    finder = _HeadingFinder(html)
    finder.feed(html)
    finder.close()
    assert find_headings(html) == finder.headings
