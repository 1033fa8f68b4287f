"""An engraving recipe plus a clip's note data -> an MEI document and the table of its notes.

A recipe (one entry of ``media/notation/recipes.yaml``) says which parts of the clip go on which
staff, in which layer, with the meter, key and clef to write them in; the notes themselves always
come from the clip's own note data. The MEI is what Verovio engraves; the note table says, for
every ``xml:id``, which pitch it is and at which beat it starts, so the timemap can be checked.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from .notes import EPS, EngraveError, Event, Pitch, part_events

MEI_NS = "http://www.music-encoding.org/ns/mei"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# written lengths in beats -> (MEI @dur, @dots), longest first
VALUES = [
    (4.0, "1", 0),
    (3.0, "2", 1),
    (2.0, "2", 0),
    (1.5, "4", 1),
    (1.0, "4", 0),
    (0.75, "8", 1),
    (0.5, "8", 0),
    (0.375, "16", 1),
    (0.25, "16", 0),
    (0.1875, "32", 1),
    (0.125, "32", 0),
]
SHARPS, FLATS = "FCGDAEB", "BEADGCF"
ACCID = {-2: "ff", -1: "f", 0: "n", 1: "s", 2: "x"}


@dataclass(frozen=True)
class EngravedNote:
    """One note head in the engraving."""

    id: str
    """Its ``xml:id`` (and the SVG element id), unique on the site."""
    midi: int
    """Sounding MIDI number."""
    beat: float
    """Start in beats from the clip's beat 0."""
    part: str
    """The part of the note data it comes from."""
    tied: bool
    """True when it continues a tied note (no new onset in the audio)."""


@dataclass(frozen=True)
class Bar:
    start: float
    length: float
    meter: tuple[int, int]


def id_prefix(stem: str) -> str:
    """A short prefix for note ids, unique per clip: initials and 3 hex digits of a hash."""
    initials = "".join(w[0] for w in stem.split("-") if w)
    return f"{initials}{hashlib.sha1(stem.encode()).hexdigest()[:3]}"


def _changes(value: Any, default: Any) -> list[tuple[float, Any]]:
    """``x`` or ``[[beat, x], ...]`` -> sorted [(beat, x)], starting at the first beat given."""
    if value is None:
        return [(0.0, default)]
    if isinstance(value, list):
        return sorted((float(b), v) for b, v in value)
    return [(0.0, value)]


def _meter(text: str) -> tuple[int, int]:
    count, _, unit = str(text).partition("/")
    try:
        meter = int(count), int(unit)
    except ValueError:
        raise EngraveError(f"meter {text!r} is not like '4/4'") from None
    if meter[0] < 1 or meter[1] not in {1, 2, 4, 8, 16}:
        raise EngraveError(f"meter {text!r} is not like '4/4'")
    return meter


def bars(recipe: dict[str, Any], first: float, last: float) -> list[Bar]:
    """The bars from beat ``first`` until they cover beat ``last``."""
    changes = [(b, _meter(m)) for b, m in _changes(recipe.get("meter"), "4/4")]
    out: list[Bar] = []
    t = first
    while t < last - EPS:
        meter = next((m for b, m in reversed(changes) if b <= t + EPS), changes[0][1])
        length = meter[0] * 4 / meter[1]
        nxt = next((b for b, _ in changes if t + EPS < b < t + length - EPS), None)
        if nxt is not None:
            raise EngraveError(f"meter change at beat {nxt:g} falls inside a bar (bar at {t:g})")
        out.append(Bar(t, length, meter))
        t += length
    return out


def key_alters(sig: str) -> dict[str, int]:
    """``'2s'`` -> {'F': 1, 'C': 1}; ``'3f'`` -> {'B': -1, 'E': -1, 'A': -1}; ``'0'`` -> {}."""
    sig = str(sig)
    if sig == "0":
        return {}
    count, kind = int(sig[:-1] or 0), sig[-1]
    if kind not in "sf" or not 0 < count <= 7:
        raise EngraveError(f"key {sig!r} is not like '0', '2s' or '3f'")
    return dict.fromkeys(SHARPS[:count], 1) if kind == "s" else dict.fromkeys(FLATS[:count], -1)


TRIPLETS = [(2 / 3, "4"), (1 / 3, "8"), (1 / 6, "16")]
"""Values inside a triplet (three in the time of two): written value and beats."""


def split_length(length: float) -> list[tuple[float, str, int, bool]]:
    """A written length as tied note values, longest first: 2.5 -> half + eighth.

    Each value is (beats, MEI @dur, @dots, in a triplet). Lengths in thirds of a beat are
    written as triplet values after any whole beats: 4/3 -> quarter + triplet eighth.
    """
    out: list[tuple[float, str, int, bool]] = []
    left = length
    if abs(length * 8 - round(length * 8)) > 1e-4:
        if abs(length * 6 - round(length * 6)) > 1e-4:
            raise EngraveError(f"a length of {length:g} beats cannot be written")
        whole = math.floor(length + 1e-4)
        out += split_length(float(whole)) if whole else []
        left = length - whole
        for beats, dur in TRIPLETS:
            while beats <= left + 1e-4:
                out.append((beats, dur, 0, True))
                left -= beats
        return out
    while left > EPS:
        for beats, dur, dots in VALUES:
            if beats <= left + EPS:
                out.append((beats, dur, dots, False))
                left -= beats
                break
        else:  # pragma: no cover - every multiple of 1/8 is written above
            raise EngraveError(f"a length of {length:g} beats cannot be written")
    return out


def _merge_chords(events: list[Event], where: str) -> list[Event]:
    """Events starting together with one length become one chord; other overlaps are errors."""
    events = sorted(events, key=lambda e: (e.start, e.length))
    out: list[Event] = []
    for event in events:
        e = event
        if out and abs(out[-1].start - e.start) < EPS and abs(out[-1].length - e.length) < EPS:
            prev = out.pop()
            pitches = tuple(sorted({*prev.pitches, *e.pitches}, key=lambda p: p.midi))
            e = Event(prev.start, prev.length, pitches, prev.staccato and e.staccato, prev.part)
        elif out and e.start < out[-1].start + out[-1].length - EPS:
            raise EngraveError(
                f"{where}: notes at beats {out[-1].start:g} and {e.start:g} overlap; "
                "put one of the parts in another layer"
            )
        out.append(e)
    return out


def _clef(text: str) -> dict[str, str]:
    shape, _, rest = str(text).partition("-")
    if len(shape) != 2 or shape[0] not in "GFC" or not shape[1].isdigit():
        raise EngraveError(f"clef {text!r} is not like 'G2', 'F4', 'C3' or 'G2-8' (octave lower)")
    attrs = {"shape": shape[0], "line": shape[1]}
    if rest:
        attrs.update({"dis": "8", "dis.place": "below"})
    return attrs


@dataclass
class _Piece:
    """A piece of a layer inside one bar: a note/chord value, or a rest."""

    start: float
    beats: float
    dur: str
    dots: int
    event: Event | None
    tie: str  # "", "i", "m", "t"
    tuplet: bool = False


def _layer_pieces(events: list[Event], bar: Bar) -> list[_Piece]:
    pieces: list[_Piece] = []
    t, end = bar.start, bar.start + bar.length

    def fill(upto: float, event: Event | None, first_tie: bool, last_tie: bool) -> None:
        nonlocal t
        values = split_length(upto - t)
        for i, (beats, dur, dots, tuplet) in enumerate(values):
            tie = ""
            if event is not None:
                starts = i == 0 and not first_tie
                ends = i == len(values) - 1 and not last_tie
                tie = "" if starts and ends else "i" if starts else "t" if ends else "m"
            pieces.append(_Piece(t, beats, dur, dots, event, tie, tuplet))
            t += beats

    for e in events:
        e_end = e.start + e.length
        if e_end <= bar.start + EPS or e.start >= end - EPS:
            continue
        if e.start > t + EPS:
            fill(e.start, None, False, False)
        fill(min(e_end, end), e, e.start < bar.start - EPS, e_end > end + EPS)
    if t < end - EPS:
        fill(end, None, False, False)
    return pieces


class _Builder:
    def __init__(self, stem: str, spec: dict[str, Any], recipe: dict[str, Any]):
        self.stem, self.spec, self.recipe = stem, spec, recipe
        self.prefix = recipe.get("ids") or id_prefix(stem)
        self.notes: list[EngravedNote] = []
        self.counter = itertools.count()

    def staves(self) -> list[tuple[dict[str, Any], list[list[Event]]]]:
        out = []
        for s_index, staff in enumerate(self.recipe["staves"]):
            layers = []
            for l_index, layer in enumerate(staff["layers"]):
                events: list[Event] = []
                for source in layer:
                    src = {"part": source} if isinstance(source, str) else dict(source)
                    events += part_events(self.spec, src)
                where = f"staff {s_index + 1} layer {l_index + 1}"
                layers.append(_merge_chords(events, where))
            out.append((staff, layers))
        return out

    def next_id(self) -> str:
        n = next(self.counter)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"
        text = ""
        while True:
            n, r = divmod(n, 36)
            text = digits[r] + text
            if n == 0:
                return f"{self.prefix}-{text}"


def build_mei(
    stem: str, spec: dict[str, Any], recipe: dict[str, Any]
) -> tuple[str, list[EngravedNote], float]:
    """The MEI text for a clip's recipe, its note table, and the beat where the engraving starts."""
    b = _Builder(stem, spec, recipe)
    staves = b.staves()
    all_events = [e for _, layers in staves for layer in layers for e in layer]
    if not all_events:
        raise EngraveError("the recipe selects no notes")
    first, last = recipe.get("beats", [None, None])[:2] if recipe.get("beats") else (None, None)
    first = float(first) if first is not None else 0.0
    last = float(last) if last is not None else max(e.start + e.length for e in all_events)
    if min(e.start for e in all_events) < first - EPS:
        raise EngraveError(f"notes start before beat {first:g}, where the engraving starts")
    bar_list = bars(recipe, first, last)
    keys = [(bt, str(k)) for bt, k in _changes(recipe.get("key"), "0")]
    for _, k in keys:
        key_alters(k)  # checks every key before anything is written
    clefs = [[(bt, _clef(c)) for bt, c in _changes(st.get("clef"), "G2")] for st, _ in staves]

    mei = ET.Element("mei", {"xmlns": MEI_NS, "meiversion": "5.1"})
    head = ET.SubElement(mei, "meiHead")
    title_stmt = ET.SubElement(ET.SubElement(head, "fileDesc"), "titleStmt")
    ET.SubElement(title_stmt, "title").text = str(spec.get("title", stem))
    ET.SubElement(head.find("fileDesc"), "pubStmt")
    score = ET.SubElement(
        ET.SubElement(ET.SubElement(ET.SubElement(mei, "music"), "body"), "mdiv"), "score"
    )
    first_key = next((k for bt, k in reversed(keys) if bt <= first + EPS), keys[0][1])
    sdef = ET.SubElement(
        score,
        "scoreDef",
        {
            "meter.count": str(bar_list[0].meter[0]),
            "meter.unit": str(bar_list[0].meter[1]),
            "keysig": first_key,
        },
    )
    grp_attrs = {"bar.thru": "true"}
    if len(staves) > 1 and recipe.get("group", "brace") != "none":
        grp_attrs["symbol"] = recipe.get("group", "brace")
    grp = ET.SubElement(sdef, "staffGrp", grp_attrs)
    for n, (staff, _) in enumerate(staves, 1):
        clef = next(
            (c for bt, c in reversed(clefs[n - 1]) if bt <= first + EPS), clefs[n - 1][0][1]
        )
        attrs = {"n": str(n), "lines": "5", "clef.shape": clef["shape"], "clef.line": clef["line"]}
        if "dis" in clef:
            attrs.update({"clef.dis": clef["dis"], "clef.dis.place": clef["dis.place"]})
        sd = ET.SubElement(grp, "staffDef", attrs)
        if staff.get("label"):
            ET.SubElement(sd, "label").text = str(staff["label"])
    section = ET.SubElement(score, "section")
    starts = [bar.start for bar in bar_list]
    for what, changes in [("key", keys), *(("clef", c) for c in clefs)]:
        for bt, _ in changes:
            if bt > first + EPS and not any(abs(bt - s) < EPS for s in starts):
                raise EngraveError(f"a {what} change at beat {bt:g} is not on a bar line")

    current_key = key_alters(first_key)
    current_meter = bar_list[0].meter
    marks = sorted((float(bt), str(text)) for bt, text in recipe.get("marks", []))
    for m_index, bar in enumerate(bar_list, 1):
        new_key = next((k for bt, k in keys if abs(bt - bar.start) < EPS), None)
        changes: dict[str, str] = {}
        if new_key is not None and key_alters(new_key) != current_key and m_index > 1:
            changes["keysig"] = new_key
            current_key = key_alters(new_key)
        if bar.meter != current_meter:
            changes.update({"meter.count": str(bar.meter[0]), "meter.unit": str(bar.meter[1])})
            current_meter = bar.meter
        if changes:
            ET.SubElement(section, "scoreDef", changes)
        measure = ET.SubElement(section, "measure", {"n": str(m_index)})
        for n, (_, layers) in enumerate(staves, 1):
            staff_el = ET.SubElement(measure, "staff", {"n": str(n)})
            state: dict[tuple[str, int], int] = {}
            layer_pieces = [_layer_pieces(events, bar) for events in layers]
            # accidentals: in time order over all layers of the staff, as a reader meets them
            shown: dict[tuple[int, int, int], str | None] = {}
            order = sorted(
                (p.start, li, pi)
                for li, pieces in enumerate(layer_pieces)
                for pi, p in enumerate(pieces)
                if p.event is not None
            )
            for _, li, pi in order:
                p = layer_pieces[li][pi]
                for k, pitch in enumerate(p.event.pitches):
                    slot = (pitch.step, pitch.octave)
                    expected = state.get(slot, current_key.get(pitch.step, 0))
                    cont = p.tie in {"m", "t"}
                    shown[(li, pi, k)] = (
                        None if cont or pitch.alter == expected else ACCID[pitch.alter]
                    )
                    state[slot] = pitch.alter
            for li, pieces in enumerate(layer_pieces):
                layer_el = ET.SubElement(staff_el, "layer", {"n": str(li + 1)})
                if li == 0:
                    clef_change = next(
                        (
                            c
                            for bt, c in clefs[n - 1]
                            if abs(bt - bar.start) < EPS and bt > first + EPS
                        ),
                        None,
                    )
                    if clef_change:
                        ET.SubElement(layer_el, "clef", clef_change)
                if all(p.event is None for p in pieces):
                    ET.SubElement(layer_el, "mRest" if li == 0 else "mSpace")
                    continue
                for kind, group in _groups(pieces, bar):
                    parent = layer_el
                    if kind == "tuplet":
                        parent = ET.SubElement(layer_el, "tuplet", {"num": "3", "numbase": "2"})
                    if len(group) > 1 and all(_beamable(pieces[i]) for i in group):
                        parent = ET.SubElement(parent, "beam")
                    for pi in group:
                        _write_piece(b, parent, pieces[pi], li, pi, shown)
        for beat, text in marks:
            if bar.start - EPS <= beat < bar.start + bar.length - EPS:
                tstamp = (beat - bar.start) * bar.meter[1] / 4 + 1
                d = ET.SubElement(
                    measure, "dir", {"staff": "1", "tstamp": f"{tstamp:g}", "place": "above"}
                )
                ET.SubElement(d, "rend", {"fontstyle": "italic"}).text = text
    ET.indent(mei, space="")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(mei, encoding="unicode")
    return text, b.notes, first


def _beamable(p: _Piece) -> bool:
    return p.event is not None and p.dur in {"8", "16", "32"}


def _groups(pieces: list[_Piece], bar: Bar) -> list[tuple[str, list[int]]]:
    """Indexes of the pieces in groups: ``("tuplet", ...)`` for the triplet values that fill a
    beat, ``("beam", ...)`` for eighths and shorter within one beat (a dotted quarter in
    compound meters), ``("one", [i])`` for the rest."""
    beat = 1.5 if bar.meter[1] == 8 and bar.meter[0] % 3 == 0 else 1.0
    groups: list[tuple[str, list[int]]] = []
    current: list[int] = []
    current_slot = None
    triplet: list[int] = []
    for pi, p in enumerate(pieces):
        if p.tuplet:
            if current:
                groups.append(("beam", current))
                current, current_slot = [], None
            if not triplet and abs((p.start - bar.start) % 1.0) > 1e-4:
                raise EngraveError(f"triplets at beat {p.start:g} do not start on a beat")
            triplet.append(pi)
            if abs(sum(pieces[i].beats for i in triplet) - 1.0) < 1e-4:
                groups.append(("tuplet", triplet))
                triplet = []
            continue
        if triplet:
            raise EngraveError(f"triplets before beat {p.start:g} do not fill a whole beat")
        slot = math.floor((p.start - bar.start) / beat + EPS)
        fits = math.floor((p.start + p.beats - bar.start) / beat - EPS) == slot
        if _beamable(p) and fits and current and slot == current_slot:
            current.append(pi)
            continue
        if current:
            groups.append(("beam", current))
        current, current_slot = ([pi], slot) if _beamable(p) and fits else ([], None)
        if not (_beamable(p) and fits):
            groups.append(("one", [pi]))
    if triplet:
        raise EngraveError("triplets at the end of a bar do not fill a whole beat")
    if current:
        groups.append(("beam", current))
    return groups


def _write_piece(b: _Builder, parent: ET.Element, p: _Piece, li: int, pi: int, shown: dict) -> None:
    attrs = {"dur": p.dur}
    if p.dots:
        attrs["dots"] = str(p.dots)
    if p.event is None:
        ET.SubElement(parent, "rest" if li == 0 else "space", attrs)
        return
    event = p.event
    if event.staccato and p.tie in {"", "i"}:
        attrs["artic"] = "stacc"
    chord = len(event.pitches) > 1
    host = ET.SubElement(parent, "chord", attrs) if chord else parent
    for k, pitch in enumerate(event.pitches):
        note_attrs = {} if chord else dict(attrs)
        nid = b.next_id()
        note_attrs[XML_ID] = nid
        note_attrs.update({"pname": pitch.step.lower(), "oct": str(pitch.octave)})
        accid = shown.get((li, pi, k))
        if accid:
            note_attrs["accid"] = accid
        elif pitch.alter:
            note_attrs["accid.ges"] = ACCID[pitch.alter]
        if p.tie:
            note_attrs["tie"] = p.tie
        ET.SubElement(host, "note", note_attrs)
        b.notes.append(EngravedNote(nid, pitch.midi, p.start, event.part, tied=p.tie in {"m", "t"}))


__all__ = [
    "Bar",
    "EngravedNote",
    "Pitch",
    "bars",
    "build_mei",
    "id_prefix",
    "key_alters",
    "split_length",
]
