"""Browser tests: a real Pelican build with the repo's theme, served with Range support on
127.0.0.1, driven by Playwright through Debian's Chromium (flags from DESIGN.md section 7).

Two sites are tested: a small fixture site whose clips the tests write themselves (always), and
the real essay from content/ (once it exists).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
import soundfile as sf

from tests.sitebuild import build_site
from tools.chromium import CHROMIUM, CHROMIUM_ARGS
from tools.serve import make_server, serve

REPO = Path(__file__).resolve().parents[2]
RATE = 48000
AUDIO_SUFFIXES = (".opus", ".ogg", ".oga", ".mp3", ".m4a", ".aac", ".flac", ".wav", ".webm")

pytestmark = pytest.mark.browser


# --- the fixture site ------------------------------------------------------------------------

ESSAY = """\
---
title: Listening to the pictures
date: 2026-11-20
slug: essay
summary: A short test essay whose clips are written by the test suite itself.
clips:
  - src: clips/fanfare.opus
    id: fanfare
    section: introduction
    title: Fanfare for a <test> & a "quote"
    composer: The Test Suite
    composed: 2026
    performer: Synthesised by the test
    recorded: 2026
    license: CC0-1.0
    composition_license: CC0-1.0
    source: https://example.org/fanfare
    caption: A rising figure in *three* steps.
    description: Three rising chords, each louder than the last, then a held note that fades.
    listen_for:
      - {at: "0:02", text: the second chord}
      - {at: "0:05", text: "the third chord, loudest"}
      - {at: "0:09", text: the held note fades}
  - src: clips/nocturne.opus
    id: nocturne
    section: storytelling
    title: Nocturne for sine waves
    composer: The Test Suite
    performer: Synthesised by the test
    recorded: 2026
    license: CC-BY-4.0
    source: tests/browser/conftest.py
    description: A soft low hum with a slow swell in the middle.
    listen_for:
      - {at: "0:04", text: the swell begins}
      - {at: "0:07", text: back to the hum}
  - src: clips/coda.opus
    id: coda
    section: conclusion
    title: Coda
    composer: The Test Suite
    performer: Synthesised by the test
    license: CC0-1.0
    description: Two short bright notes and silence.
---

## Introduction {#introduction}

{para}

## Music as storytelling {#storytelling}

{para}

{para}

## Conclusion {#conclusion}

{para}
"""

PARAGRAPH = (
    "When the lights go down, the music arrives before the pictures do, and it tells us how to "
    "feel about what we are about to see. A few bars of brass can promise adventure; a single "
    "held note can promise dread. This paragraph is long enough to fill several lines, so the "
    "tests can measure how many characters a line of the essay holds at each width."
)

ABOUT = """\
---
title: About
slug: about
---

This fixture site tests the theme.

## Keyboard shortcuts {#keyboard-shortcuts}

Press k to play or pause.
"""


def _notes(seconds: float, pitches: list[tuple[float, float, float]]) -> np.ndarray:
    """A mono signal: (start, frequency, length) notes with a decaying envelope."""
    t = np.arange(int(RATE * seconds)) / RATE
    out = np.zeros_like(t)
    for start, freq, length in pitches:
        mask = (t >= start) & (t < start + length)
        local = t[mask] - start
        out[mask] += np.sin(2 * np.pi * freq * local) * np.exp(-local * 1.2) * 0.25
    return (out / max(1.0, np.abs(out).max() * 1.1)).astype("float32")


CLIPS = {
    "fanfare": _notes(
        11.0, [(0.0, 262, 2), (2.0, 330, 3), (5.0, 392, 4), (5.0, 523, 4), (9.0, 523, 2)]
    ),
    "nocturne": _notes(10.0, [(0.0, 110, 10), (4.0, 220, 3), (4.5, 165, 2.5)]),
    "coda": _notes(6.0, [(0.0, 880, 0.6), (0.8, 1175, 0.6)]),
}

#: The coda has no .peaks.json: its figure must do without a waveform.
WITH_WAVEFORM = ("fanfare", "nocturne")


def peaks(signal: np.ndarray, count: int = 160) -> list[float]:
    """The envelope the media pipeline stores beside each clip (``<stem>.peaks.json``)."""
    windows = np.array_split(np.abs(signal), count)
    values = np.array([w.max() if len(w) else 0.0 for w in windows])
    top = values.max() or 1.0
    return [round(float(v / top), 3) for v in values]


def write_fixture_project(root: Path) -> dict:
    content, media = root / "content", root / "media" / "clips"
    (content / "pages").mkdir(parents=True)
    media.mkdir(parents=True)
    for name, signal in CLIPS.items():
        sf.write(media / f"{name}.opus", signal, RATE, format="OGG", subtype="OPUS")
        sf.write(media / f"{name}.mp3", signal, RATE, format="MP3", subtype="MPEG_LAYER_III")
        if name in WITH_WAVEFORM:
            (media / f"{name}.peaks.json").write_text(json.dumps({"peaks": peaks(signal)}))
    (content / "essay.md").write_text(ESSAY.replace("{para}", PARAGRAPH), encoding="utf-8")
    (content / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    return {"PATH": str(content), "AUDIO_CLIPS_MEDIA_PATH": str(root / "media")}


build = build_site


@dataclass
class Site:
    name: str
    output: Path
    base_url: str
    essay: str = "essay/"
    pages: list[str] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        return self.base_url + path


def _site_pages(output: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(output)).replace(".", "") + ("/" if p.parent != output else "")
        for p in output.rglob("index.html")
    )


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("fixture-site")
    overrides = write_fixture_project(root)
    build(root / "output", root / "cache", **overrides)
    with serve(root / "output") as base_url:
        yield Site("fixture", root / "output", base_url, pages=_site_pages(root / "output"))


def _first_article(output: Path) -> str:
    """The path of the site's first article: the first card of the front page ('essay/')."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one(".card h2 a[href], .card h3 a[href]")
    assert link, "the front page lists no article"
    return str(link["href"]).lstrip("/")


@pytest.fixture(scope="session")
def real_site(real_site_output):
    """The repository's own content, whatever its essay is called (a fork renames it)."""
    with serve(real_site_output) as base_url:
        yield Site(
            "real",
            real_site_output,
            base_url,
            essay=_first_article(real_site_output),
            pages=_site_pages(real_site_output),
        )


@pytest.fixture(scope="session", params=["fixture", "real"])
def site(request):
    """Each test that takes ``site`` runs against the fixture site and against the real essay."""
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory):
    """The fixture site built and served the way GitHub Pages serves a project: under /repo/."""
    import threading

    root = tmp_path_factory.mktemp("subpath-site")
    overrides = write_fixture_project(root)
    server = make_server(root / "output", prefix="/repo/")
    base_url = f"http://127.0.0.1:{server.server_address[1]}/repo/"
    build(root / "output", root / "cache", SITEURL=base_url.rstrip("/"), **overrides)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site("subpath", root / "output", base_url, pages=_site_pages(root / "output"))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def showcase_site(request):
    """The real essay once it exists, else the fixture: for the screenshots, and for the slower
    whole-page checks whose outcome depends on the theme, not on the fixture's edge cases."""
    name = "real" if (REPO / "content" / "essay.md").exists() else "fixture"
    return request.getfixturevalue(f"{name}_site")


# --- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (.ci/apt/browser.txt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Recorder:
    """Everything a page does that a test may want to assert: requests and console errors."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.host = urlsplit(base_url).netloc
        self.requests: list[tuple[str, str]] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append((r.url, r.resource_type)))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location})")

    def audio_requests(self) -> list[str]:
        return [
            url
            for url, kind in self.requests
            if kind == "media" or urlsplit(url).path.lower().endswith(AUDIO_SUFFIXES)
        ]

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url, _ in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).netloc != self.host
        ]


@pytest.fixture
def open_page(browser, request):
    """``open_page(url, width=1280, scheme="light", js=True)`` -> (page, recorder)."""
    contexts = []

    def opener(url, width=1280, height=900, scheme="light", js=True, reduced_motion="reduce"):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            java_script_enabled=js,
            reduced_motion=reduced_motion,
            service_workers="block",
        )
        contexts.append(context)
        page = context.new_page()
        recorder = Recorder(page, url)
        page.goto(url, wait_until="load")
        return page, recorder

    yield opener
    for context in contexts:
        context.close()
