"""Placing figures at the end of their sections, with the headings read from the article's HTML."""

from __future__ import annotations

import markdown
import pytest

from pelican.plugins.audio_clips.placement import Heading, find_headings, place, section_end

SOURCE = """Intro

## A {#a}

a text

### A1 {#a1}

    <h2 id="fake">not a heading</h2>

<!-- <h2 id="comment">no</h2> -->

## B &amp; *b* {#b}

b text

# Top {#top}

end
"""


def convert(text: str, settings: dict | None = None):
    """Markdown as a site converts it (its own settings, no extension added), then the headings
    as the plugin finds them."""
    html = markdown.Markdown(**(settings or {})).convert(text)
    html, headings, _ = find_headings(html)
    return html, headings


def test_headings_come_from_the_html_not_from_code_or_comments():
    _, headings = convert(SOURCE, {"extensions": ["markdown.extensions.extra"]})
    assert headings == (
        Heading(2, "a", "A"),
        Heading(3, "a1", "A1"),
        Heading(2, "b", "B & b"),
        Heading(1, "top", "Top"),
    )


def test_headings_without_ids_get_toc_like_ids_unique_in_the_article():
    """Pelican's default MARKDOWN has no toc extension: the plugin gives ids to the headings of
    an article with clips as toc would (its slugify), keeping ids the HTML already has."""
    from pelican.settings import DEFAULT_CONFIG

    md = dict(DEFAULT_CONFIG["MARKDOWN"])
    md["extensions"] = list(md.get("extensions", [])) + list(md["extension_configs"])
    html = markdown.Markdown(**md).convert(
        "## Silent era\n\ntext\n\n## Sound {#talkies}\n\n## Silent era\n\n<p id='silent-era_2'>x</p>\n"
    )
    marked, headings, added = find_headings(html)
    assert [h.id for h in headings] == ["silent-era", "talkies", "silent-era_1"]
    assert added == ("silent-era", "silent-era_1")
    assert marked.count('id="silent-era"') == 1 and '<h2 id="talkies">' in marked


def test_a_heading_id_made_by_the_plugin_avoids_ids_further_down_the_article():
    """The ids a new heading id must not repeat are every id of the article, also those after
    the heading and inside a heading that has its own."""
    html = markdown.Markdown(extensions=["attr_list"]).convert(
        "## Intro\n\ntext\n\n## Next {#intro_1}\n\n## Intro\n\n<p id='intro'>x</p>\n"
    )
    marked, headings, added = find_headings(html)
    assert [h.id for h in headings] == ["intro_2", "intro_1", "intro_3"]
    assert added == ("intro_2", "intro_3")
    assert find_headings(marked)[2] == ()  # read again: nothing more to add


def test_a_site_toc_configuration_is_kept():
    settings = {
        "extensions": ["markdown.extensions.toc"],
        "extension_configs": {
            "markdown.extensions.toc": {"slugify": lambda v, s: "x-" + v.lower()}
        },
    }
    html, headings = convert("## Hello\n", settings)
    assert headings[0].id == "x-hello"
    assert html.count("id=") == 1


def test_rest_headings_take_their_section_ids_and_sections_end_before_the_next():
    import tempfile

    from pelican.readers import RstReader
    from pelican.settings import DEFAULT_CONFIG

    with tempfile.NamedTemporaryFile("w", suffix=".rst", delete=False) as handle:
        handle.write(
            "Title\n#####\n\nIntro.\n\nPart one\n========\n\nOne.\n\n"
            "Sub\n---\n\nSub text.\n\nPart two\n========\n\nTwo.\n"
        )
    html = RstReader(dict(DEFAULT_CONFIG)).read(handle.name)[0]
    marked, headings, added = find_headings(html)
    assert marked == html and added == ()
    assert [(h.level, h.id) for h in headings] == [(2, "part-one"), (3, "sub"), (2, "part-two")]
    result = place(
        marked, headings, {"sub": ["<figure>1</figure>"], "part-two": ["<figure>2</figure>"]}
    )
    assert result.index("Sub text.") < result.index("<figure>1") < result.index('id="part-two"')
    assert result.index("Two.") < result.index("<figure>2")


def test_section_runs_to_next_heading_of_same_or_higher_level():
    html, headings = convert(SOURCE, {"extensions": ["markdown.extensions.extra"]})
    assert html[section_end(html, headings, "a") :].startswith('<h2 id="b">')
    assert html[section_end(html, headings, "a1") :].startswith('<h2 id="b">')
    assert html[section_end(html, headings, "b") :].startswith('<h1 id="top">')
    assert section_end(html, headings, "top") == len(html)
    with pytest.raises(KeyError):
        section_end(html, headings, "missing")


def test_place_keeps_order_and_touches_nothing_else():
    html, headings = convert(SOURCE, {"extensions": ["markdown.extensions.extra"]})
    result = place(
        html,
        headings,
        {"a": ["<figure>1</figure>", "<figure>2</figure>"], "top": ["<figure>3</figure>"]},
    )
    assert result.index("<figure>1") < result.index("<figure>2") < result.index('<h2 id="b">')
    assert result.index("<figure>2") > result.index("not a heading")
    assert result.rstrip().endswith("<figure>3</figure>")
    stripped = result
    for n in "123":
        stripped = stripped.replace(f"<figure>{n}</figure>", "")
    assert " ".join(stripped.split()) == " ".join(html.split())


def test_place_with_non_ascii_ids_and_escaped_characters():
    html, headings = convert(
        "Ünïcödé — 映画\n\n## X {#x}\n\nt\n\n## A&B {#a&b}\n\nu\n\n## Y {#y}\n",
        {"extensions": ["markdown.extensions.attr_list"]},
    )
    result = place(html, headings, {"x": ["<figure>f</figure>"], "a&b": ["<figure>g</figure>"]})
    assert result.index("<p>t</p>") < result.index("<figure>f") < result.index("A&amp;B")
    assert result.index("<p>u</p>") < result.index("<figure>g") < result.index('id="y"')


def test_the_partial_learns_the_heading_level_below_its_section():
    """``heading_level`` (issue 17): one below the clip's section heading, at most 6."""
    from types import SimpleNamespace

    from jinja2 import Template

    from pelican.plugins.audio_clips.markup import render_figures
    from pelican.plugins.audio_clips.placement import insert

    html, headings = convert(
        SOURCE + "\n###### Deep {#deep}\n\ndeep text\n",
        {"extensions": ["markdown.extensions.extra"]},
    )
    clips = [
        SimpleNamespace(
            section=section, number=n, title=section, id=section, compare=(), after=None
        )
        for n, section in enumerate(["a", "a1", "top", "deep"], 1)
    ]
    template = Template("<figure data-for='{{ clip.section }}'>h{{ heading_level }}</figure>")
    result = insert(html, render_figures(html, headings, clips, template, {}))
    for section, level in {"a": 3, "a1": 4, "top": 2, "deep": 6}.items():
        assert f"<figure data-for='{section}'>h{level}</figure>" in result, result
