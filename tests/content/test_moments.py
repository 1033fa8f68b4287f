"""Moments measured, not typed: every listen-for moment in the essay is checked against the clip.

* For a clip made from note data (a score, or a synthesised melody), the moment's event is
  found in the note data (a note must start at the beat the clip's source names) and timed with
  the tempo map; the essay's ``at`` must be within 0.3 s of it.
* For every clip, recordings included, the published audio must change audibly (a note onset,
  a new band of sound, or a level step) within 0.3 s of each moment.
* Where a moment names a pitch, an interval or a chord, the notes sounding at that time in the
  note data must be those (the table below says what each such moment names; the note data
  decides whether it is true).
* No clip opens more than 30 dB below its own loudest second.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.media._clipdata import published_stems
from tests.media._notedata import (
    PITCH_NAMES,
    NoteData,
    change_near,
    has_note_data,
    is_audible,
    is_part,
    levels,
    levels_of,
    note_data,
    opening_vs_loudest_db,
    pitch_class,
    spec,
)
from tools.clips.notation import pitch_number

from .essay_doc import clip_id, clips, essay, parse_time

TOLERANCE = 0.3
"""Seconds a moment may sit from its event."""
QUIETEST_OPENING_DB = -30.0


def _moments():
    for clip in clips(essay()):
        stem = Path(str(clip["src"])).stem
        for index, moment in enumerate(clip.get("listen_for") or []):
            yield stem, index, parse_time(moment["at"]), str(moment["text"])


MOMENTS = list(_moments())
NOTE_MOMENTS = [m for m in MOMENTS if has_note_data(m[0])]


def _id(moment) -> str:
    stem, index, at, _ = moment
    return f"{stem}-{index}@{at:.1f}"


# --- timing from the note data -----------------------------------------------------------------


def test_every_note_data_clip_is_checked():
    stems = {clip_id(c) for c in clips(essay())}
    with_notes = {s for s in stems if has_note_data(s)}
    assert len(with_notes) >= 15, sorted(with_notes)


@pytest.mark.parametrize("clip", clips(essay()), ids=clip_id)
def test_essay_and_clip_source_list_the_same_moments(clip):
    stem = Path(str(clip["src"])).stem
    assert len(clip["listen_for"]) == len(spec(stem)["listen_for"]), (
        f"{stem}: the essay and media/sources/{stem}.yaml must list the same moments"
    )


def event_time(nd: NoteData, source_moment: dict) -> float:
    """Clip time of the note event a source moment points at; fails if no note starts there."""
    if "beat" in source_moment:
        beat = float(source_moment["beat"])
        events = nd.onsets() + nd.stops()
        nearest = min(events, key=lambda b: abs(b - beat))
        assert abs(nearest - beat) < 0.02, (
            f"no note starts (nor do all notes stop) at beat {beat}; nearest event: {nearest}"
        )
        return nd.seconds(beat)
    t = float(source_moment["t"])
    if t == 0:
        return 0.0  # the synthesised sound itself begins the clip
    starts = sorted({n.start for n in nd.notes})
    nearest = min(starts, key=lambda s: abs(s - t))
    assert abs(nearest - t) < 0.1, f"no note starts at {t} s (nearest: {nearest:.2f})"
    return nearest


@pytest.mark.parametrize("moment", NOTE_MOMENTS, ids=_id)
def test_moment_is_timed_from_the_note_data(moment):
    stem, index, at, _ = moment
    nd = note_data(stem)
    event = event_time(nd, spec(stem)["listen_for"][index])
    assert abs(at - event) <= TOLERANCE, (
        f"{stem}: the moment says {at:.1f} s, the note data puts its event at {event:.2f} s"
    )


# --- heard in the published audio --------------------------------------------------------------


@pytest.mark.parametrize("moment", MOMENTS, ids=_id)
def test_moment_is_an_audible_change(moment):
    stem, _, at, text = moment
    change = change_near(levels(stem), at, TOLERANCE)
    assert is_audible(change), (
        f"{stem} at {at:.1f} s ({text[:50]}…): nothing changes within {TOLERANCE} s "
        f"(level step {change.step:+.1f} dB, largest band rise {change.rise:.1f} dB)"
    )


@pytest.mark.parametrize("stem", published_stems())
def test_clip_opening_is_audible(stem):
    gap = opening_vs_loudest_db(levels(stem))
    assert gap >= QUIETEST_OPENING_DB, (
        f"{stem}: the first second is {-gap:.1f} dB below the loudest second"
    )


def _tone(rate: int, spans: list[tuple[float, float, float]], seconds: float) -> np.ndarray:
    """Sine tones (start, end, Hz) with 10 ms ramps: a test signal for the detector."""
    t = np.arange(int(rate * seconds)) / rate
    out = np.zeros_like(t)
    for start, end, hz in spans:
        env = np.clip(np.minimum(t - start, end - t) / 0.01, 0, 1)
        out += 0.2 * env * np.sin(2 * np.pi * hz * t)
    return out


def test_detector_tells_a_change_from_a_steady_sound():
    rate = 48000
    steady = levels_of(_tone(rate, [(0, 6, 440)], 6), rate)
    assert not is_audible(change_near(steady, 3.0))
    entry = levels_of(_tone(rate, [(0, 6, 440), (3.0, 6, 659.3)], 6), rate)
    assert is_audible(change_near(entry, 3.0))
    assert not is_audible(change_near(entry, 2.0))  # a second early is not near enough
    stop = levels_of(_tone(rate, [(0, 3.0, 440)], 6), rate)
    assert is_audible(change_near(stop, 3.1))


# --- pitches and chords named by a moment ------------------------------------------------------

Check = Callable[[NoteData, float], str | None]


def _names(pitches) -> str:
    return ", ".join(PITCH_NAMES[p % 12] + str(p // 12 - 1) for p in sorted(pitches))


def chord(*names: str, within: float = 3.0) -> Check:
    """At some instant in the next ``within`` seconds, all these pitch classes sound together."""
    wanted = {pitch_class(n) for n in names}

    def check(nd: NoteData, t: float) -> str | None:
        seen = []
        for u in np.arange(t, t + within, 0.02):
            pcs = {n.pitch % 12 for n in nd.sounding(u)}
            if wanted <= pcs:
                return None
            seen.append(pcs)
        best = max(seen, key=lambda s: len(s & wanted))
        missing = sorted(PITCH_NAMES[p] for p in wanted - best)
        return f"never sounding together: {' '.join(names)} (at best missing {missing})"

    return check


def lowest(name: str) -> Check:
    def check(nd: NoteData, t: float) -> str | None:
        low = min(n.pitch for n in nd.sounding(t + 0.05))
        return None if low % 12 == pitch_class(name) else f"lowest note is {_names([low])}"

    return check


def first_interval(part: str, semitones: int) -> Check:
    """The part's first two notes from this moment on are ``semitones`` apart (upward +)."""

    def check(nd: NoteData, t: float) -> str | None:
        notes = nd.starting(t - 0.05, t + 10, part=part)
        pitches = [n.pitch for n in notes]
        steps = [b - a for a, b in itertools.pairwise(pitches) if b != a]
        if not steps:
            return f"{part}: no interval after {t:.1f} s"
        return None if steps[0] == semitones else f"{part}: first interval is {steps[0]} semitones"

    return check


def leap_into(part: str, semitones: int) -> Check:
    """The part's note starting at this moment is ``semitones`` from the note before it."""

    def check(nd: NoteData, t: float) -> str | None:
        notes = [n for n in nd.notes if is_part(n.part, part) and not n.percussion]
        notes.sort(key=lambda n: n.start)
        here = min(notes, key=lambda n: abs(n.start - t))
        if abs(here.start - t) > TOLERANCE:
            return f"{part}: no note starts near {t:.1f} s"
        before = [n for n in notes if n.start < here.start - 1e-6]
        if not before:
            return f"{part}: nothing before {t:.1f} s"
        step = here.pitch - before[-1].pitch
        return None if step == semitones else f"{part}: leaps {step} semitones"

    return check


def plays(part: str, name: str) -> Check:
    """The part's note starting at this moment is this pitch."""

    def check(nd: NoteData, t: float) -> str | None:
        notes = [n for n in nd.notes if is_part(n.part, part) and not n.percussion]
        here = min(notes, key=lambda n: abs(n.start - t))
        if abs(here.start - t) > TOLERANCE:
            return f"{part}: no note starts near {t:.1f} s"
        return None if here.pitch == pitch_number(name) else f"{part} plays {_names([here.pitch])}"

    return check


def ornament_then(part: str, *names: str) -> Check:
    """The part's first notes from this moment on have these pitch classes, in order."""

    def check(nd: NoteData, t: float) -> str | None:
        got = []
        for n in nd.starting(t - 0.05, t + 10, part=part):
            if not got or got[-1][0] != n.start:
                got.append((n.start, n.pitch % 12))
        got_names = [PITCH_NAMES[pc] for _, pc in got[: len(names)]]
        return (
            None
            if got_names == [PITCH_NAMES[pitch_class(n)] for n in names]
            else (f"{part} plays {got_names}")
        )

    return check


def rocks_between(part: str, semitones: int) -> Check:
    """The part alternates between two pitches ``semitones`` apart."""

    def check(nd: NoteData, t: float) -> str | None:
        pitches = [n.pitch for n in nd.starting(t - 0.05, t + 4, part=part)]
        if len(set(pitches)) != 2:
            return f"{part} plays {_names(set(pitches))}"
        a, b = sorted(set(pitches))
        return None if b - a == semitones else f"{part}: {_names({a, b})}"

    return check


def holds_one_note(part: str, span: float = 2.0) -> Check:
    def check(nd: NoteData, t: float) -> str | None:
        heard = {n.pitch for u in np.arange(t, t + span, 0.05) for n in nd.sounding(u, part=part)}
        return None if len(heard) == 1 else f"{part} plays {_names(heard)}"

    return check


def above(part: str, other: str, semitones: int | None = None) -> Check:
    """The part's first note from here on is above the other part's note sounding with it
    (by exactly ``semitones`` if given, comparing with the other part's first note instead)."""

    def check(nd: NoteData, t: float) -> str | None:
        mine = nd.starting(t - 0.05, t + 10, part=part)[0]
        if semitones is not None:
            theirs = nd.starting(0, 10, part=other)[0]
            gap = mine.pitch - theirs.pitch
            return None if gap == semitones else f"{part} is {gap} semitones above {other}"
        theirs = nd.sounding(mine.start + 0.05, part=other)
        if not theirs:
            return f"{other} is silent when {part} enters"
        return (
            None
            if mine.pitch > max(n.pitch for n in theirs)
            else (
                f"{part} enters on {_names([mine.pitch])}, below {other}'s "
                f"{_names(n.pitch for n in theirs)}"
            )
        )

    return check


def scale_lowered(
    part: str, lowered: tuple[str, ...], natural: tuple[str, ...], span: float = 30.0
) -> Check:
    """In the next ``span`` seconds the part plays every note of ``lowered`` (those that make the
    mode) and none of ``natural``."""

    def check(nd: NoteData, t: float) -> str | None:
        pcs = {n.pitch % 12 for n in nd.starting(t - 0.05, t + span, part=part)}
        bad = [x for x in natural if pitch_class(x) in pcs]
        missing = [x for x in lowered if pitch_class(x) not in pcs]
        return f"{part}: still plays {bad}, lacks {missing}" if bad or missing else None

    return check


def same_start(part: str, other: str) -> Check:
    """The part's first note from here on is the same pitch the other part began on."""

    def check(nd: NoteData, t: float) -> str | None:
        mine = nd.starting(t - 0.05, t + 10, part=part)[0]
        theirs = nd.starting(0, nd.notes[-1].end + 1, part=other)[0]
        return (
            None
            if mine.pitch == theirs.pitch
            else (f"{part} starts on {_names([mine.pitch])}, {other} on {_names([theirs.pitch])}")
        )

    return check


#: (clip, moment index) -> (what the moment's text must say, checks of the note data that make it
#: true). The pattern ties each row to the essay's words: if the text changes its claim, the row
#: no longer matches and must be revisited.
NAMED_PITCHES: dict[tuple[str, int], tuple[str, list[Check]]] = {
    ("mountain-king", 1): (
        r"two octaves higher",
        [above("pizzicato violins", "bassoons", semitones=24)],
    ),
    ("mountain-king", 2): (
        r"violins' height",
        [same_start("oboe and clarinet", "pizzicato violins")],
    ),
    ("leitmotif-transformed", 0): (r"leaps up a fifth", [first_interval("horn", 7)]),
    ("leitmotif-transformed", 3): (r"tritone", [first_interval("trombones", 6)]),
    ("major-minor", 0): (r"C major", [chord("C", "E", "G")]),
    ("major-minor", 1): (
        r"C harmonic minor[^.]*E and A[^.]*B stays natural",
        [scale_lowered("clarinet", ("Eb", "Ab", "B"), ("E", "A", "Bb"), span=11.0)],
    ),
    ("major-minor", 2): (
        r"Major again",
        [plays("clarinet", "E4"), chord("C", "E", "G", within=1.0)],
    ),
    ("major-minor", 3): (
        r"in minor",
        [plays("clarinet", "Eb4"), chord("C", "Eb", "G", within=1.0)],
    ),
    ("maple-leaf-rag", 2): (r"diminished-seventh", [chord("D", "F", "Ab", "B", within=1.0)]),
    ("maple-leaf-rag", 3): (r"A-flat", [chord("Ab", "C", "Eb", within=1.0)]),
    ("pachelbel-canon", 2): (r"second violin[^.]*higher part", [above("violin II", "violin I")]),
    ("toccata-d-minor", 0): (
        r"ornament on A[^.]*C-sharp, then D",
        [ornament_then("right hand", "A", "G", "A", "G", "F", "E", "D", "C#", "D")],
    ),
    ("toccata-d-minor", 3): (
        r"pedal D[^.]*held[^.]*C-sharp, E, G, B-flat[^.]*diminished seventh[^.]*D major",
        [chord("D", "C#", "E", "G", "Bb", within=3.5), chord("D", "F#", "A", within=6.0)],
    ),
    ("suspense-ostinato", 0): (r"semitone apart", [rocks_between("contrabasses", 1)]),
    ("suspense-ostinato", 1): (
        r"tritone above",
        [first_interval("violas", 1), chord("E", "Bb", within=1.0)],
    ),
    ("suspense-ostinato", 2): (r"single high held note", [holds_one_note("violins")]),
    ("cadence-release", 0): (r"dominant, A", [lowest("A")]),
    ("cadence-release", 1): (r"flattened ninth", [chord("A", "C#", "G", "Bb", within=1.0)]),
    ("cadence-release", 2): (r"D major", [chord("D", "F#", "A", within=1.0)]),
    ("main-title-fanfare", 2): (
        r"B-flat, then A-flat to B-flat",
        [chord("Bb", "D", "F", within=1.0), chord("Ab", "C", "Eb")],
    ),
    ("main-title-fanfare", 3): (r"C major", [chord("C", "E", "G", within=1.0)]),
    ("scene-two-ways-b", 2): (r"E-flat major", [chord("Eb", "G", "Bb", within=1.0)]),
    ("theremin-glide", 0): (r"up a fourth", [leap_into("melody", 5)]),
    ("theremin-glide", 1): (r"fourth", [leap_into("melody", 5)]),
}


def test_named_pitch_table_points_at_real_moments():
    known = {(stem, index) for stem, index, _, _ in MOMENTS}
    assert set(NAMED_PITCHES) <= known, sorted(set(NAMED_PITCHES) - known)


@pytest.mark.parametrize("key", list(NAMED_PITCHES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_named_pitches_are_in_the_note_data(key):
    stem, index = key
    at, text = next((m[2], m[3]) for m in MOMENTS if m[0] == stem and m[1] == index)
    says, checks = NAMED_PITCHES[key]
    assert re.search(says, text), f"{stem} at {at:.1f} s no longer says /{says}/: {text!r}"
    nd = note_data(stem)
    problems = [p for p in (check(nd, at) for check in checks) if p]
    assert not problems, f"{stem} at {at:.1f} s: {problems}"
