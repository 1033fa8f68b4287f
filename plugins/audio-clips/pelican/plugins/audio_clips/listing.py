"""Whether a build lists this plugin.

Pelican's signals belong to the process: once connected, the receivers also hear later builds in
the same process (``--autoreload`` after a settings change, a test suite, a script that builds
several sites) that may not list the plugin. Every receiver acts only for builds that do, using
the test Pelican itself offers templates (``{% if 'audio_clips' is plugin_enabled %}``).
"""

from __future__ import annotations

from collections.abc import Mapping

NAME = "audio_clips"


def enabled(settings: Mapping, name: str = NAME) -> bool:
    """True when ``settings['PLUGINS']`` names the plugin: its short or namespace name, or the
    module itself (Pelican turns modules into names once plugins are loaded). The same answer
    as Pelican's template test, made here: its helpers are not public."""
    names = (name, f"pelican.plugins.{name}")
    for plugin in settings.get("PLUGINS") or ():
        listed = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", None)
        if listed in names:
            return True
    return False
