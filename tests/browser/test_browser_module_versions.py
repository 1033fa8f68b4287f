"""The theme's ES modules are cache-safe (theme_assets versions their imports).

clips.js imports modules/*.js; a browser that pairs a new clips.js with an old module from its
cache breaks. The site is built twice with one module changed in between: the URL the page ends
up loading for that module changes, and so does the URL of every module that imports it, while
the others keep theirs; the page still runs in Chromium and its clips play. An inline import map,
the other way to version modules, is shown to be blocked by the site's CSP.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import REPO
from tests.browser.pagekit import clip_ids, press_play, use_tool, wait_playing, wait_until
from tests.support.fixture_site import write_fixture_project
from tests.support.sites import build_site
from tools.serve import serve

pytestmark = pytest.mark.browser

#: The module changed between the two builds, and a line that changes what it does.
CHANGED = "js/modules/time.js"
CHANGE = '\nexport const BUILD_PROBE = "second build";\n'


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The fixture site built with the theme as it is, then with one module changed."""
    root = tmp_path_factory.mktemp("module-versions")
    overrides = write_fixture_project(root)
    outputs = []
    for name in ("first", "second"):
        theme = root / f"theme-{name}"
        shutil.copytree(REPO / "theme", theme)
        if name == "second":
            module = theme / "static" / CHANGED
            module.write_text(module.read_text(encoding="utf-8") + CHANGE, encoding="utf-8")
        output = root / f"output-{name}"
        build_site(output, root / f"cache-{name}", THEME=str(theme), **overrides)
        outputs.append(output)
    return outputs


def load_and_play(browser, output: Path) -> tuple[dict[str, str], list[str]]:
    """Open the essay, press play on its first clip; return the theme JavaScript the page
    loaded (path -> the URL it was loaded by) and the console errors."""
    with serve(output) as base_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        scripts: dict[str, list[str]] = {}
        errors: list[str] = []

        def record(request):
            url = urlsplit(request.url)  # each build is served on a port of its own
            if url.path.startswith("/theme/js/"):
                scripts.setdefault(url.path.removeprefix("/theme/"), []).append(
                    f"{url.path}?{url.query}"
                )

        page.on("request", record)
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(base_url + "essay/", wait_until="load")
            first = clip_ids(page)[0]
            press_play(page, first)
            wait_playing(page, first, beyond=0.2)
            # The modules did their jobs: the toolbar's speed buttons answer.
            assert page.evaluate("document.documentElement.classList.contains('js')")
            # (speed.js is fetched on that first use, by its versioned URL too)
            use_tool(page, first, "[data-rate='0.5']")
            wait_until(page, f"() => document.querySelector('#{first} audio').playbackRate === 0.5")
        finally:
            context.close()
    # One URL for each module: two would run it twice, with two copies of its state.
    assert all(len(set(urls)) == 1 for urls in scripts.values()), scripts
    return {path: urls[0] for path, urls in scripts.items()}, errors


def importers_of(output: Path, target: str) -> set[str]:
    """The theme scripts that import ``target``, directly or through others: those whose
    published text names it, or names one of them, as a module path ending in that file name
    (``/time.js?v=`` or ``/time.js"``: ``notation-time.js`` is another module)."""
    js = output / "theme" / "js"
    texts = {p.relative_to(output / "theme").as_posix(): p.read_text() for p in js.rglob("*.js")}
    found, names = set(), {Path(target).name}

    def names_one(text: str) -> bool:
        return any(re.search(rf"/{re.escape(n)}(?:\?|[\"'])", text) for n in names)

    while True:
        more = {p for p, text in texts.items() if p not in found and names_one(text)}
        if not more:
            return found
        found |= more
        names |= {Path(p).name for p in more}


def test_changing_one_module_changes_the_url_it_and_its_importers_load_by(browser, two_builds):
    first, second = two_builds
    before, errors_before = load_and_play(browser, first)
    after, errors_after = load_and_play(browser, second)
    assert errors_before == [] and errors_after == [], (errors_before, errors_after)
    assert CHANGED in before and "js/clips.js" in before, sorted(before)
    assert set(before) == set(after)
    for path, url in before.items():
        assert "?v=" in url, f"{path} was loaded by an unversioned URL: {url}"
    changed = {path for path in before if before[path] != after[path]}
    importers = importers_of(second, CHANGED)
    expected = {CHANGED, *importers} & set(before)
    assert "js/clips.js" in expected
    assert changed == expected, (changed, expected)
    # Importers the page fetches only later (on a play, near a comparison) name the new version
    # in their published text too.
    for path in importers - set(before):
        assert (first / "theme" / path).read_text() != (second / "theme" / path).read_text(), path
    assert len(changed) < len(before), "every URL changed: the versions are not per module"
    assert "BUILD_PROBE" in (second / "theme" / CHANGED).read_text()


def test_an_inline_import_map_is_blocked_by_the_sites_csp(browser, tmp_path):
    """Why the versions go into the import specifiers rather than into an import map: the
    site's CSP (script-src 'self', pelicanconf.py) blocks inline scripts, import maps included,
    and an import map cannot be loaded from a file."""
    from pelicanconf import CONTENT_SECURITY_POLICY

    (tmp_path / "js").mkdir()
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        '<script type="importmap">{"imports": {"./js/mod.js": "./js/mod.js?v=1"}}</script>'
        '<script type="module" src="js/main.js"></script>'
        '<title>t</title></head><body><p id="out">not run</p></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "js" / "main.js").write_text(
        'import { v } from "./mod.js"; document.getElementById("out").textContent = v;'
    )
    (tmp_path / "js" / "mod.js").write_text('export const v = "ran";')
    with serve(tmp_path) as base_url:
        context = browser.new_context()
        page = context.new_page()
        errors, requested = [], []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on(
            "request", lambda r: requested.append(f"{urlsplit(r.url).path}?{urlsplit(r.url).query}")
        )
        page.goto(base_url, wait_until="load")
        page.wait_for_function("document.getElementById('out').textContent === 'ran'")
        context.close()
    assert any("Content Security Policy" in e for e in errors), errors
    # The map was not applied: the module was fetched by its plain URL.
    assert "/js/mod.js?" in requested and "/js/mod.js?v=1" not in requested, requested
