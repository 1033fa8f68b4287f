"""What the plugin costs a site that has no clips (issue 21: target at most 1 % of the build).

Writes a clip-less site of N articles (YAML front matter, repeated "## Introduction" headings, a
reST post every 50 articles) and builds it with Pelican's default theme, each build in a fresh
process, the variants interleaved so drift hits them alike:

- alone:  PLUGINS = ["yaml_metadata"]
- guest:  PLUGINS = ["yaml_metadata", "audio_clips"]
- off:    as guest, with the parts named by ``--off`` switched off through the plugin's
          benchmark setting ``AUDIO_CLIPS_BENCH_OFF`` (names: its ``settings.BENCH_PARTS``)

Each build times ``Pelican.run()`` (wall time with ``time.perf_counter``, CPU time with
``time.process_time``); the table gives the minimum (the least disturbed run) and the median of
the rounds. On a shared machine the difference between two builds drowns in noise, so one more
guest build runs under ``cProfile`` and the plugin's own share of it is counted from the
profile, without replacing any of the plugin's functions: the time inside functions defined in
the plugin's package, plus the time of what they call outside it, except the site reader's
``read`` that the plugin's wrapper calls (that is the site's own reading). The profiler slows
small functions most, so the share is an upper estimate. Last, the test an article without
clips gets (``article.find_listing``: one stat, one read and one scan of its header) is timed
alone on the same files, minimum of the rounds.

    python bench/bench_guest.py                  # 1,000 articles, 7 rounds
    python bench/bench_guest.py --articles 200 --rounds 3 --off page-ids
    python bench/bench_guest.py --quick          # 10 articles, 1 round (smoke test)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

POST = """\
---
title: Post {n}
date: 2026-01-{day:02d} 10:{minute:02d}
category: {category}
tags: [notes, t{tag}]
summary: "Post {n}, briefly."
---

## Introduction

Opening paragraph of post {n}, with *emphasis* and a [link](https://example.org/{n}).

## Details

{details}

## Introduction

The same heading again.
"""
REST = "Post {n}\n{line}\n\n:date: 2026-02-01 09:00\n\nIntroduction\n============\n\nText.\n"
VARIANTS = {
    "alone": ["yaml_metadata"],
    "guest": ["yaml_metadata", "audio_clips"],
    "off": ["yaml_metadata", "audio_clips"],
}

WORKER = """
import json, logging, os, sys, time
from pelican import Pelican
from pelican.settings import read_settings
spec = json.loads(sys.argv[1])
settings = read_settings(override={
    "PATH": spec["content"], "OUTPUT_PATH": spec["output"], "PLUGINS": spec["plugins"],
    "TIMEZONE": "UTC", "SITEURL": "", "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
    "CACHE_PATH": spec["cache"], "DELETE_OUTPUT_DIRECTORY": True, **spec["settings"],
})
logging.disable(logging.WARNING)
pelican = Pelican(settings)
if not spec["profile"]:
    started, cpu = time.perf_counter(), time.process_time()
    pelican.run()
    print(json.dumps([time.perf_counter() - started, time.process_time() - cpu]))
    raise SystemExit
import cProfile, pstats
import pelican.plugins.audio_clips as package
ours = os.path.dirname(package.__file__) + os.sep
profile = cProfile.Profile()
started = time.perf_counter()
profile.enable()
pelican.run()
profile.disable()
total = time.perf_counter() - started
own = 0.0
for function, (_, _, inside, _, callers) in pstats.Stats(profile).stats.items():
    if function[0].startswith(ours):
        own += inside
    elif function[2] != "read":
        own += sum(edge[3] for caller, edge in callers.items() if caller[0].startswith(ours))
print(json.dumps([total, own]))
"""


def write_site(content: Path, articles: int) -> None:
    content.mkdir(parents=True)
    details = "\n\n".join(
        f"Paragraph {i} of the details, long enough to be prose." for i in range(8)
    )
    for n in range(articles):
        if n % 50 == 49:
            name = f"post-{n:04d}.rst"
            (content / name).write_text(REST.format(n=n, line="#" * len(f"Post {n}")))
            continue
        (content / f"post-{n:04d}.md").write_text(
            POST.format(
                n=n,
                day=n % 28 + 1,
                minute=n % 60,
                category="abc"[n % 3],
                tag=n % 7,
                details=details,
            )
        )


def build(root: Path, variant: str, off: list[str], profile: bool = False) -> list[float]:
    """One build in a fresh process: [wall, CPU] seconds, or with ``profile`` [wall under the
    profiler, the plugin's own seconds in it]."""
    spec = {
        "content": str(root / "content"),
        "output": str(root / f"out-{variant}"),
        "cache": str(root / f"cache-{variant}"),
        "plugins": VARIANTS[variant],
        "settings": {"AUDIO_CLIPS_BENCH_OFF": off} if variant == "off" else {},
        "profile": profile,
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER, json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed ({variant}):\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_parts() -> tuple[str, ...]:
    """The parts the plugin lets a benchmark switch off (``AUDIO_CLIPS_BENCH_OFF``)."""
    from pelican.plugins.audio_clips.settings import BENCH_PARTS

    return tuple(BENCH_PARTS)


def fast_path_seconds(content: Path, rounds: int) -> tuple[float, int]:
    """Minimum over rounds of the time ``find_listing`` takes for every file of the site."""
    from pelican.plugins.audio_clips.article import find_listing

    paths = [str(p) for p in sorted(content.iterdir())]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for path in paths:
            if find_listing(path) is not None:
                raise SystemExit(f"{path} lists clips: the site must have none")
        best = min(best, time.perf_counter() - started)
    return best, len(paths)


def main(argv: list[str] | None = None) -> int:
    parser = common.parser(__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--off",
        nargs="+",
        default=[],
        metavar="PART",
        choices=bench_parts(),
        help="also build with these parts of the plugin switched off (AUDIO_CLIPS_BENCH_OFF): "
        + ", ".join(bench_parts()),
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.rounds = 10, 1
    variants = [v for v in VARIANTS if v != "off" or args.off]
    with tempfile.TemporaryDirectory(prefix="bench-guest-") as folder:
        root = Path(folder)
        write_site(root / "content", args.articles)
        runs: dict[str, list[list[float]]] = {v: [] for v in variants}
        for round_number in range(args.rounds):
            order = variants if round_number % 2 == 0 else list(reversed(variants))
            for variant in order:
                runs[variant].append(build(root, variant, args.off))
        profiled, own = build(root, "guest", args.off, profile=True)
        fast, files = fast_path_seconds(root / "content", args.rounds * 3)
    print(f"clip-less site: {args.articles} articles, {args.rounds} rounds, default theme")
    print(f"{'variant':<8} {'wall min':>9} {'median':>8} {'CPU min':>9} {'median':>8}   plugins")
    for variant, values in runs.items():
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        plugins = ", ".join(VARIANTS[variant])
        if variant == "off":
            plugins += f" (off: {', '.join(args.off)})"
        print(
            f"{variant:<8} {min(wall):>8.3f}s {statistics.median(wall):>7.3f}s "
            f"{min(cpu):>8.3f}s {statistics.median(cpu):>7.3f}s   {plugins}"
        )
    cpu_min = {variant: min(v[1] for v in values) for variant, values in runs.items()}
    for variant in variants[1:]:
        change = cpu_min[variant] - cpu_min["alone"]
        print(
            f"{variant} - alone, CPU (min): {change:+.3f} s "
            f"({cpu_min[variant] / cpu_min['alone'] - 1:+.2%})"
        )
    print(
        f"the plugin's own time in a profiled guest build: {own * 1000:.1f} ms of "
        f"{profiled:.3f} s ({own / profiled:.2%}; the profiler slows the plugin's small functions "
        "most, so this is an upper estimate)"
    )
    print(
        f"its test of an article without clips, alone: {fast / files * 1e6:.1f} µs per file "
        f"({fast * 1000:.1f} ms for {files} files)"
    )
    common.write_json(
        args.json,
        {
            "articles": args.articles,
            "rounds": args.rounds,
            "off": args.off,
            "results": {
                "builds": {
                    variant: {"wall": [v[0] for v in values], "cpu": [v[1] for v in values]}
                    for variant, values in runs.items()
                },
                "profiled": {"wall": profiled, "own": own},
                "clips_test_per_file": fast / files,
            },
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
