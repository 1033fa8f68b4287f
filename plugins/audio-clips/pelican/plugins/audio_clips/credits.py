"""The credits page's entries: one per recording, with every place it is used.

A site that plays the same recording in several articles credits it once and links each use,
rather than repeating the same credit block; each page's URL is worked out once, not per clip.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from .records import Clip


@dataclass(frozen=True)
class Use:
    """Where a recording is played: the clip as that page shows it, and the page."""

    clip: Clip
    content: object
    """The Pelican article or page."""
    url: str
    """The page's URL relative to the site's root (``{{ SITEURL }}/{{ use.url }}``, which
    honours RELATIVE_URLS), without the clip's anchor."""
    page_title: str
    """The page's title as plain text."""


@dataclass(frozen=True)
class Credit:
    clip: Clip
    """The first use's clip: what the entry shows."""
    uses: tuple[Use, ...]
    """Every use, in the order of the pages."""

    @property
    def first(self) -> Use:
        return self.uses[0]


def group_credits(clips_used: Iterable[tuple[Clip, object]]) -> list[Credit]:
    """``(clip, content)`` pairs, in page order, grouped into one credit per recording (its main
    file): a recording has one licence and one credit on the whole site (``consistency``)."""
    pages: dict[int, tuple[str, str]] = {}
    grouped: dict[str, list[Use]] = {}
    for clip, content in clips_used:
        if id(content) not in pages:
            title = str(getattr(content, "title", ""))
            pages[id(content)] = (content.url, Markup(title).striptags())
        url, page_title = pages[id(content)]
        grouped.setdefault(clip.main_source.path, []).append(Use(clip, content, url, page_title))
    return [Credit(uses[0].clip, tuple(uses)) for uses in grouped.values()]
