"""`pelican-audio-clips --help` as a stranger reads it (issue 21's stranger run, after the merge).

Before: the description was the module docstring's first line, reStructuredText markup and all
("``pelican-audio-clips check`` (or ``python -m …``)").
"""

from __future__ import annotations

import subprocess
import sys


def test_help_shows_no_rest_markup():
    done = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.audio_clips", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "pelican-audio-clips check" in done.stdout
    assert "``" not in done.stdout, done.stdout
