"""The plugin's own figure in a real browser, on Pelican's bundled themes (notmyidea, simple),
with no theme code: every part passes axe-core at 390 and 1280 px, a "listen for" moment plays
the clip from its time, the times are plain text without scripts, and the notation in its
closed disclosure is fetched only when opened.

Needs Playwright and axe-playwright-python (the repository's requirements/test-browser.txt) and
a Chromium; outside the home repository, missing ones skip this module.
"""

from __future__ import annotations

import pytest
from browsing import launch, serve
from clipsite import GOOD_CLIP, THEMES, Site
from sidecars import write_notation, write_peaks

#: The home repository's suite has the browser tools; a stranger's venv may not.
HOME = "repo" in THEMES
if HOME:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright
else:  # pragma: no cover - outside the home repository
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

pytestmark = pytest.mark.browser

ARTICLE_CLIPS = (
    GOOD_CLIP.replace("caption:", "performer: A pianist\n    recorded: 2026\n    caption:")
    + "    notation: true\n"
)
NOTATION = "media/notation/rag.svg"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", params=["notmyidea", "simple"])
def served(request, tmp_path_factory):
    """A site with one full clip (waveform, notation, moments, credits) on a bundled theme."""
    root = tmp_path_factory.mktemp(request.param)
    site = Site(root, theme=request.param)
    site.audio("clips/rag.opus", seconds=4.0)
    site.audio("clips/rag.mp3", seconds=4.0)
    write_peaks(site.media, "clips/rag.opus")
    write_notation(site.media, "rag")
    site.article(ARTICLE_CLIPS)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert site.build(SITENAME="A site on a bundled theme") is None
    with serve(site.output) as base:
        yield base


@pytest.fixture
def open_page(browser):
    contexts = []

    def opener(url, width=1280, js=True):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=js
        )
        contexts.append(context)
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url, wait_until="load")
        return page, requests, errors

    yield opener
    for context in contexts:
        context.close()


def violations(page, scope: str = "figure.audio-clip") -> list[str]:
    results = Axe().run(page, context={"include": [[scope]]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_figure_and_the_credits_pass_axe(served, open_page, width):
    page, _, errors = open_page(served + "essay/", width=width)
    figure = page.locator("figure#clip-rag")
    assert figure.locator("svg.audio-clip-wave").is_visible()
    assert figure.locator("button.audio-clip-seek").count() == 2
    assert violations(page) == []
    figure.locator("details.audio-clip-notation > summary").click()
    page.wait_for_function(
        "document.querySelector('.audio-clip-notation img').naturalWidth > 0", timeout=10_000
    )
    assert violations(page) == [], "with the notation open"
    scroller = figure.locator(".audio-clip-notation-scroll").bounding_box()
    assert scroller["width"] <= width, "the notation strip is wider than the screen"
    assert errors == []
    credits, _, _ = open_page(served + "credits/", width=width)
    assert violations(credits, ".audio-clip-credits-page") == []


def test_clicking_a_moment_plays_the_clip_from_its_time(served, open_page):
    page, _, errors = open_page(served + "essay/")
    moment = page.get_by_role("button", name="0:02 the tune returns")
    moment.click()
    page.wait_for_function(
        "(() => { const a = document.querySelector('#clip-rag audio');"
        " return !a.paused && a.currentTime >= 2 && a.currentTime < 3.5; })()",
        timeout=15_000,
    )
    # The waveform shows how far the clip has played: past half of its 4 s.
    page.wait_for_function(
        "parseFloat(document.querySelector('#clip-rag .audio-clip-wave-progress')"
        ".getAttribute('width')) >= 160",
        timeout=5_000,
    )
    assert errors == []


def test_without_the_script_the_moments_are_plain_timed_text(served, open_page, browser):
    """Scripts off, or the script not fetched: the times are text, not dead links or buttons."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/audio-clips.js", lambda route: route.abort())
        page.goto(served + "essay/", wait_until="load")
        moments = page.locator("#clip-rag ol.audio-clip-moments > li")
        assert moments.all_inner_texts() == ["0:01 the left hand leaps", "0:02 the tune returns"]
        assert page.locator("#clip-rag ol.audio-clip-moments :is(a, button)").count() == 0
        assert violations(page) == []
    finally:
        context.close()


def test_a_closed_notation_disclosure_fetches_nothing(served, open_page):
    page, requests, _ = open_page(served + "essay/", width=390)
    page.locator("#clip-rag details.audio-clip-notation").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if url.endswith(NOTATION)], "fetched while closed"
    with page.expect_request(lambda r: r.url.endswith(NOTATION)):
        page.locator("#clip-rag details.audio-clip-notation > summary").click()
