"""Whether a build lists this plugin.

Pelican's signals belong to the process: once connected, the receivers also hear later builds in
the same process (``--autoreload`` after a settings change, a test suite, a script that builds
several sites) that may not list the plugin. Every receiver acts only for builds that do, using
the test Pelican itself offers templates (``{% if 'audio_clips' is plugin_enabled %}``).
"""

from __future__ import annotations

from collections.abc import Mapping

from pelican.plugins._utils import get_plugin_name, plugin_enabled

NAME = "audio_clips"


def enabled(settings: Mapping, name: str = NAME) -> bool:
    """True when ``settings['PLUGINS']`` names the plugin (short or namespace name, or module)."""
    plugins = [
        p if isinstance(p, str) else get_plugin_name(p) for p in settings.get("PLUGINS") or ()
    ]
    return plugin_enabled(name, plugins)
