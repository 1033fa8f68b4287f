"""A recording such as a stranger brings: silence at the start, a tone, speech, clipped peaks.

Speech comes from espeak-ng when it is installed, else from a synthetic formant signal (a pulse
train through vowel resonances), so the tests mean the same on any machine. Written at 44.1 kHz
stereo, as a CD rip would be, so ``prepare`` has to resample.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pyloudnorm
import soundfile as sf
from clipsite import QUICKSTART_PELICANCONF
from mutagen import File as MutagenFile
from scipy import signal

RATE = 44100
LEAD_SILENCE = 1.5
"""Seconds of digital silence the recording opens with."""


def speech(seconds: float = 3.0) -> np.ndarray:
    """Mono speech at :data:`RATE`: espeak-ng's, else a formant imitation."""
    espeak = shutil.which("espeak-ng")
    if espeak:
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / "speech.wav"
            text = "Music for the pictures: a tune, a voice, and a crash."
            subprocess.run([espeak, "-w", str(wav), text], check=True, capture_output=True)
            voice, rate = sf.read(wav, dtype="float64")
        voice = signal.resample_poly(voice, RATE, rate)
        return 0.8 * voice / np.abs(voice).max()
    return formant_speech(seconds)


def formant_speech(seconds: float) -> np.ndarray:
    """Vowel-like sounds: a 120 Hz pulse train through three resonances that change per syllable."""
    n = int(seconds * RATE)
    pulses = np.zeros(n)
    pulses[:: RATE // 120] = 1.0
    vowels = [(700, 1200, 2600), (300, 2300, 3000), (500, 900, 2400), (350, 800, 2300)]
    out = np.zeros(n)
    syllable = int(0.25 * RATE)
    for start in range(0, n, syllable):
        f1, f2, f3 = vowels[(start // syllable) % len(vowels)]
        chunk = pulses[start : start + syllable]
        voiced = np.zeros_like(chunk)
        for freq, gain in ((f1, 1.0), (f2, 0.5), (f3, 0.25)):
            b, a = signal.iirpeak(freq, 8, RATE)
            voiced += gain * signal.lfilter(b, a, chunk)
        envelope = np.sin(np.linspace(0, np.pi, len(chunk)))
        out[start : start + syllable] = voiced * envelope
    return 0.8 * out / np.abs(out).max()


def recording() -> np.ndarray:
    """(frames, 2) at :data:`RATE`: silence, a tone, speech, a clipped burst, a softer tone."""

    def tone(seconds: float, freq: float, amp: float) -> np.ndarray:
        t = np.arange(int(seconds * RATE)) / RATE
        return amp * (np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(2 * np.pi * 2 * freq * t))

    burst = np.clip(tone(0.6, 330.0, 3.0), -1.0, 1.0)  # clipped flat at full scale
    mono = np.concatenate(
        [
            np.zeros(int(LEAD_SILENCE * RATE)),
            tone(3.0, 220.0, 0.3),
            speech(),
            burst,
            tone(3.0, 440.0, 0.1),
        ]
    )
    left = mono
    right = 0.9 * np.concatenate([np.zeros(40), mono[:-40]])  # a little width: not dual mono
    return np.stack([left, right], axis=1)


def write_recording(path: Path) -> Path:
    """Write :func:`recording` in the format ``path``'s extension names (FLAC, WAV, …)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, recording(), RATE)
    return path


# The stranger's site and checks of test_prepare and test_prepare_stranger.
#: pelican-quickstart's settings, plus the plugin: the default theme.
PELICANCONF = QUICKSTART_PELICANCONF


ARTICLE = """\
---
title: My first clip
date: 2026-12-01
clips:
{clips}
---

Hello.

## A recording I made

Listen to this.

## Afterwards

Bye.
"""


CREDITS = [
    "--title",
    "Test card with a voice",
    "--composer",
    "Nobody in particular",
    "--composed",
    "2026",
    "--performer",
    "A. Stranger",
    "--recorded",
    "2026-11-30",
    "--license",
    "CC-BY-4.0",
    "--composition-license",
    "CC0-1.0",
    "--source",
    "https://example.org/recordings/test-card",
    "--attribution",
    "Recorded at home for this test",
]


def filled_in(entry: str) -> str:
    """The printed entry with what the author writes: section, description, a moment."""
    entry = entry.replace('section: ""', "section: a-recording-i-made")
    entry = entry.replace('description: ""', 'description: "A hum, a voice, a crash."')
    return entry.replace('text: ""', 'text: "the hum starts"')


def measure(path: Path) -> dict[str, float]:
    """Loudness (BS.1770 via pyloudnorm), 4x true peak, leading silence below -50 dBFS and
    duration of the decoded file (libsndfile decodes Opus and MP3), and mutagen's duration."""
    data, rate = sf.read(path, dtype="float64", always_2d=True)
    up = signal.resample_poly(data, 4, 1, axis=0)
    loud = np.flatnonzero(np.abs(data).max(axis=1) > 10 ** (-50 / 20))
    return {
        "lufs": pyloudnorm.Meter(rate).integrated_loudness(data),
        "true_peak": 20 * np.log10(np.abs(up).max()),
        "lead": loud[0] / rate,
        "duration": len(data) / rate,
        "tagged_duration": MutagenFile(path).info.length,
        "channels": data.shape[1],
    }
