"""A sidecar file a careless author misnamed (issue 21's stranger run, after the merge).

Before: `rest_post.clips.yaml` beside `rest-post.rst`, or `rest-post.clips.yml`, was never read:
the build exited 0 with no clip on the page, and `check` said "0 problems" — the clips were
dropped without a word. Now a file named like a sidecar that belongs to no article beside it is
a problem naming it (and the name it should have), from the build and from `check` alike.
"""

from __future__ import annotations

import pytest
from clipsite import TONE_POST, tone_sidecar

from pelican.plugins.audio_clips.check import check_tree

#: misnamed sidecar -> what the problem must say
STRAY = {
    "essay_post.clips.yaml": "no article",
    "esay.clips.yaml": "'essay.clips.yaml'",
    "essay.clips.yml": "'essay.clips.yaml'",
    "essay.clip.yaml": "'essay.clips.yaml'",
}


def stray_site(site, name: str) -> None:
    site.audio("clips/rag.opus")
    (site.content / "essay.rst").write_text(TONE_POST, encoding="utf-8")
    (site.content / name).write_text(tone_sidecar(), encoding="utf-8")


@pytest.mark.parametrize("name", sorted(STRAY))
def test_a_misnamed_sidecar_fails_a_strict_build_naming_it(site, errors, name):
    stray_site(site, name)
    assert site.build() is not None
    found = [e for e in errors() if e.startswith(f"content/{name}: ")]
    assert len(found) == 1, errors()
    assert STRAY[name] in found[0], found[0]


@pytest.mark.parametrize("name", sorted(STRAY))
def test_check_says_the_same_about_a_misnamed_sidecar(site, errors, name):
    stray_site(site, name)
    problems, _, _, _ = check_tree(site.content, site.settings())
    assert site.build() is not None
    said = [str(p) for p in problems]
    assert said == [e for e in errors() if e.startswith(f"content/{name}: ")], said


def test_not_strict_a_misnamed_sidecar_is_logged_and_the_site_built(site, errors):
    stray_site(site, "essay.clips.yml")
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    assert any(e.startswith("content/essay.clips.yml: ") for e in errors()), errors()
    assert "Words about the tone." in site.page()


def test_a_sidecar_in_its_place_is_no_stray(site, errors):
    stray_site(site, "essay.clips.yaml")
    assert site.build() is None, errors()
    problems, _, _, _ = check_tree(site.content, site.settings())
    assert problems == []
