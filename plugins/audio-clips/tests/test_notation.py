"""`notation:` on a clip: the SVG and timemap must exist, parse and belong to that clip."""

from __future__ import annotations

import json

import pytest
from clipsite import write_audio

from pelican.plugins.audio_clips import settings as plugin_settings
from pelican.plugins.audio_clips.assemble import build_clips
from pelican.plugins.audio_clips.media import ProbeCache

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300px" height="160px" viewBox="0 0 300 160">'
    '<g id="note-1"/></svg>'
)


def timemap(clip="rag", alt="Four bars of a rag melody.", last_ms=2500):
    return json.dumps(
        {
            "version": 1,
            "clip": clip,
            "alt": alt,
            "timemap": [{"tstamp": 0, "on": ["note-1"]}, {"tstamp": last_ms, "off": ["note-1"]}],
        }
    )


@pytest.fixture
def project(tmp_path):
    media = tmp_path / "media"
    write_audio(media / "clips" / "rag.opus", 3.0)
    (media / "notation").mkdir(parents=True)
    return tmp_path, media


def run(project, value, svg=SVG, tmap=None):
    root, media = project
    (media / "notation" / "rag.svg").write_text(svg)
    (media / "notation" / "rag.timemap.json").write_text(tmap if tmap is not None else timemap())
    config = plugin_settings.load({"PATH": str(root / "content")})
    raw = [
        {
            "src": "clips/rag.opus",
            "section": "s",
            "title": "T",
            "license": "CC0-1.0",
            "description": "d",
            "notation": value,
        }
    ]
    return build_clips(
        raw, path="content/essay.md", config=config, headings=["s"], cache=ProbeCache(None)
    )


def test_notation_true_finds_svg_and_timemap(project):
    outcome = run(project, True)
    assert not outcome.problems
    notation = outcome.clips[0].notation
    assert notation.svg_url == "/media/notation/rag.svg"
    assert notation.timemap_url == "/media/notation/rag.timemap.json"
    assert notation.alt == "Four bars of a rag melody."
    assert (notation.width, notation.height) == (300, 160)
    assert "notation/rag.svg" in outcome.clips[0].files


def test_notation_false_is_none(project):
    assert run(project, False).clips[0].notation is None


@pytest.mark.parametrize(
    ("value", "svg", "tmap", "expected"),
    [
        (True, "not svg", None, "is not an SVG file"),
        (True, SVG, "{oops", "is malformed"),
        (True, SVG, timemap(clip="other"), "belongs to clip 'other', not 'rag'"),
        (True, SVG, timemap(alt=""), "has no text alternative"),
        (True, SVG, timemap(last_ms=9000), "does not fit the clip"),
        ("notation/missing.svg", SVG, None, "'notation/missing.svg' not found"),
        ("../etc/x.svg", SVG, None, "is not a path to an .svg below media/"),
        ("notation/rag.png", SVG, None, "is not a path to an .svg"),
        (["x"], SVG, None, "must be true, false or a path"),
    ],
)
def test_bad_notation_is_reported(project, value, svg, tmap, expected):
    outcome = run(project, value, svg, tmap)
    assert not outcome.clips
    problem = outcome.problems[0]
    assert problem.field == "notation"
    assert expected in str(problem)
