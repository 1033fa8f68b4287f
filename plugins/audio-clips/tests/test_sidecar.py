"""Clips for reStructuredText and Pelican's native ``Key: value`` metadata: a sidecar file
(``post.clips.yaml`` beside ``post.rst``) with the same ``clips:`` list, the same validation and
``file:line`` problems pointing into the sidecar."""

from __future__ import annotations

import logging

import pytest
from bs4 import BeautifulSoup
from clipsite import GOOD_CLIP

from pelican.plugins.audio_clips.check import check_tree
from pelican.plugins.audio_clips.errors import Problem

REST = """\
Listening
#########

:date: 2026-11-25
:slug: essay
:summary: A reST essay.

Opening words.

Silent era
==========

Pianists played along.

Cue sheets
----------

Lists of music.

Coming of sound
===============

Talkies arrived.
"""

NATIVE = """\
Title: Listening
Date: 2026-11-25
Slug: essay

Opening words.

## Silent era

Pianists played along.

## Coming of sound

Talkies arrived.
"""


@pytest.fixture
def rag(site):
    site.audio("clips/rag.opus")
    return site


def sidecar(site, text: str = GOOD_CLIP, name: str = "essay.clips.yaml") -> None:
    (site.content / name).write_text(text, encoding="utf-8")


def problems(caplog) -> list[Problem]:
    return [r.args[0] for r in caplog.records if r.args and isinstance(r.args[0], Problem)]


def figure_section(site) -> tuple[str, str]:
    soup = BeautifulSoup(site.page(), "html.parser")
    figure = soup.find("figure", id="clip-rag")
    assert figure is not None
    return figure.find_previous(["h2", "h3"]).get_text(), figure.find_next("h2").get_text()


def test_a_rest_article_gets_its_clips_from_a_sidecar_in_its_section(rag, caplog):
    (rag.content / "essay.rst").write_text(REST, encoding="utf-8")
    sidecar(rag)
    caplog.set_level(logging.WARNING)
    assert rag.build() is None, [r.getMessage() for r in caplog.records]
    before, after = figure_section(rag)
    assert (before, after) == ("Cue sheets", "Coming of sound")
    # reST section ids are docutils' own; the plugin adds none.
    page = rag.page()
    assert page.count('<div class="section" id="silent-era">') == 1
    assert "<h2>Silent era</h2>" in page and "<h3>Cue sheets</h3>" in page
    # The sidecar is not content: never read as an article, never published.
    assert not list(rag.output.rglob("*.clips.yaml"))
    assert not list(rag.output.rglob("essay.clips*"))


def test_native_markdown_metadata_gets_its_clips_from_a_sidecar(rag, caplog):
    (rag.content / "essay.md").write_text(NATIVE, encoding="utf-8")
    sidecar(rag)
    assert rag.build() is None, [r.getMessage() for r in caplog.records]
    assert figure_section(rag) == ("Silent era", "Coming of sound")


def test_a_bad_clip_in_a_sidecar_is_named_at_its_line_by_build_and_check(rag, caplog):
    (rag.content / "essay.rst").write_text(REST, encoding="utf-8")
    sidecar(rag, GOOD_CLIP.replace("license: CC0-1.0", "license: GPL"))
    caplog.set_level(logging.ERROR)
    assert rag.build() is not None
    built = [str(p) for p in problems(caplog)]
    expected = "content/essay.clips.yaml:7: clip 'rag' (1st): license: 'GPL' is not allowed here"
    assert any(line.startswith(expected) for line in built), built
    checked, _, _, _ = check_tree(rag.content, rag.settings())
    assert [str(p) for p in checked] == built


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("clips: [unclosed\n", "content/essay.clips.yaml:1: the file is not valid YAML"),
        ("- a\n", "the file must be a mapping"),
        ("title: x\n" + GOOD_CLIP, "content/essay.clips.yaml:1: title: unknown key 'title'"),
        ("clip:\n  - src: x\n", "did you mean 'clips'?"),
    ],
)
def test_a_malformed_sidecar_is_named(rag, caplog, text, message):
    (rag.content / "essay.rst").write_text(REST, encoding="utf-8")
    sidecar(rag, text)
    caplog.set_level(logging.ERROR)
    assert rag.build() is not None
    assert any(message in str(p) for p in problems(caplog)), [str(p) for p in problems(caplog)]


def test_clips_listed_in_two_places_are_one_clear_error(rag, caplog):
    rag.article(GOOD_CLIP)
    sidecar(rag)
    caplog.set_level(logging.ERROR)
    assert rag.build() is not None
    found = [str(p) for p in problems(caplog)]
    assert found == [
        "content/essay.md:6: clips: clips are listed in two places: here and in "
        "'content/essay.clips.yaml' — keep one list: the front matter's or the sidecar file's"
    ]


def test_native_clips_beside_a_sidecar_are_in_two_places(rag, caplog):
    (rag.content / "essay.rst").write_text(
        REST.replace(":slug: essay", ":slug: essay\n:clips: x"), encoding="utf-8"
    )
    sidecar(rag)
    caplog.set_level(logging.ERROR)
    assert rag.build() is not None
    assert any("listed in two places" in str(p) for p in problems(caplog))


def test_native_clips_without_a_sidecar_say_where_they_can_go(rag, caplog):
    (rag.content / "essay.rst").write_text(
        REST.replace(":slug: essay", ":slug: essay\n:clips: x"), encoding="utf-8"
    )
    caplog.set_level(logging.ERROR)
    assert rag.build() is not None
    found = [str(p) for p in problems(caplog)]
    assert len(found) == 1 and "content/essay.rst:6: clips:" in found[0]
    assert "into 'essay.clips.yaml' beside the article" in found[0]
