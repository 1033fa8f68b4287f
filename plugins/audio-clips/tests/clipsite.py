"""Test support: real tiny audio files written by the tests, and real Pelican builds into tmp_path.

The plugin's own suite: it needs the plugin, Pelican and the test extras, nothing else of the
repository it lives in. Where that repository's theme is present, builds use it by default; the
bundled themes (notmyidea, simple) are used by the tests that run on every theme.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import soundfile as sf
from mutagen.id3 import ID3, TIT2, TXXX
from mutagen.oggopus import OggOpus
from pelican import Pelican
from pelican.settings import read_settings

from pelican.plugins.audio_clips.assemble import build_clips
from pelican.plugins.audio_clips.media import ProbeCache

REPO = Path(__file__).resolve().parents[3]
#: The site theme of the repository the plugin lives in, when there is one.
REPO_THEME = REPO / "theme"
#: Themes every theme-independent test runs with: Pelican's two bundled ones, and the
#: repository's own when present.
THEMES = ["notmyidea", "simple"] + (
    ["repo"] if (REPO_THEME / "templates" / "base.html").exists() else []
)
RATE = 48000


def tone(seconds: float = 3.0, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return (0.3 * np.sin(2 * np.pi * freq * t)).astype("float32")


def write_audio(path: Path, seconds: float = 3.0, tags: dict | None = None) -> Path:
    """Write a real audio file in the format its extension names; tag it like the pipeline does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = tone(seconds)
    suffix = path.suffix.lower()
    if suffix == ".opus":
        sf.write(path, data, RATE, format="OGG", subtype="OPUS")
    elif suffix == ".ogg":
        sf.write(path, data, RATE, format="OGG", subtype="VORBIS")
    elif suffix == ".mp3":
        sf.write(path, data, RATE, format="MP3", subtype="MPEG_LAYER_III")
    elif suffix == ".wav":
        sf.write(path, data, RATE)
    elif suffix == ".flac":
        sf.write(path, data, RATE, format="FLAC")
    else:
        raise ValueError(suffix)
    if tags:
        if suffix in (".opus",):
            audio = OggOpus(path)
            for key, value in tags.items():
                audio[key.upper()] = value
            audio.save()
        elif suffix == ".mp3":
            id3 = ID3()
            for key, value in tags.items():
                if key == "title":
                    id3.add(TIT2(encoding=3, text=value))
                else:
                    id3.add(TXXX(encoding=3, desc=key.upper(), text=value))
            id3.save(path)
    return path


ARTICLE = """\
---
title: A test essay
date: 2026-11-25
slug: essay
summary: Testing clips.
{front}
---

Opening words.

## The silent era {{#silent-era}}

Pianists played along.

### Cue sheets {{#cue-sheets}}

Lists of music.

## Coming of sound {{#coming-of-sound}}

Talkies arrived.
"""

GOOD_CLIP = """\
clips:
  - src: clips/rag.opus
    section: silent-era
    title: A rag
    composer: Scott Joplin
    composed: 1899
    license: CC0-1.0
    composition_license: public-domain
    caption: "A *piano* rag <script>alert(1)</script>"
    description: A bright piano tune in two-four time.
    listen_for:
      - {at: "0:01", text: the left hand leaps}
      - {at: "0:02", text: the tune returns}
"""


#: A second entry for :data:`GOOD_CLIP`'s list (appended to it): ``clips/tune.opus`` at the
#: end of 'coming-of-sound'.
TUNE_CLIP = (
    "\n".join(GOOD_CLIP.splitlines()[1:])
    .replace("clips/rag.opus", "clips/tune.opus")
    .replace("silent-era", "coming-of-sound")
)


class Site:
    """A throwaway project: content/, media/, and Pelican settings pointing at the repo's theme."""

    def __init__(self, root: Path, theme: str = "repo"):
        self.root = root
        self.theme = theme
        self.content = root / "content"
        self.media = root / "media"
        self.output = root / "output"
        self.content.mkdir()
        self.media.mkdir()

    def article(self, front: str, name: str = "essay.md", body: str | None = None) -> Path:
        path = self.content / name
        text = body if body is not None else ARTICLE.format(front=textwrap.dedent(front).strip())
        path.write_text(text, encoding="utf-8")
        return path

    def audio(self, relative: str, seconds: float = 3.0, tags: dict | None = None) -> Path:
        return write_audio(self.media / relative, seconds, tags)

    def settings(self, **overrides) -> dict:
        values = {
            "PATH": str(self.content),
            "OUTPUT_PATH": str(self.output),
            "PLUGINS": ["audio_clips"],
            "THEME": theme_path(self.theme),
            "CACHE_PATH": str(self.root / "cache"),
            "SITEURL": "",
            "ARTICLE_URL": "{slug}/",
            "ARTICLE_SAVE_AS": "{slug}/index.html",
            "PAGE_URL": "{slug}/",
            "PAGE_SAVE_AS": "{slug}/index.html",
            "FEED_ALL_ATOM": None,
            "CATEGORY_FEED_ATOM": None,
            "AUTHOR_FEED_ATOM": None,
            "AUTHOR_FEED_RSS": None,
            "TRANSLATION_FEED_ATOM": None,
            "TIMEZONE": "UTC",
            "MARKDOWN": {
                "extension_configs": {
                    "markdown.extensions.toc": {},
                    "markdown.extensions.attr_list": {},
                    "markdown.extensions.extra": {},
                },
                "output_format": "html5",
            },
        }
        values.update(overrides)
        return read_settings(override=values)

    def build(self, **overrides):
        """Run Pelican; returns None, or the BuildFailed exception of a strict build."""
        from pelican.plugins.audio_clips.errors import BuildFailed

        try:
            Pelican(self.settings(**overrides)).run()
        except BuildFailed as failed:
            return failed
        return None

    def page(self, relative: str = "essay/index.html") -> str:
        return (self.output / relative).read_text(encoding="utf-8")


def theme_path(theme: str) -> str:
    """A theme setting: 'repo' is the repository's theme (or 'simple' outside the repository)."""
    if theme == "repo":
        return str(REPO_THEME) if "repo" in THEMES else "simple"
    return theme


# The core's table-driven tests (test_bad_input, test_compare, test_field_table, …): one valid
# clip, the article's headings, and build_clips run as the build runs it.
HEADINGS = ["introduction", "silent-era", "cue-sheets", "coming-of-sound"]


BASE = {
    "src": "clips/rag.opus",
    "section": "silent-era",
    "title": "A rag",
    "license": "CC0-1.0",
    "description": "Piano.",
}


def run(config, raw, headings=HEADINGS):
    return build_clips(
        raw, path="content/essay.md", config=config, headings=headings, cache=ProbeCache(None)
    )


def pair(first: dict | None = None, second: dict | None = None, *more: dict) -> list[dict]:
    """Two clips of one section (the same file under two ids), the first comparing the second;
    ``first`` and ``second`` change their keys, ``more`` are further clips."""
    a = {**BASE, "id": "a", "compare": ["b"], "version": "Threat"}
    b = {**BASE, "id": "b", "version": "Reunion"}
    a.update(first or {})
    b.update(second or {})
    return [a, b, *more]


def run_front_matter(config, text: str, path: str = "content/essay.md", headings=HEADINGS):
    """``build_clips`` on the ``clips:`` of a whole front matter (``text``, with its ``---``
    lines), as the reader runs it: so problems carry the lines they are at."""
    from pelican.plugins.audio_clips import frontmatter

    parsed = frontmatter.split(text, path)
    return build_clips(
        parsed.data["clips"],
        path=path,
        config=config,
        headings=headings,
        cache=ProbeCache(None),
        front_matter=parsed,
    )


def clip(**changes):
    data = dict(BASE)
    for key, value in changes.items():
        if value is ...:
            data.pop(key, None)
        else:
            data[key] = value
    return [data]


# A reST article with one section, "The tone", and the sidecar that gives it one clip (the
# stranger's sidecar tests: cache, serve, misnamed sidecars).
TONE_POST = """\
A reST post
###########

:date: 2026-11-11
:slug: essay

The tone
========

Words about the tone.
"""


def tone_sidecar(section: str = "the-tone", description: str = "A steady tone.") -> str:
    """``essay.clips.yaml`` for :data:`TONE_POST`: one clip of ``clips/rag.opus``."""
    return (
        "clips:\n  - src: clips/rag.opus\n"
        f"    section: {section}\n    description: {description}\n"
        "    title: A tone\n    license: CC0-1.0\n    composer: Nobody\n    composed: 2026\n"
    )


#: What `pelican-quickstart` writes (answers: no URL prefix, no pagination, UTC), plus one line.
QUICKSTART_PELICANCONF = """\
AUTHOR = 'A stranger'
SITENAME = 'A quickstart blog'
SITEURL = ''

PATH = 'content'

TIMEZONE = 'UTC'

DEFAULT_LANG = 'en'

# Feed generation is usually not desired when developing
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Blogroll
LINKS = (
    ("Pelican", "https://getpelican.com/"),
)

DEFAULT_PAGINATION = False

# Uncomment following line if you want document-relative URLs when developing
# RELATIVE_URLS = True

PLUGINS = ['audio_clips']
"""
