"""Real audio files for tests, written with numpy and soundfile (no ffmpeg needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 48000
#: soundfile's container and codec for each extension the tests write.
FORMATS = {
    ".opus": ("OGG", "OPUS"),
    ".ogg": ("OGG", "VORBIS"),
    ".mp3": ("MP3", "MPEG_LAYER_III"),
    ".flac": ("FLAC", None),
    ".wav": ("WAV", None),
}


def tone(
    seconds: float = 1.0,
    freq: float = 440.0,
    amp: float = 0.3,
    rate: int = RATE,
    channels: int = 1,
) -> np.ndarray:
    """A sine wave, float32, shape (frames,) or (frames, channels)."""
    t = np.arange(int(rate * seconds)) / rate
    mono = (amp * np.sin(2 * np.pi * freq * t)).astype("float32")
    return mono if channels == 1 else np.repeat(mono[:, None], channels, axis=1)


def write_audio(
    path: Path,
    seconds: float = 3.0,
    signal: np.ndarray | None = None,
    rate: int = RATE,
    **tone_args,
) -> Path:
    """Write ``signal`` (default: a tone of ``seconds``) in the format ``path``'s extension names."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = tone(seconds, rate=rate, **tone_args) if signal is None else signal
    container, subtype = FORMATS[path.suffix.lower()]
    sf.write(path, data, rate, format=container, subtype=subtype)
    return path


def write_formats(
    folder: Path, stem: str, signal: np.ndarray, suffixes=(".opus", ".mp3"), rate: int = RATE
) -> list[Path]:
    """The same signal in several formats (a clip as the pipeline publishes it)."""
    return [write_audio(folder / f"{stem}{s}", signal=signal, rate=rate) for s in suffixes]
