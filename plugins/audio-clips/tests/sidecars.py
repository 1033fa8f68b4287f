"""Test support: the sidecar files a clip may have beside its audio (README, "Sidecar files"),
written as a media pipeline would write them: ``<stem>.peaks.json`` next to the audio, and
``notation/<stem>.svg`` with ``notation/<stem>.timemap.json``."""

from __future__ import annotations

import json
import math
from pathlib import Path

#: A small engraving: five staff lines and three notes, wider than a phone's screen.
NOTATION_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="900px" height="120px" viewBox="0 0 900 120">'
    + "".join(f'<path d="M10 {30 + 10 * i}H890" stroke="#000"/>' for i in range(5))
    + "".join(
        f'<g id="note-{n}"><ellipse cx="{120 + 250 * n}" cy="{55 - 5 * n}" rx="7" ry="5"/></g>'
        for n in range(3)
    )
    + "</svg>"
)
NOTATION_ALT = "Three quarter notes climbing by step on one staff."


def peaks(count: int = 160) -> list[float]:
    """A swelling envelope between 0 and 1, three decimals, as the pipeline writes it."""
    return [round(0.1 + 0.8 * abs(math.sin(i / count * math.pi)), 3) for i in range(count)]


def write_peaks(media: Path, src: str, values: list[float] | None = None) -> Path:
    """``<stem>.peaks.json`` beside the audio ``src`` (a path below ``media``)."""
    audio = media / src
    path = audio.with_name(audio.stem + ".peaks.json")
    path.write_text(json.dumps({"version": 1, "peaks": values or peaks()}), encoding="utf-8")
    return path


def write_notation(media: Path, stem: str, last_ms: int = 2500) -> Path:
    """``notation/<stem>.svg`` and its timemap (which names the clip it belongs to)."""
    folder = media / "notation"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.svg").write_text(NOTATION_SVG, encoding="utf-8")
    timemap = {
        "version": 1,
        "clip": stem,
        "alt": NOTATION_ALT,
        "timemap": [
            {"tstamp": 0, "qstamp": 0, "on": ["note-0"]},
            {"tstamp": 1000, "qstamp": 1, "on": ["note-1"], "off": ["note-0"]},
            {"tstamp": 2000, "qstamp": 2, "on": ["note-2"], "off": ["note-1"]},
            {"tstamp": last_ms, "qstamp": 3, "off": ["note-2"]},
        ],
        "bars": [0],
    }
    (folder / f"{stem}.timemap.json").write_text(json.dumps(timemap), encoding="utf-8")
    return folder / f"{stem}.svg"
