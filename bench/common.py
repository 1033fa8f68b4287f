"""Shared helpers for the benchmark scripts: timing, tables, the machine, project copies, builds.

Every ``bench/bench_*.py`` prints a plain-text table (and, with ``--json FILE``, writes its figures
as JSON). Nothing here asserts a timing: benchmarks report, tests assert behaviour.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: The interpreter running the benchmark (the project's .venv under `make bench`).
PYTHON = sys.executable
#: What a copy of the project needs in order to build: the site's inputs, never output/ or cache/.
PROJECT_PARTS = ("content", "media", "theme", "plugins", "pelicanconf.py")


def median(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    """Seconds as milliseconds for a table cell."""
    return f"{seconds * 1000:.0f} ms" if not math.isnan(seconds) else "n/a"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s" if not math.isnan(seconds) else "n/a"


def pct(ratio: float) -> str:
    """A ratio such as 1.07 as '+7.0%'."""
    return f"{(ratio - 1) * 100:+.1f}%" if not math.isnan(ratio) else "n/a"


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A left-aligned plain-text table with a rule under the header."""
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]], notes=()) -> None:
    """Print one benchmark's result table under a title, with notes below it."""
    print(f"\n== {title} ==")
    print(table(headers, rows))
    for note in notes:
        print(f"  {note}")
    sys.stdout.flush()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    return "?"


def machine() -> dict:
    """The facts a reader needs to compare figures across machines."""
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory": _memory_gb(),
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "pelican": ver("pelican"),
        "markdown": ver("markdown"),
        "mutagen": ver("mutagen"),
        "load_average": load_average(),
    }


def revision() -> str:
    """The commit measured, marked '+changes' when plugins/ or theme/ differ from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "plugins", "theme", "pelicanconf.py")
    return commit + (" +changes" if dirty else "")


def machine_line() -> str:
    m = machine()
    return (
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, {m['os']}; "
        f"Python {m['python']}, Pelican {m['pelican']}, Markdown {m['markdown']}; "
        f"commit {revision()}; load average {load_average()}"
    )


def load_average() -> str:
    """The 1-minute load average: figures taken on a busy machine are noisy."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def copy_project(destination: Path, parts: Sequence[str] = PROJECT_PARTS) -> Path:
    """Copy what the site build reads into ``destination`` (a fresh folder); return it."""
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in parts:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, destination / part)
    return destination


def pelican_command(project: Path, output: Path, cache: Path, *extra: str) -> list[str]:
    """``pelican`` on ``project``'s content with its pelicanconf.py, into ``output``."""
    return [
        PYTHON,
        "-m",
        "pelican",
        str(project / "content"),
        "-o",
        str(output),
        "-s",
        str(project / "pelicanconf.py"),
        "-e",
        f"CACHE_PATH={json.dumps(str(cache))}",
        *extra,
    ]


def build_site(project: Path, output: Path, cache: Path) -> None:
    """Build ``project`` once (in a subprocess, from the project's folder); raise if it fails."""
    done = subprocess.run(
        pelican_command(project, output, cache, "--log-handler", "plain", "-q"),
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the site build failed:\n{done.stdout}\n{done.stderr}")


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the flags every bench script shares."""
    argp = argparse.ArgumentParser(description=description)
    argp.add_argument("--quick", action="store_true", help="tiny inputs, one repeat (smoke test)")
    argp.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")
    return argp


def write_json(path: str | None, data: dict) -> None:
    if path:
        payload = {"machine": machine(), "commit": revision(), **data}
        Path(path).write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")


def article_slug(path: Path) -> str:
    """Where an article's page is (``<slug>/``): its front matter's ``slug``, else its file name.

    A fork renames the essay (docs/publishing.md, "Make it yours"); the benchmarks follow it.
    """
    import yaml

    text = path.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---\n") else None
    return str((meta or {}).get("slug") or path.stem)
