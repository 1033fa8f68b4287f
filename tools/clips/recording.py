"""``kind: recording``: a clip cut from a real recording, made by the plugin's own ``prepare``.

The recording is a file in this repository, or a URL pinned by its sha256 and fetched once into
the cache outside the repository (``CLIPS_CACHE``, default ``~/.cache/soundtrack-clips``). From
there the clip goes through exactly what ``pelican-audio-clips prepare`` runs
(``pelican.plugins.audio_clips.produce``): cut, trimmed, faded, normalised, encoded, tagged with
the source file's credits, measured, with its waveform and recipe beside it. A source file::

    kind: recording
    recording:
      url: https://example.org/maple-leaf-rag-1916.flac   # or file: media/sources/<file>
      sha256: 9f2c…                                       # required with url
      start: "0:12.5"                                     # m:ss.t or seconds; optional
      end: "0:40"
      fade_in: 0.02                                       # seconds; optional
      fade_out: 0.5
      channels: mono                                      # auto (default), mono or stereo
    listen_for:
      - {t: 14.0, text: "…"}                              # seconds in the recording
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
import urllib.request
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from pelican.plugins.audio_clips import fields, produce, recipe, schema, settings
from pelican.plugins.audio_clips.errors import ClipError
from pelican.plugins.audio_clips.records import format_moment
from pelican.plugins.audio_clips.transcode import ToolError

from .tags import Credits


def catalogue_order(credits: tuple[str, ...]) -> tuple[str, ...]:
    """``credits`` in the order the catalogue and the stamps list them: first those a
    synthesised clip's tags carry, in ``tags.Credits``' order, then the others in the plugin's."""
    tagged = tuple(field.name for field in dataclasses.fields(Credits) if field.name in credits)
    return tagged + tuple(key for key in credits if key not in tagged)


#: A recording clip's credits (the plugin's field table: a credit added there is one here too).
CREDITS = catalogue_order(schema.credit_keys())

OPTIONS = {"file", "url", "sha256", "start", "end", "fade_in", "fade_out", "channels"}
MIN_SECONDS, MAX_SECONDS = 10.0, 40.0
#: The plugin modules a recording clip is made by: a change to them makes it again.
MAKERS = ("produce", "transcode", "loudness", "cutting", "tagging", "peaks", "recipe")


class RecordingError(RuntimeError):
    """A recording clip's source file is wrong, or its recording cannot be had or used."""


def cache_dir() -> Path:
    """Where fetched recordings are kept (read when called, so tests can point it elsewhere)."""
    base = os.environ.get("CLIPS_CACHE") or Path.home() / ".cache" / "soundtrack-clips"
    return Path(base) / "recordings"


def options(spec: dict[str, Any]) -> dict[str, Any]:
    """The ``recording:`` mapping, checked: a file or a pinned URL, and known keys only."""
    where = spec["_path"]
    given = spec.get("recording")
    if not isinstance(given, dict):
        raise RecordingError(f"{where}: 'recording:' must map file or url to the recording")
    unknown = sorted(set(given) - OPTIONS)
    if unknown:
        raise RecordingError(f"{where}: unknown recording key(s) {', '.join(unknown)}")
    if ("file" in given) == ("url" in given):
        raise RecordingError(f"{where}: give the recording's 'file' or its 'url' (one of them)")
    if "url" in given:
        if urlsplit(str(given["url"])).scheme not in ("http", "https"):
            raise RecordingError(f"{where}: url must be http(s): {given['url']}")
        if not given.get("sha256"):
            raise RecordingError(f"{where}: a url needs its 'sha256', so the bytes are pinned")
    return given


def input_digest(spec: dict[str, Any], root: Path) -> str:
    """What the clip depends on beyond its source file: the recording's bytes and the plugin
    code that makes it (the home pipeline's stamps include this)."""
    given = options(spec)
    digest = hashlib.sha256()
    if "url" in given:
        digest.update(str(given["sha256"]).encode())
    else:
        path = root / str(given["file"])
        digest.update(recipe.sha256(path).encode() if path.is_file() else b"missing")
    package = Path(produce.__file__).parent
    for name in MAKERS:
        digest.update((package / f"{name}.py").read_bytes())
    return digest.hexdigest()


def fetch(url: str, sha256: str) -> Path:
    """The recording at ``url``, downloaded on first use into :func:`cache_dir` and checked
    against ``sha256``; later runs use the cached copy and never touch the network."""
    folder = cache_dir()
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()[:10]
    cached = folder / f"{sha256}{suffix}"
    if cached.is_file() and recipe.sha256(cached) == sha256:
        return cached
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".partial", delete=False) as partial:
        digest = hashlib.sha256()
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                for block in iter(lambda: response.read(1 << 20), b""):
                    digest.update(block)
                    partial.write(block)
        except OSError as error:
            Path(partial.name).unlink(missing_ok=True)
            raise RecordingError(f"cannot fetch {url}: {error}") from None
    if digest.hexdigest() != sha256:
        Path(partial.name).unlink(missing_ok=True)
        raise RecordingError(
            f"{url}: sha256 {digest.hexdigest()} differs from the pinned {sha256} (the file "
            "changed upstream: listen again, then pin the new digest)"
        )
    Path(partial.name).replace(cached)
    return cached


def source_file(spec: dict[str, Any], root: Path) -> tuple[Path, str, str]:
    """The recording on disk, how the recipe names it, and its URL ('' for a file)."""
    given = options(spec)
    if "url" in given:
        return fetch(str(given["url"]), str(given["sha256"])), str(given["url"]), given["url"]
    path = root / str(given["file"])
    if not path.is_file():
        raise RecordingError(f"{spec['_path']}: recording file {given['file']} not found")
    if given.get("sha256") and recipe.sha256(path) != given["sha256"]:
        raise RecordingError(f"{spec['_path']}: {given['file']} differs from its pinned sha256")
    return path, PurePosixPath(given["file"]).as_posix(), ""


def render(spec: dict[str, Any], clips: Path, root: Path) -> dict[str, Any]:
    """Make the clip into ``clips`` with the plugin's ``prepare`` code; its catalogue entry."""
    stem, where = spec["stem"], spec["_path"]
    given = options(spec)
    config = _config(root)
    try:
        credits = recipe.check_credits({k: str(spec[k]) for k in CREDITS if k in spec}, config)
        start = fields.parse_time(given["start"]) if "start" in given else 0.0
        end = fields.parse_time(given["end"]) if "end" in given else None
    except ClipError as error:
        raise RecordingError(f"{where}: {error.problems[0]}") from None
    path, shown, url = source_file(spec, root)
    plan = recipe.Recipe(
        name=stem,
        folder=clips.name,
        source=shown,
        sha256=recipe.sha256(path),
        start=start,
        end=end,
        fade_in=float(given.get("fade_in", 0.02)),
        fade_out=float(given.get("fade_out", 0.5)),
        channels=str(given.get("channels", "auto")),
        credits=credits,
        url=url,
    )
    if plan.channels not in recipe.CHANNELS:
        raise RecordingError(f"{where}: channels must be one of {', '.join(recipe.CHANNELS)}")
    try:
        made = produce.make(path, plan, clips, config)
    except (ClipError, ToolError) as error:
        raise RecordingError(f"{stem}: {error}") from None
    if not MIN_SECONDS <= made.duration <= MAX_SECONDS:
        raise RecordingError(
            f"{stem}: {made.duration:.1f} s is outside {MIN_SECONDS}-{MAX_SECONDS} s"
        )
    return _entry(spec, plan, made)


def _entry(spec: dict[str, Any], plan: recipe.Recipe, made: produce.Result) -> dict[str, Any]:
    """The catalogue entry, shaped like the other kinds' (``build.finish``)."""
    stem = spec["stem"]
    moments = []
    for moment in spec.get("listen_for", []):
        at = float(moment["t"]) - made.offset
        if -0.3 < at < 0:  # the first sound, a few milliseconds after the trimmed silence
            at = 0.0
        if not 0 <= at < made.duration:
            raise RecordingError(
                f"{stem}: listen_for {moment} falls at {at:.2f} s, outside the clip"
            )
        moments.append({"at": format_moment(at), "text": moment["text"]})
    entry = {
        "stem": stem,
        "section": spec.get("section", ""),
        **{key: str(spec[key]) for key in CREDITS if key in spec},
        "duration": round(made.duration, 2),
        "description": spec["description"].strip(),
        "listen_for": moments,
        "files": {"opus": f"clips/{stem}.opus", "mp3": f"clips/{stem}.mp3"},
        "measured": {
            fmt: {
                "lufs": round(m.lufs, 2),
                "true_peak": round(m.true_peak, 2),
                "sample_peak": round(m.sample_peak, 2),
                "lead": round(m.lead, 2),
            }
            for fmt, m in made.measured.items()
        },
        "recording": {"source": plan.source, "sha256": plan.sha256, "offset": made.offset},
    }
    if spec.get("notes"):
        entry["notes"] = spec["notes"].strip()
    return entry


def _config(root: Path) -> settings.Config:
    """The site's plugin settings (its licence allow-list), as the build reads them."""
    conf = root / "pelicanconf.py"
    if not conf.is_file():
        return settings.load({"PATH": str(root / "content")})
    from pelican.settings import read_settings

    return settings.load(read_settings(str(conf)))
