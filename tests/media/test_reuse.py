"""The whole repository passes `reuse lint` (REUSE 3): every file has copyright and licence."""

from __future__ import annotations

import subprocess
import sys

from tests.media._clipdata import ROOT


def test_reuse_lint_passes():
    result = subprocess.run(
        [sys.executable, "-m", "reuse", "--root", str(ROOT), "lint"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
