"""publishconf.py and the site_extras plugin, on their own (fast; no served site)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pelican
import pytest
from feedgenerator import Atom1Feed, Rss201rev2Feed
from pelican.plugins.site_extras.site_extras import (
    SiteExtrasError,
    add_enclosures,
    config_of,
    enabled,
    is_noindex,
    page_date,
    page_url,
    robots_txt,
    sitemap_entries,
    sitemap_pages,
    sitemap_xml,
    write_extras,
)
from pelican.settings import read_settings

from tests.support.sites import build_in_own_process

from .site_build import ROOT

SIMPLE_THEME = Path(pelican.__file__).parent / "themes" / "simple"


def publish_settings(monkeypatch, siteurl: str | None) -> dict:
    if siteurl is None:
        monkeypatch.delenv("SITEURL", raising=False)
    else:
        monkeypatch.setenv("SITEURL", siteurl)
    monkeypatch.chdir(ROOT)
    return read_settings(str(ROOT / "publishconf.py"))


@pytest.mark.parametrize(
    ("given", "siteurl"),
    [
        ("https://octocat.github.io/my-repo", "https://octocat.github.io/my-repo"),
        ("https://octocat.github.io/my-repo/", "https://octocat.github.io/my-repo"),
        ("https://essay.example.org", "https://essay.example.org"),
    ],
)
def test_publishconf_takes_the_site_url_from_the_environment(monkeypatch, given, siteurl):
    settings = publish_settings(monkeypatch, given)
    assert settings["SITEURL"] == siteurl
    assert settings["FEED_DOMAIN"] == siteurl
    assert settings["RELATIVE_URLS"] is False
    assert settings["FEED_ALL_ATOM"]
    assert "404" in settings["DIRECT_TEMPLATES"]
    assert "site_extras" in settings["PLUGINS"]
    assert "audio_clips" in settings["PLUGINS"]  # pelicanconf's settings still apply
    assert settings["CONTENT_SECURITY_POLICY"].startswith("default-src ")


@pytest.mark.parametrize(
    "given", [None, "", "example.org", "ftp://example.org", "https://x.org/?a"]
)
def test_publishconf_refuses_a_missing_or_relative_site_url(monkeypatch, given):
    with pytest.raises(SystemExit, match="SITEURL"):
        publish_settings(monkeypatch, given)


def test_make_publish_without_site_url_stops_before_writing_anything(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SITEURL" and not k.startswith("MAKE")}
    output = tmp_path / "output"
    result = subprocess.run(
        ["make", "-s", "publish", f"OUTPUTDIR={output}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode != 0
    assert "SITEURL is not set" in result.stderr
    assert not output.exists()


@pytest.mark.parametrize(
    ("rel", "url"),
    [
        ("index.html", "https://x.org/r/"),
        ("essay/index.html", "https://x.org/r/essay/"),
        ("404.html", "https://x.org/r/404.html"),
        ("a b/index.html", "https://x.org/r/a%20b/"),
    ],
)
def test_page_url_serves_index_files_as_folders(rel, url):
    assert page_url("https://x.org/r", rel) == url


def write(path: Path, text: str = "<!doctype html><title>x</title>") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_sitemap_lists_indexable_pages_in_url_order(tmp_path):
    for rel in ("index.html", "essay/index.html", "credits/index.html", "404.html"):
        write(tmp_path / rel)
    write(tmp_path / "drafts" / "wip.html")
    write(tmp_path / ".well-known" / "x.html")
    write(tmp_path / "hidden" / "index.html", '<meta name="ROBOTS" content="NoIndex, follow">')
    write(tmp_path / "theme" / "css" / "style.css", "body{}")
    pages = sitemap_pages(tmp_path, ("404.html", "drafts/*"))
    assert pages == ["index.html", "credits/index.html", "essay/index.html"]


def test_noindex_is_read_from_the_robots_meta_only():
    assert is_noindex('<meta name="robots" content="noindex">')
    assert is_noindex('<meta name="robots" content="none">')
    assert not is_noindex('<meta name="description" content="noindex">')
    assert not is_noindex("<p>noindex</p>")


def test_sitemap_xml_is_a_valid_escaped_urlset():
    root = ElementTree.fromstring(sitemap_xml(["https://x.org/?a=1&b=2", "https://x.org/b/"]))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{ns}urlset"
    assert [e.text for e in root.iter(f"{ns}loc")] == ["https://x.org/?a=1&b=2", "https://x.org/b/"]


def test_sitemap_xml_writes_lastmod_when_known():
    root = ElementTree.fromstring(
        sitemap_xml([("https://x.org/a/", "2026-01-02"), "https://x.org/"])
    )
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert [e.text for e in root.iter(f"{ns}lastmod")] == ["2026-01-02"]


def test_page_date_prefers_modified_to_published():
    published = '<meta property="article:published_time" content="2026-01-02T00:00:00+00:00">'
    modified = '<meta property="article:modified_time" content="2026-03-04T00:00:00+00:00">'
    assert page_date(published) == "2026-01-02T00:00:00+00:00"
    assert page_date(published + modified) == "2026-03-04T00:00:00+00:00"
    assert page_date("<title>x</title>") is None


def test_pages_without_a_date_get_the_newest_date_of_the_site(tmp_path):
    old = '<meta property="article:published_time" content="2026-01-02T00:00:00+00:00">'
    new = '<meta property="article:modified_time" content="2026-05-06T10:00:00+02:00">'
    write(tmp_path / "a" / "index.html", old)
    write(tmp_path / "b" / "index.html", new)
    write(tmp_path / "index.html")
    entries = sitemap_entries(tmp_path, ["index.html", "a/index.html", "b/index.html"], "https://x")
    assert entries == [
        ("https://x/", "2026-05-06T10:00:00+02:00"),
        ("https://x/a/", "2026-01-02T00:00:00+00:00"),
        ("https://x/b/", "2026-05-06T10:00:00+02:00"),
    ]


class _Source:
    """Shaped like audio_clips' records.Source: ``href`` is relative to the site's root; ``url``
    is a link Pelican resolves inside page content only, so it must not reach a feed."""

    def __init__(self, name: str, mime: str, size: int):
        self.href, self.mime, self.size = f"media/{name}", mime, size
        self.url = f"{{filename}}/@audio_clips/{name}"


class _Clip:
    def __init__(self, stem: str):
        self.sources = (
            _Source(f"{stem}.opus", "audio/ogg", 10),
            _Source(f"{stem}.mp3", "audio/mpeg", 20),
        )


class _Article:
    def __init__(self, url: str, clips):
        self.url, self.clips = url, clips


def feed_with_enclosures(feed_class, plugins=("site_extras",)):
    feed = feed_class(title="t", link="https://x.org/r/", description="d")
    for slug in ("essay", "plain"):
        feed.add_item(title=slug, link=f"https://x.org/r/{slug}/?ref=feed", description="")
    context = {
        "SITEURL": "https://x.org/r",
        "PLUGINS": list(plugins),
        "articles": [_Article("essay/", [_Clip("a"), _Clip("b")]), _Article("plain/", None)],
    }
    add_enclosures(context, feed)
    return [[(e.url, e.length, e.mime_type) for e in item["enclosures"]] for item in feed.items]


def test_atom_entries_get_one_enclosure_per_clip_rss_the_first():
    a = ("https://x.org/r/media/a.mp3", "20", "audio/mpeg")
    b = ("https://x.org/r/media/b.mp3", "20", "audio/mpeg")
    assert feed_with_enclosures(Atom1Feed) == [[a, b], []]
    assert feed_with_enclosures(Rss201rev2Feed) == [[a], []]
    assert feed_with_enclosures(Atom1Feed, plugins=()) == [[], []]


def test_robots_txt_names_the_sitemap():
    assert robots_txt("https://x.org/r").splitlines() == [
        "User-agent: *",
        "Allow: /",
        "",
        "Sitemap: https://x.org/r/sitemap.xml",
    ]


def test_write_extras_writes_three_files_into_the_output_only(tmp_path):
    output = tmp_path / "output"
    write(output / "index.html")
    write_extras(output, {"SITEURL": "https://x.org/r/"})
    assert sorted(p.name for p in output.iterdir()) == [
        ".nojekyll",
        "index.html",
        "robots.txt",
        "sitemap.xml",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
    assert "<loc>https://x.org/r/</loc>" in (output / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"SITEURL": ""}, "absolute SITEURL"),
        ({"SITEURL": "/r"}, "absolute SITEURL"),
        ({"SITEURL": "https://x.org", "SITE_EXTRAS_SITEMAP_EXCLUDE": "404.html"}, "list of glob"),
    ],
)
def test_bad_settings_stop_with_a_clear_message(settings, message):
    with pytest.raises(SiteExtrasError, match=message):
        config_of(settings)


def build_with_site_extras(tmp_path: Path, theme: Path) -> Path:
    """A real Pelican build with only site_extras, in a process of its own."""
    return build_in_own_process(
        tmp_path,
        {
            "THEME": str(theme),
            "SITEURL": "https://x.org/r",
            "PLUGINS": ["site_extras"],
            "DIRECT_TEMPLATES": ["index", "404"],
        },
    )


def test_the_plugin_acts_only_for_builds_that_list_it():
    assert enabled({"PLUGINS": ["audio_clips", "site_extras"]})
    assert enabled({"PLUGINS": ["pelican.plugins.site_extras"]})
    assert not enabled({"PLUGINS": ["audio_clips"]})
    assert not enabled({})


def test_a_pelican_build_gets_the_extras_and_the_fallback_404(tmp_path):
    output = build_with_site_extras(tmp_path, SIMPLE_THEME)
    assert (output / ".nojekyll").exists()
    page = (output / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in page
    assert 'href="https://x.org/r/"' in page
    assert '<meta name="robots" content="noindex">' in page
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://x.org/r/hello.html" in sitemap
    assert "404" not in sitemap


def test_the_themes_own_404_template_wins(tmp_path):
    theme = tmp_path / "theme"
    write(theme / "templates" / "404.html", "<!doctype html><title>Lost</title><p>Theme 404</p>")
    output = build_with_site_extras(tmp_path, theme)
    assert "Theme 404" in (output / "404.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("target", "installs"),
    [
        ("html", ["requirements/site.txt"]),
        ("serve", ["requirements/site.txt"]),
        ("publish", ["requirements/site.txt"]),
        ("test", ["requirements/test.txt"]),
        ("lint", ["requirements/test.txt"]),
    ],
)
def test_serving_installs_only_the_sites_requirements(tmp_path, target, installs):
    """`make html`/`serve`/`publish` set up the light environment; `make test` the full one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    dry = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert [line.split(" -r ")[1] for line in dry.splitlines() if "pip install" in line] == installs
