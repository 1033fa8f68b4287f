"""A plain caption skips Markdown and the sanitiser: it must come out exactly as they make it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican.plugins.audio_clips.text import _PLAIN, _render_markdown, render_caption

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
        "x",
        "",
    ],
)
def test_the_fast_path_gives_what_markdown_and_the_sanitiser_give(text):
    assert rendered(text) == str(_render_markdown(text))


def test_the_fast_path_is_taken_for_a_plain_sentence():
    """Else the test above would prove nothing about it."""
    assert _PLAIN.fullmatch("Strings enter; the horns answer: twice!")
    assert not _PLAIN.fullmatch("Herrmann's theme")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_any_caption_renders_the_same_either_way(text):
    assert rendered(text) == str(_render_markdown(text))


@settings(max_examples=200, deadline=None)
@given(st.from_regex(_PLAIN, fullmatch=True).filter(lambda t: len(t) < 80))
def test_every_text_the_fast_path_takes_renders_the_same(text):
    assert rendered(text) == str(_render_markdown(text))
