"""Write Standard MIDI Files (type 1) from timed events, with no third-party dependency.

Times are given in seconds; the file uses a fixed tempo of 60 quarter notes per minute and
1000 ticks per quarter note, so one tick is one millisecond and the tempo map stays ours.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

TICKS_PER_SECOND = 1000


@dataclass
class Part:
    """One instrument on one MIDI channel."""

    channel: int
    program: int
    events: list[tuple[float, int, bytes]] = field(default_factory=list)
    """(seconds, order, message bytes); ``order`` puts note-offs before note-ons at one time."""

    def note(self, start: float, end: float, pitch: int, velocity: int) -> None:
        """Add a note from ``start`` to ``end`` seconds."""
        self.events.append((start, 1, bytes([0x90 | self.channel, pitch, velocity])))
        self.events.append((end, 0, bytes([0x80 | self.channel, pitch, 0])))

    def control(self, time: float, number: int, value: int) -> None:
        """Add a control change (7 volume, 10 pan, 11 expression, 91 reverb, 64 sustain...)."""
        value = max(0, min(127, round(float(value))))
        self.events.append((time, 0, bytes([0xB0 | self.channel, number, value])))


def _varlen(value: int) -> bytes:
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


def _track(events: list[tuple[int, int, bytes]]) -> bytes:
    body = bytearray()
    now = 0
    for tick, _, msg in sorted(events, key=lambda e: (e[0], e[1])):
        body += _varlen(tick - now) + msg
        now = tick
    body += b"\x00\xff\x2f\x00"
    return b"MTrk" + struct.pack(">I", len(body)) + bytes(body)


def midi_bytes(parts: list[Part]) -> bytes:
    """The bytes of a type-1 MIDI file holding a tempo track and one track per part."""
    tempo = [(0, 0, b"\xff\x51\x03" + (1_000_000).to_bytes(3, "big"))]
    tracks = [_track(tempo)]
    for part in parts:
        events = [(0, -1, bytes([0xC0 | part.channel, part.program]))]
        events += [(round(t * TICKS_PER_SECOND), order, msg) for t, order, msg in part.events]
        tracks.append(_track(events))
    header = b"MThd" + struct.pack(">IHHH", 6, 1, len(tracks), TICKS_PER_SECOND)
    return header + b"".join(tracks)


def write_midi(path: Path, parts: list[Part]) -> None:
    """Write ``parts`` to ``path`` as a MIDI file."""
    path.write_bytes(midi_bytes(parts))
