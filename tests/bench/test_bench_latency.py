"""bench/bench_latency.py: edits a copy of the site, never content/, and sees the page change."""

from __future__ import annotations

import hashlib

import pytest
import yaml
from bench_latency import with_marker

from tests.bench._support import REPO, table_rows

BLOCK = """\
---
title: T
clips:
  - src: clips/a.opus
    caption: >-
      First line of the caption
      and its second line.
  - src: clips/b.opus
    caption: Second clip.
---
Body
"""


def _captions(text: str) -> list[str]:
    return [clip["caption"] for clip in yaml.safe_load(text.split("---")[1])["clips"]]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (">-\n      A folded caption", "Mark1 A folded caption"),
        ("|\n      A literal caption", "Mark1 A literal caption\n"),
        ("A plain caption", "Mark1 A plain caption"),
        ('"A quoted caption"', "Mark1 A quoted caption"),
        ("'Single quoted'", "Mark1 Single quoted"),
    ],
)
def test_marker_goes_at_the_start_of_the_first_caption(caption, expected):
    text = f"---\nclips:\n  - src: a.opus\n    caption: {caption}\n  - caption: other\n---\n"
    assert _captions(with_marker(text, "Mark1")) == [expected, "other"]


def test_marker_keeps_the_rest_of_the_front_matter():
    edited = with_marker(BLOCK, "Mark2")
    assert _captions(edited) == [
        "Mark2 First line of the caption and its second line.",
        "Second clip.",
    ]
    assert edited.replace("Mark2 ", "", 1) == BLOCK


def test_no_caption_is_an_error():
    with pytest.raises(ValueError, match="caption"):
        with_marker("---\ntitle: T\n---\n", "Mark3")


def test_quick_run_sees_the_edit_and_leaves_the_repo_alone(run_bench):
    essay = REPO / "content" / "essay.md"
    before = hashlib.sha256(essay.read_bytes()).hexdigest(), essay.stat().st_mtime_ns
    stdout, figures = run_bench("bench_latency.py", "--quick", "--edits", "1", timeout=180)
    assert (hashlib.sha256(essay.read_bytes()).hexdigest(), essay.stat().st_mtime_ns) == before
    (sample,) = figures["samples"]
    assert sample["latency"] > 0
    assert sample["build"] > 0
    rows = table_rows(stdout, "Edit-to-page latency")
    assert rows[0][0] == "latency"
    assert rows[1][-1] in ("yes", "NO")
