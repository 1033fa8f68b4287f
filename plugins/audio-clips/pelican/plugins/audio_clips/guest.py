"""The plugin as a guest of whichever reader the site registered: it wraps that reader's ``read``.

The wrapped ``read`` asks ``detect`` first. A file that cannot list clips (no sidecar, no
``clips:`` line in its front matter) goes straight to the site's reader, and comes back as it
returned it; only a file that may list clips, or whose native metadata has a ``clips`` field (a
mistake the reading path reports), goes to :func:`reader.read_with_clips
<audio_clips.reader.read_with_clips>`. The reading path and what it needs (the partial, the
stamper, the probe cache) are made at that first file: a site without clips never imports them.
"""

from __future__ import annotations

from collections.abc import Callable

from .detect import may_list_clips, native_clips_key


class Door:
    """The ``Reading`` shared by the readers of one generator, made when a file first needs it.

    ``reading`` is a ``reader.Reading`` or a function that makes one."""

    def __init__(self, reading) -> None:
        self._make: Callable | None = reading if callable(reading) else None
        self.made = None if callable(reading) else reading

    @property
    def reading(self):
        if self.made is None:
            self.made = self._make()
        return self.made


def wrap(reader, reading) -> None:
    """Make ``reader`` (an instance Pelican registered) read clips too; its class is left
    alone. ``reading``: a ``Door`` the generator's readers share, a ``Reading``, or a function
    that makes one. Wrapping again only changes the reading."""
    plain = getattr(reader.read, "audio_clips_plain", reader.read)
    door = reading if isinstance(reading, Door) else Door(reading)

    def read(source_path):
        if not may_list_clips(source_path):
            html, metadata = plain(source_path)
            if native_clips_key(metadata) is None:
                return html, metadata
        from .reader import read_with_clips

        return read_with_clips(reader, plain, source_path, door.reading)

    read.audio_clips_plain = plain
    read.audio_clips_door = door
    reader.read = read
