"""Note data (a clip's ``parts``) to MIDI parts with times in seconds."""

from __future__ import annotations

import itertools
import re
from typing import Any

from .midi import Part
from .notation import NotationError, TempoMap, read_voice

_MACRO = re.compile(r"\$([A-Za-z0-9_]+)(?:\*(\d+))?")


def expand(text: str, phrases: dict[str, str], depth: int = 0) -> str:
    """Replace ``$name`` by the phrase of that name, ``$name*3`` by it three times (phrases may
    use other phrases)."""
    if depth > 8:
        raise NotationError("phrases nest too deeply (a phrase refers to itself?)")

    def sub(match: re.Match) -> str:
        name = match.group(1)
        if name not in phrases:
            raise NotationError(f"unknown phrase ${name}")
        times = int(match.group(2) or 1)
        return " ".join([expand(phrases[name], phrases, depth + 1)] * times)

    return _MACRO.sub(sub, text)


def _ramp(points: list[list[float]], step: float) -> list[tuple[float, float]]:
    """Points [[beat, value], ...] interpolated every ``step`` beats."""
    out: list[tuple[float, float]] = []
    for (b0, v0), (b1, v1) in itertools.pairwise(points):
        n = max(1, int((b1 - b0) / step))
        out.extend((b0 + (b1 - b0) * k / n, v0 + (v1 - v0) * k / n) for k in range(n))
    if points:
        out.append((points[-1][0], points[-1][1]))
    return out


def build_parts(spec: dict[str, Any]) -> tuple[list[Part], TempoMap, float]:
    """MIDI parts for a score spec, its tempo map, and the end of the music in seconds."""
    tempo = TempoMap(spec.get("tempo", 100))
    phrases = spec.get("phrases", {})
    parts: list[Part] = []
    free_channels = [c for c in range(16) if c != 9]
    end_beat = 0.0
    for index, pdef in enumerate(spec["parts"]):
        if pdef.get("percussion"):
            channel = 9
        else:
            if not free_channels:
                raise NotationError("more than 15 melodic parts")
            channel = free_channels.pop(0)
        part = Part(channel=channel, program=int(pdef.get("program", 0)))
        part.control(0, 7, pdef.get("volume", 100))
        part.control(0, 10, pdef.get("pan", 64))
        part.control(0, 91, pdef.get("reverb", 40))
        part.control(0, 93, pdef.get("chorus", 0))
        part.control(0, 11, pdef.get("expression_start", 127))
        transpose = int(pdef.get("transpose", 0))
        gate = float(pdef.get("gate", 0.92))
        voices = pdef.get("voices", [])
        for voice in voices:
            vdef = {"at": 0, "notes": voice} if isinstance(voice, str) else voice
            try:
                text = expand(vdef["notes"], phrases)
                notes, stop = read_voice(
                    text,
                    start=float(vdef.get("at", 0)),
                    velocity=int(vdef.get("velocity", pdef.get("velocity", 80))),
                    gate=float(vdef.get("gate", gate)),
                )
            except NotationError as err:
                raise NotationError(f"part {index + 1} ({pdef.get('name', '?')}): {err}") from err
            end_beat = max(end_beat, stop)
            for note in notes:
                start = tempo.seconds(note.start)
                end = tempo.seconds(note.start + note.length)
                part.note(start, end, min(127, max(0, note.pitch + transpose)), note.velocity)
        for beat, value in _ramp(pdef.get("expression", []), 0.125):
            part.control(tempo.seconds(beat), 11, value)
        for down, up in pdef.get("pedal", []):
            part.control(tempo.seconds(down) + 0.01, 64, 127)
            part.control(tempo.seconds(up) - 0.01, 64, 0)
        parts.append(part)
    return parts, tempo, tempo.seconds(end_beat)
