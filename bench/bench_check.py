"""`make check` speed: ``pelican-audio-clips check`` over this repo's content (target < 0.5 s).

The command runs as `make check` runs it (a fresh interpreter, the installed package), in a copy of
the project so that the probe cache can be emptied without touching the repo's own ``cache/``:

- cold: no probe cache (a fresh clone, or CI);
- warm: the probe cache left by the previous run (an author checking again after an edit).

"wall" is what the author waits for, interpreter start included; "in-process" is the time the
command reports itself (after its imports).

    python bench/bench_check.py               # 9 runs of each
    python bench/bench_check.py --imports     # also list the slowest imports (python -X importtime)
    python bench/bench_check.py --quick       # 2 runs of each (smoke test)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    PYTHON,
    copy_project,
    machine_line,
    median,
    ms,
    parser,
    report,
    write_json,
)

TARGET = 0.5
_SUMMARY = re.compile(
    r"(\d+) problems?, (\d+) warnings? in (\d+) files? \((\d+) clips checked, ([\d.]+) s\)"
)


def check_command() -> list[str]:
    return [PYTHON, "-m", "pelican.plugins.audio_clips", "check", "content", "-s", "pelicanconf.py"]


def run_check(project: Path, extra_args: tuple[str, ...] = ()) -> dict:
    """One ``check`` run in ``project``: wall seconds, reported seconds, files, clips, status."""
    env = dict(os.environ)
    command = check_command()
    command[1:1] = list(extra_args)
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    found = _SUMMARY.search(done.stdout + done.stderr)
    if done.returncode not in (0, 1) or not found:
        raise RuntimeError(f"check did not run:\n{done.stdout}\n{done.stderr}")
    return {
        "wall": wall,
        "reported": float(found.group(5)),
        "problems": int(found.group(1)),
        "files": int(found.group(3)),
        "clips": int(found.group(4)),
        "status": done.returncode,
        "stderr": done.stderr,
    }


def slowest_imports(project: Path, top: int = 15, depth: int = 2) -> list[tuple[str, float]]:
    """Modules nested at most ``depth`` deep, by cumulative import time (``-X importtime``)."""
    stderr = run_check(project, ("-X", "importtime"))["stderr"]
    rows = []
    for line in stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[0].startswith("import time:") and parts[1].strip().isdigit():
            name = parts[2].rstrip()[1:]  # one space after the bar, then two per level
            level = (len(name) - len(name.lstrip())) // 2
            if level <= depth:
                rows.append(("  " * level + name.strip(), int(parts[1]) / 1e6))
    return sorted(rows, key=lambda row: -row[1])[:top]


def main(argv: list[str] | None = None) -> int:
    argp = parser(__doc__.splitlines()[0])
    argp.add_argument("--runs", type=int, help="runs per mode (median; default 9)")
    argp.add_argument("--imports", action="store_true", help="list the slowest imports")
    args = argp.parse_args(argv)
    runs = args.runs or (2 if args.quick else 9)
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-check-") as temp:
        project = copy_project(Path(temp) / "project")
        cache = project / "cache"
        samples: dict[str, list[dict]] = {"cold": [], "warm": []}
        for _ in range(runs):
            shutil.rmtree(cache, ignore_errors=True)
            samples["cold"].append(run_check(project))
            samples["warm"].append(run_check(project))
        rows = []
        for mode, runs_ in samples.items():
            wall = median(r["wall"] for r in runs_)
            reported = median(r["reported"] for r in runs_)
            first = runs_[0]
            results[mode] = {
                "wall": wall,
                "reported": reported,
                "runs": len(runs_),
                "files": first["files"],
                "clips": first["clips"],
                "problems": first["problems"],
            }
            rows.append(
                (
                    mode,
                    first["files"],
                    first["clips"],
                    ms(wall),
                    ms(reported),
                    ms(min(r["wall"] for r in runs_)),
                    f"< {ms(TARGET)}",
                    "yes" if wall < TARGET else "NO",
                )
            )
        report(
            f"make check (pelican-audio-clips check), median of {runs} runs",
            ("probe cache", "files", "clips", "wall", "in-process", "best wall", "target", "met"),
            rows,
            notes=("wall includes starting Python; in-process is the figure check prints itself",),
        )
        if args.imports:
            imports = slowest_imports(project)
            report(
                "Slowest imports of one check run (cumulative; indented = imported by the above)",
                ("module", "import time"),
                [(name, ms(seconds)) for name, seconds in imports],
            )
            results["imports"] = imports
    print()
    print(machine_line())
    write_json(args.json, {"benchmark": "check", "target": TARGET, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
