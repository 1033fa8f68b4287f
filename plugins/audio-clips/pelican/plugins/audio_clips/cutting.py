"""Shaping a recording into a clip: silence trimmed, ends faded, channels chosen.

Plain functions on numpy arrays shaped (frames, channels), each testable on a tiny array. The
home repository's ``make clips`` uses the same ones. Needs numpy (the ``prepare`` extra).
"""

from __future__ import annotations

import numpy as np

from .loudness import as_2d, db_to_gain


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
    env = np.abs(x).max(axis=1, initial=0.0)
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


def to_mono(x: np.ndarray) -> np.ndarray:
    """Average the channels into one."""
    return as_2d(x).mean(axis=1, keepdims=True)


def is_dual_mono(x: np.ndarray) -> bool:
    """True when every channel carries the same samples (a mono recording stored as stereo)."""
    x = as_2d(x)
    return x.shape[1] == 1 or bool(np.all(x == x[:, :1]))


def channels(x: np.ndarray, layout: str) -> np.ndarray:
    """``layout`` 'mono', 'stereo', or 'auto' (mono when the channels are all the same)."""
    x = as_2d(x)
    if layout == "mono" or (layout == "auto" and is_dual_mono(x)):
        return to_mono(x)
    if x.shape[1] == 1:
        return np.repeat(x, 2, axis=1)
    return x[:, :2]
