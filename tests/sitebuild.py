"""Building a site with the repo's own settings, for tests of every layer."""

from __future__ import annotations

import os
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parents[1]


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
            "PLUGIN_PATHS": [str(REPO / "plugins")],
            **overrides,
        },
    )
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        Pelican(settings).run()
    finally:
        os.chdir(cwd)
