"""theme_assets: the theme's CSS and JavaScript, minified in the output and fingerprinted.

``register()`` only connects signals. The core functions below work on plain text, bytes and
paths, and are tested without Pelican.

- When a generator starts (``generator_init``), it gives that generator's Jinja environment a
  ``fingerprint`` filter: ``'css/style.css'|fingerprint`` is ``'css/style.css?v=<10 hex>'``, the
  hash of the bytes the output will hold, so a browser never pairs a new page with an old
  stylesheet or script from its cache. A theme stays usable without the plugin by guarding the
  filter: ``path|fingerprint if 'fingerprint' is filter else path``.
- After the build (``finalized``), it rewrites every ``.css`` and ``.js`` file that Pelican copied
  from the theme's static paths into ``OUTPUT_PATH/THEME_STATIC_DIR``, minified with rcssmin and
  rjsmin (comments and needless white space go; names and code stay as written). The sources in
  the theme stay readable; nothing outside the output folder is written.

Pelican copies the theme's static files anew on every build, so under ``--autoreload`` each run
minifies fresh copies; minifying is also idempotent.

Settings (prefix ``THEME_ASSETS_``; defaults in :data:`DEFAULTS`):

- ``THEME_ASSETS_MINIFY``: minify the output's CSS and JavaScript (default ``True``).
- ``THEME_ASSETS_FINGERPRINT``: provide the ``fingerprint`` filter (default ``True``); when
  ``False`` the filter is not there and a guarded theme links the plain paths.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.plugins._utils import get_plugin_name, plugin_enabled

logger = logging.getLogger(__name__)

DEFAULTS: Mapping[str, object] = {
    "THEME_ASSETS_MINIFY": True,
    "THEME_ASSETS_FINGERPRINT": True,
}

FILTER_NAME = "fingerprint"
HASH_LENGTH = 10


def _css(text: str) -> str:
    import rcssmin  # imported when used: Pelican imports every installed namespace plugin

    return rcssmin.cssmin(text, keep_bang_comments=False)


def _js(text: str) -> str:
    import rjsmin

    return rjsmin.jsmin(text, keep_bang_comments=False)


MINIFIERS: Mapping[str, Callable[[str], str]] = {".css": _css, ".js": _js}
"""File suffix -> minifier of that kind of text."""


class ThemeAssetsError(Exception):
    """A setting of this plugin that cannot work."""


@dataclass(frozen=True)
class Config:
    """What the plugin needs to know, validated."""

    minify: bool
    """Whether the output's CSS and JavaScript are minified."""
    fingerprint: bool
    """Whether templates get the ``fingerprint`` filter."""


def config_of(settings: Mapping[str, object]) -> Config:
    """This plugin's settings: the defaults, overridden by the user's (neither is mutated)."""
    values = {}
    for key, default in DEFAULTS.items():
        value = settings.get(key, default)
        if not isinstance(value, bool):
            raise ThemeAssetsError(f"{key} must be True or False, not {value!r}")
        values[key] = value
    return Config(
        minify=values["THEME_ASSETS_MINIFY"], fingerprint=values["THEME_ASSETS_FINGERPRINT"]
    )


def minified(suffix: str, data: bytes) -> bytes:
    """``data`` (UTF-8 text of a file ending in ``suffix``) minified; other files unchanged."""
    minifier = MINIFIERS.get(suffix.lower())
    if minifier is None:
        return data
    return minifier(data.decode("utf-8")).encode("utf-8")


def digest(data: bytes) -> str:
    """A short content hash, stable across machines and runs."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def minify_folder(folder: Path) -> list[Path]:
    """Minify, in place, every CSS and JavaScript file below ``folder``; return those rewritten."""
    rewritten = []
    if not folder.is_dir():
        return rewritten
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in MINIFIERS or not path.is_file():
            continue
        data = path.read_bytes()
        small = minified(path.suffix, data)
        if small != data:
            path.write_bytes(small)
            rewritten.append(path)
    return rewritten


def theme_source(theme: Path, static_paths: Iterable[str], relpath: str) -> Path | None:
    """The theme file Pelican copies to ``THEME_STATIC_DIR/relpath``.

    Pelican copies each of ``THEME_STATIC_PATHS`` in order into the same folder, so where two
    hold the same file the last one wins.
    """
    for static in reversed(list(static_paths)):
        base = theme / static
        candidate = base / relpath if base.is_dir() else None
        if base.is_file() and Path(static).name == relpath:
            candidate = base
        if candidate is not None and candidate.is_file():
            return candidate
    return None


class Fingerprinter:
    """The ``fingerprint`` filter of one build: ``'css/a.css'`` -> ``'css/a.css?v=<hash>'``.

    The hash is that of the bytes the output will hold (the theme's file, minified when the
    build minifies). A path that is not a theme file is an error: a typo must not ship a link
    that looks versioned and leads nowhere.
    """

    def __init__(self, theme: Path, static_paths: Iterable[str], minify: bool) -> None:
        self.theme = theme
        self.static_paths = tuple(static_paths)
        self.minify = minify
        self._cache: dict[str, str] = {}

    def __call__(self, relpath: str) -> str:
        relpath = str(relpath).lstrip("/")
        if relpath not in self._cache:
            source = theme_source(self.theme, self.static_paths, relpath)
            if source is None:
                raise ThemeAssetsError(
                    f"fingerprint: {relpath!r} is not a file of the theme's static paths "
                    f"{list(self.static_paths)} in {self.theme}"
                )
            data = source.read_bytes()
            if self.minify:
                data = minified(source.suffix, data)
            self._cache[relpath] = f"{relpath}?v={digest(data)}"
        return self._cache[relpath]


def enabled(settings: Mapping[str, object]) -> bool:
    """Whether this build lists the plugin, by Pelican's own test (``plugin_enabled``).

    Pelican's signals are global to the process: once registered, the receivers also hear later
    builds in the same process (a test suite, ``--autoreload`` after a settings change) that may
    not list the plugin. They act only for builds that do.
    """
    plugins = [
        p if isinstance(p, str) else get_plugin_name(p) for p in settings.get("PLUGINS") or ()
    ]
    return plugin_enabled("theme_assets", plugins)


def check_settings(pelican) -> None:
    """Stop at start on a setting that cannot work."""
    if enabled(pelican.settings):
        config_of(pelican.settings)


def add_filter(generator) -> None:
    """Give the generator's templates the ``fingerprint`` filter."""
    if not enabled(generator.settings):
        return
    config = config_of(generator.settings)
    if config.fingerprint:
        generator.env.filters[FILTER_NAME] = Fingerprinter(
            Path(generator.theme), generator.settings["THEME_STATIC_PATHS"], config.minify
        )


def minify_after_build(pelican) -> None:
    if not enabled(pelican.settings) or not config_of(pelican.settings).minify:
        return
    folder = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
    rewritten = minify_folder(folder)
    logger.info("theme_assets: minified %d CSS and JavaScript files in %s", len(rewritten), folder)


def register() -> None:
    missing = [name for name in ("rcssmin", "rjsmin") if importlib.util.find_spec(name) is None]
    if missing:
        signals.initialized.connect(_fail_missing(missing), weak=False)
        return
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_filter)
    signals.finalized.connect(minify_after_build)


def _fail_missing(missing: list[str]):
    """A receiver that stops a build listing the plugin when a dependency is not installed
    (Pelican would otherwise log the failed import and build without minifying)."""

    def fail(pelican) -> None:
        if enabled(pelican.settings):
            logger.error("theme_assets: cannot load: missing module %s", ", ".join(missing))
            raise SystemExit(
                "theme_assets: install its dependencies (pip install pelican-theme-assets)"
            )

    return fail
