"""Helpers for the benchmark smoke tests (a module of its own: test modules cannot import a
conftest by name without clashing with the other conftest.py files of the suite)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"


def table_rows(stdout: str, title: str) -> list[list[str]]:
    """Header and rows (cells split on runs of 2+ spaces) of the table under '== title'."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("== " + title))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip() or line.startswith(("  ", "==")):
            break
        if set(line.replace(" ", "")) != {"-"}:  # the rule under the header
            rows.append(re.split(r"\s{2,}", line.strip()))
    return rows
