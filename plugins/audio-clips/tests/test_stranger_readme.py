"""The README's commands, as a stranger copies them (issue 21's stranger run, after the merge).

Before: "Preparing audio" said `pip install 'pelican-audio-clips[prepare]'`, which fails in a
fresh environment ("No matching distribution found") while no release is on a package index;
the install section's test only looked for the plain `pip install pelican-audio-clips`.
"""

from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
#: Shell blocks of the README.
BLOCKS = re.findall(r"^```sh\n(.*?)^```", README, re.M | re.S)


def test_every_pip_line_of_the_readme_installs_from_the_repository():
    lines = [
        line.strip()
        for block in BLOCKS
        for line in block.splitlines()
        if line.strip().startswith("pip install") and "pelican-audio-clips" in line
    ]
    assert len(lines) >= 2, lines  # the install and the prepare extra
    for line in lines:
        assert "pelican-audio-clips" in line and " @ git+https://" in line, line
        assert "#subdirectory=plugins/audio-clips" in line, line


def test_the_prepare_extra_is_installed_with_the_extra_named_before_the_url():
    (line,) = [
        line.strip()
        for block in BLOCKS
        for line in block.splitlines()
        if line.strip().startswith("pip install") and "[prepare]" in line
    ]
    assert line.startswith('pip install "pelican-audio-clips[prepare] @ git+https://'), line
