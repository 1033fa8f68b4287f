"""Smoke tests for the benchmark scripts: each runs on tiny inputs and prints its table.

They assert behaviour (the scripts run, measure what they say, never touch the repo's content),
never timings. The scripts live in bench/ and import their helpers as ``common``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.bench._support import BENCH, REPO

if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))


@pytest.fixture
def run_bench(tmp_path):
    """``run_bench("bench_x.py", *args)`` -> (stdout, figures written with --json)."""

    def run(name: str, *args: str, timeout: float = 240) -> tuple[str, dict]:
        out = tmp_path / f"{name}.json"
        done = subprocess.run(
            [sys.executable, str(BENCH / name), *args, "--json", str(out)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout, json.loads(out.read_text(encoding="utf-8"))

    return run
