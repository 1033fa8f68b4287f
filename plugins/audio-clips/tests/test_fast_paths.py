"""Shortcuts taken for speed give what the long way gives.

A plain caption skips Markdown and the sanitiser: it must come out exactly as they make it. A
text that opens with a letter or digit is visible without looking at each character.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican.plugins.audio_clips.errors import ClipError
from pelican.plugins.audio_clips.text import _PLAIN, _render_markdown, render_caption, visible

#: Characters a caption may hold, including every one that Markdown, smarty or the sanitiser
#: reads (quotes, dashes, dots, emphasis, links, code, HTML, entities, escapes, breaks).
ALPHABET = "aZ09 .,;:?!'\"-*_`[]()<>&#\\/=\n\t\u00e9\u2019"


def rendered(text: str) -> str:
    return str(render_caption.__wrapped__(text))  # past the memo: this call, not an earlier one


@pytest.mark.parametrize(
    "text",
    [
        "Motif falling release chorale bar ostinato builds after audience lullaby.",
        "Cinema light lullaby waits heavy remembers the city sea darkens pulse?",
        "Strings enter; the horns answer: twice!",
        "Wait... what",
        "Wait. . . what",
        "1. The first",
        "A  b",
        "A b ",
        "Herrmann's theme",
        "A -- b",
        "A---b",
        "Mickey-Mousing: a cartoon tiptoe (slip and fall), twice.",
        "A - b -",
        "Ends with a hyphen-",
        "x",
        "",
    ],
)
def test_the_fast_path_gives_what_markdown_and_the_sanitiser_give(text):
    assert rendered(text) == str(_render_markdown(text))


def test_the_fast_path_is_taken_for_a_plain_sentence():
    """Else the test above would prove nothing about it."""
    assert _PLAIN.fullmatch("Strings enter; the horns answer: twice!")
    assert _PLAIN.fullmatch("Mickey-Mousing: a cartoon tiptoe (slip and fall).")
    assert not _PLAIN.fullmatch("Herrmann's theme")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_any_caption_renders_the_same_either_way(text):
    assert rendered(text) == str(_render_markdown(text))


@settings(max_examples=200, deadline=None)
@given(st.from_regex(_PLAIN, fullmatch=True).filter(lambda t: len(t) < 80))
def test_every_text_the_fast_path_takes_renders_the_same(text):
    assert rendered(text) == str(_render_markdown(text))


def test_every_letter_or_digit_is_a_visible_character():
    """``visible`` takes a text that opens with an ``isalnum()`` character as visible: each such
    character is in a category (L or N) the long test counts as visible."""
    odd = [
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if c.isalnum() and unicodedata.category(c)[0] in "CZM"
    ]
    assert odd == []


@pytest.mark.parametrize("text", ["\u200b", "\u200b\u200d", " \u2060"])
def test_text_of_invisible_characters_is_still_refused(text):
    with pytest.raises(ClipError):
        visible(text)


SITE_MARKDOWN = [
    None,  # Pelican's default settings: extra, codehilite, meta
    {  # this repository's pelicanconf.py
        "extension_configs": {
            "markdown.extensions.toc": {"permalink": False},
            "markdown.extensions.attr_list": {},
            "markdown.extensions.extra": {},
            "markdown.extensions.smarty": {},
        },
        "output_format": "html5",
    },
]


def _readings():
    import copy

    from pelican.settings import DEFAULT_CONFIG

    from pelican.plugins.audio_clips.reader import Reading

    for markdown_settings in SITE_MARKDOWN:
        settings = copy.deepcopy(DEFAULT_CONFIG)
        if markdown_settings is not None:
            settings["MARKDOWN"] = copy.deepcopy(markdown_settings)
        fast, slow = Reading(settings), Reading(settings)
        slow.markdown("x")
        slow._plain_text_inert = False  # the converter for every text: what the field gave before
        yield fast, slow


READINGS = list(_readings())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_a_summary_converts_the_same_with_or_without_the_fast_path(text):
    """``summary:`` in front matter is converted with the site's Markdown settings; plain text
    skips the converter when those settings name only Markdown's own extensions."""
    for fast, slow in READINGS:
        assert fast.markdown(text) == slow.markdown(text)


def test_the_fast_path_is_taken_for_both_sites_settings():
    for fast, _ in READINGS:
        assert fast._plain_text_inert
        assert fast.markdown("Title: a plain summary.") == "<p>Title: a plain summary.</p>"


@pytest.mark.parametrize(
    ("markdown_settings", "inert"),
    [
        ({"extensions": ["markdown.extensions.extra", "toc", "smarty"]}, True),
        ({"extensions": ["meta"]}, False),  # reads 'Key: value' lines as metadata
        ({"extensions": ["pymdownx.magiclink"]}, False),  # links bare 'www.' names
        ({"extensions": ["markdown.extensions.toc:TocExtension"]}, False),
        ({"extensions": ["abbr"], "extension_configs": {"abbr": {"glossary": {"H": "x"}}}}, False),
        ({"extensions": ["toc"], "extension_configs": {"toc": {"marker": "CONTENTS"}}}, False),
        ({"extensions": [object()]}, False),
    ],
)
def test_only_markdowns_own_extensions_leave_plain_text_alone(markdown_settings, inert):
    from pelican.plugins.audio_clips.text import inert_for_plain_text

    assert inert_for_plain_text(markdown_settings) is inert


def test_what_the_excluded_settings_would_do_to_plain_text():
    """Why ``meta`` and a toc marker word keep the converter."""
    import markdown

    assert markdown.Markdown(extensions=["meta"]).convert("Title: x") == ""
    toc = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"marker": "CONTENTS"}})
    assert toc.convert("CONTENTS") != "<p>CONTENTS</p>"
