"""site_extras: .nojekyll, robots.txt and sitemap.xml for a published site, and a fallback 404.

``register()`` only connects signals. The core functions below work on plain paths and strings.

- After the build (``finalized``), it writes into the output folder, and nowhere else:
  ``.nojekyll`` (empty), ``robots.txt`` (naming the sitemap) and ``sitemap.xml`` (every HTML page
  in the output, minus the excluded ones and those marked ``<meta name="robots" content="noindex">``).
  Each URL's ``<lastmod>`` is the page's own ``article:modified_time`` (else
  ``article:published_time``) as the theme writes it for sharing; a page without one (the front
  page, the credits, About) gets the newest date of the site, since it lists or credits that
  content. The dates come from the content, never from the clock, so a rebuild is byte-identical.
- When a generator starts (``generator_init``), it appends its own ``templates/`` folder as the
  last place Jinja looks, so ``DIRECT_TEMPLATES = [..., "404"]`` renders the theme's 404.html if
  the theme has one, else this plugin's (which extends the theme's base.html).

Settings (prefix ``SITE_EXTRAS_``; defaults in :data:`DEFAULTS`):

- ``SITE_EXTRAS_SITEMAP_EXCLUDE``: glob patterns of output paths left out of the sitemap.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from jinja2 import FileSystemLoader
from pelican import signals

from .listing import listed

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"

DEFAULTS: Mapping[str, object] = {
    "SITE_EXTRAS_SITEMAP_EXCLUDE": ("404.html", "drafts/*", "theme/*"),
}

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


class SiteExtrasError(Exception):
    """A setting that makes the site's extra files impossible to write correctly."""


@dataclass(frozen=True)
class Config:
    """What the plugin needs to know, validated."""

    siteurl: str
    """The site's absolute base URL, without a trailing slash."""
    sitemap_exclude: tuple[str, ...]
    """Glob patterns of output paths (``a/index.html``) left out of the sitemap."""


def config_of(settings: Mapping[str, object]) -> Config:
    """This plugin's settings: the defaults, overridden by the user's (neither is mutated)."""
    exclude = settings.get("SITE_EXTRAS_SITEMAP_EXCLUDE", DEFAULTS["SITE_EXTRAS_SITEMAP_EXCLUDE"])
    if not isinstance(exclude, list | tuple) or not all(isinstance(p, str) for p in exclude):
        raise SiteExtrasError(
            "SITE_EXTRAS_SITEMAP_EXCLUDE must be a list of glob patterns such as ['404.html'], "
            f"not {exclude!r}"
        )
    siteurl = str(settings.get("SITEURL") or "")
    parts = urlsplit(siteurl)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SiteExtrasError(
            f"site_extras needs an absolute SITEURL (robots.txt and sitemap.xml hold absolute "
            f"URLs), not {siteurl!r}: enable the plugin in publishconf.py only, where SITEURL is set"
        )
    return Config(siteurl=siteurl.rstrip("/"), sitemap_exclude=tuple(exclude))


class _PageMeta(HTMLParser):
    """Collects <meta name="robots"> directives and the page's OpenGraph dates."""

    def __init__(self) -> None:
        super().__init__()
        self.directives: list[str] = []
        self.dates: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        values = {name: value or "" for name, value in attrs}
        if values.get("name", "").lower() == "robots":
            self.directives += [d.strip().lower() for d in values.get("content", "").split(",")]
        prop = values.get("property", "")
        if prop in ("article:modified_time", "article:published_time"):
            self.dates.setdefault(prop, values.get("content", "").strip())


def _page_meta(html: str) -> _PageMeta:
    parser = _PageMeta()
    parser.feed(html)
    return parser


def is_noindex(html: str) -> bool:
    """Whether the page asks search engines not to index it."""
    directives = _page_meta(html).directives
    return "noindex" in directives or "none" in directives


def page_date(html: str) -> str | None:
    """The page's own last-modified date (W3C datetime), if its head states one."""
    dates = _page_meta(html).dates
    return dates.get("article:modified_time") or dates.get("article:published_time") or None


def page_url(siteurl: str, relpath: str) -> str:
    """The public URL of the output file ``relpath`` ('a/index.html' is served as 'a/')."""
    path = relpath.replace(os.sep, "/")
    if path == "index.html":
        path = ""
    elif path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{siteurl}/{quote(path)}"


def _rel(output: Path, path: Path) -> str:
    return path.relative_to(output).as_posix()


def sitemap_pages(output: Path, exclude: Iterable[str]) -> list[str]:
    """Output-relative paths of the HTML pages that belong in the sitemap, in URL order."""
    patterns = tuple(exclude)
    pages = []
    for path in sorted(output.rglob("*.html"), key=lambda p: page_url("", _rel(output, p))):
        rel = _rel(output, path)
        if any(part.startswith(".") for part in Path(rel).parts):
            continue
        if any(fnmatch.fnmatchcase(rel, pattern) for pattern in patterns):
            continue
        if is_noindex(path.read_text(encoding="utf-8", errors="replace")):
            continue
        pages.append(rel)
    return pages


def sitemap_xml(urls: Iterable[str | tuple[str, str | None]]) -> str:
    """A sitemaps.org <urlset> listing ``urls`` (each a URL or a (URL, lastmod) pair) in order."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for entry in urls:
        url, lastmod = (entry, None) if isinstance(entry, str) else entry
        extra = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{extra}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_entries(output: Path, pages: list[str], siteurl: str) -> list[tuple[str, str | None]]:
    """(URL, lastmod) of each page: its own date, else the newest date of the site."""
    dates = {rel: page_date((output / rel).read_text("utf-8", "replace")) for rel in pages}
    newest = max((d for d in dates.values() if d), default=None, key=_sort_key)
    return [(page_url(siteurl, rel), dates[rel] or newest) for rel in pages]


def _sort_key(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def robots_txt(siteurl: str) -> str:
    """Allow everything, and name the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"


def write_extras(output: Path, settings: Mapping[str, object]) -> None:
    """Write .nojekyll, robots.txt and sitemap.xml into ``output``."""
    config = config_of(settings)
    pages = sitemap_pages(output, config.sitemap_exclude)
    files = {
        ".nojekyll": "",
        "robots.txt": robots_txt(config.siteurl),
        "sitemap.xml": sitemap_xml(sitemap_entries(output, pages, config.siteurl)),
    }
    for name, text in files.items():
        (output / name).write_text(text, encoding="utf-8", newline="\n")
    logger.info("site_extras: wrote .nojekyll, robots.txt, sitemap.xml (%d pages)", len(pages))


def enabled(settings: Mapping[str, object]) -> bool:
    """Whether this build lists the plugin (``listing``).

    Pelican's signals are global to the process: once registered, the receivers also hear later
    builds in the same process (a test suite, ``--autoreload`` after a settings change) that may
    not list the plugin. They act only for builds that do.
    """
    return listed(settings, "site_extras")


def check_settings(pelican) -> None:
    """Stop at start on a setting that cannot work."""
    if enabled(pelican.settings):
        config_of(pelican.settings)


class _FallbackLoader(FileSystemLoader):
    """This plugin's templates folder (a class of its own, so it is added once)."""


def add_fallback_templates(generator) -> None:
    """Let Jinja find this plugin's templates after the theme's and Pelican's own."""
    if not enabled(generator.settings):
        return
    loaders = generator.env.loader.loaders
    if not any(isinstance(loader, _FallbackLoader) for loader in loaders):
        loaders.append(_FallbackLoader(str(TEMPLATES)))


def write_after_build(pelican) -> None:
    if enabled(pelican.settings):
        write_extras(Path(pelican.output_path), pelican.settings)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_fallback_templates)
    signals.finalized.connect(write_after_build)
