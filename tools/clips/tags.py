"""Write a clip's credits into its files' own tags with mutagen (the site plugin reads them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mutagen import id3
from mutagen.oggopus import OggOpus

DEED_URLS = {
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-3.0": "https://creativecommons.org/licenses/by/3.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-3.0": "https://creativecommons.org/licenses/by-sa/3.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "public-domain": "https://creativecommons.org/publicdomain/mark/1.0/",
}
"""Licences allowed on the site, with their deed URLs (ID3 WCOP)."""


@dataclass(frozen=True)
class Credits:
    """What a clip's tags say."""

    title: str
    performer: str
    composer: str
    recorded: str
    composed: str
    license: str
    composition_license: str
    source: str
    copyright: str

    def __post_init__(self):
        for name in ("license", "composition_license"):
            value = getattr(self, name)
            if value not in DEED_URLS:
                raise ValueError(f"{name} {value!r} is not allowed on the site")


def vorbis_comments(c: Credits) -> dict[str, str]:
    """The Vorbis comments of an Ogg Opus file."""
    return {
        "TITLE": c.title,
        "ARTIST": c.performer,
        "COMPOSER": c.composer,
        "DATE": c.recorded,
        "COMPOSED": c.composed,
        "LICENSE": c.license,
        "COMPOSITION_LICENSE": c.composition_license,
        "SOURCE": c.source,
        "COPYRIGHT": c.copyright,
    }


def write_opus_tags(path: Path, c: Credits) -> None:
    """Replace all tags of an Ogg Opus file with the clip's credits."""
    audio = OggOpus(path)
    audio.delete()
    for key, value in vorbis_comments(c).items():
        audio[key] = [value]
    audio.save()


def write_mp3_tags(path: Path, c: Credits) -> None:
    """Replace all tags of an MP3 file with the clip's credits (ID3v2.4)."""
    tags = id3.ID3()
    enc = id3.Encoding.UTF8
    tags.add(id3.TIT2(encoding=enc, text=c.title))
    tags.add(id3.TPE1(encoding=enc, text=c.performer))
    tags.add(id3.TCOM(encoding=enc, text=c.composer))
    if re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", c.recorded):
        # TDRC holds a timestamp only; an unknown year ("before 2023") stays out of it
        tags.add(id3.TDRC(encoding=enc, text=c.recorded))
    tags.add(id3.TCOP(encoding=enc, text=c.copyright))
    tags.add(id3.WCOP(url=DEED_URLS[c.license]))
    for desc, value in (
        ("LICENSE", c.license),
        ("COMPOSED", c.composed),
        ("COMPOSITION_LICENSE", c.composition_license),
        ("SOURCE", c.source),
    ):
        tags.add(id3.TXXX(encoding=enc, desc=desc, text=value))
    id3.delete(path)
    tags.save(path, v2_version=4)
