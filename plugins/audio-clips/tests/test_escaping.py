"""HTML and script in every text field come out escaped and inert, in the page and the credits."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
FIELDS = ("title", "composer", "performer", "source", "attribution", "description", "caption")


def front(evil: str) -> str:
    lines = [
        "clips:",
        "  - src: clips/rag.opus",
        "    section: silent-era",
        "    license: CC-BY-4.0",
        f"    composed: {json.dumps('1899 ' + evil)}",
        f"    recorded: {json.dumps('1900 ' + evil)}",
    ]
    lines += [f"    {field}: {json.dumps(evil + ' ' + field)}" for field in FIELDS]
    lines += ["    listen_for:", f"      - {{at: '0:01', text: {json.dumps(evil)}}}"]
    return "\n".join(lines)


def assert_inert(html: str) -> None:
    page = BeautifulSoup(html, "html5lib")
    for script in page.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json", script
        if script.get("type") == "application/ld+json":
            json.loads(script.string)  # still valid JSON: nothing broke out of it
            assert "</script" not in script.string.lower()
    for element in page.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element
        if element.name == "img":
            assert element.get("src") != "x"


def test_script_in_every_field_is_inert(site):
    site.audio("clips/rag.opus")
    site.article(front(EVIL))
    assert site.build() is None
    html = site.page()
    assert_inert(html)
    text = " ".join(BeautifulSoup(html, "html5lib").select_one("figure.clip").get_text(" ").split())
    for field in ("title", "description"):  # shown as text, not dropped
        assert f"{EVIL} {field}" in text
    assert_inert(site.page("credits/index.html"))


def test_long_and_non_ascii_values_survive(site):
    site.audio("clips/rag.opus")
    long_title = "Ēxtrêmely lóng títle 映画音楽 " * 40
    site.article(f"""
        clips:
          - src: clips/rag.opus
            section: silent-era
            title: "{long_title.strip()}"
            license: CC0-1.0
            description: "Ünïcödé 🎻 description."
    """)
    assert site.build() is None
    text = BeautifulSoup(site.page(), "html5lib").select_one("figure.clip").get_text(" ")
    assert "映画音楽" in text
    assert "🎻" in text
