"""Render every clip described in ``media/sources/*.yaml``; skip those whose inputs are unchanged.

For each clip: note data, synthesis or a Debian excerpt -> audio -> effects -> trim and fade ->
loudness normalisation (-16 LUFS, true peak <= -1 dBTP measured on the decoded files) -> Opus and
MP3 -> tags -> waveform peaks. Then the catalogue ``media/clips/catalog.yaml`` is rewritten.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from pelican.plugins.audio_clips import peaks
from pelican.plugins.audio_clips.recipe import sha256

from . import debian, dsp, recording, synth
from .encode import decode, encode
from .render import RATE, SOUNDFONT, fluidsynth_options, render_parts
from .score import build_parts
from .tags import Credits, write_mp3_tags, write_opus_tags

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "media" / "sources"
CLIPS = ROOT / "media" / "clips"
STAMPS = SOURCES / "stamps.json"
CATALOG = CLIPS / "catalog.yaml"

CEILING_DB = -1.0
"""Published true-peak limit (dBTP), measured on the decoded files."""
LOUDNESS_TOLERANCE = 0.5
"""Published loudness tolerance (LU) around :data:`dsp.TARGET_LUFS`."""
MIN_SECONDS, MAX_SECONDS = 10.0, 40.0

#: The credits every synthesised clip's source gives and its tags carry (``tags.Credits``), in
#: the catalogue's order: the plugin's credits (``recording.CREDITS``) that ``Credits`` holds.
CREDIT_FIELDS = tuple(
    key for key in recording.CREDITS if key in {f.name for f in dataclasses.fields(Credits)}
)


class ClipError(RuntimeError):
    """A clip's source file is wrong, or its rendered audio misses a target."""


def load_specs(only: list[str] | None = None) -> list[dict[str, Any]]:
    """All clip specs, in catalogue order (``order`` then stem)."""
    specs = []
    for path in sorted(SOURCES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec["_path"] = path
        spec.setdefault("stem", path.stem)
        if spec["stem"] != path.stem:
            raise ClipError(f"{path}: stem {spec['stem']!r} differs from the file name")
        missing = [f for f in (*CREDIT_FIELDS, "description", "kind") if not spec.get(f)]
        if missing:
            raise ClipError(f"{path}: missing {', '.join(missing)}")
        specs.append(spec)
    specs.sort(key=lambda s: (s.get("order", 99), s["stem"]))
    if only:
        unknown = set(only) - {s["stem"] for s in specs}
        if unknown:
            raise ClipError(f"no such clip: {', '.join(sorted(unknown))}")
        specs = [s for s in specs if s["stem"] in only]
    return specs


def code_digest() -> str:
    """Digest of the pipeline's own code: a change re-renders every clip."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def input_key(spec: dict[str, Any], code: str, soundfont: str) -> str:
    """Everything a clip's audio depends on: its source file, the code, the soundfont, options."""
    h = hashlib.sha256()
    h.update(spec["_path"].read_bytes())
    h.update(code.encode())
    if spec["kind"] == "recording":
        h.update(recording.input_digest(spec, ROOT).encode())
    if spec.get("parts"):
        h.update(soundfont.encode())
        h.update(json.dumps(fluidsynth_options(spec.get("reverb"))).encode())
    return h.hexdigest()


# --- making the raw audio --------------------------------------------------------------------


def make_audio(spec: dict[str, Any]) -> tuple[np.ndarray, callable]:
    """The clip's raw audio, and a function mapping a 'listen for' entry to raw seconds."""
    kind = spec["kind"]
    if kind == "score":
        parts, tempo, end = build_parts(spec)
        audio = render_parts(parts, end, reverb=spec.get("reverb"), gain=spec.get("gain", 0.5))
        return audio, lambda m: tempo.seconds(float(m["beat"])) if "beat" in m else float(m["t"])
    if kind == "synth":
        recipe = dict(spec["synth"])
        name = recipe.pop("recipe")
        if name == "shepard-risset":
            audio = synth.shepard_risset(RATE, **recipe)
        elif name == "theremin":
            audio = synth.theremin(RATE, **recipe)
        else:
            raise ClipError(f"{spec['_path']}: unknown synth recipe {name!r}")
        if spec.get("parts"):
            parts, _, end = build_parts(spec)
            bed = render_parts(parts, end, reverb=spec.get("reverb"), gain=spec.get("gain", 0.5))
            # the bed sits ``bed_db`` LU below the synthesised voice
            level = dsp.loudness(audio, RATE) + float(spec.get("bed_db", -9.0))
            bed = bed * dsp.db_to_gain(level - dsp.loudness(bed, RATE))
            audio = _mix(audio, bed)
        return audio, lambda m: float(m["t"])
    if kind == "debian":
        d = spec["debian"]
        root = debian.fetch(d["package"], str(d["version"]), d.get("sha256"))
        audio = debian.excerpt(root, d["file"], float(d["start"]), float(d["end"]))
        return audio, lambda m: float(m["t"]) - float(d["start"])
    raise ClipError(f"{spec['_path']}: unknown kind {kind!r}")


def _mix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    n = max(len(a), len(b))
    out = np.zeros((n, 2))
    out[: len(a)] += dsp.as_2d(a)
    out[: len(b)] += dsp.as_2d(b)
    return out


def apply_effects(audio: np.ndarray, effects: list[dict[str, Any]]) -> np.ndarray:
    """Apply the spec's ``effects`` in order (band_pass, low_pass, room, mono, gain_db)."""
    for effect in effects:
        fx = dict(effect)
        name = fx.pop("type")
        if name == "band_pass":
            audio = dsp.band_pass(audio, RATE, fx["low"], fx["high"])
        elif name == "low_pass":
            audio = dsp.low_pass(audio, RATE, fx["cutoff"])
        elif name == "room":
            audio = dsp.room(audio, RATE, **fx)
        elif name == "mono":
            audio = dsp.to_mono(audio)
        else:
            raise ClipError(f"unknown effect {name!r}")
    return audio


# --- finishing -------------------------------------------------------------------------------


def mmss(seconds: float) -> str:
    """'m:ss.t' of a time, rounded to the nearest tenth of a second ('m:ss' on a whole second).

    Rounding down to the whole second made every jump land up to a second early."""
    tenths = round(seconds * 10 + 1e-6)
    whole, tenth = divmod(tenths, 10)
    text = f"{whole // 60}:{whole % 60:02d}"
    return f"{text}.{tenth}" if tenth else text


def measure(path: Path) -> dict[str, float]:
    """Loudness, true peak, sample peak, duration and leading silence of a published file."""
    audio, rate = decode(path)
    return {
        "lufs": dsp.loudness(audio, rate),
        "true_peak": dsp.true_peak_db(audio),
        "sample_peak": dsp.sample_peak_db(audio),
        "duration": len(audio) / rate,
        "lead": dsp.leading_silence(audio, rate),
    }


def finish(spec: dict[str, Any], audio: np.ndarray, to_raw) -> dict[str, Any]:
    """Trim, fade, normalise, encode, tag; return the clip's catalogue entry."""
    stem = spec["stem"]
    post = spec.get("post", {})
    audio = apply_effects(audio, post.get("effects", []))
    audio, cut = dsp.trim(audio, RATE, threshold_db=post.get("trim_db", -60.0))
    audio = dsp.fade(
        audio, RATE, fade_in=post.get("fade_in", 0.005), fade_out=post.get("fade_out", 0.4)
    )
    seconds = len(audio) / RATE
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise ClipError(f"{stem}: {seconds:.1f} s is outside {MIN_SECONDS}-{MAX_SECONDS} s")

    opus, mp3 = CLIPS / f"{stem}.opus", CLIPS / f"{stem}.mp3"
    target, ceiling = dsp.TARGET_LUFS, CEILING_DB - 1.0
    for attempt in range(5):
        out = dsp.normalise(audio, RATE, target_lufs=target, ceiling_db=ceiling)
        if dsp.sample_peak_db(out) >= 0:
            raise ClipError(f"{stem}: clipping after normalisation")
        encode(out, RATE, opus, mp3)
        results = {p.suffix[1:]: measure(p) for p in (opus, mp3)}
        worst_tp = max(r["true_peak"] for r in results.values())
        lufs = [r["lufs"] for r in results.values()]
        log.info("%s try %d: %s LUFS, %.2f dBTP (decoded)", stem, attempt + 1, lufs, worst_tp)
        ok_tp = worst_tp <= CEILING_DB - 0.1
        ok_lu = all(abs(v - dsp.TARGET_LUFS) <= 0.25 for v in lufs)
        if ok_tp and ok_lu:
            break
        if not ok_tp:
            ceiling -= worst_tp - (CEILING_DB - 0.1) + 0.1
        target += dsp.TARGET_LUFS - sum(lufs) / len(lufs)
    else:
        raise ClipError(f"{stem}: cannot meet loudness/true-peak targets: {results}")

    credits = Credits(**{f: str(spec[f]) for f in CREDIT_FIELDS})
    write_opus_tags(opus, credits)
    write_mp3_tags(mp3, credits)
    peaks.write(CLIPS / f"{stem}.peaks.json", out)

    duration = results["opus"]["duration"]
    moments = []
    for m in spec.get("listen_for", []):
        at = to_raw(m) - cut
        if -0.3 < at < 0:  # the first sound, a few milliseconds into the raw render
            at = 0.0
        if not 0 <= at < duration:
            raise ClipError(f"{stem}: listen_for {m} falls at {at:.2f} s, outside the clip")
        moments.append({"at": mmss(at), "text": m["text"]})
    entry = {
        "stem": stem,
        "section": spec.get("section", ""),
        **{f: str(spec[f]) for f in CREDIT_FIELDS},
        "duration": round(duration, 2),
        "description": spec["description"].strip(),
        "listen_for": moments,
        "files": {"opus": f"clips/{stem}.opus", "mp3": f"clips/{stem}.mp3"},
        "measured": {
            fmt: {k: round(v, 2) for k, v in r.items() if k != "duration"}
            for fmt, r in results.items()
        },
    }
    if spec.get("notes"):
        entry["notes"] = spec["notes"].strip()
    return entry


def build(only: list[str] | None = None, force: bool = False) -> list[str]:
    """Render the clips that need it; rewrite the catalogue. Returns the stems rendered."""
    specs = load_specs()
    stamps = json.loads(STAMPS.read_text()) if STAMPS.exists() else {}
    code = code_digest()
    soundfont = sha256(SOUNDFONT) if SOUNDFONT.exists() else "absent"
    rendered = []
    for spec in specs:
        stem = spec["stem"]
        if only and stem not in only:
            continue
        key = input_key(spec, code, soundfont)
        outputs = [CLIPS / f"{stem}{ext}" for ext in (".opus", ".mp3", ".peaks.json")]
        if (
            not force
            and stamps.get(stem, {}).get("key") == key
            and all(p.exists() for p in outputs)
        ):
            log.info("%s: unchanged, skipped", stem)
            continue
        log.info("%s: rendering", stem)
        if spec["kind"] == "recording":  # made by the plugin's prepare code (recording.py)
            entry = recording.render(spec, CLIPS, ROOT)
        else:
            audio, to_raw = make_audio(spec)
            entry = finish(spec, audio, to_raw)
        stamps[stem] = {"key": key, "entry": entry}
        STAMPS.write_text(json.dumps(stamps, indent=1) + "\n", encoding="utf-8")
        rendered.append(stem)
    known = {s["stem"] for s in specs}
    for stale in sorted(set(stamps) - known):
        del stamps[stale]
    STAMPS.write_text(json.dumps(stamps, indent=1) + "\n", encoding="utf-8")
    write_catalog([stamps[s["stem"]]["entry"] for s in specs if s["stem"] in stamps])
    return rendered


def write_catalog(entries: list[dict[str, Any]]) -> None:
    """Write ``media/clips/catalog.yaml`` (read by the essay's author)."""
    header = (
        "# Generated by `make clips` from media/sources/*.yaml; do not edit by hand.\n"
        "# One entry per published clip: credits, licences, duration (s), a text description,\n"
        "# and 'listen for' moments at times checked against the rendered audio.\n"
    )
    body = yaml.safe_dump({"clips": entries}, sort_keys=False, allow_unicode=True, width=100)
    CATALOG.write_text(header + body, encoding="utf-8")
