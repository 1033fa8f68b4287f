"""The audio formats the plugin knows, as a table (extension -> MIME type and codec).

Kept apart from the prober so that settings can be checked without importing mutagen.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: Audio file extensions the plugin knows: extension -> (MIME type for <source type>, codec).
AUDIO_TYPES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        ".opus": ('audio/ogg; codecs="opus"', "opus"),
        ".ogg": ("audio/ogg", "vorbis"),
        ".oga": ("audio/ogg", "vorbis"),
        ".webm": ("audio/webm", "opus"),
        ".m4a": ("audio/mp4", "aac"),
        ".aac": ("audio/aac", "aac"),
        ".flac": ("audio/flac", "flac"),
        ".mp3": ("audio/mpeg", "mp3"),
        ".wav": ("audio/wav", "pcm"),
    }
)
