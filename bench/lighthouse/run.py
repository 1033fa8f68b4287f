"""Lighthouse scores for the built site: a benchmark, not a test.

Serves the built site on 127.0.0.1 (with Range support, and gzip for text as GitHub Pages
does) and runs npm `lighthouse` 12 (pinned in
package.json beside this file; Lighthouse 13 needs Node 22) against Debian's Chromium, offline,
for a mobile and a desktop profile. Prints performance, accessibility, best-practices and SEO
scores and the main timings. Target: 100 in all four categories.

    npm ci --prefix bench/lighthouse          # once (make bench does it)
    python bench/lighthouse/run.py [output] [--page essay/] [--page about/] [--json out.json]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from tools.chromium import HEADLESS_ARGS  # noqa: E402
from tools.serve import RangeRequestHandler, serve  # noqa: E402

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
AUDITS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
CHROME_FLAGS = " ".join(HEADLESS_ARGS)


COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".xml", ".txt")


class GzipRangeHandler(RangeRequestHandler):
    """tools/serve.py's handler, plus gzip for text files as GitHub Pages serves them.

    Lighthouse simulates a slow network from the bytes it actually receives, so serving the
    HTML uncompressed would price the page as no real host delivers it.
    """

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if (
            not wants_gzip
            or self.headers.get("Range")
            or not self._inside_prefix()
            or not os.path.isfile(path)
            or not path.endswith(COMPRESSIBLE)
        ):
            return super().send_head()
        with open(path, "rb") as handle:
            body = gzip.compress(handle.read(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def serve_gzip(directory: Path):
    """Serve ``directory`` at http://127.0.0.1:<port>/ in a background thread, text gzipped."""
    return serve(directory, handler=GzipRangeHandler)


def run_lighthouse(url: str, preset: str) -> dict:
    with tempfile.TemporaryDirectory() as profile:
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def summarise(report: dict) -> dict:
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    timings = {a: report["audits"][a]["displayValue"] for a in AUDITS if a in report["audits"]}
    failing = {
        c: [
            ref["id"]
            for ref in report["categories"][c]["auditRefs"]
            if ref.get("weight", 0) > 0
            and report["audits"][ref["id"]].get("score") is not None
            and report["audits"][ref["id"]]["score"] < 1
        ]
        for c in CATEGORIES
    }
    return {"scores": scores, "timings": timings, "below_full_marks": failing}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(REPO / "output"), type=Path)
    parser.add_argument("--page", action="append", help="page path(s); default essay/")
    parser.add_argument("--preset", action="append", choices=("mobile", "desktop"))
    parser.add_argument("--json", type=Path, help="also write the summaries here")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        parser.error(f"{LIGHTHOUSE} is missing: run `npm ci --prefix {HERE.relative_to(REPO)}`")
    pages = args.page or ["essay/"]
    presets = args.preset or ["mobile", "desktop"]
    results = {}
    with serve_gzip(args.output) as base_url:
        for page in pages:
            for preset in presets:
                summary = summarise(run_lighthouse(base_url + page, preset))
                results[f"{page} {preset}"] = summary
                scores = "  ".join(f"{c} {s}" for c, s in summary["scores"].items())
                print(f"Lighthouse /{page} ({preset}): {scores}")
                print("    " + ", ".join(f"{a} {v}" for a, v in summary["timings"].items()))
                for category, audits in summary["below_full_marks"].items():
                    if audits:
                        print(f"    {category} loses points on: {', '.join(audits)}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    perfect = all(s == 100 for r in results.values() for s in r["scores"].values())
    print("meets the target: 100 in all four categories" if perfect else "MISSES the target of 100")
    return 0


if __name__ == "__main__":
    sys.exit(main())
