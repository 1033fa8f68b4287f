"""Typed, immutable records that flow from front matter to markup.

The plugin produces these; the theme renders them (``clip.html`` receives ``clip``).
Nothing here knows about Pelican.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, make_dataclass
from urllib.parse import urlsplit

from .schema import FIELDS, KINDS


@dataclass(frozen=True)
class AudioInfo:
    """Facts read from an audio file by mutagen (shaped like ``mutagen.FileType.info``)."""

    duration: float
    """Length in seconds."""
    codec: str
    """'opus', 'vorbis', 'mp3', 'aac', 'flac' or 'pcm'."""
    bitrate: int
    """Average bits per second (0 when unknown)."""
    sample_rate: int
    """Samples per second of the decoded audio."""
    channels: int
    """Number of channels."""
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Tag values by the clip key they may fill (``schema.TAGGED``), as written in the file."""


@dataclass(frozen=True)
class Source:
    """One encoding of a clip, offered as a ``<source>`` element."""

    path: str
    """Path below the media root, POSIX separators, e.g. 'clips/maple-leaf-rag.opus'."""
    url: str
    """Link for markup placed in the article (Pelican resolves it per page, honouring
    RELATIVE_URLS); the partial writes it as an attribute value."""
    href: str
    """URL relative to the site's root ('media/clips/x.opus'): ``{{ SITEURL }}/{{ s.href }}``
    in templates outside the content (feeds, credits, meta tags)."""
    mime: str
    """``type`` attribute, with codecs where it helps the browser choose."""
    size: int
    """Bytes on disk."""
    info: AudioInfo


@dataclass(frozen=True)
class Moment:
    """A 'listen for' moment: a time in the clip and what to notice there."""

    at: float
    """Seconds from the start."""
    label: str
    """The time as 'm:ss' (as the reader sees it)."""
    text: str
    """What to listen for (plain text)."""

    @property
    def iso(self) -> str:
        """The time as an ISO 8601 duration for ``<time datetime>``, e.g. 'PT12.5S'."""
        return f"PT{self.at:g}S"


@functools.lru_cache(maxsize=1024)
def _wave_path(peaks: tuple[float, ...]) -> str:
    parts, previous = [], None
    for peak in peaks:
        h = max(1, int(round(peak * 11, 0))) * 2
        parts.append(f"M1 {24 - h}" if previous is None else f"m2-{h + previous}")
        parts.append(f"v{2 * h}")
        previous = h
    return "".join(parts)


@dataclass(frozen=True)
class Waveform:
    """Peak envelope for drawing a small waveform (values 0..1)."""

    peaks: tuple[float, ...]

    @property
    def path(self) -> str:
        """SVG path data for clip.html: one bar per peak, 2 units apart, centred on y = 24."""
        return _wave_path(self.peaks)


@dataclass(frozen=True)
class Notation:
    """Engraved notation of a clip (SVG) and its timemap (note ids with on/off times)."""

    svg_path: str
    """Path below the media root of the SVG."""
    timemap_path: str
    """Path below the media root of the timemap JSON."""
    svg_url: str
    """Link for markup placed in the article (as ``Source.url``)."""
    timemap_url: str
    """Link for markup placed in the article; Pelican rewrites links only in attributes named
    (or ending in) href, src, data, poster, cite or content, e.g. ``data-timemap-src``."""
    alt: str
    """Text alternative: what the passage is, in words."""
    width: int = 0
    """Intrinsic width in CSS pixels (from the SVG's root), so the page can reserve the space."""
    height: int = 0


@dataclass(frozen=True)
class Chapters:
    """A WebVTT chapters track made from a clip's listen-for moments (``<track kind="chapters">``),
    written into the output by the generator."""

    path: str
    """Below the media output folder, e.g. ``chapters/rag-1a2b3c4d5e.vtt`` (named by content)."""
    url: str
    """Its URL for the markup (a Pelican intrasite link under RELATIVE_URLS; see ``links``)."""
    text: str
    """The file's content."""


def vtt_time(seconds: float) -> str:
    """Seconds as a WebVTT timestamp, e.g. '00:01:05.250'."""
    millis = round(max(0.0, seconds) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def chapters_vtt(moments: tuple[Moment, ...], duration: float) -> str:
    """One chapter per moment, from it to the next one (the last to the end of the clip)."""
    lines = ["WEBVTT", ""]
    for number, moment in enumerate(moments, 1):
        end = moments[number].at if number < len(moments) else duration
        # Cue text is a small markup language: escape it ("-->" goes with the '>').
        text = " ".join(moment.text.split())
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [
            str(number),
            f"{vtt_time(moment.at)} --> {vtt_time(max(end, moment.at))}",
            text,
            "",
        ]
    return "\n".join(lines)


@dataclass(frozen=True, kw_only=True)
class ClipFacts:
    """What the plugin works out for a clip; :data:`Clip` adds the author's keys to it."""

    id: str
    """Unique within its article; anchor is ``clip-<id>``."""
    number: int
    """1-based position in the article's ``clips:`` list."""
    sources: tuple[Source, ...]
    """Most efficient format first, MP3 (universal fallback) last."""
    duration: float
    """Seconds (from the first source)."""
    source_is_url: bool = False
    caption_html: str = ""
    """Caption rendered from Markdown and sanitised: a ``Markup`` string, so templates output it
    as it is, with autoescaping on."""
    waveform: Waveform | None = None
    notation: Notation | None = None
    chapters: Chapters | None = None
    """The moments as a WebVTT chapters track (None without moments)."""
    origin: str = field(default="", compare=False)
    """The file the clip is written in, as messages show it."""
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    """Where in ``origin`` the clip is: its first line (key ``''``) and the line of each credit
    key given in front matter, so a problem found across the site can name them."""

    @property
    def version_label(self) -> str:
        """The clip's label on a comparison's switch: its ``version``, else its title."""
        return self.version or self.title

    @property
    def files(self) -> tuple[str, ...]:
        """Every file below the media root that the published clip needs."""
        extra = (self.notation.svg_path, self.notation.timemap_path) if self.notation else ()
        return (*(s.path for s in self.sources), *extra)

    @property
    def anchor(self) -> str:
        return f"clip-{self.id}"

    @property
    def duration_label(self) -> str:
        return format_time(self.duration)

    @property
    def duration_iso(self) -> str:
        """The length as an ISO 8601 duration for ``<time datetime>``, e.g. 'PT1M5S'."""
        return iso_duration(self.duration)

    @property
    def source_label(self) -> str:
        """Short link text for a URL source (its host), else the source as written."""
        if self.source_is_url:
            return urlsplit(self.source).netloc
        return self.source

    @property
    def main_source(self) -> Source:
        return self.sources[0]


def _clip_class() -> type:
    """``Clip``: :class:`ClipFacts` plus one attribute for each row of the field table whose
    value goes straight into the record (``schema.FIELDS``), so a new key needs no edit here."""
    attributes = [
        (row.key, KINDS[row.kind].type, field(default=KINDS[row.kind].default))
        for row in FIELDS
        if row.record
    ]
    made = make_dataclass("Clip", attributes, bases=(ClipFacts,), frozen=True, kw_only=True)
    made.__module__ = __name__  # where pickle (Pelican's content cache) looks for it
    made.__doc__ = "A validated clip, ready for the theme (see ``ClipFacts`` and ``schema``)."
    return made


#: A validated clip, ready for the theme: :class:`ClipFacts` and the author's keys.
Clip = _clip_class()


@dataclass(frozen=True)
class Comparison:
    """Clips of one section shown as one figure with a switch between them (``compare:``)."""

    clips: tuple[Clip, ...]
    """The versions in switch order: the clip that names the others first."""

    @property
    def anchor(self) -> str:
        """The figure's id: the first version's anchor, suffixed (so heading ids are checked
        against it as against the clip's own sub-ids)."""
        return f"{self.clips[0].anchor}-compare"

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.version_label for c in self.clips)


def iso_duration(seconds: float) -> str:
    """Seconds as an ISO 8601 duration, e.g. 'PT1M5S' (whole seconds, rounded)."""
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    return f"PT{minutes}M{secs}S" if minutes else f"PT{secs}S"


def is_web_url(text: str) -> bool:
    """An http(s) URL with a host: 'https://' alone is not a link."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def format_moment(seconds: float) -> str:
    """A moment's time as written for readers: 'm:ss', or 'm:ss.t' when it falls between
    seconds (the player jumps to the exact time, so the label says it too)."""
    tenths = round(seconds * 10)
    whole, tenth = divmod(max(0, tenths), 10)
    label = f"{whole // 60}:{whole % 60:02d}"
    return f"{label}.{tenth}" if tenth else label


def format_time(seconds: float) -> str:
    """Seconds as 'm:ss' (rounded down, as players show elapsed time)."""
    whole = max(0, int(seconds + 1e-6))
    return f"{whole // 60}:{whole % 60:02d}"
