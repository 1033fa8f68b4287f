"""Signal steps of the pipeline, on numpy arrays shaped (frames, channels) of float64.

Every step is a plain function of its input, so each can be tested on a tiny array.
"""

from __future__ import annotations

import itertools

import numpy as np
import pyloudnorm
from scipy import ndimage, signal

TARGET_LUFS = -16.0
"""Integrated loudness of every published clip."""
OVERSAMPLE = 4
"""Oversampling factor for true-peak estimates (ITU-R BS.1770 uses 4x at 48 kHz)."""


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
    return gain_to_db(float(np.abs(as_2d(x)).max()))


def loudness(x: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, via pyloudnorm)."""
    return float(pyloudnorm.Meter(rate).integrated_loudness(as_2d(x)))


def leading_silence(x: np.ndarray, rate: int, threshold_db: float = -50.0) -> float:
    """Seconds before the signal first exceeds ``threshold_db`` dBFS."""
    env = np.abs(as_2d(x)).max(axis=1)
    above = np.flatnonzero(env > db_to_gain(threshold_db))
    return float(above[0]) / rate if above.size else float(len(env)) / rate


def trim(
    x: np.ndarray,
    rate: int,
    *,
    threshold_db: float = -60.0,
    head_pad: float = 0.01,
    tail_pad: float = 0.05,
) -> tuple[np.ndarray, float]:
    """Cut leading silence and the inaudible decay tail.

    ``threshold_db`` is relative to the signal's peak. Returns the trimmed signal and the number
    of seconds removed from the start (to shift 'listen for' times).
    """
    x = as_2d(x)
    env = np.abs(x).max(axis=1)
    peak = env.max() if env.size else 0.0
    if peak <= 0:
        return x[:0], 0.0
    above = np.flatnonzero(env > peak * db_to_gain(threshold_db))
    first = max(0, above[0] - int(head_pad * rate))
    last = min(len(env), above[-1] + 1 + int(tail_pad * rate))
    return x[first:last], first / rate


def fade(x: np.ndarray, rate: int, *, fade_in: float = 0.005, fade_out: float = 0.5) -> np.ndarray:
    """Raised-cosine fade in and out (no clicks at the ends)."""
    x = as_2d(x).copy()
    n = x.shape[0]
    n_in = min(n, round(fade_in * rate))
    n_out = min(n, round(fade_out * rate))
    if n_in:
        x[:n_in] *= (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, n_in)))[:, None]
    if n_out:
        x[n - n_out :] *= (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, n_out)))[:, None]
    return x


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


def peaks(x: np.ndarray, buckets: int = 160) -> list[float]:
    """Max |sample| per equal time bucket (all channels), rounded to 3 decimals, in 0..1."""
    env = np.abs(as_2d(x)).max(axis=1)
    edges = np.linspace(0, len(env), buckets + 1).round().astype(int)
    out = []
    for a, b in itertools.pairwise(edges):
        value = float(env[a:b].max()) if b > a else 0.0
        out.append(round(min(1.0, value), 3))
    return out


# --- effects used by some clips -------------------------------------------------------------


def to_mono(x: np.ndarray) -> np.ndarray:
    """Average the channels into one."""
    return as_2d(x).mean(axis=1, keepdims=True)


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
