"""Browser tests: a real Pelican build with the repo's theme, served with Range support on
127.0.0.1, driven by Playwright through Debian's Chromium (flags in tools/chromium.py; see docs/design.md, "Testing layers").

Two sites are tested: a small fixture site whose clips the tests write themselves
(tests/support/fixture_site.py, always), and the real essay from content/ (once it exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.pagekit import wait_until
from tests.support.fixture_site import write_fixture_project
from tests.support.sites import build_site
from tools.chromium import CHROMIUM, CHROMIUM_ARGS
from tools.serve import make_server, serve

REPO = Path(__file__).resolve().parents[2]
AUDIO_SUFFIXES = (".opus", ".ogg", ".oga", ".mp3", ".m4a", ".aac", ".flac", ".wav", ".webm")

pytestmark = pytest.mark.browser


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
def fixture_site(fixture_site_output):
    with serve(fixture_site_output) as base_url:
        yield Site("fixture", fixture_site_output, base_url, pages=_site_pages(fixture_site_output))


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
    build_site(root / "output", root / "cache", SITEURL=base_url.rstrip("/"), **overrides)
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


#: An intent that moves nothing (no pointer, no focus): clips.js fetches the listening tools.
SHOW_INTENT = """() => { const fig = document.querySelector('figure.clip');
  if (fig) { fig.dispatchEvent(new PointerEvent('pointerover', {bubbles: true})); }
  return !!fig; }"""
#: The tools have wired the page: each clip's toolbar is one Tab stop (roving focus).
TOOLS_WIRED = "() => !!document.querySelector('[data-clip-tools] button[tabindex]')"


@pytest.fixture
def open_page(browser, request):
    """``open_page(url, width=1280, scheme="light", js=True, cold=False)`` -> (page, recorder).

    The page loads only a small script; the listening tools (js/modules/listen.js) come on the
    reader's first sign of intent, which a person gives well before a click lands (a pointer
    moving over a clip). Unless ``cold``, the opener gives that sign and waits for the tools, as
    such a reader's page would be; ``cold=True`` leaves the page as it arrived
    (tests/browser/test_browser_arrival.py tests the first press on such a page).
    """
    contexts = []

    def opener(
        url, width=1280, height=900, scheme="light", js=True, reduced_motion="reduce", cold=False
    ):
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
        if js and not cold and page.evaluate(SHOW_INTENT):
            wait_until(page, TOOLS_WIRED)
        return page, recorder

    yield opener
    for context in contexts:
        context.close()
