"""The Verovio step (needs `verovio`, pinned in requirements/notation.txt): the committed files
are exactly what engraving makes today, and a tempo ramp is followed, not assumed away."""

from __future__ import annotations

import pytest

from tests.notation._support import NOTATION, recipes

verovio = pytest.importorskip("verovio", reason="pip install -r requirements/notation.txt")

from tools.clips.build import load_specs  # noqa: E402
from tools.clips.notation import TempoMap  # noqa: E402
from tools.notation import engrave  # noqa: E402


def test_committed_files_are_what_engraving_makes_now(stamps):
    stem = "pachelbel-canon"  # the smallest recipe; it has a tempo ramp at the end
    spec = load_specs([stem])[0]
    svg, doc, _ = engrave.engrave(stem, spec, recipes()[stem], stamps[stem]["offset"])
    assert svg == (NOTATION / f"{stem}.svg").read_text(encoding="utf-8")
    assert doc == engrave.json.loads((NOTATION / f"{stem}.timemap.json").read_text())


def test_timemap_times_follow_the_tempo_map_through_a_ramp():
    spec = {
        "tempo": [[0, 60], [4, 60], [8, 120, "ramp"]],
        "parts": [{"name": "a", "voices": ["C4:1 D4 E4 F4 | G4 A4 B4 C5 | C5:4"]}],
    }
    recipe = {"alt": "a scale", "staves": [{"layers": [["a"]]}]}
    _, doc, notes = engrave.engrave("ramp-test", spec, recipe, offset=0.25)
    tempo = TempoMap(spec["tempo"])
    on = {i: e["tstamp"] for e in doc["timemap"] for i in e.get("on", [])}
    for note in notes:
        expected = max(0.0, tempo.seconds(note.beat) - 0.25) * 1000
        assert on[note.id] == pytest.approx(expected, abs=0.1)
    # the ramp really shortens the beats: a constant 60 bpm would put the last C5 at 7.75 s
    assert on[notes[-1].id] < 7000


def test_a_recipe_naming_an_unknown_part_fails_with_the_clip_named():
    spec = {"tempo": 60, "parts": [{"name": "a", "voices": ["C4:4"]}]}
    with pytest.raises(engrave.EngraveError, match="ramp-test: no part named 'b'"):
        engrave.engrave("ramp-test", spec, {"alt": "x", "staves": [{"layers": [["b"]]}]}, 0.0)
