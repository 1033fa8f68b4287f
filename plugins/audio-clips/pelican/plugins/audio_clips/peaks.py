"""The waveform file ``<name>.peaks.json`` that draws a clip's waveform: one writer for it.

The format is what ``assemble._waveform`` reads: ``{"version": 1, "peaks": [...]}``, the largest
absolute sample value (all channels) of each of :data:`BUCKETS` equal time slices of the
published audio, between 0 and 1, rounded to 3 decimals. ``prepare`` and the home repository's
``make clips`` both write it through :func:`write`. Needs numpy (the ``prepare`` extra).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np

VERSION = 1
BUCKETS = 160
SUFFIX = ".peaks.json"


def peaks(audio: np.ndarray, buckets: int = BUCKETS) -> list[float]:
    """Max |sample| per equal time bucket of ``audio`` (frames, or frames x channels), in 0..1."""
    samples = np.asarray(audio, dtype=np.float64)
    envelope = np.abs(samples if samples.ndim == 1 else samples.reshape(len(samples), -1))
    if envelope.ndim > 1:
        envelope = envelope.max(axis=1, initial=0.0)
    edges = np.linspace(0, len(envelope), buckets + 1).round().astype(int)
    found = []
    for start, end in itertools.pairwise(edges):
        value = float(envelope[start:end].max()) if end > start else 0.0
        found.append(round(min(1.0, value), 3))
    return found


def text(audio: np.ndarray, buckets: int = BUCKETS) -> str:
    """The file's contents (one line, newline-terminated: byte-identical for identical audio)."""
    return json.dumps({"version": VERSION, "peaks": peaks(audio, buckets)}) + "\n"


def path_for(audio_path: Path) -> Path:
    """``clips/rag.opus`` -> ``clips/rag.peaks.json`` (where the plugin looks for it)."""
    return audio_path.with_name(audio_path.stem + SUFFIX)


def write(path: Path, audio: np.ndarray, buckets: int = BUCKETS) -> Path:
    """Write the waveform of ``audio`` to ``path``; returns ``path``."""
    path.write_text(text(audio, buckets), encoding="utf-8")
    return path
