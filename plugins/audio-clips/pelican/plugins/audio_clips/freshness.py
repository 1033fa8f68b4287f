"""Whether an article kept in Pelican's content cache still has up-to-date clips.

Pelican's content cache keys an article on its own source file. Its clips also depend on the audio
files (duration, tags, which formats exist), the waveform and notation files, the partial that
rendered them and the plugin's settings. The reader stamps each article with all of these; before
a generator uses its cache, ``drop_stale`` removes the articles whose stamp no longer matches, so
Pelican reads them afresh. Checking costs one ``stat`` per distinct file, not one per article.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, MutableMapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from jinja2 import Environment, TemplateNotFound, meta

if TYPE_CHECKING:
    from .records import Clip

#: Metadata key holding an article's stamp (kept in the cache with the article).
STAMP_KEY = "audio_clips_stamp"
#: Bumped whenever records, markup or metadata change shape, so caches of an older plugin are
#: not trusted (8: `audio_clips_auto_summary` marks the automatic summary).
STAMP_FORMAT = 8

FileFacts = tuple[int, int] | None
#: (format, settings digest, template names, dependency paths, digest of their facts)
Stamp = tuple[int, str, tuple[str, ...], tuple[str, ...], str]


class Stamper:
    """Makes and checks stamps; remembers each file's facts for one build (clips share files)."""

    def __init__(
        self,
        media_path: str,
        settings_key: str,
        env: Environment,
        template: str,
        others: tuple[str, ...] = (),
    ):
        self._media_path = media_path
        self._settings_key = settings_key
        self._env = env
        self._template = template
        self._others = others  # further templates that render figures (the comparison's)
        self._facts: dict[str, FileFacts] = {}
        self._found: dict[str, str | None] = {}
        self._templates: tuple | None = None

    def facts(self, path: str) -> FileFacts:
        """(size, mtime in ns) of a file or folder; None when it does not exist."""
        if path not in self._facts:
            try:
                stat = os.stat(path)
                self._facts[path] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                self._facts[path] = None
        return self._facts[path]

    def stamp(self, clips: Iterable[Clip], also: Iterable[str] = ()) -> Stamp:
        """What the clips were made from: the files by path (``also``: the article's sidecar,
        which Pelican's cache does not know of), with a digest of their facts.

        Kept small (a few objects per article), as Pelican loads every cached article at once.
        """
        made_from = {p for clip in clips for p in dependencies(clip, self._media_path)}
        paths = tuple(sorted(made_from | set(also)))
        if self._templates is None:  # parsed once, and only when something is rendered
            self._templates = tuple(
                sorted(
                    {
                        pair
                        for name in (self._template, *self._others)
                        for pair in template_files(self._env, name)
                    }
                )
            )
        names = tuple(name for name, _ in self._templates)
        return (STAMP_FORMAT, self._settings_key, names, paths, self._digest(names, paths))

    def is_fresh(self, stamp: object) -> bool:
        """True when nothing the stamp recorded has changed. Templates are looked up by name (a
        template that now shadows the old one counts as a change), and none is parsed."""
        if not isinstance(stamp, tuple) or len(stamp) != 5:
            return False
        form, settings_key, names, paths, digest = stamp
        return (
            form == STAMP_FORMAT
            and settings_key == self._settings_key
            and self._template in names
            and digest == self._digest(names, paths)
        )

    def _digest(self, names: tuple[str, ...], paths: tuple[str, ...]) -> str:
        facts = [(name, self._find(name)) for name in names]
        facts += [self.facts(filename) for _, filename in facts if filename]
        facts += [self.facts(path) for path in paths]
        return hashlib.blake2b(repr(facts).encode("utf-8"), digest_size=16).hexdigest()

    def _find(self, name: str) -> str | None:
        if name not in self._found:
            try:
                self._found[name] = self._env.loader.get_source(self._env, name)[1] or ""
            except TemplateNotFound:
                self._found[name] = None
        return self._found[name]


def template_files(env: Environment, name: str) -> tuple[tuple[str, str], ...]:
    """(name, file) of the partial and every template it includes, imports or extends.

    A cached figure is stale when one of these files changes; Jinja's own parser finds them, so
    a theme can split its partial however it likes. A name computed at render time cannot be
    known in advance, so then every template counts.
    """
    found: dict[str, str] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        source, filename, _ = env.loader.get_source(env, current)
        found[current] = filename or ""
        for ref in meta.find_referenced_templates(env.parse(source)):
            if ref is None:
                pending.extend(env.list_templates())
            else:
                pending.append(ref)
    return tuple(sorted(found.items()))


def dependencies(clip: Clip, media_path: str) -> list[str]:
    """Every file and folder whose change could change the clip's record or markup.

    The folder of the audio counts because adding or removing a format, or a waveform file,
    changes it.
    """
    relative = [source.path for source in clip.sources]
    if clip.notation:
        relative += [clip.notation.svg_path, clip.notation.timemap_path]
    main = PurePosixPath(clip.sources[0].path)
    relative.append(str(main.with_name(main.stem + ".peaks.json")))
    relative.append(str(main.parent))
    return [os.path.join(media_path, path) for path in relative]


def settings_key(*values: object) -> str:
    """A short digest of the settings that shape records and markup."""
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()[:16]


def drop_stale(
    cache: MutableMapping,
    stamper: Callable[[], Stamper],
    sidecar_of: Callable[[str], str] | None = None,
) -> int:
    """Remove cached articles whose clips are out of date; return how many were removed.
    ``stamper`` makes the stamper, called only when a cached article has clips.

    Handles both of Pelican's caching layers: the readers' cache holds ``(content, metadata)``,
    the generators' cache holds the content object itself. ``sidecar_of`` gives the sidecar
    file of a cache key: a cached article without clips is stale once it has one (one ``stat``,
    as reading it would cost).
    """
    stale = []
    for path, entry in cache.items():
        metadata = _metadata(entry)
        if metadata is None:
            continue
        if "clips" not in metadata:
            if sidecar_of is not None and os.path.isfile(sidecar_of(path)):
                stale.append(path)
            continue
        if not stamper().is_fresh(metadata.get(STAMP_KEY)):
            stale.append(path)
    for path in stale:
        del cache[path]
    return len(stale)


def _metadata(entry: object) -> dict | None:
    """The metadata of one cache entry ``(file stamp, data)``, whichever layer made it."""
    if not isinstance(entry, tuple) or len(entry) != 2:
        return None
    data = entry[1]
    if isinstance(data, tuple) and len(data) == 2 and isinstance(data[1], dict):
        return data[1]
    metadata = getattr(data, "metadata", None)
    return metadata if isinstance(metadata, dict) else None
