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
import soundfile as sf
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
