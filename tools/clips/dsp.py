"""Signal steps of the pipeline, on numpy arrays shaped (frames, channels) of float64.

Every step is a plain function of its input, so each can be tested on a tiny array.
"""

from __future__ import annotations

import numpy as np
from scipy import signal

# The level, peak and shaping steps are the plugin's own, which `pelican-audio-clips prepare`
# uses: one implementation for both ways of making a clip (kind: recording goes through prepare).
from pelican.plugins.audio_clips.cutting import fade, to_mono, trim
from pelican.plugins.audio_clips.loudness import (
    OVERSAMPLE,
    TARGET_LUFS,
    as_2d,
    db_to_gain,
    gain_to_db,
    leading_silence,
    limit,
    loudness,
    normalise,
    oversampled_envelope,
    sample_peak_db,
    true_peak_db,
)
from pelican.plugins.audio_clips.peaks import peaks

__all__ = [
    "OVERSAMPLE",
    "TARGET_LUFS",
    "as_2d",
    "band_pass",
    "db_to_gain",
    "fade",
    "gain_to_db",
    "leading_silence",
    "limit",
    "loudness",
    "low_pass",
    "normalise",
    "oversampled_envelope",
    "peaks",
    "room",
    "sample_peak_db",
    "to_mono",
    "trim",
    "true_peak_db",
]


# --- effects used by some clips -------------------------------------------------------------


def band_pass(x: np.ndarray, rate: int, low: float, high: float, order: int = 4) -> np.ndarray:
    """Butterworth band-pass (zero-phase), e.g. a small loudspeaker heard through a wall."""
    sos = signal.butter(order, [low, high], btype="bandpass", fs=rate, output="sos")
    return signal.sosfiltfilt(sos, as_2d(x), axis=0)


def low_pass(x: np.ndarray, rate: int, cutoff: float, order: int = 4) -> np.ndarray:
    """Butterworth low-pass (zero-phase)."""
    sos = signal.butter(order, cutoff, btype="lowpass", fs=rate, output="sos")
    return signal.sosfiltfilt(sos, as_2d(x), axis=0)


def room(x: np.ndarray, rate: int, *, decay: float = 0.6, wet: float = 0.35) -> np.ndarray:
    """A small room: convolution with exponentially decaying noise (fixed seed, deterministic)."""
    x = as_2d(x)
    n = int(decay * rate)
    rng = np.random.default_rng(20260101)
    t = np.arange(n) / rate
    ir = rng.standard_normal(n) * np.exp(-6.9 * t / decay)
    ir[: int(0.01 * rate)] = 0.0
    ir /= np.sqrt(np.sum(ir**2))
    tail = signal.fftconvolve(x, ir[:, None], axes=0)
    dry = np.vstack([x, np.zeros((n - 1, x.shape[1]))])
    return (1 - wet) * dry + wet * tail
