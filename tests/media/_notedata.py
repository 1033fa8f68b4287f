"""A clip's note data read back as timed notes, and the published audio read as levels and bands.

Used by the tests that check each listen-for moment against what the clip really plays: the
note times come from the same parser and tempo map the renderer uses (tools/clips), the audio
from the published Opus file as a listener's player decodes it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np
import yaml

from tests.media._clipdata import CLIPS, ROOT, decoded
from tools.clips.notation import TempoMap, pitch_number, read_voice
from tools.clips.score import expand

SOURCES = ROOT / "media" / "sources"
PITCH_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


@dataclass(frozen=True)
class Timed:
    """One note of a clip: its part, MIDI pitch, and start and end in beats and in clip seconds."""

    part: str
    percussion: bool
    pitch: int
    start_beat: float
    end_beat: float
    start: float
    end: float


@dataclass(frozen=True)
class NoteData:
    stem: str
    kind: str
    tempo: TempoMap
    notes: tuple[Timed, ...]
    lead: float
    """Raw seconds before the first note: the silence the pipeline trims off the render."""

    def seconds(self, beat: float) -> float:
        """Clip time of a beat (tempo map, minus the trimmed lead-in)."""
        return self.tempo.seconds(beat) - self.lead

    def onsets(self) -> list[float]:
        """Beats where a note starts."""
        return sorted({round(n.start_beat, 4) for n in self.notes})

    def stops(self) -> list[float]:
        """Beats where every note has stopped at once (a cut-off, an event in its own right)."""
        ends = {round(n.end_beat, 4) for n in self.notes}
        return sorted(
            b
            for b in ends
            if not any(n.start_beat < b - 1e-3 < n.end_beat - 2e-3 for n in self.notes)
        )

    def sounding(self, t: float, *, part: str | None = None) -> list[Timed]:
        """Pitched notes sounding at clip time ``t`` (optionally of one part, see ``is_part``)."""
        return [
            n
            for n in self.notes
            if n.start <= t + 1e-6 < n.end and not n.percussion and is_part(n.part, part)
        ]

    def starting(self, t0: float, t1: float, *, part: str | None = None) -> list[Timed]:
        """Pitched notes starting in [t0, t1), in time order."""
        found = [
            n
            for n in self.notes
            if t0 - 1e-6 <= n.start < t1 and not n.percussion and is_part(n.part, part)
        ]
        return sorted(found, key=lambda n: (n.start, n.pitch))


def is_part(name: str, part: str | None) -> bool:
    """``part`` names the part exactly, or up to a comma ("violins" for "violins, tremolo");
    "violin I" is not "violin II"."""
    return part is None or name == part or name.startswith(part + ",")


def spec(stem: str) -> dict:
    return yaml.safe_load((SOURCES / f"{stem}.yaml").read_text(encoding="utf-8"))


def has_note_data(stem: str) -> bool:
    """A score, or a synthesised clip with a melody or a bed of note data."""
    s = spec(stem)
    return s["kind"] == "score" or (
        s["kind"] == "synth" and ("melody" in s.get("synth", {}) or bool(s.get("parts")))
    )


@cache
def note_data(stem: str) -> NoteData:
    """The notes a score clip (or a synthesised melody) plays, timed as in the published file."""
    s = spec(stem)
    raw: list[tuple[str, bool, int, float, float]] = []
    if s["kind"] == "synth":
        # the melody is the clip's voice; its beats are counted after a short pad (synth.py)
        recipe = s["synth"]
        tempo = TempoMap(float(recipe.get("bpm", s.get("tempo", 60))))
        pad_beats = 0.05 * float(recipe.get("bpm", 60)) / 60.0
        beat = pad_beats
        for item in recipe.get("melody", []):
            beats = float(item[1])
            if item[0] != "r":
                raw.append(("melody", False, pitch_number(item[0]), beat, beat + beats))
            beat += beats
    else:
        tempo = TempoMap(s.get("tempo", 100))
    if s["kind"] == "score" or s.get("parts"):
        phrases = s.get("phrases", {})
        for pdef in s.get("parts", []):
            gate = float(pdef.get("gate", 0.92))
            transpose = int(pdef.get("transpose", 0))
            for voice in pdef.get("voices", []):
                vdef = {"at": 0, "notes": voice} if isinstance(voice, str) else voice
                notes, _ = read_voice(
                    expand(vdef["notes"], phrases),
                    start=float(vdef.get("at", 0)),
                    gate=float(vdef.get("gate", gate)),
                )
                for n in notes:
                    raw.append(
                        (
                            str(pdef.get("name", "")),
                            bool(pdef.get("percussion")),
                            n.pitch + transpose,
                            n.start,
                            n.start + n.length,
                        )
                    )
    if s["kind"] == "synth" and s.get("parts"):
        # the bed is rendered on its own tempo map, from 0 s; the voice's map is the same bpm
        tempo = TempoMap(s.get("tempo", float(s["synth"].get("bpm", 60))))
    lead = min(tempo.seconds(r[3]) for r in raw) if s["kind"] == "score" else 0.0
    notes = tuple(
        Timed(p, perc, pitch, b0, b1, tempo.seconds(b0) - lead, tempo.seconds(b1) - lead)
        for p, perc, pitch, b0, b1 in raw
    )
    return NoteData(stem, s["kind"], tempo, notes, lead)


def pitch_class(name: str) -> int:
    return PITCH_NAMES.index(name) if name in PITCH_NAMES else pitch_number(name + "4") % 12


# --- the published audio -----------------------------------------------------------------------

HOP = 0.01
"""Analysis hop in seconds."""


@dataclass(frozen=True)
class Levels:
    total: np.ndarray
    """Level of the whole signal per hop, dB (power)."""
    bands: np.ndarray
    """Level per third-octave band (40 Hz up) per hop, dB."""
    rms: np.ndarray
    """RMS level per hop over a 50 ms window, dBFS."""
    rate: int
    duration: float


@cache
def levels(stem: str) -> Levels:
    audio, rate = decoded(CLIPS / f"{stem}.opus")
    return levels_of(audio.mean(axis=1), rate)


def levels_of(x: np.ndarray, rate: int) -> Levels:
    """Levels of a mono signal."""
    n, hop = 4096, int(rate * HOP)
    frames = np.lib.stride_tricks.sliding_window_view(np.pad(x, (n // 2, n)), n)[::hop]
    frames = frames[: int(len(x) / hop) + 1]
    power = np.abs(np.fft.rfft(frames * np.hanning(n), axis=1)) ** 2
    freqs = np.fft.rfftfreq(n, 1 / rate)
    edges = 40 * 2 ** (np.arange(0, 28) / 3)
    bands = np.stack(
        [
            power[:, (freqs >= lo) & (freqs < hi)].sum(axis=1)
            for lo, hi in itertools.pairwise(edges)
        ],
        axis=1,
    )
    w = int(rate * 0.05)
    csum = np.concatenate([[0.0], np.cumsum(x**2)])
    centres = np.arange(len(frames)) * hop
    lo, hi = np.clip(centres - w // 2, 0, len(x)), np.clip(centres + w // 2, 0, len(x))
    sq = (csum[hi] - csum[lo]) / np.maximum(hi - lo, 1)
    return Levels(
        total=10 * np.log10(power.sum(axis=1) + 1e-12),
        bands=10 * np.log10(bands + 1e-12),
        rms=10 * np.log10(sq + 1e-12),
        rate=rate,
        duration=len(x) / rate,
    )


def _mean_db(values: np.ndarray, axis=None) -> np.ndarray:
    return 10 * np.log10(np.mean(10 ** (values / 10), axis=axis))


@dataclass(frozen=True)
class Change:
    at: float
    """Where the largest change was found (clip seconds)."""
    step: float
    """Level after minus level before (0.2 s windows), dB."""
    rise: float
    """Largest rise of one third-octave band that carries the sound afterwards, dB."""


#: An audible change: the whole level rises by 4 dB or falls by 10 dB (a stop), or one band
#: that carries the sound afterwards rises by 12 dB (a new note, chord or instrument).
#: Measured on the clips: within 0.3 s of a real note onset, band rises are typically 15-70 dB;
#: at times at least 0.6 s from any onset they stay under 11 dB.
LEVEL_RISE_DB = 4.0
LEVEL_DROP_DB = -10.0
BAND_RISE_DB = 12.0
CARRYING_DB = 20.0


def change_near(lv: Levels, at: float, reach: float = 0.3, window: float = 0.2) -> Change:
    """The largest level step and band rise found between ``at - reach`` and ``at + reach``."""
    k, w, i = round(reach / HOP), round(window / HOP), round(at / HOP)
    best_step, best_rise, where = 0.0, 0.0, at
    for c in range(max(0, i - k), min(len(lv.total) - 1, i + k) + 1):
        after = slice(c, min(len(lv.total), c + w))
        if c < 3:  # the very start of the file: the sound begins out of silence
            before_total, before_bands = -120.0, np.full(lv.bands.shape[1], -120.0)
        else:
            before = slice(max(0, c - w), c)
            before_total = _mean_db(lv.total[before])
            before_bands = _mean_db(lv.bands[before], axis=0)
        after_total = _mean_db(lv.total[after])
        after_bands = _mean_db(lv.bands[after], axis=0)
        step = float(after_total - before_total)
        carrying = after_bands > after_bands.max() - CARRYING_DB
        rise = float(np.max((after_bands - before_bands)[carrying]))
        if abs(step) > abs(best_step):
            best_step = step
        if rise > best_rise:
            best_rise, where = rise, c * HOP
    return Change(where, best_step, best_rise)


def is_audible(change: Change) -> bool:
    return (
        change.step >= LEVEL_RISE_DB or change.step <= LEVEL_DROP_DB or change.rise >= BAND_RISE_DB
    )


def opening_vs_loudest_db(lv: Levels) -> float:
    """RMS level of the first second minus that of the loudest second, dB."""
    sec = round(1 / HOP)
    power = 10 ** (lv.rms / 10)
    per_second = np.convolve(power, np.ones(sec) / sec, mode="valid")
    return float(10 * np.log10(per_second[0] / per_second.max()))
