"""Silence at a comparison's switch: how long neither version sounds when the reader switches.

Builds this repo's site into a temporary folder, serves it with tools/serve.py on 127.0.0.1 and
opens the essay in Debian's Chromium (tools/chromium.py) through Playwright. For every comparison
on the page (``[data-compare]``) and every trial, in a fresh browser context: the first version
is played from its second moment (a click, as a reader would), and after a second of playback the page itself
checks the other version's radio button while a sampler records both audio elements'
``currentTime`` and ``paused`` on every task (a MessageChannel loop, well under a millisecond
apart) from 0.5 s before the switch to 1.5 s after it.

What counts as sound: an element that is not paused and whose clock has moved since the previous
sample. Chromium advances ``currentTime`` in steps, so even steady playback shows short stretches
with no movement; the script reports that granularity (the longest stall of the first version
before the switch) beside the longest stretch after the switch in which neither clock moved (the
silence), and the overlap (both moving), and the position jump (where the new version started
against where the old one was). Target: silence under 50 ms.

    python bench/bench_compare.py              # 5 trials per comparison, each direction
    python bench/bench_compare.py --quick      # one trial of the first comparison (smoke test)
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
from pathlib import Path

from bench_sound import Server
from common import (
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

TARGET = 0.050

#: Sample both versions on every task, switch after `lead` ms, stop `tail` ms later. Only rows in
#: which something changed are kept (tens of thousands of tasks run in two seconds).
_SAMPLE = """([fromId, toId, radioValue, lead, tail]) => new Promise(resolve => {
  const a = document.querySelector('#' + fromId + ' audio');
  const b = document.querySelector('#' + toId + ' audio');
  const radio = [...document.querySelectorAll('input[type=radio]')].find(r => r.value === radioValue);
  const rows = [];
  let last = '';
  let tasks = 0;
  const channel = new MessageChannel();
  const start = performance.now();
  let switched = null;
  const sample = (now) => {
    const row = [now, a.currentTime, b.currentTime, a.paused, b.paused];
    const key = row.slice(1).join();
    if (key !== last) { rows.push(row); last = key; }
  };
  channel.port1.onmessage = () => {
    const now = performance.now();
    tasks++;
    sample(now);
    if (switched === null && now - start >= lead) {
      switched = performance.now();
      rows.push([switched, a.currentTime, b.currentTime, a.paused, b.paused]);
      radio.click();
    }
    if (switched !== null && now - switched >= tail) {
      // One string: Playwright checks a returned array value by value in Python, which takes
      // seconds for the tens of thousands of rows a trial keeps; a string crosses in one piece.
      resolve(JSON.stringify({rows, switched, tasks, end: [a.paused, b.paused]}));
      return;
    }
    channel.port2.postMessage(0);
  };
  channel.port2.postMessage(0);
})"""

_PAIRS = """() => [...document.querySelectorAll('[data-compare]')].map(g =>
  [...g.querySelectorAll('figure.clip')].map(f => f.id))"""


#: A clock step larger than this between two rows is a seek, not playback.
SEEK_STEP = 0.1


def _fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares wall = slope * position + offset, over (position, wall) points."""
    n = len(points)
    mean_p = sum(p for p, _ in points) / n
    mean_w = sum(w for _, w in points) / n
    spread = sum((p - mean_p) ** 2 for p, _ in points)
    slope = sum((p - mean_p) * (w - mean_w) for p, w in points) / spread if spread else 1000.0
    return slope, mean_w - slope * mean_p


def analyse(rows: list[list], switched: float) -> dict:
    """When each version's clock stopped and started, on the wall clock (times in ms).

    The page's sampler runs on the main thread, which a busy machine delays by tens of
    milliseconds, so its rows are not used as "is it sounding now" probes. Each row pairs a wall
    time with a clock reading taken in the same task, though, so a straight line through the old
    version's rows says when its clock reached the position it paused at, and one through the new
    version's rows says when its clock left the position it started from: the silence is the
    time between the two (negative: both sounded for a moment). The output latency is the same
    for both elements and cancels out.
    """
    before = [(r[1], r[0]) for r in rows if r[0] <= switched and not r[3]]
    before = [p for p in before if p[1] >= switched - 500]
    a_stop = next((r[1] for r in rows if r[0] > switched and r[3]), None)
    at_switch = before[-1][0] if before else None
    b_start = None
    after: list[tuple[float, float]] = []
    for prev, row in itertools.pairwise(rows):
        if row[0] <= switched or row[4]:
            continue
        step = row[2] - prev[2]
        if b_start is None and 0 < step < SEEK_STEP and not prev[4]:
            b_start = prev[2]
        if b_start is not None and row[0] <= switched + 1200:
            after.append((row[2], row[0]))
    if len(before) < 3 or len(after) < 3 or a_stop is None or b_start is None:
        raise RuntimeError(f"too few samples to fit: {len(before)} before, {len(after)} after")
    slope_a, offset_a = _fit(before)
    slope_b, offset_b = _fit(after)
    a_end = slope_a * a_stop + offset_a
    b_begin = slope_b * b_start + offset_b
    steps = [w2 - w1 for (_, w1), (_, w2) in itertools.pairwise(before)]
    return {
        "silence": (b_begin - a_end) / 1000,
        "handover": (b_begin - switched) / 1000,
        "jump": b_start - at_switch,
        "repeat": a_stop - b_start,
        "sampling": max(steps) / 1000 if steps else float("nan"),
    }


def one_trial(browser, url: str, first: str, second: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        if not page.locator(f"#{first}").is_visible():  # the second version: show it first
            page.locator(f"input[type=radio][value={first}]").check()
        page.locator(f"#{first}").scroll_into_view_if_needed()
        # Play the first version from its second moment with a real click (a reader's gesture).
        page.locator(f"#{first} .clip-moment").nth(1).click()
        page.wait_for_timeout(1000)
        state = page.evaluate(
            "(id) => { const a = document.querySelector('#' + id + ' audio');"
            " return {paused: a.paused, t: a.currentTime}; }",
            first,
        )
        if state["paused"]:
            raise RuntimeError(f"{first} did not play: {state}")
        result = json.loads(page.evaluate(_SAMPLE, [first, second, second, 500, 1500]))
        if result["end"] != [True, False]:
            raise RuntimeError(f"1.5 s after the switch {first}/{second}: paused {result['end']}")
        figures = analyse(result["rows"], result["switched"])
        return {"from": first, "to": second, "tasks": result["tasks"], **figures}
    finally:
        context.close()


def measure(site: Path, trials: int, first_only: bool = False) -> list[dict]:
    from playwright.sync_api import sync_playwright

    url_path = article_slug(REPO / "content" / "essay.md") + "/"
    server = Server(site)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.goto(server.url + url_path, wait_until="load")
                pairs = page.evaluate(_PAIRS)
                page.close()
                if not pairs:
                    raise RuntimeError(f"no comparison on {url_path}")
                if first_only:  # --quick: a smoke test of the measurement, not a survey
                    pairs = pairs[:1]
                for _ in range(trials):
                    for versions in pairs:
                        for first, second in (
                            (versions[0], versions[1]),
                            (versions[1], versions[0]),
                        ):
                            rows.append(one_trial(browser, server.url + url_path, first, second))
            finally:
                browser.close()
    finally:
        server.stop()
    return rows


def main(argv: list[str] | None = None) -> int:
    argp = parser(__doc__.splitlines()[0])
    argp.add_argument("--trials", type=int, help="trials per comparison and direction (default 5)")
    args = argp.parse_args(argv)
    trials = args.trials or (1 if args.quick else 5)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium (.ci/apt/bench.txt)")
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as temp:
        site = Path(temp) / "output"
        build_site(REPO, site, Path(temp) / "cache")
        rows = measure(site, trials, first_only=args.quick)
    table = []
    for key, label in (
        ("silence", "silence: new clock starts - old clock stops (< 0: overlap)"),
        ("handover", "from the switch to the new version's start"),
        ("jump", "new start - old position at the switch"),
        ("repeat", "old position at its pause - new start (heard again)"),
        ("sampling", "longest gap between the sampler's rows (machine load)"),
    ):
        values = [r[key] for r in rows if r[key] == r[key]]  # NaN: not seen
        table.append((label, len(values), ms(median(values)), ms(min(values)), ms(max(values))))
    worst = max(r["silence"] for r in rows)
    report(
        f"Switching versions in Chromium on 127.0.0.1 ({len(rows)} switches)",
        ("figure", "switches", "median", "best", "worst"),
        table,
        notes=(
            f"target: silence under {ms(TARGET)}; worst {ms(worst)}"
            + (" (no gap: both sounded)" if worst <= 0 else "")
            + (": met" if worst < TARGET else ": NOT met"),
        ),
    )
    print()
    print(machine_line())
    write_json(args.json, {"switches": rows, "target": TARGET})
    return 0


if __name__ == "__main__":
    sys.exit(main())
