"""The engraving recipe -> MEI step, on small note data written here (no Verovio needed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tools.notation.mei import MEI_NS, bars, build_mei, id_prefix, key_alters, split_length
from tools.notation.notes import EngraveError, part_events, written_voice

M = f"{{{MEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def spec(*parts, tempo=120):
    return {"tempo": tempo, "parts": list(parts), "phrases": {"P": "C4:1 D4"}}


def mei(s, recipe):
    text, notes, first = build_mei("test-clip", s, recipe)
    return ET.fromstring(text.split("\n", 1)[1]), notes, first


def one_staff(part="a", **extra):
    return {"staves": [{"clef": "G2", "layers": [[part]]}], **extra}


def test_split_length_writes_dotted_tied_and_triplet_values():
    assert [d for _, d, _, _ in split_length(1.5)] == ["4"]
    assert [(d, dots) for _, d, dots, _ in split_length(2.5)] == [("2", 0), ("8", 0)]
    assert [(d, dots) for _, d, dots, _ in split_length(3)] == [("2", 1)]
    assert [(d, t) for _, d, _, t in split_length(1 / 3)] == [("8", True)]
    assert [(d, t) for _, d, _, t in split_length(4 / 3)] == [("4", False), ("8", True)]
    with pytest.raises(EngraveError, match="cannot be written"):
        split_length(0.2)


def test_triplets_fill_a_beat_in_a_tuplet_and_must_start_on_one():
    s = spec({"name": "a", "voices": ["G4:1/3 G4:1/3 G4:1/3 C5:1.5 G4:0.5 E5:1"]})
    root, notes, _ = mei(s, one_staff())
    tuplets = list(root.iter(f"{M}tuplet"))
    assert len(tuplets) == 1 and tuplets[0].get("num") == "3"
    assert len(list(tuplets[0].iter(f"{M}note"))) == 3
    assert [round(n.beat, 4) for n in notes[:4]] == [0, 0.3333, 0.6667, 1]
    late = spec({"name": "a", "voices": ["C4:0.5 G4:1/3 G4:1/3 G4:1/3 C5:2.5"]})
    with pytest.raises(EngraveError, match="do not start on a beat"):
        mei(late, one_staff())


def test_key_signatures():
    assert key_alters("0") == {}
    assert key_alters("2s") == {"F": 1, "C": 1}
    assert key_alters("3f") == {"B": -1, "E": -1, "A": -1}
    with pytest.raises(EngraveError):
        key_alters("8s")


def test_bars_follow_meter_changes_and_refuse_one_inside_a_bar():
    got = bars({"meter": [[0, "4/4"], [8, "2/4"], [10, "4/4"]]}, 0, 14)
    assert [(b.start, b.length) for b in got] == [(0, 4), (4, 4), (8, 2), (10, 4)]
    with pytest.raises(EngraveError, match="inside a bar"):
        bars({"meter": [[0, "4/4"], [6, "2/4"]]}, 0, 12)


def test_spelling_comes_from_the_note_data_and_agrees_with_the_pipeline():
    events = written_voice("E#3:0.5 C#3 [F3,A3]:1' r:1 C4:1 D4", start=4, part="x")
    assert [(p.step, p.alter, p.octave) for p in events[0].pitches] == [("E", 1, 3)]
    assert events[0].pitches[0].midi == 53  # sounds as F3
    assert events[2].staccato and events[2].length == 1 and events[2].start == 5
    with pytest.raises(EngraveError):
        written_voice("C4:1", start=0, part="x", transpose=7)


def test_part_events_select_voice_and_range_and_apply_octave_transposition():
    s = spec(
        {"name": "a", "transpose": 12, "voices": ["C4:1 D4", {"at": 8, "notes": "E4:1"}]},
    )
    assert [e.start for e in part_events(s, {"part": "a"})] == [0, 1, 8]
    assert [e.start for e in part_events(s, {"part": "a", "voice": 1})] == [8]
    assert [e.start for e in part_events(s, {"part": "a", "from": 1, "to": 8})] == [1]
    assert part_events(s, {"part": "a"})[0].pitches[0].octave == 5
    with pytest.raises(EngraveError, match="no part named"):
        part_events(s, {"part": "b"})


def test_a_note_across_the_bar_line_is_tied_and_only_its_first_head_is_an_onset():
    s = spec({"name": "a", "voices": ["C4:3 D4:2 r:3"]})
    root, notes, _ = mei(s, one_staff())
    measures = root.iter(f"{M}measure")
    assert len(list(measures)) == 2
    ties = [n.get("tie") for n in root.iter(f"{M}note")]
    assert ties == [None, "i", "t"]  # C4 dotted half; D4 quarter tied to D4 quarter
    assert [(n.midi, n.beat, n.tied) for n in notes] == [
        (60, 0, False),
        (62, 3, False),
        (62, 4, True),
    ]


def test_chords_merge_and_overlaps_in_one_layer_are_refused():
    s = spec({"name": "a", "voices": ["[C4,E4]:2 G4:2"]}, {"name": "b", "voices": ["G3:2 r:2"]})
    root, notes, _ = mei(s, {"staves": [{"layers": [["a", "b"]]}]})
    assert len(notes) == 4
    chords = list(root.iter(f"{M}chord"))
    assert len(chords) == 1 and len(chords[0]) == 3  # G3 joined the C-E chord
    s2 = spec({"name": "a", "voices": ["C4:2"]}, {"name": "b", "voices": ["r:1 G3:2"]})
    with pytest.raises(EngraveError, match="another layer"):
        build_mei("t", s2, {"staves": [{"layers": [["a", "b"]]}]})
    # in two layers they are fine
    build_mei("t", s2, {"staves": [{"layers": [["a"], ["b"]]}]})


def test_accidentals_are_shown_against_the_key_and_earlier_notes_of_the_bar():
    s = spec({"name": "a", "voices": ["F#4:1 F#4:1 F4:1 E#4:1 | F#4:4"]})
    root, _, _ = mei(s, one_staff(key="2s"))
    shown = [(n.get("pname"), n.get("accid"), n.get("accid.ges")) for n in root.iter(f"{M}note")]
    assert shown == [
        ("f", None, "s"),  # F# is in the key
        ("f", None, "s"),
        ("f", "n", None),  # F natural needs a natural sign
        ("e", "s", None),  # E# is written as such
        ("f", None, "s"),  # a new bar: the key again
    ]


def test_ids_are_unique_per_clip_and_beams_group_eighths_by_beat():
    s = spec({"name": "a", "voices": ["C4:0.5 D4 E4 F4 G4:1 A4:0.5 B4:0.5"]})
    root, notes, _ = mei(s, one_staff())
    assert all(n.id.startswith(id_prefix("test-clip") + "-") for n in notes)
    assert len({n.id for n in notes}) == len(notes)
    assert [len(b) for b in root.iter(f"{M}beam")] == [2, 2, 2]
    assert id_prefix("major-minor") != id_prefix("mountain-king")


def test_marks_keys_and_clef_changes():
    s = spec({"name": "a", "voices": ["C4:4 | C3:4"]})
    recipe = {
        "key": [[0, "0"], [4, "1f"]],
        "marks": [[0, "plain"], [5, "later"]],
        "staves": [{"clef": [[0, "G2"], [4, "F4"]], "layers": [["a"]]}],
    }
    root, _, _ = mei(s, recipe)
    assert [d.findtext(f"{M}rend") for d in root.iter(f"{M}dir")] == ["plain", "later"]
    assert [d.get("tstamp") for d in root.iter(f"{M}dir")] == ["1", "2"]
    assert [sd.get("keysig") for sd in root.iter(f"{M}scoreDef")] == ["0", "1f"]
    assert [c.get("shape") for c in root.iter(f"{M}clef")] == ["F"]
    recipe["key"] = [[0, "0"], [3, "1f"]]
    with pytest.raises(EngraveError, match="not on a bar line"):
        mei(s, recipe)
