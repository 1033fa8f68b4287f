"""Time to sound: from the click on a clip's play button to the ``playing`` event, per format.

Builds this repo's site into a temporary folder, serves it on 127.0.0.1 with tools/serve.py (it
answers Range requests, as GitHub Pages does), and drives Debian's Chromium through Playwright
with the flags of tools/chromium.py. Every trial opens the essay in a fresh browser context (an
empty HTTP cache: nothing is preloaded, ``preload="none"``), with every ``<source>`` but the
format under test taken out of the page on its way in, and clicks the native play button. Chromium's media controls do not let the page
see that click, so the release of the mouse button is timed by this script and the ``playing``
event by the page (performance.timeOrigin + event.timeStamp), on the same wall clock; one
DevTools-protocol hop (well under a millisecond here) is counted against us. Target: median
≤ 100 ms.

    python bench/bench_sound.py                  # every clip, 3 trials per clip and format
    python bench/bench_sound.py --trials 5 --clips 3
    python bench/bench_sound.py --quick          # one clip, one trial per format (smoke test)
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import (
    PYTHON,
    REPO,
    article_slug,
    build_site,
    machine_line,
    median,
    ms,
    parser,
    report,
    write_json,
)

sys.path.insert(0, str(REPO))
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

TARGET = 0.100
#: Format name -> the file extension of its <source>.
FORMATS = {"opus": ".opus", "mp3": ".mp3"}

#: Record when the clip's first 'playing' event fired, on the wall clock.
_ARM = """(id) => {
  const audio = document.querySelector('#' + CSS.escape(id) + ' audio');
  const t = (window.__timeToSound = {playing: null, src: null, error: null, before: null});
  t.before = {readyState: audio.readyState, sources: audio.querySelectorAll('source').length};
  audio.addEventListener('playing', e => {
    if (t.playing === null) {
      t.playing = performance.timeOrigin + e.timeStamp;
      t.src = audio.currentSrc;
    }
  });
  audio.addEventListener('error', () => { t.error = String(audio.error && audio.error.code); });
  return t.before;
}"""
_READ = "() => window.__timeToSound"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """tools/serve.py in its own process (so it never waits on this one), on a free port."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [PYTHON, str(REPO / "tools" / "serve.py"), str(directory), "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(self.url, timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("tools/serve.py did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def only_format(html: str, extension: str) -> str:
    """The page with every ``<source>`` of another format removed."""
    others = "|".join(re.escape(e) for e in FORMATS.values() if e != extension)
    return re.sub(rf'\s*<source src="[^"]*(?:{others})"[^>]*>', "", html)


def one_trial(browser, page_url: str, clip: str, extension: str) -> dict:
    """Open the page with one format per clip in a fresh context, press play, time the sound."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        # Calling load() after removing sources would fetch the audio at once (Chromium ignores
        # preload="none" then), so the page arrives with only the format under test instead.
        page.route(
            page_url,
            lambda route: route.fulfill(
                response=(response := route.fetch()),
                body=only_format(response.text(), extension),
            ),
        )
        page.goto(page_url, wait_until="load")
        before = page.evaluate(_ARM, clip)
        if before["sources"] != 1 or before["readyState"] != 0:
            raise RuntimeError(f"{clip}: expected one unloaded source before play, got {before}")
        audio = page.locator(f"#{clip} audio")
        audio.scroll_into_view_if_needed()
        box = audio.bounding_box()
        # Chromium's native controls keep the click to themselves (the page never sees it), so the
        # click is timed here: just before the button is released, on the same wall clock.
        page.mouse.move(box["x"] + 22, box["y"] + box["height"] / 2)  # the native play button
        page.mouse.down()
        released = time.time() * 1000
        page.mouse.up()
        deadline = time.monotonic() + 10
        while True:
            state = page.evaluate(_READ)
            if state["playing"] is not None or state["error"] is not None:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{clip} ({extension}) never played: {state}")
            time.sleep(0.01)
        if state["error"] is not None or not state["src"].endswith(extension):
            raise RuntimeError(f"{clip} ({extension}): played {state['src']} ({state['error']})")
        return {
            "clip": clip,
            "src": state["src"],
            "seconds": (state["playing"] - released) / 1000,
        }
    finally:
        context.close()


def measure(site: Path, trials: int, clip_limit: int | None, page_path: str | None = None) -> dict:
    page_path = page_path or article_slug(REPO / "content" / "essay.md") + "/"
    from playwright.sync_api import sync_playwright

    server = Server(site)
    samples: dict[str, list[dict]] = {name: [] for name in FORMATS}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.goto(server.url + page_path, wait_until="load")
                clips = page.evaluate(
                    "() => [...document.querySelectorAll('figure.clip')].map(f => f.id)"
                )
                page.close()
                if not clips:
                    raise RuntimeError(f"no clips on {page_path}")
                clips = clips[:clip_limit] if clip_limit else clips
                for _ in range(trials):
                    for clip in clips:
                        for name, extension in FORMATS.items():
                            samples[name].append(
                                one_trial(browser, server.url + page_path, clip, extension)
                            )
            finally:
                browser.close()
    finally:
        server.stop()
    return {"clips": clips, "samples": samples}


def main(argv: list[str] | None = None) -> int:
    argp = parser(__doc__.splitlines()[0])
    argp.add_argument("--trials", type=int, help="trials per clip and format (default 3)")
    argp.add_argument("--clips", type=int, help="only the first N clips of the essay")
    args = argp.parse_args(argv)
    trials = args.trials or (1 if args.quick else 3)
    clip_limit = args.clips or (1 if args.quick else None)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium (.ci/apt/bench.txt)")
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-sound-") as temp:
        site = Path(temp) / "output"
        build_site(REPO, site, Path(temp) / "cache")
        result = measure(site, trials, clip_limit)
    rows, figures = [], {}
    for name, runs in result["samples"].items():
        values = [r["seconds"] for r in runs]
        figures[name] = {"median": median(values), "min": min(values), "max": max(values)}
        rows.append(
            (
                name,
                len(values),
                ms(median(values)),
                ms(min(values)),
                ms(max(values)),
                f"≤ {ms(TARGET)}",
                "yes" if median(values) <= TARGET else "NO",
            )
        )
    report(
        f"Time to sound in Chromium on 127.0.0.1 ({len(result['clips'])} clips x {trials} trials)",
        ("format", "trials", "median", "best", "worst", "target", "met"),
        rows,
        notes=("from the click on the native play button to the audio element's 'playing' event",),
    )
    print()
    print(machine_line())
    write_json(
        args.json,
        {"benchmark": "sound", "target": TARGET, "formats": figures, **result},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
