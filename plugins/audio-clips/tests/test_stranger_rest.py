"""A stranger's reStructuredText article with a `.clips.yaml` sidecar, broken the ways a careless
author breaks it, under a development server (`AUDIO_CLIPS_STRICT = False`) (issue 21's stranger
run, after the merge).

Before: with a sidecar that was not valid YAML (or held a key other than `clips:`), the article
was not published at all in a build that is not strict, though the article itself was fine and
only its clip list was broken: under a development server it was a 404 (or a stale page) where
README promises a notice. And a reST article without section headings was told to "add '##
Heading {#id}' lines", which is Markdown.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.audio_clips.check import check_tree

REST = """\
A reST post
###########

:date: 2026-11-11
:slug: essay

Background
==========

Some context.

The tone
========

Words about the tone.
"""

BAD_YAML = """\
clips:
  - src: clips/rag.opus
    section: the-tone
   description: bad indent
"""

STRAY_KEY = """\
title: A reST post
clips:
  - src: clips/rag.opus
    section: the-tone
    description: A steady tone.
"""

BROKEN = {"bad-yaml": (BAD_YAML, 4), "stray-key": (STRAY_KEY, 1)}


def rest_site(site, sidecar: str, article: str = REST) -> None:
    site.audio("clips/rag.opus")
    (site.content / "essay.rst").write_text(article, encoding="utf-8")
    (site.content / "essay.clips.yaml").write_text(sidecar, encoding="utf-8")


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_not_strict_the_article_of_a_broken_sidecar_is_published_with_a_notice(site, case):
    sidecar, line = BROKEN[case]
    rest_site(site, sidecar)
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    page = BeautifulSoup(site.page(), "html5lib")
    notice = page.find(class_="audio-clip-problem")
    assert notice is not None, "the notice takes the clip list's place"
    assert f"content/essay.clips.yaml:{line}" in notice.get_text()
    assert "Words about the tone." in page.get_text(), "the article itself is published"
    assert page.find("audio") is None


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_strict_a_broken_sidecar_still_fails_the_build(site, case, errors):
    sidecar, line = BROKEN[case]
    rest_site(site, sidecar)
    assert site.build() is not None
    assert any(e.startswith(f"content/essay.clips.yaml:{line}: ") for e in errors()), errors()


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_check_says_what_the_build_says_about_a_broken_sidecar(site, case, errors):
    sidecar, line = BROKEN[case]
    rest_site(site, sidecar)
    problems, _, _, _ = check_tree(site.content, site.settings())
    assert site.build() is not None
    said = [str(p) for p in problems]
    assert said and all(p.startswith(f"content/essay.clips.yaml:{line}: ") for p in said), said
    assert [e for e in errors() if e.startswith("content/essay.clips.yaml")] == said


def test_a_rest_article_without_sections_is_not_told_to_write_markdown(site, errors):
    no_sections = "A reST post\n###########\n\n:date: 2026-11-11\n:slug: essay\n\nWords.\n"
    sidecar = "clips:\n  - src: clips/rag.opus\n    section: the-tone\n    description: x\n"
    rest_site(site, sidecar, article=no_sections)
    assert site.build() is not None
    (said,) = [e for e in errors() if "section:" in e]
    assert "{#" not in said and "##" not in said, said


def test_a_sidecar_indented_with_a_tab_is_told_so(site, errors):
    """Before: "found character that cannot start any token — check indentation", which does
    not say that the tab (invisible in most editors) is the character."""
    rest_site(site, "clips:\n\t- src: clips/rag.opus\n")
    problems, _, _, _ = check_tree(site.content, site.settings())
    (said,) = [str(p) for p in problems]
    assert said.startswith("content/essay.clips.yaml:2: "), said
    assert "tab" in said, said
