"""The site_extras plugin on its own: the sitemap, robots.txt and .nojekyll it writes, its
settings, and real Pelican builds with Pelican's simple theme (each in a process of its own)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pelican
import pytest
from pelican.plugins.site_extras.site_extras import (
    SiteExtrasError,
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

SIMPLE_THEME = Path(pelican.__file__).parent / "themes" / "simple"


def build_in_own_process(tmp_path: Path, settings: dict) -> Path:
    """Build one page ("Hello") with ``settings`` in a Python process of its own; return the
    output folder. Pelican's signals belong to a process: plugins connected by other tests would
    hear an in-process build, and this build's plugins would hear theirs."""
    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "hello.md").write_text(
        "Title: Hello\nDate: 2026-01-02\n\nSome text.\n", encoding="utf-8"
    )
    output = tmp_path / "output"
    values = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        **settings,
    }
    conf = tmp_path / "conf.py"
    conf.write_text("".join(f"{k} = {v!r}\n" for k, v in values.items()), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(conf)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output


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
