"""Loudness and peaks of audio as numpy arrays shaped (frames, channels), and normalisation.

Integrated loudness follows ITU-R BS.1770-4 (via pyloudnorm); the true peak is the 4x-oversampled
estimate of its Annex 2. :func:`normalise` brings a clip to the published level with a gain and a
look-ahead limiter on the true-peak envelope. ``prepare`` and the home repository's ``make clips``
share these functions. Needs numpy, scipy and pyloudnorm (the ``prepare`` extra).
"""

from __future__ import annotations

import numpy as np
import pyloudnorm
from scipy import ndimage, signal

TARGET_LUFS = -16.0
"""Integrated loudness of every published clip."""
CEILING_DBTP = -1.0
"""Highest true peak allowed in a published file, measured on the decoded file."""
TOLERANCE_LU = 0.5
"""How far a published file's loudness may be from :data:`TARGET_LUFS`."""
OVERSAMPLE = 4
"""Oversampling factor of the true-peak estimate (ITU-R BS.1770 uses 4x at 48 kHz)."""
SILENCE_DBFS = -50.0
"""Below this level (dBFS) a frame counts as silence when leading silence is measured."""


def as_2d(x: np.ndarray) -> np.ndarray:
    """View a mono (frames,) array as (frames, 1); leave (frames, channels) alone."""
    x = np.asarray(x, dtype=np.float64)
    return x[:, None] if x.ndim == 1 else x


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def gain_to_db(gain: float) -> float:
    return float(20.0 * np.log10(max(gain, 1e-12)))


def oversampled_envelope(x: np.ndarray) -> np.ndarray:
    """Per input frame, the largest absolute value of the 4x-oversampled signal (all channels)."""
    x = as_2d(x)
    up = signal.resample_poly(x, OVERSAMPLE, 1, axis=0)
    env = np.abs(up).max(axis=1)
    return env[: x.shape[0] * OVERSAMPLE].reshape(x.shape[0], OVERSAMPLE).max(axis=1)


def true_peak_db(x: np.ndarray) -> float:
    """True-peak estimate in dBTP (4x oversampled, as in ITU-R BS.1770-4 Annex 2)."""
    x = as_2d(x)
    if x.size == 0:
        return -np.inf
    return gain_to_db(float(oversampled_envelope(x).max()))


def sample_peak_db(x: np.ndarray) -> float:
    """Largest absolute sample value in dBFS."""
    x = as_2d(x)
    return gain_to_db(float(np.abs(x).max())) if x.size else -np.inf


def loudness(x: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, via pyloudnorm); -inf for silence."""
    x = as_2d(x)
    if x.shape[0] < int(0.4 * rate):  # shorter than one gating block: nothing to measure
        return -np.inf
    return float(pyloudnorm.Meter(rate).integrated_loudness(x))


def leading_silence(x: np.ndarray, rate: int, threshold_db: float = SILENCE_DBFS) -> float:
    """Seconds before the signal first exceeds ``threshold_db`` dBFS."""
    env = np.abs(as_2d(x)).max(axis=1, initial=0.0)
    above = np.flatnonzero(env > db_to_gain(threshold_db))
    return float(above[0]) / rate if above.size else float(len(env)) / rate


def limit(x: np.ndarray, rate: int, *, ceiling_db: float, hold: float = 0.05) -> np.ndarray:
    """Look-ahead peak limiter on the true-peak envelope; never raises the gain above 1.

    The gain each frame needs is held for ``hold`` seconds on both sides (a running minimum),
    then smoothed with a box of the same length. Every frame's gain is then at or below what it
    needs, and gain changes take ``hold`` seconds: no per-cycle modulation of low notes.
    """
    x = as_2d(x)
    ceiling = db_to_gain(ceiling_db)
    env = oversampled_envelope(x)
    need = np.minimum(1.0, ceiling / np.maximum(env, 1e-12))
    if need.min() >= 1.0:
        return x.copy()
    width = max(1, int(hold * rate))
    held = ndimage.minimum_filter1d(need, size=2 * width + 1, mode="nearest")
    smooth = ndimage.uniform_filter1d(held, size=width + 1, mode="nearest")
    gain = np.minimum(smooth, need)
    return x * gain[:, None]


def normalise(
    x: np.ndarray, rate: int, *, target_lufs: float = TARGET_LUFS, ceiling_db: float = -2.0
) -> np.ndarray:
    """Bring integrated loudness to ``target_lufs`` with the true peak at or below ``ceiling_db``."""
    x = as_2d(x)
    for _ in range(6):
        current = loudness(x, rate)
        x = x * db_to_gain(target_lufs - current)
        x = limit(x, rate, ceiling_db=ceiling_db)
        if abs(loudness(x, rate) - target_lufs) < 0.05:
            break
    return x
