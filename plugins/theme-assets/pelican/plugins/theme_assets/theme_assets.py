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
- An ES module's relative imports (``import … from "./modules/time.js"``, ``export … from``,
  ``import("./x.js")``) get the same versions in the published file:
  ``"./modules/time.js?v=<hash>"``. A page links ``clips.js?v=…`` and the browser fetches each
  module by its versioned URL, so after a deploy it never runs a new entry script with a cached
  old module. Hashes are taken bottom-up (a module's hash covers its own rewritten imports), so a
  change to one module changes the URL of every module that imports it, up to the entry script
  the page links. An inline import map would do the same, but a site whose CSP is
  ``script-src 'self'`` blocks inline scripts, import maps included.

- Stylesheets kept in several files in the theme (one per component) can be published as one:
  ``THEME_ASSETS_BUNDLES = {"css/site.css": ["css/style.css", "css/player.css", ...]}`` writes
  ``OUTPUT_PATH/THEME_STATIC_DIR/css/site.css``, the parts joined in the order listed (then
  minified like any other file), and the ``fingerprint`` filter versions it like a theme file. A
  page then makes one request for its styles where it made one per component. The parts stay in
  the output too (a theme built without the plugin links them). Only CSS is bundled: ES modules
  import each other by URL and stay separate files.

Pelican copies the theme's static files anew on every build, so under ``--autoreload`` each run
minifies fresh copies; minifying is also idempotent.

Settings (prefix ``THEME_ASSETS_``; defaults in :data:`DEFAULTS`):

- ``THEME_ASSETS_MINIFY``: minify the output's CSS and JavaScript (default ``True``).
- ``THEME_ASSETS_FINGERPRINT``: provide the ``fingerprint`` filter and version the output's
  module imports (default ``True``); when ``False`` the filter is not there, a guarded theme
  links the plain paths and imports stay as written.
- ``THEME_ASSETS_BUNDLES``: bundle path -> the theme's CSS files it joins, in order (default
  none).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import logging
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS: Mapping[str, object] = {
    "THEME_ASSETS_MINIFY": True,
    "THEME_ASSETS_FINGERPRINT": True,
}
BUNDLES_KEY = "THEME_ASSETS_BUNDLES"
BUNDLE_SUFFIXES = (".css",)

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
    bundles: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    """Bundle path -> the static files it joins, in order."""


def config_of(settings: Mapping[str, object]) -> Config:
    """This plugin's settings: the defaults, overridden by the user's (neither is mutated)."""
    values = {}
    for key, default in DEFAULTS.items():
        value = settings.get(key, default)
        if not isinstance(value, bool):
            raise ThemeAssetsError(f"{key} must be True or False, not {value!r}")
        values[key] = value
    return Config(
        minify=values["THEME_ASSETS_MINIFY"],
        fingerprint=values["THEME_ASSETS_FINGERPRINT"],
        bundles=bundles_of(settings.get(BUNDLES_KEY) or {}),
    )


def bundles_of(value: object) -> dict[str, tuple[str, ...]]:
    """``THEME_ASSETS_BUNDLES`` checked: each bundle a CSS path, its parts a list of CSS paths."""
    if not isinstance(value, Mapping):
        raise ThemeAssetsError(
            f"{BUNDLES_KEY} must map a bundle's path to its parts, not {value!r}"
        )
    bundles = {}
    for bundle, listed in value.items():
        name = str(bundle).lstrip("/")
        if posixpath.splitext(name)[1].lower() not in BUNDLE_SUFFIXES:
            raise ThemeAssetsError(
                f"{BUNDLES_KEY}: {bundle!r} is not a stylesheet (only CSS is bundled: ES modules "
                "import each other by URL)"
            )
        if isinstance(listed, str) or not isinstance(listed, Iterable):
            raise ThemeAssetsError(f"{BUNDLES_KEY}[{bundle!r}] must list its parts, not {listed!r}")
        parts = tuple(str(part).lstrip("/") for part in listed)
        if not parts:
            raise ThemeAssetsError(f"{BUNDLES_KEY}[{bundle!r}] lists no part")
        for part in parts:
            if posixpath.splitext(part)[1].lower() != posixpath.splitext(name)[1].lower():
                raise ThemeAssetsError(
                    f"{BUNDLES_KEY}[{bundle!r}]: part {part!r} is not of the same kind as the bundle"
                )
            if part in value or part == name:
                raise ThemeAssetsError(f"{BUNDLES_KEY}[{bundle!r}]: part {part!r} is a bundle")
        if len(set(parts)) != len(parts):
            raise ThemeAssetsError(f"{BUNDLES_KEY}[{bundle!r}] lists a part twice")
        bundles[name] = parts
    return bundles


def with_bundles(
    read: Callable[[str], bytes | None], bundles: Mapping[str, tuple[str, ...]]
) -> Callable[[str], bytes | None]:
    """``read`` that also gives each bundle: its parts' bytes joined in order, one line apart
    (each part must exist). A bundle left in the output by an earlier build is written anew."""

    def read_with_bundles(relpath: str) -> bytes | None:
        parts = bundles.get(relpath)
        if parts is None:
            return read(relpath)
        chunks = []
        for part in parts:
            data = read(part)
            if data is None:
                raise ThemeAssetsError(
                    f"{BUNDLES_KEY}[{relpath!r}]: {part!r} is not a file of the theme's static paths"
                )
            chunks.append(data.rstrip(b"\n"))
        return b"\n".join(chunks) + b"\n"

    return read_with_bundles


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


def check_bundles(
    theme: Path, static_paths: Iterable[str], bundles: Mapping[str, tuple[str, ...]]
) -> None:
    """Stop on a bundle named like a file of the theme: one of the two would be lost."""
    for bundle in bundles:
        if theme_source(theme, static_paths, bundle) is not None:
            raise ThemeAssetsError(f"{BUNDLES_KEY}: {bundle!r} is also a file of the theme")


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


IMPORT_SPECIFIER = re.compile(
    r"""(?P<head>\b(?:import|export)\b[^"';()]*?\bfrom\s*|\bimport\s*(?:\(\s*)?)"""
    r"""(?P<quote>["'])(?P<spec>\.{1,2}/[^"'?#\s]+)(?P=quote)"""
)
"""A relative module specifier in a static ``import``/``export … from`` or a dynamic
``import("…")`` with a string literal; bare names, absolute URLs and specifiers that already
carry a query or fragment are left as written."""


def module_specifiers(text: str) -> list[re.Match[str]]:
    """The relative module specifiers of a JavaScript file, in order."""
    return list(IMPORT_SPECIFIER.finditer(text))


def resolve(importer: str, specifier: str) -> str | None:
    """The static-folder path ``specifier`` names, imported from the file at ``importer`` (both
    relative to the static folder); ``None`` when it leads out of that folder."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(importer), specifier))
    return None if joined.startswith("../") or joined == ".." else joined


class Publisher:
    """The bytes the output holds for each static file of one build, and its versioned URL.

    ``read(relpath)`` gives a file's bytes as the theme holds them (``None`` if it has none).
    CSS and JavaScript are minified when the build minifies; when it fingerprints, each relative
    module specifier in JavaScript gets ``?v=<hash of the imported file's published bytes>``,
    worked out depth first, so an importer's hash covers everything it imports. A cycle of
    imports cannot be versioned this way and stops the build, naming the files.
    """

    def __init__(
        self, read: Callable[[str], bytes | None], *, minify: bool, fingerprint: bool
    ) -> None:
        self.read = read
        self.minify = minify
        self.fingerprint = fingerprint
        self._done: dict[str, bytes] = {}
        self._pending: list[str] = []

    def published(self, relpath: str) -> bytes:
        """What the output holds for ``relpath``."""
        relpath = str(relpath).lstrip("/")
        if relpath in self._done:
            return self._done[relpath]
        if relpath in self._pending:
            cycle = [*self._pending[self._pending.index(relpath) :], relpath]
            raise ThemeAssetsError(
                "module imports form a cycle, which cannot be versioned: " + " -> ".join(cycle)
            )
        data = self.read(relpath)
        if data is None:
            raise ThemeAssetsError(f"{relpath!r} is not a file of the theme's static paths")
        suffix = posixpath.splitext(relpath)[1].lower()
        if self.minify:
            data = minified(suffix, data)
        if self.fingerprint and suffix == ".js":
            self._pending.append(relpath)
            try:
                data = self._versioned_imports(relpath, data)
            finally:
                self._pending.pop()
        self._done[relpath] = data
        return data

    def url(self, relpath: str) -> str:
        """``relpath?v=<hash of its published bytes>``."""
        relpath = str(relpath).lstrip("/")
        return f"{relpath}?v={digest(self.published(relpath))}"

    def _versioned_imports(self, relpath: str, data: bytes) -> bytes:
        text = data.decode("utf-8")
        parts, last = [], 0
        for match in module_specifiers(text):
            spec = match["spec"]
            target = resolve(relpath, spec)
            if target is None or self.read(target) is None:
                raise ThemeAssetsError(
                    f"{relpath} imports {spec!r}, which is not a file of the theme's static paths"
                )
            version = digest(self.published(target))
            parts += [text[last : match.start("spec")], f"{spec}?v={version}"]
            last = match.end("spec")
        if not parts:
            return data
        parts.append(text[last:])
        return "".join(parts).encode("utf-8")


def theme_reader(theme: Path, static_paths: Iterable[str]) -> Callable[[str], bytes | None]:
    """``read(relpath)`` over the theme's static paths, the way Pelican copies them."""

    def read(relpath: str) -> bytes | None:
        source = theme_source(theme, static_paths, relpath)
        return source.read_bytes() if source is not None else None

    return read


def folder_reader(folder: Path) -> Callable[[str], bytes | None]:
    """``read(relpath)`` over a folder (the output's copy of the theme's static files)."""

    def read(relpath: str) -> bytes | None:
        path = folder / relpath
        return path.read_bytes() if path.is_file() else None

    return read


class Fingerprinter:
    """The ``fingerprint`` filter of one build: ``'css/a.css'`` -> ``'css/a.css?v=<hash>'``.

    The hash is that of the bytes the output will hold (the theme's file, minified when the
    build minifies, its module imports versioned). A path that is not a theme file is an error:
    a typo must not ship a link that looks versioned and leads nowhere.
    """

    def __init__(
        self,
        theme: Path,
        static_paths: Iterable[str],
        minify: bool,
        bundles: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.theme = theme
        self.static_paths = tuple(static_paths)
        self.bundles = dict(bundles or {})
        check_bundles(theme, self.static_paths, self.bundles)
        self.publisher = Publisher(
            with_bundles(theme_reader(theme, self.static_paths), self.bundles),
            minify=minify,
            fingerprint=True,
        )

    def __call__(self, relpath: str) -> str:
        relpath = str(relpath).lstrip("/")
        known = relpath in self.bundles or theme_source(self.theme, self.static_paths, relpath)
        if not known:
            raise ThemeAssetsError(
                f"fingerprint: {relpath!r} is not a file of the theme's static paths "
                f"{list(self.static_paths)} in {self.theme}"
            )
        return self.publisher.url(relpath)


def publish_folder(
    folder: Path,
    *,
    minify: bool,
    fingerprint: bool,
    bundles: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Path]:
    """Rewrite, in place, every CSS and JavaScript file below ``folder`` as the output should
    hold it (see :class:`Publisher`), and write each bundle; return the files written."""
    rewritten = []
    if not folder.is_dir():
        return rewritten
    bundles = dict(bundles or {})
    publisher = Publisher(
        with_bundles(folder_reader(folder), bundles), minify=minify, fingerprint=fingerprint
    )
    files = [p for p in sorted(folder.rglob("*")) if p.suffix.lower() in MINIFIERS and p.is_file()]
    files += [folder / bundle for bundle in bundles]
    # Work everything out from the copies as Pelican left them before writing any file back.
    published = {p: publisher.published(p.relative_to(folder).as_posix()) for p in files}
    for path, data in published.items():
        if not path.is_file() or data != path.read_bytes():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            rewritten.append(path)
    return rewritten


def enabled(settings: Mapping[str, object]) -> bool:
    """Whether this build lists the plugin: named as given, under ``pelican.plugins.``, or as the
    module itself (the answer of Pelican's ``plugin_enabled`` template test; its helpers are not
    public).

    Pelican's signals are global to the process: once registered, the receivers also hear later
    builds in the same process (a test suite, ``--autoreload`` after a settings change) that may
    not list the plugin. They act only for builds that do.
    """
    names = ("theme_assets", "pelican.plugins.theme_assets")
    return any(
        (p if isinstance(p, str) else getattr(p, "__name__", None)) in names
        for p in settings.get("PLUGINS") or ()
    )


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
            Path(generator.theme),
            generator.settings["THEME_STATIC_PATHS"],
            config.minify,
            config.bundles,
        )


def publish_after_build(pelican) -> None:
    """Minify the output's copies and version their module imports, as the settings ask."""
    if not enabled(pelican.settings):
        return
    config = config_of(pelican.settings)
    if not (config.minify or config.fingerprint or config.bundles):
        return
    folder = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
    check_bundles(
        Path(pelican.settings["THEME"]), pelican.settings["THEME_STATIC_PATHS"], config.bundles
    )
    rewritten = publish_folder(
        folder, minify=config.minify, fingerprint=config.fingerprint, bundles=config.bundles
    )
    logger.info(
        "theme_assets: wrote %d CSS and JavaScript files in %s (minify=%s, versioned imports=%s, "
        "bundles=%s)",
        len(rewritten),
        folder,
        config.minify,
        config.fingerprint,
        ", ".join(config.bundles) or "none",
    )


def register() -> None:
    missing = [name for name in ("rcssmin", "rjsmin") if importlib.util.find_spec(name) is None]
    if missing:
        signals.initialized.connect(_fail_missing(missing), weak=False)
        return
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_filter)
    signals.finalized.connect(publish_after_build)


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
