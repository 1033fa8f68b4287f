"""The notes of a clip as written: spelled pitch names and written durations, in beats.

The pipeline's parser (:mod:`tools.clips.notation`) keeps what the audio needs: MIDI numbers and
sounding lengths. Engraving also needs the spelling (``E#3`` is not ``F3``) and the written length
(a staccato quarter is still a quarter). This module reads the same tokens for those, and checks
every note it reads against the pipeline's own reading of the voice, so both always agree on
which notes there are, where they start and what they sound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tools.clips.notation import (
    _TOKEN,
    NotationError,
    TempoMap,
    parse_duration,
    pitch_number,
    read_voice,
    split_pitch,
)
from tools.clips.score import expand

EPS = 1e-6


class EngraveError(ValueError):
    """Note data or an engraving recipe that cannot be engraved; names the clip and the problem."""


@dataclass(frozen=True)
class Pitch:
    """One spelled pitch."""

    step: str
    """Letter name, ``A``..``G``."""
    alter: int
    """Semitones: -2..2."""
    octave: int
    """Scientific octave (middle C is C4)."""

    @property
    def midi(self) -> int:
        """MIDI note number."""
        accidental = "#" * self.alter if self.alter > 0 else "b" * -self.alter
        return pitch_number(f"{self.step}{accidental}{self.octave}")


@dataclass(frozen=True)
class Event:
    """A note or chord as written in one voice of one part."""

    start: float
    """Start in beats (quarter notes) from the clip's beat 0."""
    length: float
    """Written length in beats."""
    pitches: tuple[Pitch, ...]
    """Sounding pitches (the part's octave transposition applied), low to high."""
    staccato: bool
    part: str
    """Name of the part in the clip's note data."""


def spell(name: str, shift_octaves: int = 0) -> Pitch:
    """``'F#3'`` -> Pitch('F', 1, 3), moved by ``shift_octaves``."""
    try:
        step, alter, octave = split_pitch(name)
    except NotationError:
        raise EngraveError(
            f"cannot spell {name!r}: only pitch names like C#4 can be engraved"
        ) from None
    return Pitch(step, alter, octave + shift_octaves)


def written_voice(text: str, *, start: float, part: str, transpose: int = 0) -> list[Event]:
    """The events of one (expanded) voice; checked note by note against the pipeline's reading."""
    if transpose % 12:
        raise EngraveError(f"part {part!r}: only octave transpositions can be engraved")
    events: list[Event] = []
    t, dur = start, 1.0
    for token in text.split():
        if token in {"|", "<", ">"} or re.fullmatch(r"v\d+", token):
            continue
        match = _TOKEN.match(token)
        if not match:
            raise EngraveError(f"part {part!r}: cannot read token {token!r}")
        body, dur_text, marks = match.groups()
        if dur_text:
            dur = parse_duration(dur_text)
        if body != "r":
            names = body[1:-1].split(",") if body.startswith("[") else [body]
            pitches = tuple(
                sorted((spell(n.strip(), transpose // 12) for n in names), key=lambda p: p.midi)
            )
            events.append(Event(t, dur, pitches, "'" in marks, part))
        t += dur
    # the pipeline's own reading: same notes, same starts, same pitches
    notes, _ = read_voice(text, start=start)
    ours = [(e.start, p.midi - transpose) for e in events for p in e.pitches]
    theirs = [(n.start, n.pitch) for n in notes]
    if sorted(ours) != sorted(theirs):
        raise EngraveError(f"part {part!r}: notes read differently from the pipeline")
    return events


def part_events(spec: dict[str, Any], source: dict[str, Any]) -> list[Event]:
    """Events of the part (and optionally one voice, and a beat range) a recipe names."""
    name = source["part"]
    parts = [p for p in spec["parts"] if p.get("name") == name]
    if not parts:
        known = ", ".join(repr(p.get("name")) for p in spec["parts"])
        raise EngraveError(f"no part named {name!r} (parts: {known})")
    pdef = parts[0]
    voices = pdef.get("voices", [])
    wanted = source.get("voice")
    if wanted is not None and not 0 <= int(wanted) < len(voices):
        raise EngraveError(f"part {name!r} has no voice {wanted} (0..{len(voices) - 1})")
    out: list[Event] = []
    for index, voice in enumerate(voices):
        if wanted is not None and index != int(wanted):
            continue
        vdef = {"at": 0, "notes": voice} if isinstance(voice, str) else voice
        try:
            text = expand(vdef["notes"], spec.get("phrases", {}))
        except NotationError as err:
            raise EngraveError(f"part {name!r}: {err}") from err
        out += written_voice(
            text,
            start=float(vdef.get("at", 0)),
            part=name,
            transpose=int(pdef.get("transpose", 0)),
        )
    lo = float(source.get("from", float("-inf")))
    hi = float(source.get("to", float("inf")))
    return [e for e in out if lo - EPS <= e.start < hi - EPS]


def tempo_map(spec: dict[str, Any]) -> TempoMap:
    """The clip's tempo map, exactly as the pipeline builds it."""
    return TempoMap(spec.get("tempo", 100))
