"""Finding and probing audio files: where a clip's files are, and what mutagen says about them.

Shaped like mutagen/soundfile: :func:`probe` returns an :class:`~audio_clips.records.AudioInfo` or
raises the plugin's :class:`~audio_clips.errors.ClipError` (field ``src``). :class:`ProbeCache` remembers results by path, size and mtime (also on
disk), so rebuilds under ``--autoreload`` never re-read an unchanged file.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import asdict
from pathlib import Path, PurePosixPath

from .errors import ClipError, bad
from .media_types import AUDIO_TYPES
from .records import AudioInfo
from .schema import TAGGED

_URL_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")

_CODECS = {
    "OggOpus": "opus",
    "OggVorbis": "vorbis",
    "MP3": "mp3",
    "EasyMP3": "mp3",
    "FLAC": "flac",
    "OggFLAC": "flac",
    "MP4": "aac",
    "EasyMP4": "aac",
    "WAVE": "pcm",
    "AAC": "aac",
}


def resolve(src: str, media_root: str) -> Path:
    """The file ``src`` names below ``media_root``; a ClipError (field ``src``) when it may not
    be used: a URL, an absolute path, a path or link leading outside the media folder, missing."""
    if re.match(r"^[A-Za-z]:[\\/]", src) or (
        src.startswith(("/", "\\")) and not src.startswith("//")
    ):
        raise _bad_src(f"'{src}' is an absolute path", "give the path relative to media/")
    if _URL_RE.match(src):
        raise _bad_src(f"'{src}' is a URL", "put the audio file under media/ and give its path")
    if "\\" in src:
        raise _bad_src(f"'{src}' uses backslashes", "use '/' between folders")
    if any(ord(char) < 32 or ord(char) == 127 for char in src):
        raise _bad_src(
            f"{src!r} contains a control character (such as a tab or a null byte)",
            "retype the path",
        )
    if ".." in PurePosixPath(src).parts:
        raise _bad_src(f"'{src}' leaves the media folder", "keep the file under media/")
    root = Path(media_root).resolve()
    candidate = root / src
    real = candidate.resolve()
    if not real.is_relative_to(root):
        raise _bad_src(
            f"'{src}' is a link that leads outside the media folder",
            "copy the file into media/ instead of linking to it",
        )
    if not real.exists():
        raise _bad_src(
            f"file '{src}' not found under {_short(root)}/",
            _nearby_hint(candidate) or "check the spelling and the folder",
        )
    if not real.is_file():
        raise _bad_src(f"'{src}' is not a file", "name an audio file, not a folder")
    if candidate.suffix.lower() not in AUDIO_TYPES:
        raise _bad_src(
            f"'{candidate.suffix or src}' is not a supported audio format",
            f"use one of {', '.join(AUDIO_TYPES)}",
        )
    return candidate


def _bad_src(message: str, fix: str = "") -> ClipError:
    return bad(message, fix, field="src")


def inside(path: Path, media_root: str | Path) -> bool:
    """True when ``path``, links followed, is a file inside the media folder."""
    root = Path(media_root).resolve()
    real = path.resolve()
    return real.is_relative_to(root) and real.is_file()


def siblings(path: Path, rank, media_root: str | Path) -> list[Path]:
    """``path`` and same-stem files in other audio formats, ordered by ``rank(extension)``.

    A sibling is published beside the file the author named, so it must pass the same check: a
    link that leads outside the media folder is refused, not read.
    """
    found = {path}
    for other in path.parent.glob(_glob_escape(path.stem) + ".*"):
        if other.suffix.lower() in AUDIO_TYPES and other.stem == path.stem and other.is_file():
            if not inside(other, media_root):
                raise _bad_src(
                    f"'{other.name}' (another format of this clip) is a link that leads outside "
                    "the media folder",
                    "copy the file into media/ instead of linking to it",
                )
            found.add(other)
    return sorted(found, key=lambda p: (rank(p.suffix), p.suffix))


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def probe(path: str | os.PathLike, shown: str = "") -> AudioInfo:
    """Read duration, codec, bitrate, sample rate, channels and tags of one audio file.

    A file that cannot be read raises ClipError (field ``src``) naming the file.
    """
    import mutagen  # here, not at the top: a warm rebuild probes nothing and never loads it

    name = shown or Path(path).name
    fix = "re-export the file, or remove it"
    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError) as error:
        raise _bad_src(f"'{name}' could not be read as audio ({_reason(error)})", fix) from None
    if audio is None or audio.info is None:
        raise _bad_src(f"'{name}' is not a recognised audio file", fix)
    info = audio.info
    length = float(getattr(info, "length", 0) or 0)
    if not length > 0:
        raise _bad_src(f"'{name}' has no audio (duration 0); is it truncated?", fix)
    kind = type(audio).__name__
    codec = _CODECS.get(kind, kind.lower())
    sample_rate = int(getattr(info, "sample_rate", 0) or (48000 if codec == "opus" else 0))
    return AudioInfo(
        duration=round(length, 3),
        codec=codec,
        bitrate=int(getattr(info, "bitrate", 0) or 0),
        sample_rate=sample_rate,
        channels=int(getattr(info, "channels", 0) or 0),
        tags=_read_tags(audio),
    )


def _read_tags(audio) -> dict[str, str]:
    """The values of the tags named in the field table (``schema.TAGGED``), by clip key.

    Tag names are matched whatever their case: ffmpeg writes ``TXXX:license`` in an MP3, a
    tagger may write ``License`` in a Vorbis comment.
    """
    tags = audio.tags
    if not tags:
        return {}
    kind = type(audio).__name__
    if kind in ("MP3", "EasyMP3", "AAC") or hasattr(tags, "getall"):
        container = "id3"
    elif kind in ("MP4", "EasyMP4"):
        container = "mp4"
    else:
        container = "vorbis"
    try:
        # keys(): iterating a Vorbis comment block gives (name, value) pairs, not names
        by_name = {str(name).casefold(): name for name in tags.keys()}  # noqa: SIM118
    except (KeyError, ValueError, TypeError):
        return {}
    found: dict[str, str] = {}
    for row in TAGGED:
        for name in getattr(row.tags, container):
            real = by_name.get(name.casefold())
            value = _tag_value(tags, real) if real is not None else ""
            if value:
                found[row.key] = value
                break
    return found


def _tag_value(tags, name: str) -> str:
    try:
        value = tags.get(name)
    except (KeyError, ValueError):
        return ""
    if value is None:
        return ""
    if hasattr(value, "url"):  # ID3 URL frames (WOAS, WCOP)
        return str(value.url).strip()
    if hasattr(value, "text"):  # ID3 text frames
        value = value.text
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    if isinstance(value, bytes):  # MP4 freeform atoms
        value = value.decode("utf-8", "replace")
    return str(value).strip()


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:120]


def _short(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _nearby_hint(candidate: Path) -> str:
    """Suggest a file with the same stem in another format, or a close name, if there is one."""
    folder = candidate.parent
    if not folder.is_dir():
        return f"folder '{_short(folder)}' does not exist"
    names = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in AUDIO_TYPES)
    close = difflib.get_close_matches(candidate.name, names, 1, 0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class ProbeCache:
    """Probe results keyed by (path, size, mtime), kept in memory and optionally in a JSON file."""

    VERSION = 2  # 2: tags keyed by clip key, names read whatever their case, WCOP

    def __init__(self, folder: str | None = None):
        self._file = Path(folder, "probe.json") if folder else None
        self._entries: dict[str, dict] = {}
        self.probed = 0
        """How many files were actually read (not served from the cache)."""
        self._dirty = False
        self.memo: dict = {}
        """Results derived from media files, for reuse within one build: a cache object lives
        for one run (Pelican makes new readers each run), and files do not change during it."""
        if self._file and self._file.is_file():
            try:
                stored = json.loads(self._file.read_text(encoding="utf-8"))
                if stored.get("version") == self.VERSION:
                    self._entries = stored.get("entries", {})
            except (OSError, ValueError, AttributeError):
                self._entries = {}

    def get(self, path: Path, shown: str = "") -> AudioInfo:
        stat = path.stat()
        key = str(path.resolve())
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = self._entries.get(key)
        if entry and entry.get("stamp") == stamp:
            return AudioInfo(**entry["info"])
        info = probe(path, shown)
        self.probed += 1
        self._entries[key] = {"stamp": stamp, "info": asdict(info)}
        self._dirty = True
        return info

    def flush(self) -> None:
        """Write new results to disk (once per build, not once per probe: the file is rewritten
        whole, so saving after each probe would cost the square of the library's size)."""
        if not self._file or not self._dirty:
            return
        self._dirty = False
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._file.with_suffix(".tmp")
            tmp.write_text(
                json.dumps({"version": self.VERSION, "entries": self._entries}), encoding="utf-8"
            )
            tmp.replace(self._file)
        except OSError:
            self._file = None  # a read-only cache folder must not break the build
