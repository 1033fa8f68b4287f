"""A front-matter key one edit away from 'clips' is reported as a near miss; no other key is."""

from __future__ import annotations

import pytest

from pelican.plugins.audio_clips.document import check_keys
from pelican.plugins.audio_clips.errors import edit_distance
from pelican.plugins.audio_clips.frontmatter import split


def one_edit_away(word: str) -> set[str]:
    """Every deletion, substitution, insertion and swap of neighbours (letters a, c, x, z)."""
    found = set()
    for i in range(len(word) + 1):
        found.add(word[:i] + word[i + 1 :])
        for letter in "acxz":
            found.add(word[:i] + letter + word[i + 1 :])
            found.add(word[:i] + letter + word[i:])
        if i + 1 < len(word):
            found.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    return {w for w in found if w != word and w}


def near_misses(key: str) -> list[str]:
    header = f"{key}: 1\n" if key == "title" else f"title: x\n{key}: 1\n"
    parsed = split(f"---\n{header}---\nbody\n", "content/a.md")
    return [p.message for p in check_keys(parsed, "content/a.md") if "did you mean" in p.fix]


@pytest.mark.parametrize("key", sorted(one_edit_away("clips")))
def test_every_key_one_edit_from_clips_is_a_near_miss(key):
    assert edit_distance(key, "clips") == 1
    expected = [f"unknown key '{key}'"] if len(key) >= 4 else []  # 'lip' and such: too short
    assert near_misses(key) == expected


@pytest.mark.parametrize("key", ["title", "slug", "date", "summary", "lisp", "clipss2", "scilp"])
def test_other_keys_are_not(key):
    assert near_misses(key) == []
