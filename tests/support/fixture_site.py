"""A small site whose clips the tests write themselves: three clips in three sections, one
without a waveform, author text with characters that must be escaped. Used by the theme's markup
tests and the browser tests."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tests.support.audio import RATE, write_formats

ESSAY = """\
---
title: Listening to the pictures
date: 2026-11-20
slug: essay
summary: A short test essay whose clips are written by the test suite itself.
clips:
  - src: clips/fanfare.opus
    id: fanfare
    section: introduction
    title: Fanfare for a <test> & a "quote"
    composer: The Test Suite
    composed: 2026
    performer: Synthesised by the test
    recorded: 2026
    license: CC0-1.0
    composition_license: CC0-1.0
    source: https://example.org/fanfare
    caption: A rising figure in *three* steps.
    description: Three rising chords, each louder than the last, then a held note that fades.
    listen_for:
      - {at: "0:02", text: the second chord}
      - {at: "0:05", text: "the third chord, loudest"}
      - {at: "0:09", text: the held note fades}
  - src: clips/nocturne.opus
    id: nocturne
    section: storytelling
    title: Nocturne for sine waves
    composer: The Test Suite
    performer: Synthesised by the test
    recorded: 2026
    license: CC-BY-4.0
    source: tests/support/fixture_site.py
    description: A soft low hum with a slow swell in the middle.
    listen_for:
      - {at: "0:04", text: the swell begins}
      - {at: "0:07", text: back to the hum}
  - src: clips/coda.opus
    id: coda
    section: conclusion
    title: Coda
    composer: The Test Suite
    performer: Synthesised by the test
    license: CC0-1.0
    description: Two short bright notes and silence.
---

## Introduction {#introduction}

{para}

## Music as storytelling {#storytelling}

{para}

{para}

## Conclusion {#conclusion}

{para}
"""

PARAGRAPH = (
    "When the lights go down, the music arrives before the pictures do, and it tells us how to "
    "feel about what we are about to see. A few bars of brass can promise adventure; a single "
    "held note can promise dread. This paragraph is long enough to fill several lines, so the "
    "tests can measure how many characters a line of the essay holds at each width."
)

ABOUT = """\
---
title: About
slug: about
---

This fixture site tests the theme.

## Keyboard shortcuts {#keyboard-shortcuts}

Press k to play or pause.
"""


def _notes(seconds: float, pitches: list[tuple[float, float, float]]) -> np.ndarray:
    """A mono signal: (start, frequency, length) notes with a decaying envelope."""
    t = np.arange(int(RATE * seconds)) / RATE
    out = np.zeros_like(t)
    for start, freq, length in pitches:
        mask = (t >= start) & (t < start + length)
        local = t[mask] - start
        out[mask] += np.sin(2 * np.pi * freq * local) * np.exp(-local * 1.2) * 0.25
    return (out / max(1.0, np.abs(out).max() * 1.1)).astype("float32")


CLIPS = {
    "fanfare": _notes(
        11.0, [(0.0, 262, 2), (2.0, 330, 3), (5.0, 392, 4), (5.0, 523, 4), (9.0, 523, 2)]
    ),
    "nocturne": _notes(10.0, [(0.0, 110, 10), (4.0, 220, 3), (4.5, 165, 2.5)]),
    "coda": _notes(6.0, [(0.0, 880, 0.6), (0.8, 1175, 0.6)]),
}

#: The coda has no .peaks.json: its figure must do without a waveform.
WITH_WAVEFORM = ("fanfare", "nocturne")


def peaks(signal: np.ndarray, count: int = 160) -> list[float]:
    """The envelope the media pipeline stores beside each clip (``<stem>.peaks.json``)."""
    windows = np.array_split(np.abs(signal), count)
    values = np.array([w.max() if len(w) else 0.0 for w in windows])
    top = values.max() or 1.0
    return [round(float(v / top), 3) for v in values]


def write_fixture_project(root: Path) -> dict:
    """Write the fixture site's content and media under ``root``; return the settings to build it."""
    content, media = root / "content", root / "media" / "clips"
    (content / "pages").mkdir(parents=True)
    media.mkdir(parents=True)
    for name, signal in CLIPS.items():
        write_formats(media, name, signal)
        if name in WITH_WAVEFORM:
            (media / f"{name}.peaks.json").write_text(json.dumps({"peaks": peaks(signal)}))
    (content / "essay.md").write_text(ESSAY.replace("{para}", PARAGRAPH), encoding="utf-8")
    (content / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    return {"PATH": str(content), "AUDIO_CLIPS_MEDIA_PATH": str(root / "media")}
