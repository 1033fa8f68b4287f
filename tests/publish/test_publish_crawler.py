"""The crawler itself: it finds each kind of broken reference, and passes the working ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.serve import serve

from .crawler import Crawler

PAGE = """<!doctype html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="{base}style.css">
<link rel="stylesheet" href="{base}missing.css">
<script src="{base}app.js" defer></script>
<script type="application/ld+json">{jsonld}</script>
</head><body>
<a href="{base}">home</a> <a href="{base}other/">ok</a> <a href="{base}other/#here">ok id</a>
<a href="#top">top</a> <a href="https://creativecommons.org/licenses/by/4.0/">external</a>
<a href="{base}nowhere/">broken</a>
<a href="{base}other/#nope">missing id</a>
<a href="/elsewhere/">escapes</a>
<a href="http://localhost:8000/essay/">dev leftover</a>
<img src="{base}img.svg" alt="" srcset="{base}img.svg 1x, {base}img2x.svg 2x">
<audio controls preload="none">
  <source src="{base}clip.opus" type="audio/ogg; codecs=opus">
  <source src="{base}clip.mp3" type="audio/ogg">
</audio>
</body></html>
"""
JSONLD = {
    "@context": "https://schema.org",
    "@type": "AudioObject",
    "contentUrl": "{base}clip.opus",
    "url": "clip.opus",
    "license": "https://creativecommons.org/publicdomain/zero/1.0/",
}


@pytest.fixture
def broken_site(tmp_path: Path):
    root = tmp_path / "site"
    (root / "other").mkdir(parents=True)
    with serve(root, prefix="/repo/") as base:
        jsonld = json.dumps(JSONLD).replace("{base}", base)
        (root / "index.html").write_text(PAGE.format(base=base, jsonld=jsonld), encoding="utf-8")
        (root / "other" / "index.html").write_text(
            '<!doctype html><p id="here">x</p>', encoding="utf-8"
        )
        (root / "style.css").write_text(
            "@font-face{src:url(font.woff2)} body{background:url('img.svg')}", encoding="utf-8"
        )
        (root / "app.js").write_text("", encoding="utf-8")
        (root / "img.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
        (root / "clip.opus").write_bytes(b"OggS")
        (root / "clip.mp3").write_bytes(b"ID3")
        yield base


def test_the_crawler_reports_each_broken_reference_and_only_those(broken_site):
    report = Crawler(broken_site).crawl([broken_site])
    found = {(p.kind, p.ref.replace(broken_site, "{base}"), p.problem) for p in report.problems}
    assert found == {
        ("stylesheet", "{base}missing.css", "HTTP 404"),
        ("link", "{base}nowhere/", "HTTP 404"),
        ("link", "{base}other/#nope", "no element with id 'nope' on that page"),
        ("link", "/elsewhere/", f"escapes the site's sub-path {broken_site}"),
        ("link", "http://localhost:8000/essay/", "points at a local server, not at the site"),
        ("image", "{base}img2x.svg", "HTTP 404"),
        ("source", "{base}clip.mp3", "type 'audio/ogg' but served as 'audio/mpeg'"),
        ("css", "font.woff2", "HTTP 404"),
        ("json-ld", "clip.opus", "not an absolute URL"),
    }
    assert "https://creativecommons.org/licenses/by/4.0/" in report.external
    assert broken_site + "other/" in report.pages
