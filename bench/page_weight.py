"""Page weight of the essay before the reader presses play: a benchmark, not a test.

Loads the built page in Debian's Chromium (through Playwright, served on 127.0.0.1 with Range
support) and reports bytes per kind (HTML, inline SVG inside it, CSS, JS, fonts, images, audio,
other), raw and gzip-compressed (level 9, as a static host compresses text), three times: once
the page has loaded, after scrolling through all of it (lazy images, the notation script), and
after opening every disclosure (the "Notation" strips are closed as the page loads) and scrolling
through it again, with the files behind each figure listed, so that a regression shows where it
comes from. Targets (issue 23): as the page loads, at most 40 KB compressed; read to the end, at
most 55 KB; no audio in any phase. (Issues 9 and 17 had asked for 50 KB and 70 KB.)

    python bench/page_weight.py [output] [--page essay/] [--json results.json]

`make bench` builds the site first and runs this with the Lighthouse run in bench/lighthouse/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tools.chromium import CHROMIUM, HEADLESS_ARGS  # noqa: E402
from tools.serve import serve  # noqa: E402

TARGET_GZIP = 40 * 1024
TARGET_READ_GZIP = 55 * 1024
KINDS = {
    "document": "html",
    "stylesheet": "css",
    "script": "js",
    "font": "fonts",
    "image": "images",
    "media": "audio",
}
ORDER = ("html", "inline svg", "css", "js", "fonts", "images", "audio", "other")
INLINE_SVG = re.compile(rb"<svg\b.*?</svg>", re.DOTALL)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def tally(responses) -> dict:
    rows: dict[str, dict] = defaultdict(lambda: {"files": 0, "raw": 0, "gzip": 0})
    files = []
    for response in responses:
        url = response.url
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        body = response.body() if response.status < 300 else b""
        kind = KINDS.get(response.request.resource_type, "other")
        rows[kind]["files"] += 1
        rows[kind]["raw"] += len(body)
        rows[kind]["gzip"] += gz(body)
        files.append({"url": url, "kind": kind, "raw": len(body), "gzip": gz(body)})
        if kind == "html":
            svg = INLINE_SVG.findall(body)
            rows["inline svg"]["files"] += len(svg)
            rows["inline svg"]["raw"] += sum(map(len, svg))
            rows["inline svg"]["gzip"] += gz(b"".join(svg)) if svg else 0
    total = {
        key: sum(r[key] for k, r in rows.items() if k != "inline svg")
        for key in ("files", "raw", "gzip")
    }
    return {"kinds": dict(rows), "total": total, "files": files}


def measure(output: Path, page_path: str) -> dict:
    """Three phases: the page as it loads, then after scrolling through all of it (what lazy
    images and scripts fetch while the reader reads), then with every ``<details>`` opened and
    scrolled through again (a reader who opens every notation strip), never pressing play."""
    from playwright.sync_api import sync_playwright

    with serve(output) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(HEADLESS_ARGS)
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        responses = []
        page.on("response", lambda response: responses.append(response))  # noqa: PLW0108 (Playwright tags the handler)
        page.goto(base_url + page_path, wait_until="load")
        page.wait_for_timeout(500)
        on_load = tally(list(responses))
        height = page.evaluate("() => document.documentElement.scrollHeight")
        for y in range(0, height, 600):
            page.evaluate("(y) => window.scrollTo(0, y)", y)
            page.wait_for_timeout(60)
        page.wait_for_timeout(500)
        read_through = tally(list(responses))
        page.evaluate(
            "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"
        )
        height = page.evaluate("() => document.documentElement.scrollHeight")
        for y in range(0, height, 600):
            page.evaluate("(y) => window.scrollTo(0, y)", y)
            page.wait_for_timeout(60)
        page.wait_for_timeout(800)
        all_open = tally(responses)
        browser.close()
    return {
        "page": page_path,
        "on_load": on_load,
        "read_through": read_through,
        "all_open": all_open,
    }


def kb(n: int) -> str:
    return f"{n / 1024:8.1f} KB"


def report(result: dict) -> bool:
    ok = True
    phases = (
        ("on_load", "as it loads"),
        ("read_through", "scrolled to the end"),
        ("all_open", "every disclosure opened, scrolled to the end"),
    )
    for phase, title in phases:
        data = result[phase]
        print(f"Page weight of /{result['page']} before play, {title}:")
        print(f"  {'kind':<22}{'files':>6}{'raw':>12}{'gzip':>12}")
        for kind in ORDER:
            row = data["kinds"].get(kind, {"files": 0, "raw": 0, "gzip": 0})
            label = "  of which inline SVG" if kind == "inline svg" else kind
            print(f"  {label:<22}{row['files']:>6}{kb(row['raw']):>12}{kb(row['gzip']):>12}")
        total = data["total"]
        print(f"  {'total':<22}{total['files']:>6}{kb(total['raw']):>12}{kb(total['gzip']):>12}")
        print(f"  {'by file':<42}{'raw':>12}{'gzip':>12}")
        for row in sorted(data["files"], key=lambda f: (ORDER.index(f["kind"]), -f["gzip"])):
            name = urlsplit(row["url"]).path.lstrip("/") or "/"
            name = name if len(name) <= 40 else "…" + name[-39:]
            print(f"    {name:<40}{kb(row['raw']):>12}{kb(row['gzip']):>12}")
        audio = data["kinds"].get("audio", {}).get("raw", 0)
        if phase == "on_load":
            met = total["gzip"] <= TARGET_GZIP and audio == 0
            target = f"at most {TARGET_GZIP // 1024} KB compressed, no audio"
        elif phase == "read_through":
            met = total["gzip"] <= TARGET_READ_GZIP and audio == 0
            target = f"at most {TARGET_READ_GZIP // 1024} KB compressed read to the end, no audio"
        else:
            met, target = audio == 0, "no audio before play"
        print(f"  {'meets' if met else 'MISSES'} the target: {target}\n")
        ok = ok and met
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(REPO / "output"), type=Path)
    parser.add_argument("--page", default="essay/", help="page path below the site root")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)
    if not (args.output / args.page / "index.html").is_file():
        parser.error(f"{args.output / args.page}index.html does not exist: run `make html` first")
    result = measure(args.output, args.page)
    ok = report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
