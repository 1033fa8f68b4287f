"""Helpers for the notation tests: the recipes, the committed files, a MIDI reader."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
NOTATION = REPO / "media" / "notation"


def recipes() -> dict:
    return yaml.safe_load((NOTATION / "recipes.yaml").read_text(encoding="utf-8"))


STEMS = sorted(recipes())


def timemap(stem: str) -> dict:
    return json.loads((NOTATION / f"{stem}.timemap.json").read_text(encoding="utf-8"))


def read_midi(data: bytes) -> list[list[tuple[float, int, int]]]:
    """Note-ons of a MIDI file, per track: [(seconds, channel, pitch)].

    Written here rather than taken from the pipeline, so the test reads the file the audio was
    rendered from as FluidSynth does. Handles only what a type-1 file with a fixed tempo has.
    """
    assert data[:4] == b"MThd"
    _, _, ntracks, division = struct.unpack(">IHHH", data[4:14])
    pos, tracks = 14, []
    tempo = 500_000  # microseconds per quarter
    for _ in range(ntracks):
        assert data[pos : pos + 4] == b"MTrk"
        (length,) = struct.unpack(">I", data[pos + 4 : pos + 8])
        body, pos = data[pos + 8 : pos + 8 + length], pos + 8 + length
        i, ticks, status, notes = 0, 0, 0, []
        while i < len(body):
            delta = 0
            while True:
                byte = body[i]
                i += 1
                delta = (delta << 7) | (byte & 0x7F)
                if byte < 0x80:
                    break
            ticks += delta
            if body[i] >= 0x80:
                status = body[i]
                i += 1
            if status == 0xFF:
                kind, size = body[i], body[i + 1]
                if kind == 0x51:
                    tempo = int.from_bytes(body[i + 2 : i + 5], "big")
                i += 2 + size
                continue
            kind = status & 0xF0
            width = 1 if kind in (0xC0, 0xD0) else 2
            args = body[i : i + width]
            i += width
            if kind == 0x90 and args[1] > 0:
                seconds = ticks * tempo / 1_000_000 / division
                notes.append((seconds, status & 0x0F, args[0]))
        tracks.append(notes)
    return tracks
