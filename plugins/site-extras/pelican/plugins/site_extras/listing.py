"""Whether a build lists one of this package's plugins.

Pelican's signals belong to the process: once registered, the receivers also hear later builds
in the same process (a test suite, ``--autoreload`` after a settings change) that may not list
the plugin, so they act only for builds that do. The answer is that of Pelican's
``plugin_enabled`` template test, computed here: Pelican's helpers for it are not public.
"""

from __future__ import annotations

from collections.abc import Mapping


def listed(settings: Mapping[str, object], name: str) -> bool:
    """True when ``settings['PLUGINS']`` names ``name``: as given, under ``pelican.plugins.``,
    or as the module itself (Pelican turns modules into names once plugins are loaded)."""
    names = (name, f"pelican.plugins.{name}")
    for plugin in settings.get("PLUGINS") or ():
        given = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", None)
        if given in names:
            return True
    return False
