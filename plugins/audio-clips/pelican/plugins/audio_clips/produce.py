"""One recording in, one published clip out: cut, trimmed, faded, normalised, encoded, tagged,
measured, with its waveform and recipe beside it.

The targets are those of the home repository's clip library: -16 LUFS integrated (within
0.5 LU), true peak at or below -1 dBTP, no leading silence over 0.3 s, Opus and MP3 within 0.1 s
of each other. They are measured on the written files, decoded again; a miss adjusts the gain or
the limiter's ceiling and encodes again. Everything is written into a temporary folder first and
moved into place only once every target is met, so a failure leaves nothing half-made behind.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import cutting, loudness, peaks, recipe, tagging, transcode
from .errors import ClipError, Problem
from .records import format_moment
from .settings import Config

FORMATS = (".opus", ".mp3")
MAX_LEAD = 0.3
"""Longest silence allowed before the first sound (seconds)."""
MAX_DRIFT = 0.1
"""Largest difference allowed between the formats' durations (seconds)."""
MIN_SECONDS = 0.5
MAX_SECONDS = 600.0
"""Longest cut: clips are excerpts, and ten minutes of samples already take 460 MB to shape."""
TRIM_DB = -50.0
"""Leading and trailing audio quieter than this, relative to the peak, is cut as silence."""
ATTEMPTS = 5


@dataclass(frozen=True)
class Measured:
    """What one written file measures, decoded again."""

    lufs: float
    true_peak: float
    sample_peak: float
    duration: float
    """Seconds of decoded audio."""
    tagged_duration: float
    """Seconds as the plugin reads them (mutagen), which the player shows."""
    lead: float
    """Seconds of silence before the first sound."""


@dataclass(frozen=True)
class Result:
    files: tuple[Path, ...]
    """Every file written: the formats, the waveform, the recipe."""
    measured: dict[str, Measured]
    """By extension without the dot ('opus', 'mp3')."""
    offset: float
    """Where in the source the clip's 0:00 lies (the cut's start plus trimmed silence)."""
    duration: float


def outputs(folder: Path, name: str) -> list[Path]:
    """The files ``make`` writes for clip ``name`` in ``folder``."""
    files = [folder / (name + ext) for ext in FORMATS]
    return [*files, peaks.path_for(files[0]), recipe.sidecar_path(folder, name)]


def make(
    source: Path,
    plan: recipe.Recipe,
    folder: Path,
    config: Config,
    *,
    progress: transcode.Progress | None = None,
    status: Callable[[str], None] = lambda line: None,
) -> Result:
    """Make clip ``plan.name`` from ``source`` into ``folder``, replacing its files there."""
    shown = source.name
    longest_end = plan.start + MAX_SECONDS
    end = longest_end if plan.end is None else min(plan.end, longest_end)
    try:
        audio, total = transcode.decode(source, start=plan.start, end=end, progress=progress)
    except transcode.DecodeError as error:
        raise _problem(
            f"'{shown}' {error}", "is it an audio file? Convert it or pick another"
        ) from None
    if not len(audio):
        lasts = f" (the file lasts {format_moment(total)})" if total else ""
        raise _problem(
            f"the cut {plan.cut_label()} of '{shown}' is empty{lasts}",
            "give --start and --end inside the recording",
        )
    asked_end = plan.end if plan.end is not None else (total or float("inf"))
    if len(audio) >= round(MAX_SECONDS * transcode.RATE) and asked_end > longest_end + 0.01:
        raise _problem(
            f"the cut {plan.cut_label()} of '{shown}' is longer than the "
            f"{format_moment(MAX_SECONDS)} a clip may last",
            "give --start and --end around the passage you want",
        )
    audio = cutting.channels(audio, plan.channels)
    trimmed, lead_cut = cutting.trim(audio, transcode.RATE, threshold_db=TRIM_DB)
    seconds = len(trimmed) / transcode.RATE
    if seconds < MIN_SECONDS:
        what = "only silence" if not len(trimmed) else f"only {seconds:.2f} s of sound"
        raise _problem(
            f"the cut {plan.cut_label()} of '{shown}' holds {what}",
            f"choose a passage with at least {MIN_SECONDS} s of sound",
        )
    longest = seconds / 2
    shaped = cutting.fade(
        trimmed,
        transcode.RATE,
        fade_in=min(plan.fade_in, longest),
        fade_out=min(plan.fade_out, longest),
    )
    folder.mkdir(parents=True, exist_ok=True)
    license_url = _license_url(plan, config)
    with tempfile.TemporaryDirectory(prefix=f".{plan.name}-", dir=folder) as tmp:
        work = Path(tmp)
        normalised, measured = _encode_to_targets(shaped, work, plan, license_url, status)
        paths = outputs(work, plan.name)
        peaks.write(paths[2], normalised)
        offset = round(float(plan.start + lead_cut), 3)
        duration = measured["opus"].tagged_duration
        summary = {
            "offset": offset,
            "measured": {
                fmt: {k: round(v, 2) for k, v in vars(m).items()} for fmt, m in measured.items()
            },
        }
        paths[3].write_text(recipe.to_json(plan, summary), encoding="utf-8")
        final = outputs(folder, plan.name)
        for made, target in zip(paths, final, strict=True):
            made.replace(target)
    return Result(files=tuple(final), measured=measured, offset=offset, duration=duration)


def _encode_to_targets(audio, work: Path, plan, license_url: str, status):
    """Normalise, encode, tag and measure until both files meet every target."""
    target, ceiling = loudness.TARGET_LUFS, loudness.CEILING_DBTP - 1.0
    files = [work / (plan.name + ext) for ext in FORMATS]
    for attempt in range(1, ATTEMPTS + 1):
        status(f"normalising and encoding (attempt {attempt})")
        out = loudness.normalise(audio, transcode.RATE, target_lufs=target, ceiling_db=ceiling)
        for path in files:
            transcode.encode(out, path)
            tagging.write(path, plan.credits, license_url)
        measured = {path.suffix[1:]: measure(path) for path in files}
        worst_peak = max(m.true_peak for m in measured.values())
        levels = [m.lufs for m in measured.values()]
        peak_ok = worst_peak <= loudness.CEILING_DBTP - 0.1
        level_ok = all(abs(v - loudness.TARGET_LUFS) <= 0.25 for v in levels)
        if peak_ok and level_ok:
            break
        if not peak_ok:
            ceiling -= worst_peak - (loudness.CEILING_DBTP - 0.1) + 0.1
        target += loudness.TARGET_LUFS - sum(levels) / len(levels)
    failures = _misses(measured)
    if failures:
        raise _problem(
            f"'{plan.name}' misses its targets after {ATTEMPTS} tries: {'; '.join(failures)}",
            "a recording this dense cannot be made loud enough without distortion; "
            "choose another passage",
        )
    return out, measured


def measure(path: Path) -> Measured:
    """Loudness, peaks, durations and leading silence of a written file."""
    from .media import probe

    info = probe(path)
    # decoded with the file's own channels: a mono clip read as two channels measures 3 LU louder
    audio, _ = transcode.decode(path, channels=min(info.channels, 2) or 2)
    rate = transcode.RATE
    return Measured(
        lufs=loudness.loudness(audio, rate),
        true_peak=loudness.true_peak_db(audio),
        sample_peak=loudness.sample_peak_db(audio),
        duration=len(audio) / rate,
        tagged_duration=info.duration,
        lead=loudness.leading_silence(audio, rate),
    )


def _misses(measured: dict[str, Measured]) -> list[str]:
    """Every published target a file misses, in words."""
    misses = []
    for fmt, m in measured.items():
        if abs(m.lufs - loudness.TARGET_LUFS) > loudness.TOLERANCE_LU:
            misses.append(f"{fmt} at {m.lufs:.2f} LUFS")
        if m.true_peak > loudness.CEILING_DBTP:
            misses.append(f"{fmt} peaks at {m.true_peak:.2f} dBTP")
        if m.lead > MAX_LEAD:
            misses.append(f"{fmt} starts with {m.lead:.2f} s of silence")
    lengths = [m.duration for m in measured.values()] + [
        m.tagged_duration for m in measured.values()
    ]
    if max(lengths) - min(lengths) > MAX_DRIFT:
        misses.append(f"durations differ: {', '.join(f'{v:.3f} s' for v in lengths)}")
    return misses


def _license_url(plan: recipe.Recipe, config: Config) -> str:
    license_ = config.licenses.get(plan.credits.get("license", ""))
    return license_.url if license_ else ""


def _problem(message: str, fix: str = "") -> ClipError:
    return ClipError(Problem("", message, fix=fix))
