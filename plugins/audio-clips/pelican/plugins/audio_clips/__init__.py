"""audio_clips: a Pelican plugin that places licensed audio clips into article sections.

Authors list clips in YAML front matter or in a sidecar file beside the article (see the package
README). ``register()`` only connects signals; no reader is replaced (``reader``).

Pelican imports every namespace plugin it finds, listed or not, and drops a plugin whose import or
``register()`` fails with a log line and an exit status of 0. So this module imports nothing but
Pelican's signals: when a dependency is missing, ``register()`` connects one receiver that stops
the build at start with a line naming the missing module, instead of a site without clips.
"""

from __future__ import annotations

import importlib.util
import logging

from pelican import signals

logger = logging.getLogger(__name__)

#: Modules the plugin needs at build time (import name -> the distribution that provides it).
REQUIRED = {
    "mutagen": "mutagen",
    "nh3": "nh3",
    "yaml": "PyYAML",
    "markdown": "Markdown",
}


def missing_modules() -> list[tuple[str, str]]:
    """(module, distribution) pairs that cannot be imported here."""
    missing = []
    for module, distribution in REQUIRED.items():
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a parent package is missing, or a blocked module
            found = False
        if not found:
            missing.append((module, distribution))
    return missing


def register():
    missing = missing_modules()
    if missing:
        signals.initialized.connect(_fail_missing(missing), weak=False)
        return
    from . import pelican_hooks

    pelican_hooks.connect()


def _fail_missing(missing):
    def fail(pelican) -> None:
        from .errors import BuildFailed
        from .listing import enabled

        if not enabled(pelican.settings):
            return
        names = ", ".join(f"'{module}' (pip install {dist})" for module, dist in missing)
        logger.error("audio_clips: cannot load: missing module %s", names)
        raise BuildFailed(
            "audio_clips: cannot load the plugin; install the missing module(s) named above "
            "into the environment that runs pelican"
        )

    return fail
