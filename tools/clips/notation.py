"""A small text notation for note data, and its conversion to timed note events.

A voice is a string of whitespace-separated tokens:

``C4:1``        note C in octave 4 (middle C = C4, MIDI 60) lasting 1 beat (a quarter note);
``F#3:0.5``     sharps ``#``, flats ``b``; durations in beats (0.25 = a sixteenth);
``Eb5``         no duration: the previous duration is used again;
``[A3,C4,E4]:2`` a chord;
``r:1``         a rest;
``n36:1``       a raw MIDI note number (percussion);
``v96``         velocity (1..127) for the following notes;
``<``/``>``     nothing: a crescendo/decrescendo mark for the reader (dynamics are given by ``v``);
``'`` suffix    staccato (sounds half its written length): ``C4:0.5'``;
``~`` suffix    held into the next note (legato, no gap): ``C4:1~``;
``|``           a bar line (ignored, for readability).

Times are in beats. A tempo map turns beats into seconds (see :class:`TempoMap`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_STEPS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_NOTE = re.compile(r"^([A-G])(#{1,2}|b{1,2})?(-?\d)$")
_TOKEN = re.compile(r"^(\[[^\]]+\]|[^:\[\]'~]+)(?::([0-9.]+(?:/[0-9]+)?))?(['~]*)$")


class NotationError(ValueError):
    """A token of note data that cannot be read."""


@dataclass(frozen=True)
class Note:
    """One sounding note."""

    start: float
    """Start in beats."""
    length: float
    """Sounding length in beats."""
    pitch: int
    """MIDI note number."""
    velocity: int
    """MIDI velocity 1..127."""


def split_pitch(name: str) -> tuple[str, int, int]:
    """``'F#3'`` -> ('F', 1, 3): step letter, alteration in semitones, octave."""
    match = _NOTE.match(name)
    if not match:
        raise NotationError(f"not a pitch: {name!r}")
    step, accidental, octave = match.groups()
    alter = 0
    if accidental:
        alter = len(accidental) if accidental[0] == "#" else -len(accidental)
    return step, alter, int(octave)


def pitch_number(name: str) -> int:
    """MIDI number of a pitch name like ``C#4`` or ``Bb2``, or ``n60``."""
    if name.startswith("n") and name[1:].isdigit():
        value = int(name[1:])
    else:
        step, alter, octave = split_pitch(name)
        value = 12 * (octave + 1) + _STEPS[step] + alter
    if not 0 <= value <= 127:
        raise NotationError(f"pitch out of MIDI range: {name!r}")
    return value


def parse_duration(text: str) -> float:
    """A note length as written after ':' ('0.5', '1/3'), in beats."""
    if "/" in text:
        num, den = text.split("/")
        return float(num) / float(den)
    return float(text)


def parse_voice(
    text: str, *, start: float = 0.0, velocity: int = 80, gate: float = 0.92
) -> list[Note]:
    """Read one voice of note data into notes; ``gate`` is the sounding fraction of each note."""
    return read_voice(text, start=start, velocity=velocity, gate=gate)[0]


def read_voice(
    text: str, *, start: float = 0.0, velocity: int = 80, gate: float = 0.92
) -> tuple[list[Note], float]:
    """Read one voice: its notes, and the beat where it ends."""
    notes: list[Note] = []
    t = start
    dur = 1.0
    for token in text.split():
        if token in {"|", "<", ">"}:
            continue
        if re.fullmatch(r"v\d+", token):
            velocity = int(token[1:])
            if not 1 <= velocity <= 127:
                raise NotationError(f"velocity out of range: {token!r}")
            continue
        match = _TOKEN.match(token)
        if not match:
            raise NotationError(f"cannot read token {token!r}")
        body, dur_text, marks = match.groups()
        if dur_text:
            dur = parse_duration(dur_text)
        if dur <= 0:
            raise NotationError(f"duration must be positive: {token!r}")
        if body != "r":
            names = body[1:-1].split(",") if body.startswith("[") else [body]
            if "~" in marks:
                sounding = dur
            elif "'" in marks:
                sounding = dur * 0.5
            else:
                sounding = dur * gate
            for name in names:
                notes.append(Note(t, sounding, pitch_number(name.strip()), velocity))
        t += dur
    return notes, t


def voice_length(text: str) -> float:
    """Length in beats of a voice (the sum of its durations, rests included)."""
    return read_voice(text)[1]


class TempoMap:
    """Beats to seconds, from ``[[beat, bpm], ...]`` points; ``[beat, bpm, "ramp"]`` ramps linearly
    in tempo from the previous point to this one."""

    def __init__(self, points: list[list] | float):
        if isinstance(points, int | float):
            points = [[0, float(points)]]
        parsed = []
        for point in points:
            beat, bpm = float(point[0]), float(point[1])
            ramp = len(point) > 2 and point[2] == "ramp"
            if bpm <= 0:
                raise NotationError(f"tempo must be positive: {point!r}")
            parsed.append((beat, bpm, ramp))
        parsed.sort(key=lambda p: p[0])
        if not parsed or parsed[0][0] != 0:
            raise NotationError("the tempo map must start at beat 0")
        self._points = parsed

    def bpm_at(self, beat: float) -> float:
        """Tempo (quarter notes per minute) at a beat."""
        pts = self._points
        for (b0, t0, _), (b1, t1, ramp1) in itertools.pairwise(pts):
            if b0 <= beat < b1:
                if ramp1:
                    return t0 + (t1 - t0) * (beat - b0) / (b1 - b0)
                return t0
        return pts[-1][1]

    def seconds(self, beat: float) -> float:
        """Seconds from beat 0 to ``beat`` (numerically integrated in 1/64-beat steps on ramps)."""
        total = 0.0
        pts = self._points
        for i, (b0, t0, _) in enumerate(pts):
            b1 = pts[i + 1][0] if i + 1 < len(pts) else float("inf")
            ramp1 = pts[i + 1][2] if i + 1 < len(pts) else False
            if beat <= b0:
                break
            end = min(beat, b1)
            if not ramp1:
                total += (end - b0) * 60.0 / t0
            else:
                t1 = pts[i + 1][1]
                steps = max(1, int((end - b0) * 64))
                h = (end - b0) / steps
                for k in range(steps):
                    mid = b0 + (k + 0.5) * h
                    bpm = t0 + (t1 - t0) * (mid - b0) / (b1 - b0)
                    total += h * 60.0 / bpm
        return total
