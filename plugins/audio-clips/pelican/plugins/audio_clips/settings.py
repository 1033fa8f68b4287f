"""The plugin's settings: defaults in one place, merged without mutating, validated once.

Every setting starts with ``AUDIO_CLIPS_``. :func:`load` turns Pelican's settings into a frozen
:class:`Config`, or raises :class:`~audio_clips.errors.ClipError` naming the bad setting.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import MappingProxyType
from urllib.parse import quote

from .errors import ClipError, Problem, did_you_mean
from .licenses import License
from .media_types import AUDIO_TYPES

_CC = "https://creativecommons.org/licenses"
#: Published media files are registered with Pelican under this prefix (see ``generator``), so
#: that ``{filename}/<prefix><path>`` links in content resolve to their output URLs.
LINK_PREFIX = "@audio_clips/"

DEFAULT_LICENSES: Mapping[str, Mapping] = MappingProxyType(
    {
        "CC0-1.0": {
            "name": "CC0 1.0 Universal (public domain dedication)",
            "short": "CC0 1.0",
            "url": "https://creativecommons.org/publicdomain/zero/1.0/",
            "attribution": False,
        },
        "public-domain": {
            "name": "Public domain",
            "short": "Public domain",
            "url": "https://creativecommons.org/publicdomain/mark/1.0/",
            "attribution": False,
        },
        "CC-BY-3.0": {
            "name": "Creative Commons Attribution 3.0 Unported",
            "short": "CC BY 3.0",
            "url": f"{_CC}/by/3.0/",
            "attribution": True,
        },
        "CC-BY-4.0": {
            "name": "Creative Commons Attribution 4.0 International",
            "short": "CC BY 4.0",
            "url": f"{_CC}/by/4.0/",
            "attribution": True,
        },
        "CC-BY-SA-3.0": {
            "name": "Creative Commons Attribution-ShareAlike 3.0 Unported",
            "short": "CC BY-SA 3.0",
            "url": f"{_CC}/by-sa/3.0/",
            "attribution": True,
            "share_alike": True,
        },
        "CC-BY-SA-4.0": {
            "name": "Creative Commons Attribution-ShareAlike 4.0 International",
            "short": "CC BY-SA 4.0",
            "url": f"{_CC}/by-sa/4.0/",
            "attribution": True,
            "share_alike": True,
        },
    }
)

DEFAULTS: Mapping[str, object] = MappingProxyType(
    {
        # Folder holding the audio; relative paths are taken from the project root (PATH's parent).
        "AUDIO_CLIPS_MEDIA_PATH": "media",
        # Where published audio goes inside OUTPUT_PATH (and in URLs).
        "AUDIO_CLIPS_OUTPUT_DIR": "media",
        # Formats offered as <source>s, most efficient first; MP3 last as the universal fallback.
        "AUDIO_CLIPS_FORMATS": ("opus", "ogg", "webm", "m4a", "aac", "flac", "mp3", "wav"),
        # The whole allow-list: SPDX id (or 'public-domain') -> name, short, url, attribution,
        # share_alike. Setting it replaces the defaults (to narrow them).
        "AUDIO_CLIPS_LICENSES": DEFAULT_LICENSES,
        # Licences added to that list (the way to allow one more without restating the defaults).
        "AUDIO_CLIPS_EXTRA_LICENSES": MappingProxyType({}),
        # Where the probe cache lives; None means CACHE_PATH/audio_clips.
        "AUDIO_CLIPS_CACHE_PATH": None,
        # Fail the build (exit 1) on any content problem. A development server turns this off to
        # keep serving, with a notice in place of each bad clip.
        "AUDIO_CLIPS_STRICT": True,
        # Theme template rendering one clip (the plugin's own is used when the theme has none).
        "AUDIO_CLIPS_TEMPLATE": "clip.html",
        # With the plugin's own clip.html: link its small stylesheet (published as
        # <AUDIO_CLIPS_OUTPUT_DIR>/audio-clips.css) from the first figure of each page.
        "AUDIO_CLIPS_STYLESHEET": True,
        # With the plugin's own clip.html: publish its small script (audio-clips.js, beside the
        # stylesheet) that makes the "listen for" moments and the waveform seek.
        "AUDIO_CLIPS_SCRIPT": True,
        # The credits page listing every clip of the site ('' to skip it).
        "AUDIO_CLIPS_CREDITS_TEMPLATE": "credits.html",
        "AUDIO_CLIPS_CREDITS_URL": "credits/",
        "AUDIO_CLIPS_CREDITS_SAVE_AS": "credits/index.html",
        # Limits on what is read from media/ (see Limits): bytes per published audio or notation
        # file, bytes per sidecar (.peaks.json, .timemap.json), values in a .peaks.json.
        "AUDIO_CLIPS_MAX_FILE_SIZE": 32 * 1024 * 1024,
        "AUDIO_CLIPS_MAX_SIDECAR_SIZE": 256 * 1024,
        "AUDIO_CLIPS_MAX_PEAKS": 2000,
        # Also check every id on every written page, not only the ids the plugin writes.
        "AUDIO_CLIPS_CHECK_ALL_IDS": False,
        # For benchmarks only: parts of the plugin to switch off (names from BENCH_PARTS), to
        # measure what each costs. A site never sets it: a part switched off is a check skipped.
        "AUDIO_CLIPS_BENCH_OFF": (),
    }
)

#: The parts of the plugin a benchmark may switch off with ``AUDIO_CLIPS_BENCH_OFF``: name ->
#: what is then skipped, and the one place that asks. A name not here is a settings error, so a
#: benchmark whose part was renamed or removed stops instead of quietly measuring nothing.
BENCH_PARTS: Mapping[str, str] = MappingProxyType(
    {
        "autoescape": "the clip partial is rendered without autoescaping "
        "(pelican_hooks._renderer_and_stamper)",
        "checks": "an article's own checks: top-level keys, heading and clip ids, 'after:' "
        "(article._validate)",
        "page-ids": "the ids the plugin wrote are not checked on written pages "
        "(pelican_hooks.check_page_ids)",
        "chapters": "no WebVTT chapters file for a clip's moments (assemble._chapters)",
    }
)

#: Settings that are True or False.
FLAGS = (
    "AUDIO_CLIPS_STRICT",
    "AUDIO_CLIPS_STYLESHEET",
    "AUDIO_CLIPS_SCRIPT",
    "AUDIO_CLIPS_CHECK_ALL_IDS",
)
#: Settings that name a place inside OUTPUT_PATH: a path relative to it that stays inside it.
OUTPUT_PLACES = ("AUDIO_CLIPS_OUTPUT_DIR", "AUDIO_CLIPS_CREDITS_SAVE_AS")


@dataclass(frozen=True)
class Limits:
    """Bounds on what the plugin reads from media/, which it publishes and puts into pages.

    Front matter is bounded (``frontmatter``, ``schema.MAX_TEXT``); files from media/ are bounded
    here, so a 1 GiB recording, a waveform of two million values or a 10 MB sidecar is refused
    with a named problem instead of being published or swelling a page. Tag values share the
    front matter's text limit (``schema.MAX_TEXT``).
    """

    max_file_size: int = DEFAULTS["AUDIO_CLIPS_MAX_FILE_SIZE"]
    """Bytes of one audio or notation file (each format of a clip counts on its own)."""
    max_sidecar_size: int = DEFAULTS["AUDIO_CLIPS_MAX_SIDECAR_SIZE"]
    """Bytes of one ``.peaks.json`` or ``.timemap.json``."""
    max_peaks: int = DEFAULTS["AUDIO_CLIPS_MAX_PEAKS"]
    """Values in one ``.peaks.json`` (the pipeline writes 160)."""


@dataclass(frozen=True)
class Config:
    """Validated plugin settings."""

    media_path: str
    """Absolute path of the media root."""
    output_dir: str
    formats: tuple[str, ...]
    licenses: Mapping[str, License]
    cache_path: str | None
    strict: bool
    template: str
    stylesheet: bool
    script: bool
    credits_template: str
    credits_url: str
    credits_save_as: str
    siteurl: str
    relative_urls: bool = False
    limits: Limits = Limits()
    """What may be read from media/ (sizes and shapes)."""
    project_root: str = ""
    """The folder holding PATH (the repository): where a clip's ``source:`` path is looked up."""
    bench_off: frozenset[str] = frozenset()
    """Parts switched off for a benchmark (``AUDIO_CLIPS_BENCH_OFF``; names in BENCH_PARTS)."""

    def media_href(self, relative: str) -> str:
        """URL of a published media file relative to the site's root, percent-encoded (a '#',
        '?', '%' or space in a file name must not end or bend the URL)."""
        return quote(f"{self.output_dir}/{relative}")

    def media_link(self, relative: str) -> str:
        """The file's URL for markup placed in content. With RELATIVE_URLS it is a Pelican
        intrasite link, which Pelican resolves as each page is written (``../media/…`` from
        ``essay/``); otherwise every page shares one URL, written out directly, which spares
        Pelican a lookup per link (about a millisecond an article with five clips)."""
        if self.relative_urls:
            return "{filename}/" + LINK_PREFIX + quote(relative)
        return f"{self.siteurl}/{self.media_href(relative)}"

    def media_url(self, relative: str) -> str:
        """Absolute URL (SITEURL-based), for data outside the content such as JSON-LD."""
        return f"{self.siteurl}/{self.media_href(relative)}"

    def format_rank(self, extension: str) -> int:
        """Position of a file extension (with dot) in the preference order."""
        name = extension.lstrip(".").lower()
        return self.formats.index(name) if name in self.formats else len(self.formats)


def merged(settings: Mapping) -> dict:
    """Defaults overlaid with the user's AUDIO_CLIPS_* settings (a new dict; nothing mutated)."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


#: What a licence entry may say; the first three it must.
LICENSE_ENTRY_KEYS = ("name", "url", "attribution", "share_alike", "short")


def _licenses(table: object, key: str, into: dict[str, License], bad) -> dict[str, License]:
    """Add the entries of one licence setting to ``into``; ``bad(key, message, fix)`` for each
    entry that is not a licence an author could rely on."""
    extra = key != "AUDIO_CLIPS_LICENSES"
    if not isinstance(table, Mapping) or not (table or extra):
        empty = "" if extra else "non-empty "
        bad(
            key,
            f"must be a {empty}mapping of licence id to its details, not {type(table).__name__}",
            "e.g. {'CC-BY-2.0': {'name': '…', 'url': 'https://…', 'attribution': True}}; "
            "see DEFAULT_LICENSES in pelican.plugins.audio_clips.settings",
        )
        return into
    for spdx, entry in table.items():
        if extra and spdx in into:
            bad(
                key,
                f"'{spdx}' is already allowed",
                "remove it here; to change or narrow the list, set AUDIO_CLIPS_LICENSES",
            )
            continue
        if not isinstance(entry, Mapping) or not {"name", "url", "attribution"} <= set(entry):
            bad(
                key,
                f"entry '{spdx}' needs name, url and attribution",
                "e.g. {'name': ..., 'url': 'https://…', 'attribution': True}",
            )
            continue
        unknown = [k for k in entry if k not in LICENSE_ENTRY_KEYS]
        if unknown:
            hint = did_you_mean(str(unknown[0]), LICENSE_ENTRY_KEYS)
            bad(key, f"entry '{spdx}' has unknown key '{unknown[0]}'", hint or "remove it")
            continue
        flag = next(
            (
                f
                for f in ("attribution", "share_alike")
                if not isinstance(entry.get(f, False), bool)
            ),
            None,
        )
        if flag:  # 'no' or 0 would read as a promise the licence does not make
            bad(key, f"'{flag}' of '{spdx}' must be True or False", "use True or False")
            continue
        if not str(entry["url"]).startswith(("https://", "http://")):
            bad(key, f"entry '{spdx}' has no http(s) deed URL", "give its URL")
            continue
        into[str(spdx)] = License(
            id=str(spdx),
            name=str(entry["name"]),
            url=str(entry["url"]),
            attribution=entry["attribution"],
            share_alike=entry.get("share_alike", False),
            short=str(entry.get("short", "")),
        )
    return into


def load(settings: Mapping, origin: str = "settings") -> Config:
    """Validate the plugin's settings; raise ClipError naming every bad one."""
    values = merged(settings)
    problems: list[Problem] = []

    def bad(key: str, message: str, fix: str) -> None:
        problems.append(Problem(origin, message, field=key, fix=fix))

    unknown = sorted(k for k in settings if k.startswith("AUDIO_CLIPS_") and k not in DEFAULTS)
    for key in unknown:
        bad(key, "unknown setting", did_you_mean(key, DEFAULTS) or f"known: {', '.join(DEFAULTS)}")

    formats = values["AUDIO_CLIPS_FORMATS"]
    if isinstance(formats, str) or not all(isinstance(f, str) for f in formats or ()):
        bad("AUDIO_CLIPS_FORMATS", "must be a list of file extensions", "e.g. ['opus', 'mp3']")
        formats = DEFAULTS["AUDIO_CLIPS_FORMATS"]
    formats = tuple(f.lower().lstrip(".") for f in formats)
    for name in formats:
        if "." + name not in AUDIO_TYPES:
            bad(
                "AUDIO_CLIPS_FORMATS",
                f"unknown audio format '{name}'",
                f"known: {', '.join(t.lstrip('.') for t in AUDIO_TYPES)}",
            )

    licenses = _licenses(values["AUDIO_CLIPS_LICENSES"], "AUDIO_CLIPS_LICENSES", {}, bad)
    _licenses(values["AUDIO_CLIPS_EXTRA_LICENSES"], "AUDIO_CLIPS_EXTRA_LICENSES", licenses, bad)

    for key in FLAGS:
        if not isinstance(values[key], bool):
            bad(key, f"must be true or false, not {values[key]!r}", "use True or False")
    strict = values["AUDIO_CLIPS_STRICT"]

    for key in ("AUDIO_CLIPS_OUTPUT_DIR", "AUDIO_CLIPS_TEMPLATE"):
        if not isinstance(values[key], str) or not values[key].strip("/"):
            bad(key, "must be a non-empty string", f"default: {DEFAULTS[key]!r}")
    for key in OUTPUT_PLACES:
        value = values[key]
        # The media folder's leading '/' is dropped (it is a URL path too); a page's is not.
        problem = outside_output(value.strip("/") if key == "AUDIO_CLIPS_OUTPUT_DIR" else value)
        if problem:
            bad(key, problem, f"give a folder inside the output, such as {DEFAULTS[key]!r}")

    limits = {}
    for key in (
        "AUDIO_CLIPS_MAX_FILE_SIZE",
        "AUDIO_CLIPS_MAX_SIDECAR_SIZE",
        "AUDIO_CLIPS_MAX_PEAKS",
    ):
        value = values[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            bad(key, f"must be a whole number above 0, not {value!r}", f"default: {DEFAULTS[key]}")
            value = DEFAULTS[key]
        limits[key.removeprefix("AUDIO_CLIPS_").lower()] = value

    bench_off = _bench_off(values["AUDIO_CLIPS_BENCH_OFF"], bad)
    media_path = values["AUDIO_CLIPS_MEDIA_PATH"]
    if not isinstance(media_path, str | os.PathLike):
        bad("AUDIO_CLIPS_MEDIA_PATH", "must be a path", "e.g. 'media'")
        media_path = "media"
    project_root = os.path.dirname(os.path.abspath(settings.get("PATH", "content")))
    if not os.path.isabs(media_path):
        media_path = os.path.join(project_root, media_path)
    media_path = os.path.abspath(media_path)
    if "AUDIO_CLIPS_MEDIA_PATH" in settings and not os.path.isdir(media_path):
        # Only a folder the owner named must exist; a site without clips needs no media/.
        bad(
            "AUDIO_CLIPS_MEDIA_PATH",
            f"folder '{media_path}' does not exist",
            "create it or point the setting at the folder holding your audio",
        )

    cache_path = values["AUDIO_CLIPS_CACHE_PATH"]
    if cache_path is None and settings.get("CACHE_PATH"):
        cache_path = os.path.join(settings["CACHE_PATH"], "audio_clips")

    if problems:
        raise ClipError(problems)
    return Config(
        media_path=media_path,
        output_dir=str(values["AUDIO_CLIPS_OUTPUT_DIR"]).strip("/"),
        formats=formats,
        licenses=MappingProxyType(licenses),
        cache_path=os.path.abspath(cache_path) if cache_path else None,
        strict=strict,
        template=values["AUDIO_CLIPS_TEMPLATE"],
        stylesheet=values["AUDIO_CLIPS_STYLESHEET"],
        script=values["AUDIO_CLIPS_SCRIPT"],
        credits_template=values["AUDIO_CLIPS_CREDITS_TEMPLATE"] or "",
        credits_url=values["AUDIO_CLIPS_CREDITS_URL"] or "",
        credits_save_as=values["AUDIO_CLIPS_CREDITS_SAVE_AS"] or "",
        siteurl=str(settings.get("SITEURL", "")).rstrip("/"),
        relative_urls=bool(settings.get("RELATIVE_URLS", False)),
        limits=Limits(**limits),
        project_root=project_root,
        bench_off=frozenset(bench_off),
    )


def _bench_off(value: object, bad) -> tuple[str, ...]:
    """AUDIO_CLIPS_BENCH_OFF's part names; ``bad(key, message, fix)`` for a value that is not a
    list of names from BENCH_PARTS (a benchmark must not switch off a part that is not there)."""
    key = "AUDIO_CLIPS_BENCH_OFF"
    if not isinstance(value, list | tuple | set | frozenset) or not all(
        isinstance(part, str) for part in value
    ):
        bad(key, "must be a list of part names", f"known: {', '.join(BENCH_PARTS)}")
        return ()
    for part in value:
        if part not in BENCH_PARTS:
            bad(
                key,
                f"unknown part '{part}'",
                did_you_mean(part, BENCH_PARTS) or f"known: {', '.join(BENCH_PARTS)}",
            )
    return tuple(value)


def outside_output(value: object) -> str:
    """Why a setting naming a place in the output would leave it (or touch the sources), or ''.

    Pelican joins the value to OUTPUT_PATH: '..', an absolute path, a drive or a backslash could
    write into the project (``'../media'`` would put generated files among the sources).
    """
    if not isinstance(value, str) or not value:
        return ""  # type and emptiness are checked where the setting is
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return f"{value!r} contains a control character"
    if "\\" in value:
        return f"'{value}' contains a backslash"
    if re.match(r"^[A-Za-z]:", value) or value.startswith("/"):
        return f"'{value}' is an absolute path"
    if ".." in PurePosixPath(value).parts:
        return f"'{value}' leads outside the output folder (it contains '..')"
    return ""
