"""Synthesised clips (numpy only): a Shepard–Risset glissando and a theremin-like voice."""

from __future__ import annotations

import numpy as np

from .notation import pitch_number


def shepard_risset(
    rate: int,
    *,
    seconds: float = 30.0,
    octave_seconds: float = 7.5,
    components: int = 9,
    lowest: float = 20.0,
    sharpness: float = 2.0,
) -> np.ndarray:
    """An endlessly rising glissando: octave-spaced sines gliding up under a fixed bell-shaped
    loudness curve over log-frequency (a raised cosine to the power ``sharpness``, zero at both
    ends of the range), so each tone fades in at the bottom and out at the top with no jump."""
    n = int(seconds * rate)
    t = np.arange(n) / rate
    out = np.zeros(n)
    span = components  # octaves covered by the components
    for k in range(components):
        octave = (k + t / octave_seconds) % span
        freq = lowest * 2.0**octave
        phase = 2 * np.pi * np.cumsum(freq) / rate
        amp = (0.5 - 0.5 * np.cos(2 * np.pi * octave / span)) ** sharpness
        out += amp * np.sin(phase)
    out /= np.abs(out).max()
    # stereo: the same signal, very slightly delayed on the right, for width without phasing
    delay = int(0.0007 * rate)
    right = np.concatenate([np.zeros(delay), out[:-delay]])
    return np.stack([out, right], axis=1)


def theremin(
    rate: int,
    melody: list[list],
    *,
    bpm: float,
    glide: float = 0.12,
    vibrato_hz: float = 5.6,
    vibrato_cents: float = 22.0,
    start_pad: float = 0.05,
) -> np.ndarray:
    """A theremin-like line: a near-sine with a little 2nd and 3rd harmonic, continuous portamento
    between notes (``glide`` seconds), vibrato that grows on held notes, soft volume swells.

    ``melody`` is ``[[pitch, beats, level], ...]`` with ``pitch`` a name like ``D5`` or ``r``.
    """
    beat = 60.0 / bpm
    total = start_pad + sum(float(m[1]) for m in melody) * beat + 1.0
    n = int(total * rate)
    t = np.arange(n) / rate
    log_f = np.full(n, np.nan)
    amp = np.zeros(n)
    onset = np.zeros(n)
    now = start_pad
    for item in melody:
        pitch, beats = item[0], float(item[1])
        level = float(item[2]) if len(item) > 2 else 1.0
        a, b = int(now * rate), int((now + beats * beat) * rate)
        if pitch != "r":
            log_f[a:b] = np.log2(440.0) + (pitch_number(pitch) - 69) / 12.0
            amp[a:b] = level
            onset[a:b] = now
        now += beats * beat
    # hold the last pitch through rests so the glide into the next note starts from it
    idx = np.where(~np.isnan(log_f), np.arange(n), 0)
    np.maximum.accumulate(idx, out=idx)
    first = np.flatnonzero(~np.isnan(log_f))[0]
    log_f[:first] = log_f[first]
    log_f = log_f[idx]
    # portamento: one-pole smoothing of log-frequency
    alpha = 1.0 - np.exp(-1.0 / (glide * rate))
    smooth = _one_pole(log_f, alpha)
    # vibrato grows over the first 0.6 s of each note
    age = np.clip((t - onset) / 0.6, 0.0, 1.0)
    depth = vibrato_cents / 1200.0 * (0.35 + 0.65 * age)
    smooth = smooth + depth * np.sin(2 * np.pi * vibrato_hz * t)
    freq = 2.0**smooth
    phase = 2 * np.pi * np.cumsum(freq) / rate
    tone = np.sin(phase) + 0.12 * np.sin(2 * phase + 0.3) + 0.05 * np.sin(3 * phase + 0.7)
    env = _one_pole(amp, 1.0 - np.exp(-1.0 / (0.07 * rate)))
    voice = tone * env
    voice /= np.abs(voice).max()
    return np.stack([voice, voice], axis=1)


def _one_pole(x: np.ndarray, alpha: float) -> np.ndarray:
    from scipy.signal import lfilter

    y, _ = lfilter([alpha], [1.0, -(1.0 - alpha)], x, zi=[x[0] * (1.0 - alpha)])
    return y
