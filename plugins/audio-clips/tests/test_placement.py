"""Placing figures at the end of their sections, with the headings the Markdown converter lists."""

from __future__ import annotations

import markdown
import pytest

from pelican.plugins.audio_clips.placement import Heading, from_toc_tokens, place, section_end
from pelican.plugins.audio_clips.reader import markdown_settings

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
    md = markdown.Markdown(**markdown_settings({"MARKDOWN": settings or {}}))
    html = md.convert(text)
    return html, from_toc_tokens(md.toc_tokens)


def test_headings_come_from_the_converter_not_from_code_or_comments():
    _, headings = convert(SOURCE, {"extension_configs": {"markdown.extensions.extra": {}}})
    assert headings == (
        Heading(2, "a", "A"),
        Heading(3, "a1", "A1"),
        Heading(2, "b", "B & b"),
        Heading(1, "top", "Top"),
    )


def test_pelican_defaults_get_heading_ids_without_configuring_toc():
    """Pelican's default MARKDOWN has no toc extension: the plugin adds it, so every heading
    has an id (attr_list ids win)."""
    from pelican.settings import DEFAULT_CONFIG

    _, headings = convert(
        "## Silent era\n\ntext\n\n## Sound {#talkies}\n", DEFAULT_CONFIG["MARKDOWN"]
    )
    assert [h.id for h in headings] == ["silent-era", "talkies"]


def test_a_site_toc_configuration_is_kept():
    settings = {
        "extension_configs": {"markdown.extensions.toc": {"slugify": lambda v, s: "x-" + v.lower()}}
    }
    _, headings = convert("## Hello\n", settings)
    assert headings[0].id == "x-hello"


def test_section_runs_to_next_heading_of_same_or_higher_level():
    html, headings = convert(SOURCE, {"extension_configs": {"markdown.extensions.extra": {}}})
    assert html[section_end(html, headings, "a") :].startswith('<h2 id="b">')
    assert html[section_end(html, headings, "a1") :].startswith('<h2 id="b">')
    assert html[section_end(html, headings, "b") :].startswith('<h1 id="top">')
    assert section_end(html, headings, "top") == len(html)
    with pytest.raises(KeyError):
        section_end(html, headings, "missing")


def test_place_keeps_order_and_touches_nothing_else():
    html, headings = convert(SOURCE, {"extension_configs": {"markdown.extensions.extra": {}}})
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
        {"extension_configs": {"markdown.extensions.attr_list": {}}},
    )
    result = place(html, headings, {"x": ["<figure>f</figure>"], "a&b": ["<figure>g</figure>"]})
    assert result.index("<p>t</p>") < result.index("<figure>f") < result.index("A&amp;B")
    assert result.index("<p>u</p>") < result.index("<figure>g") < result.index('id="y"')


def test_the_partial_learns_the_heading_level_below_its_section():
    """``heading_level`` (issue 17): one below the clip's section heading, at most 6."""
    from types import SimpleNamespace

    from jinja2 import Template

    from pelican.plugins.audio_clips.markup import place_figures

    html, headings = convert(
        SOURCE + "\n###### Deep {#deep}\n\ndeep text\n",
        {"extension_configs": {"markdown.extensions.extra": {}}},
    )
    clips = [
        SimpleNamespace(
            section=section, number=n, title=section, id=section, compare=(), after=None
        )
        for n, section in enumerate(["a", "a1", "top", "deep"], 1)
    ]
    template = Template("<figure data-for='{{ clip.section }}'>h{{ heading_level }}</figure>")
    result = place_figures(html, headings, clips, template, {})
    for section, level in {"a": 3, "a1": 4, "top": 2, "deep": 6}.items():
        assert f"<figure data-for='{section}'>h{level}</figure>" in result, result
