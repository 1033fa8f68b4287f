"""The licence record: one entry of the allow-list (``settings``), and a clip's licence.

A module of its own so that the settings, loaded by every build that lists the plugin, need not
import the clip records (making their dataclasses is most of what importing them costs).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class License:
    """One entry of the licence allow-list."""

    id: str
    """SPDX id, or ``public-domain``."""
    name: str
    """Human name, e.g. 'Creative Commons Attribution-ShareAlike 4.0'."""
    url: str
    """Deed URL, used as ``<a rel="license" href>``."""
    attribution: bool
    """True when the licence requires crediting the creator and source."""
    share_alike: bool = False
    """True when adaptations must carry the same licence (shown in captions and credits)."""
    short: str = ""
    """Short label for captions, e.g. 'CC BY-SA 4.0'; defaults to the id."""

    @property
    def label(self) -> str:
        return self.short or self.id
