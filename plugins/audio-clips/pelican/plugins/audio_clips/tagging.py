"""Credits written into a prepared clip's own tags, under the names the plugin reads back.

So front matter can stay short: the build fills title, composer, performer, years, licences and
source from these tags (``media`` reads them, ``rights.merge_tags`` merges them). Every old tag is
replaced, and nothing varying (no dates of writing, no tool versions) is written, so tagging is
reproducible.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

#: credit -> (Vorbis comment of an Ogg Opus file, ID3v2.4 frame of an MP3).
TAGS = {
    "title": ("TITLE", "TIT2"),
    "performer": ("ARTIST", "TPE1"),
    "composer": ("COMPOSER", "TCOM"),
    "recorded": ("DATE", "TDRC"),
    "composed": ("COMPOSED", "TXXX:COMPOSED"),
    "license": ("LICENSE", "TXXX:LICENSE"),
    "composition_license": ("COMPOSITION_LICENSE", "TXXX:COMPOSITION_LICENSE"),
    "source": ("SOURCE", "TXXX:SOURCE"),
    "attribution": ("ATTRIBUTION", "TXXX:ATTRIBUTION"),
    "copyright": ("COPYRIGHT", "TCOP"),
}
_ISO_DATE_RE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")


def write(path: Path, credits: Mapping[str, str], license_url: str = "") -> None:
    """Replace the tags of ``path`` (.opus or .mp3) with ``credits`` (empty values left out);
    ``license_url`` is the licence's deed, which MP3 players show from the WCOP frame."""
    given = {key: value for key, value in credits.items() if value and key in TAGS}
    if path.suffix.lower() == ".opus":
        _write_opus(path, given)
    else:
        _write_mp3(path, given, license_url)


def _write_opus(path: Path, credits: Mapping[str, str]) -> None:
    from mutagen.oggopus import OggOpus

    audio = OggOpus(path)
    audio.delete()
    for key, value in credits.items():
        audio[TAGS[key][0]] = [value]
    audio.save()


def _write_mp3(path: Path, credits: Mapping[str, str], license_url: str) -> None:
    from mutagen import id3

    tags = id3.ID3()
    for key, value in credits.items():
        frame = TAGS[key][1]
        if frame == "TDRC" and not _ISO_DATE_RE.fullmatch(value):
            continue  # TDRC holds a timestamp only; 'c. 1913' stays in the Opus file's DATE
        if frame.startswith("TXXX:"):
            tags.add(id3.TXXX(encoding=id3.Encoding.UTF8, desc=frame[5:], text=value))
        else:
            tags.add(getattr(id3, frame)(encoding=id3.Encoding.UTF8, text=value))
    if license_url:
        tags.add(id3.WCOP(url=license_url))
    id3.delete(path)
    tags.save(path, v2_version=4)
