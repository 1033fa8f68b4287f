"""Building a site with the repo's own settings, for tests of every layer."""

from __future__ import annotations

import os
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parents[2]


def build_site(output: Path, cache: Path, **overrides) -> None:
    """Build with the repo's pelicanconf.py (theme, Markdown, URLs) into ``output``.

    Runs from the repo root, as `make html` does, so relative paths in the settings resolve.
    """
    settings = read_settings(
        str(REPO / "pelicanconf.py"),
        override={
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(cache),
            "THEME": str(REPO / "theme"),
            **overrides,
        },
    )
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        Pelican(settings).run()
    finally:
        os.chdir(cwd)


def build_in_own_process(tmp_path: Path, settings: dict) -> Path:
    """Build one page ("Hello") with ``settings`` in a Python process of its own; return the
    output folder.

    Pelican's signals belong to a process: plugins connected by other tests would hear an
    in-process build, and this build's plugins would hear theirs.
    """
    import subprocess
    import sys

    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "hello.md").write_text(
        "Title: Hello\nDate: 2026-01-02\n\nSome text.\n", encoding="utf-8"
    )
    output = tmp_path / "output"
    values = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        **settings,
    }
    conf = tmp_path / "conf.py"
    conf.write_text("".join(f"{k} = {v!r}\n" for k, v in values.items()), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(conf)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output
