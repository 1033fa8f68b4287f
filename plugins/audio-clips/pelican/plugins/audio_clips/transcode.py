"""ffmpeg, found on the PATH: any audio file in, float samples out; samples in, Opus and MP3 out.

The samples travel through pipes as raw 32-bit floats at :data:`RATE`, so reading and writing need
no Python audio library. Encoding is bit-exact (no random Ogg serial numbers, no encoder strings,
no metadata copied), so the same samples give byte-identical files on one machine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

RATE = 48000
"""Sample rate of everything decoded and published (Opus works at 48 kHz)."""
INSTALL_HINT = (
    "install it and try again — Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install "
    "ffmpeg; Windows: winget install Gyan.FFmpeg (then open a new terminal)"
)
OPUS_ARGS = ["-c:a", "libopus", "-b:a", "96k", "-vbr", "constrained", "-application", "audio"]
# VBR: LAME's 128k CBR mode was measured in the home repository to lower the level by 0.46 dB
MP3_ARGS = ["-c:a", "libmp3lame", "-q:a", "4", "-write_xing", "1"]
# bit-exact: no random Ogg serial numbers, no encoder-version strings; no tags copied from input
BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact"]
FORMAT_ARGS = {".opus": OPUS_ARGS, ".mp3": MP3_ARGS}

_DURATION_RE = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_CHUNK_FRAMES = RATE  # one second of stereo floats per read


class ToolError(RuntimeError):
    """ffmpeg is missing, or could not write a file; the message is one line."""


class DecodeError(ToolError):
    """ffmpeg could not read the file as audio (the file's fault, not the tool's)."""


def ffmpeg() -> str:
    """The ffmpeg on the PATH, or a ToolError saying how to install it."""
    found = shutil.which("ffmpeg")
    if not found:
        raise ToolError(f"ffmpeg not found on the PATH: {INSTALL_HINT}")
    return found


Progress = Callable[[float, float | None], None]


def decode(
    path: Path,
    *,
    start: float = 0.0,
    end: float | None = None,
    channels: int = 2,
    progress: Progress | None = None,
) -> tuple[np.ndarray, float | None]:
    """The first audio stream of ``path`` from ``start`` to ``end`` seconds, as (frames,
    ``channels``) float samples at :data:`RATE`, and the file's duration when ffmpeg states it.

    The whole file is decoded from its start and the cut is taken here, to the sample: seeking
    inside compressed files is not always exact. ``progress(seconds_read, total)`` is called
    about once a second of audio read; reading stops at ``end``.
    """
    command = [
        ffmpeg(),
        *("-nostdin", "-hide_banner", "-nostats", "-loglevel", "info"),
        *("-i", str(path)),
        *("-map", "0:a:0", "-vn", "-sn", "-dn"),
        *("-ac", str(channels), "-ar", str(RATE), "-f", "f32le", "-c:a", "pcm_f32le", "pipe:1"),
    ]
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise ToolError(f"ffmpeg could not be started ({error})") from None
    log: list[str] = []
    reader = threading.Thread(target=_collect, args=(process.stderr, log), daemon=True)
    reader.start()
    first = round(start * RATE)
    last = None if end is None else round(end * RATE)
    kept: list[np.ndarray] = []
    position = 0
    stopped = False
    frame_bytes = channels * 4
    pending = b""
    while True:
        block = process.stdout.read(_CHUNK_FRAMES * frame_bytes)
        if not block:
            break
        block = pending + block
        usable = len(block) - len(block) % frame_bytes
        pending = block[usable:]
        frames = np.frombuffer(block[:usable], dtype="<f4").reshape(-1, channels)
        lo, hi = position, position + len(frames)
        take_from = max(first, lo) - lo
        take_to = (hi if last is None else min(hi, last)) - lo
        if take_to > take_from:
            kept.append(frames[take_from:take_to])
        position = hi
        if progress is not None:
            progress(position / RATE, _duration(log))
        if last is not None and position >= last:
            stopped = True
            break
    if stopped:
        process.kill()
    process.stdout.close()
    process.wait()
    reader.join()
    if process.returncode != 0 and not stopped:
        raise DecodeError(f"cannot be decoded by ffmpeg ({_reason(log)})")
    audio = np.concatenate(kept).astype(np.float64) if kept else np.zeros((0, channels))
    return audio, _duration(log)


def encode(audio: np.ndarray, path: Path) -> None:
    """Write ``audio`` (frames, channels at :data:`RATE`) to ``path`` (.opus or .mp3)."""
    channels = audio.shape[1] if audio.ndim > 1 else 1
    command = [
        ffmpeg(),
        *("-nostdin", "-hide_banner", "-loglevel", "error", "-y"),
        *("-f", "f32le", "-ar", str(RATE), "-ac", str(channels), "-i", "pipe:0"),
        *BITEXACT,
        *FORMAT_ARGS[path.suffix.lower()],
        str(path),
    ]
    samples = np.ascontiguousarray(audio, dtype="<f4").tobytes()
    result = subprocess.run(command, input=samples, capture_output=True, check=False)
    if result.returncode != 0:
        reason = _reason(result.stderr.decode("utf-8", "replace").splitlines())
        raise ToolError(f"ffmpeg could not write {path.name} ({reason})")


def _collect(stream, log: list[str]) -> None:
    for raw in iter(stream.readline, b""):
        log.append(raw.decode("utf-8", "replace").rstrip())
    stream.close()


def _duration(log: list[str]) -> float | None:
    for line in log[:40]:
        match = _DURATION_RE.search(line)
        if match:
            hours, minutes, seconds = match.groups()
            return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    return None


def _reason(lines: list[str]) -> str:
    """ffmpeg's own last words on a failure, in one short line."""
    for line in reversed(lines):
        text = line.strip()
        if text and not text.startswith(("Input #", "Output #", "Stream #", "Press [q]")):
            text = re.sub(r"^\[[^\]]+\]\s*", "", text)
            return text[:160]
    return "no reason given"
