"""What the plugin costs a site that has no clips (issue 21: target at most 1 % of the build).

Writes a clip-less site of N articles (YAML front matter, repeated "## Introduction" headings, a
reST post every 50 articles) and builds it with Pelican's default theme, each build in a fresh
process, the two variants interleaved so drift hits both alike:

- alone:  PLUGINS = ["yaml_metadata"]
- guest:  PLUGINS = ["yaml_metadata", "audio_clips"]

Each build times ``Pelican.run()`` (wall time with ``time.perf_counter``, CPU time with
``time.process_time``); the table gives the minimum (the least disturbed run) and the median of
the rounds. On a shared machine the difference between two builds drowns in noise, so the guest
builds also time the plugin's own work directly: its receivers, its generator, and its wrapper
around every read minus the site reader's time inside it, as a share of that build. Last, the
test an article without clips gets (``article.find_listing``: one stat, one read and one scan
of its header) is timed alone on the same files, minimum of the rounds.

    python bench/bench_guest.py                  # 1,000 articles, 7 rounds
    python bench/bench_guest.py --articles 200 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
VARIANTS = {"alone": ["yaml_metadata"], "guest": ["yaml_metadata", "audio_clips"]}

WORKER = """
import json, logging, sys, time
from pelican import Pelican
from pelican.settings import read_settings
spec = json.loads(sys.argv[1])
settings = read_settings(override={
    "PATH": spec["content"], "OUTPUT_PATH": spec["output"], "PLUGINS": spec["plugins"],
    "TIMEZONE": "UTC", "SITEURL": "", "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
    "CACHE_PATH": spec["cache"], "DELETE_OUTPUT_DIRECTORY": True,
})
logging.disable(logging.WARNING)
own = [0.0]
if "audio_clips" in spec["plugins"]:
    # The plugin's own time: its receivers, its generator, and its wrapper around each read
    # minus the site reader's time inside it. Patched before Pelican connects them.
    from pelican.plugins.audio_clips import pelican_hooks, reader

    def timed(function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                own[0] += time.perf_counter() - started
        return run

    for name in ("check_settings", "prepare", "flush_probe_caches", "describe_clips",
                 "check_page_ids", "add_generator"):
        setattr(pelican_hooks, name, timed(getattr(pelican_hooks, name)))
    for name in ("generate_context", "generate_output"):
        setattr(pelican_hooks.ClipsGenerator, name,
                timed(getattr(pelican_hooks.ClipsGenerator, name)))
    original = reader.read_with_clips

    def read_with_clips(site_reader, plain, source_path, reading):
        inside = [0.0]
        def timed_plain(path):
            started = time.perf_counter()
            try:
                return plain(path)
            finally:
                inside[0] += time.perf_counter() - started
        started = time.perf_counter()
        try:
            return original(site_reader, timed_plain, source_path, reading)
        finally:
            own[0] += time.perf_counter() - started - inside[0]

    reader.read_with_clips = read_with_clips
pelican = Pelican(settings)
started, cpu = time.perf_counter(), time.process_time()
pelican.run()
print(json.dumps([time.perf_counter() - started, time.process_time() - cpu, own[0]]))
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


def build(root: Path, variant: str) -> list[float]:
    spec = {
        "content": str(root / "content"),
        "output": str(root / f"out-{variant}"),
        "cache": str(root / f"cache-{variant}"),
        "plugins": VARIANTS[variant],
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-guest-") as folder:
        root = Path(folder)
        write_site(root / "content", args.articles)
        runs: dict[str, list[list[float]]] = {v: [] for v in VARIANTS}
        for round_number in range(args.rounds):
            order = list(VARIANTS) if round_number % 2 == 0 else list(reversed(VARIANTS))
            for variant in order:
                runs[variant].append(build(root, variant))
        fast, files = fast_path_seconds(root / "content", args.rounds * 3)
    print(f"clip-less site: {args.articles} articles, {args.rounds} rounds, default theme")
    print(f"{'variant':<8} {'wall min':>9} {'median':>8} {'CPU min':>9} {'median':>8}   plugins")
    for variant, values in runs.items():
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        print(
            f"{variant:<8} {min(wall):>8.3f}s {statistics.median(wall):>7.3f}s "
            f"{min(cpu):>8.3f}s {statistics.median(cpu):>7.3f}s   {', '.join(VARIANTS[variant])}"
        )
    cpu_alone = min(v[1] for v in runs["alone"])
    cpu_guest = min(v[1] for v in runs["guest"])
    print(
        f"guest - alone, CPU (min): {cpu_guest - cpu_alone:+.3f} s ({cpu_guest / cpu_alone - 1:+.2%})"
    )
    own = [v[2] for v in runs["guest"]]
    shares = [v[2] / v[0] for v in runs["guest"]]
    print(
        f"the plugin's own time in the guest builds: min {min(own) * 1000:.1f} ms, median "
        f"{statistics.median(own) * 1000:.1f} ms; share of its build's wall time: min "
        f"{min(shares):.2%}, median {statistics.median(shares):.2%}"
    )
    print(
        f"its test of an article without clips, alone: {fast / files * 1e6:.1f} µs per file "
        f"({fast * 1000:.1f} ms for {files} files)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
