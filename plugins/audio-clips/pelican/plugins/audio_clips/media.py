"""Finding and probing audio files: where a clip's files are, and what mutagen says about them.

Shaped like mutagen/soundfile: :func:`probe` returns an :class:`~audio_clips.records.AudioInfo` or
raises the plugin's :class:`~audio_clips.errors.ClipError` (field ``src``). :class:`ProbeCache` remembers results by path, size and mtime (also on
disk), so rebuilds under ``--autoreload`` never re-read an unchanged file.
"""

from __future__ import annotations

import difflib
import errno
import json
import math
import os
import re
import unicodedata
from dataclasses import asdict
from pathlib import Path, PurePosixPath

from .errors import ClipError, bad
from .media_types import AUDIO_TYPES
from .records import AudioInfo
from .schema import TAGGED
from .settings import Limits

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


#: Formats published beside the file an author names: lossy encodings made for the web. FLAC and
#: WAV are masters: they are published only when a clip names one in ``src``, so a leftover
#: master beside a clip is never shipped by accident.
WEB_FORMATS = frozenset({".opus", ".ogg", ".oga", ".webm", ".m4a", ".aac", ".mp3"})

#: Containers as mutagen names them, per extension: what the bytes must turn out to be.
_CONTAINERS = {
    ".opus": {"OggOpus"},
    ".ogg": {"OggVorbis", "OggOpus", "OggFLAC"},
    ".oga": {"OggVorbis", "OggOpus", "OggFLAC"},
    ".webm": set(),  # mutagen cannot read Matroska; the magic bytes are all we check
    ".m4a": {"MP4", "EasyMP4"},
    ".aac": {"AAC", "MP4", "EasyMP4"},
    ".flac": {"FLAC"},
    ".mp3": {"MP3", "EasyMP3"},
    ".wav": {"WAVE"},
}
#: What each container's first bytes say it is (sniffed before mutagen reads the file).
_MAGIC = (
    ("Ogg", lambda head: head.startswith(b"OggS")),
    ("WAV", lambda head: head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE"),
    ("FLAC", lambda head: head.startswith(b"fLaC")),
    ("MP4", lambda head: head[4:8] == b"ftyp"),
    ("WebM", lambda head: head.startswith(b"\x1a\x45\xdf\xa3")),
    ("ID3-tagged", lambda head: head.startswith(b"ID3")),
    ("MPEG audio", lambda head: len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0),
)
_EXPECTED_MAGIC = {
    ".opus": {"Ogg"},
    ".ogg": {"Ogg"},
    ".oga": {"Ogg"},
    ".webm": {"WebM"},
    ".m4a": {"MP4"},
    ".aac": {"MPEG audio", "ID3-tagged", "MP4"},
    ".flac": {"FLAC", "ID3-tagged"},
    ".mp3": {"MPEG audio", "ID3-tagged"},
    ".wav": {"WAV"},
}
#: Below this share of the bytes its header promises, an MP3 or WAV counts as cut short.
_TRUNCATED = 0.8
#: Longest file name most file systems store (bytes of one path segment).
MAX_NAME = 255


def resolve(src: str, media_root: str) -> Path:
    """The file ``src`` names below ``media_root``; a ClipError (field ``src``) when it may not
    be used: a URL, an absolute path, a path or link leading outside the media folder, missing.

    Whatever the file system does with the path (a link loop, a name too long, a folder without
    permission) ends as a ClipError naming ``src``, never as another exception.
    """
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
    long_part = next(
        (
            part
            for part in PurePosixPath(src).parts
            if len(part.encode("utf-8", "replace")) > MAX_NAME
        ),
        None,
    )
    if long_part is not None:
        raise _bad_src(
            f"the name '{_shorten(long_part)}' is {len(long_part.encode('utf-8', 'replace'))} "
            f"bytes long; file systems store at most {MAX_NAME}",
            "rename the file (and the 'src:') to something shorter",
        )
    try:
        return _resolve(src, media_root)
    except OSError as error:
        raise _bad_src(
            f"'{src}' cannot be read ({_os_reason(error)})", "check the file and its folder"
        ) from None


def _resolve(src: str, media_root: str) -> Path:
    root = _real(Path(media_root), src)
    candidate = _same_name_on_disk(root, src)
    real = _real(candidate, src)
    if not real.is_relative_to(root):
        raise _bad_src(
            f"'{src}' is a link that leads outside the media folder",
            "copy the file into media/ instead of linking to it",
        )
    if not real.exists() and candidate.is_symlink():
        raise _bad_src(
            f"'{src}' is a link to '{os.readlink(candidate)}', which does not exist",
            "replace the link with the audio file",
        )
    if not real.exists():
        raise _bad_src(
            f"file '{src}' not found under {_short(root)}/",
            _below_media_hint(src, root)
            or _nearby_hint(candidate)
            or "check the spelling and the folder",
        )
    if not real.is_file():
        raise _bad_src(f"'{src}' is not a file", "name an audio file, not a folder")
    if candidate.suffix.lower() not in AUDIO_TYPES:
        raise _bad_src(
            f"'{candidate.suffix or src}' is not a supported audio format",
            f"use one of {', '.join(AUDIO_TYPES)}",
        )
    return candidate


def _real(path: Path, shown: str) -> Path:
    """``path`` with links followed; a loop of links is the author's to fix, not a crash
    (Python raises RuntimeError for one before 3.13, OSError after)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise _bad_src(
            f"'{shown}' is a link that leads to itself (a loop of links)",
            "replace the link with the audio file",
        ) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _bad_src(
                f"'{shown}' is a link that leads to itself (a loop of links)",
                "replace the link with the audio file",
            ) from None
        raise


def _same_name_on_disk(root: Path, src: str) -> Path:
    """``root / src``, each name matched as the disk spells it when only its Unicode form
    differs: macOS writes 'café' decomposed (NFD), editors write it composed (NFC), and the
    two look identical to the author."""
    path = root
    for part in PurePosixPath(src).parts:
        exact = path / part
        if not exact.exists() and not exact.is_symlink() and path.is_dir():
            wanted = unicodedata.normalize("NFC", part)
            exact = next(
                (p for p in path.iterdir() if unicodedata.normalize("NFC", p.name) == wanted),
                exact,
            )
        path = exact
    return path


def _bad_src(message: str, fix: str = "") -> ClipError:
    return bad(message, fix, field="src")


def inside(path: Path, media_root: str | Path) -> bool:
    """True when ``path``, links followed, is a file inside the media folder (a loop of links
    or an unreadable path is not)."""
    try:
        root = Path(media_root).resolve()
        real = path.resolve()
        return real.is_relative_to(root) and real.is_file()
    except (OSError, RuntimeError):
        return False


def siblings(path: Path, rank, media_root: str | Path) -> list[Path]:
    """``path`` and same-stem files in the web formats (:data:`WEB_FORMATS`), ordered by
    ``rank(extension)``.

    A sibling is published beside the file the author named, so it must pass the same check: a
    link that leads outside the media folder (or in a loop) is refused, not read.
    """
    found = {path}
    prefix = path.stem + "."
    try:  # what glob(stem + ".*") finds, without compiling a pattern for each clip
        others = [path.parent / name for name in os.listdir(path.parent) if name.startswith(prefix)]
    except OSError as error:
        raise _bad_src(
            f"the folder of '{path.name}' cannot be listed ({_os_reason(error)})",
            "check the folder's permissions",
        ) from None
    for other in others:
        if other.suffix.lower() not in WEB_FORMATS or other.stem != path.stem or other == path:
            continue
        if (other.is_symlink() or not _is_file(other)) and not inside(other, media_root):
            raise _bad_src(
                f"'{other.name}' (another format of this clip) is a link that leads outside "
                "the media folder, or in a loop",
                "copy the file into media/ instead of linking to it",
            )
        if _is_file(other):
            found.add(other)
    return sorted(found, key=lambda p: (rank(p.suffix), p.suffix))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, RuntimeError):
        return False


def check_size(path: Path, limit: int, shown: str = "", field: str = "src") -> int:
    """The file's size in bytes, or a ClipError when it is over ``limit`` (a setting)."""
    name = shown or path.name
    try:
        size = path.stat().st_size
    except OSError as error:
        raise bad(
            f"'{name}' cannot be read ({_os_reason(error)})", "check the file", field=field
        ) from None
    if size > limit:
        raise bad(
            f"'{name}' is {_megabytes(size)}; the limit is {_megabytes(limit)} "
            "(AUDIO_CLIPS_MAX_FILE_SIZE)",
            "publish a shorter excerpt or a compressed format, or raise the setting",
            field=field,
        )
    return size


def check_tags(info: AudioInfo, shown: str) -> None:
    """Tag values are bounded like front matter text (``schema.MAX_TEXT``): a title tag of a
    million characters would otherwise become a page of five megabytes."""
    from .schema import MAX_TEXT
    from .text import visible

    for key, value in info.tags.items():
        if len(value) > MAX_TEXT:
            raise _bad_src(
                f"the '{key}' tag of '{shown}' is {len(value)} characters long; tags are held to "
                f"the front matter's limit of {MAX_TEXT}",
                "shorten the tag in the file (with a tag editor)",
            )
        try:
            visible(value)
        except ClipError as error:
            raise _bad_src(
                f"the '{key}' tag of '{shown}' {error.message}",
                "correct the tag in the file (with a tag editor)",
            ) from None


def sniff(path: Path, shown: str = "") -> str:
    """The container the first bytes show, checked against the extension (ClipError otherwise):
    a WAV renamed '.mp3' must not be published as audio/mpeg."""
    name = shown or path.name
    extension = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise _bad_src(f"'{name}' cannot be read ({_os_reason(error)})", "check the file") from None
    found = next((kind for kind, test in _MAGIC if test(head)), "")
    expected = _EXPECTED_MAGIC.get(extension, set())
    if found and found not in expected:
        raise _bad_src(
            f"'{name}' is named {extension} but holds {found} data",
            f"convert it to {extension.lstrip('.')} ('pelican-audio-clips prepare' converts it), or give it the "
            "extension of its format",
        )
    return found


def probe(path: str | os.PathLike, shown: str = "") -> AudioInfo:
    """Read duration, codec, bitrate, sample rate, channels and tags of one audio file.

    A file that cannot be read, whose bytes are not the format its extension names, or that is
    shorter than its header says (cut short in a copy) raises ClipError (field ``src``) naming
    the file.
    """
    import mutagen  # here, not at the top: a warm rebuild probes nothing and never loads it

    path = Path(path)
    name = shown or path.name
    fix = "re-export the file, or remove it"
    sniff(path, name)
    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError) as error:
        raise _bad_src(f"'{name}' could not be read as audio ({_reason(error)})", fix) from None
    except Exception as error:  # a parser's bug on hostile bytes is the file's fault
        raise _bad_src(
            f"'{name}' could not be read as audio ({type(error).__name__})", fix
        ) from None
    if audio is None or audio.info is None:
        raise _bad_src(f"'{name}' is not a recognised audio file", fix)
    kind = type(audio).__name__
    allowed = _CONTAINERS.get(path.suffix.lower())
    if allowed and kind not in allowed:
        raise _bad_src(
            f"'{name}' is named {path.suffix.lower()} but holds {kind} data",
            "convert it, or give it the extension of its format",
        )
    info = audio.info
    length = float(getattr(info, "length", 0) or 0)
    if not (length > 0 and math.isfinite(length)):
        raise _bad_src(f"'{name}' has no audio (duration 0); is it truncated?", fix)
    codec = _CODECS.get(kind, kind.lower())
    bitrate = int(getattr(info, "bitrate", 0) or 0)
    if kind in ("MP3", "EasyMP3", "WAVE") and bitrate > 0:
        promised = bitrate * length / 8
        size = path.stat().st_size
        if size < promised * _TRUNCATED:
            raise _bad_src(
                f"'{name}' is cut short: its header promises {length:.1f} s "
                f"({_megabytes(int(promised))}) but the file holds {_megabytes(size)}",
                "copy or export the file again in full",
            )
    sample_rate = int(getattr(info, "sample_rate", 0) or (48000 if codec == "opus" else 0))
    try:
        tags = _read_tags(audio)
    except Exception as error:  # malformed tag frames are the file's fault
        raise _bad_src(
            f"the tags of '{name}' could not be read ({type(error).__name__})", fix
        ) from None
    return AudioInfo(
        duration=round(length, 3),
        codec=codec,
        bitrate=bitrate,
        sample_rate=sample_rate,
        channels=int(getattr(info, "channels", 0) or 0),
        tags=tags,
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


def _os_reason(error: OSError) -> str:
    """An OSError as a reader knows it ('File name too long'), without the path it repeats."""
    return error.strerror or type(error).__name__


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _below_media_hint(src: str, root: Path) -> str:
    """``src: media/clips/a.opus``: a path that starts with the media folder's own name."""
    first, _, rest = src.replace("\\", "/").partition("/")
    if rest and first == root.name and (root / rest).is_file():
        return f"'src:' is a path below {root.name}/: write 'src: {rest}'"
    return ""


def _nearby_hint(candidate: Path) -> str:
    """Suggest a file with the same stem in another format, or a close name, if there is one."""
    folder = candidate.parent
    if not folder.is_dir():
        return f"folder '{_short(folder)}' does not exist"
    names = {
        unicodedata.normalize("NFC", p.name): p.name
        for p in folder.iterdir()
        if p.suffix.lower() in AUDIO_TYPES
    }
    typed = unicodedata.normalize("NFC", candidate.name)
    close = difflib.get_close_matches(typed, sorted(set(names) - {typed}), 1, 0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class ProbeCache:
    """Probe results keyed by (path, size, mtime), kept in memory and optionally in a JSON file."""

    VERSION = 3  # 2: tags keyed by clip key, any case, WCOP; 3: limits, sniffed containers

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

    def get(self, path: Path, shown: str = "", limits: Limits | None = None) -> AudioInfo:
        """The file's facts, read once per (size, mtime); held to ``limits`` (the settings'
        :class:`~audio_clips.settings.Limits`) on every call, cached or not."""
        limits = limits or Limits()
        name = shown or path.name
        check_size(path, limits.max_file_size, name)
        try:
            stat = path.stat()
            key = str(path.resolve())
        except (OSError, RuntimeError) as error:
            raise _bad_src(
                f"'{name}' cannot be read ({_reason(error)})", "check the file"
            ) from None
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = self._entries.get(key)
        if entry and entry.get("stamp") == stamp:
            try:
                info = AudioInfo(**entry["info"])
            except TypeError:  # an entry of an older shape: read the file again
                info = None
            if info is not None:
                check_tags(info, name)
                return info
        info = probe(path, shown)
        check_tags(info, name)
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


def read_sidecar(
    path: Path, limits: Limits, media_root: str | Path, field: str = "src", kind: str = ""
):
    """The JSON of a sidecar file (``.peaks.json``, ``.timemap.json``) below ``media_root``,
    bounded: over ``limits.max_sidecar_size`` bytes, nested deeper than Python can parse, not
    JSON, or a link out of the media folder, it is a ClipError naming the file (``kind`` says
    what the file is: 'waveform file ')."""
    name = kind + f"'{path.name}'"
    fix = "write it again ('pelican-audio-clips prepare' makes it; the format is in the package README, 'Sidecar files'), or delete it"
    if not inside(path, media_root):
        raise bad(
            f"{name} is a link that leads outside the media folder, or in a loop",
            "copy the file into media/ instead of linking to it",
            field=field,
        )
    try:
        size = path.stat().st_size
        if size > limits.max_sidecar_size:
            raise bad(
                f"{name} is {_megabytes(size)}; the limit is "
                f"{_megabytes(limits.max_sidecar_size)} (AUDIO_CLIPS_MAX_SIDECAR_SIZE)",
                fix,
                field=field,
            )
        return json.loads(path.read_bytes().decode("utf-8"))
    except ClipError:
        raise
    except RecursionError:
        raise bad(f"{name} is nested too deeply to be read", fix, field=field) from None
    except (OSError, ValueError) as error:
        raise bad(f"{name} is malformed ({_reason(error)})", fix, field=field) from None


def read_peaks(
    audio_path: Path, limits: Limits, media_root: str | Path
) -> tuple[float, ...] | None:
    """The waveform beside an audio file (``<stem>.peaks.json``: ``{"peaks": [0..1, …]}``), or
    None when there is none; ClipError (field ``src``) when it is malformed or too large."""
    peaks_file = audio_path.with_name(audio_path.stem + ".peaks.json")
    if not (peaks_file.is_symlink() or _is_file(peaks_file)):
        return None
    data = read_sidecar(peaks_file, limits, media_root, kind="waveform file ")
    name = peaks_file.name
    values = data.get("peaks") if isinstance(data, dict) else None
    if not isinstance(values, list) or not values:
        raise _bad_src(
            f"waveform file '{name}' is malformed (it needs a non-empty list 'peaks')",
            "write it again ('pelican-audio-clips prepare' makes it; the format is in the package README, 'Sidecar files'), or delete it",
        )
    if len(values) > limits.max_peaks:
        raise _bad_src(
            f"waveform file '{name}' has {len(values):,} values; the limit is "
            f"{limits.max_peaks:,} (AUDIO_CLIPS_MAX_PEAKS)",
            "write it again ('pelican-audio-clips prepare' makes it; the format is in the package README, 'Sidecar files')",
        )
    if not all(type(v) in (int, float) for v in values):
        raise _bad_src(
            f"waveform file '{name}' is malformed (its peaks must be numbers)",
            "write it again ('pelican-audio-clips prepare' makes it; the format is in the package README, 'Sidecar files'), or delete it",
        )
    peaks = tuple(map(float, values))
    # 0 <= p <= 1 for every peak, NaN failing it (json reads 'NaN'), without a Python loop.
    if not (all(map((0.0).__le__, peaks)) and all(map((1.0).__ge__, peaks))):
        raise _bad_src(
            f"waveform file '{name}' has values outside 0..1",
            "write it again ('pelican-audio-clips prepare' makes it; the format is in the package README, 'Sidecar files')",
        )
    return peaks


def check_source(value: str, project_root: str | Path) -> str:
    """Why a clip's ``source`` cannot credit anything, or ''.

    An attribution licence needs the source named: a web address, words ("Debian package
    hyperrogue-music"), or a path in this repository (``media/sources/x.yaml``) that exists, from
    the folder holding the content or the folder the build runs in. A dash, punctuation alone or
    a path to nothing satisfies the rule's letter but credits no one.
    """
    text = str(value).strip()
    if not any(char.isalnum() for char in text):
        return f"'{text}' does not name a source"
    if re.match(r"^https?://", text, re.IGNORECASE):
        if re.match(r"^https?://[^/\s.]+(\.[^/\s.]+)+", text, re.IGNORECASE):
            return ""
        return f"'{_shorten(text)}' is not a complete web address"
    if _URL_RE.match(text):
        return f"'{_shorten(text)}' is not a web address (http:// or https://)"
    if " " in text or "/" not in text:
        return ""  # a description in words, not a path
    relative = PurePosixPath(text)
    if relative.is_absolute() or ".." in relative.parts:
        return f"'{_shorten(text)}' is not a path inside the repository"
    if not any(_exists_below(Path(root), relative) for root in (project_root, os.getcwd())):
        return f"'{_shorten(text)}' names no file or folder in the repository"
    return ""


def _exists_below(root: Path, relative: PurePosixPath) -> bool:
    try:
        root = root.resolve()
        target = (root / relative).resolve()
        return target.is_relative_to(root) and target.exists()
    except (OSError, RuntimeError):
        return False
