"""The validated settings of a build, loaded once per Pelican settings object.

Every receiver and reader of one build asks for the same :class:`~audio_clips.settings.Config`;
validating it each time would repeat the work and the messages. The answer is kept per settings
*object* (held, so its ``id`` cannot be reused) together with the values it was made from: a
settings object changed in place, or a new one (``--autoreload`` reads the settings file again),
is validated afresh, so nothing stale outlives a change. Only the last few are kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import settings
from .settings import Config

#: Settings besides AUDIO_CLIPS_* that a Config is made from.
_ALSO_READ = ("PATH", "CACHE_PATH", "SITEURL", "RELATIVE_URLS")
_KEEP = 4
_loaded: list[tuple[Mapping, tuple, Config]] = []


def config_for(pelican_settings: Mapping) -> Config:
    """The build's validated settings (a ClipError naming each bad one, as ``settings.load``)."""
    made_from = _made_from(pelican_settings)
    for held, values, config in _loaded:
        if held is pelican_settings and values == made_from:
            return config
    config = settings.load(pelican_settings)
    _loaded[:] = [entry for entry in _loaded if entry[0] is not pelican_settings][-(_KEEP - 1) :]
    _loaded.append((pelican_settings, made_from, config))
    return config


def _made_from(pelican_settings: Mapping) -> tuple:
    ours = tuple(
        sorted(
            ((k, v) for k, v in pelican_settings.items() if k.startswith("AUDIO_CLIPS_")),
            key=lambda item: item[0],
        )
    )
    return ours + tuple(pelican_settings.get(k) for k in _ALSO_READ)
