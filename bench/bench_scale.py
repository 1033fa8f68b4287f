"""Scale: 1,000 essays built with this theme and with Pelican's default theme, side by side.

Three builds of the same synthetic site (N articles of ~800 words, 5 sections each), each in a
fresh process with this repo's pelicanconf.py (its plugins, URLs and Markdown settings); only the
theme and the clips change:

- ``default theme``: Pelican's own theme (``notmyidea``), no clips in the front matter;
- ``this theme``:    ``theme/``, the same content;
- ``this theme, 5 clips each``: ``theme/``, the same articles with 5 clips each (one per section)
  from a library of distinct Opus + MP3 files, placed by the audio_clips plugin.

The variants are interleaved so drift hits all alike; each build starts with no output and no
cache. Target: this theme at most 1.2 × the default theme's time on the same content.

    python bench/bench_scale.py                    # N = 1000, 1 repeat (about a minute)
    python bench/bench_scale.py --articles 1000 --repeats 3
    python bench/bench_scale.py --quick            # 20 articles (smoke test)
    python bench/bench_scale.py --theme /tmp/old-theme  # another version of the theme
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import SECTIONS, _paragraph, _sentence, write_article, write_library
from common import PYTHON, REPO, machine_line, median, report, secs, write_json

TARGET = 1.2
VARIANTS = ("default theme", "this theme", "this theme, 5 clips each")


def write_plain_article(path: Path, number: int, words: int = 800) -> None:
    """The same shape as bench_build's articles (title, date, slug, summary, 5 sections), no clips."""
    rng = random.Random(number)
    body = []
    for k in range(SECTIONS):
        body.append(f"## Part {k + 1} {{#part-{k + 1}}}")
        body += [_paragraph(rng, words // (SECTIONS * 2)) for _ in range(2)]
    front = (
        f"title: {json.dumps(f'Synthetic article {number}')}",
        f"date: 2026-01-01 {number // 60 % 24:02d}:{number % 60:02d}",
        f"slug: article-{number:04d}",
        f"summary: {json.dumps(_sentence(rng))}",
        "category: Essays",  # Pelican's default theme shows every article's category
    )
    path.write_text("---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n", "utf-8")


def write_sites(root: Path, articles: int, stems: list[str]) -> dict[str, Path]:
    plain, clips = root / "plain", root / "clips"
    plain.mkdir(parents=True)
    clips.mkdir(parents=True)
    for number in range(articles):
        write_plain_article(plain / f"article-{number:04d}.md", number)
        write_article(clips / f"article-{number:04d}.md", number, stems)
    return {"plain": plain, "clips": clips}


def worker(spec: dict) -> dict:
    """One build as ``spec`` says, in this (fresh) process; its seconds."""
    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(REPO / "pelicanconf.py"),
        override={
            "PATH": spec["content"],
            "OUTPUT_PATH": spec["output"],
            "CACHE_PATH": spec["cache"],
            "THEME": spec["theme"],
            "AUDIO_CLIPS_MEDIA_PATH": spec["media"],
        },
    )
    if Path(spec["theme"]).resolve() != (REPO / "theme").resolve():
        # The stylesheet bundles name this theme's files; another theme has its own.
        settings["THEME_ASSETS_BUNDLES"] = {}
    logging.getLogger("pelican").setLevel(logging.ERROR)
    started = time.perf_counter()
    Pelican(settings).run()
    pages = sum(1 for _ in Path(spec["output"]).rglob("*.html"))
    return {"build": time.perf_counter() - started, "pages": pages}


def run_build(spec: dict) -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, __file__, "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise RuntimeError(f"build failed ({spec['theme']}):\n{done.stdout}\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="20 articles, one repeat")
    parser.add_argument(
        "--theme", type=Path, default=REPO / "theme", help="the theme to compare (default: theme/)"
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    articles, repeats = (20, 1) if args.quick else (args.articles, args.repeats)

    import pelican

    themes = {
        "default theme": str(Path(pelican.__file__).parent / "themes" / "notmyidea"),
        "this theme": str(args.theme.resolve()),
        "this theme, 5 clips each": str(args.theme.resolve()),
    }
    times: dict[str, list[dict]] = {v: [] for v in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        root = Path(tmp)
        stems = write_library(root / "media", 50)
        content = write_sites(root, articles, stems)
        for repeat in range(repeats):
            for variant in VARIANTS:
                run = root / f"run-{repeat}-{VARIANTS.index(variant)}"
                spec = {
                    "content": str(content["clips" if "clips" in variant else "plain"]),
                    "output": str(run / "output"),
                    "cache": str(run / "cache"),
                    "theme": themes[variant],
                    "media": str(root / "media"),
                }
                times[variant].append(run_build(spec))
    base = median(r["build"] for r in times["default theme"])
    rows, figures = [], {}
    for variant in VARIANTS:
        build = median(r["build"] for r in times[variant])
        process = median(r["process"] for r in times[variant])
        ratio = build / base
        target = "≤ 1.20 ×" if variant == "this theme" else ""
        met = ("yes" if ratio <= TARGET else "NO") if target else ""
        rows.append(
            [
                variant,
                times[variant][0]["pages"],
                secs(build),
                secs(process),
                f"{ratio:.2f} ×",
                target,
                met,
            ]
        )
        figures[variant] = {
            "build": build,
            "process": process,
            "ratio": ratio,
            "pages": times[variant][0]["pages"],
        }
    report(
        f"Scale: {articles} articles, median of {repeats} cold build(s) each",
        ["variant", "pages", "build", "process", "÷ default", "target", "met"],
        rows,
        notes=[
            machine_line(),
            "build: Pelican(settings).run() in a fresh process; process: the whole process",
        ],
    )
    if args.json:
        write_json(args.json, {"articles": articles, "repeats": repeats, "variants": figures})
    return 0


if __name__ == "__main__":
    sys.exit(main())
