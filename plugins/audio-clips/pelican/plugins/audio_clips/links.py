"""Links from the figures to the files the plugin publishes, resolved by Pelican per page.

Figures are rendered once, in the reader, but with ``RELATIVE_URLS`` a page's URLs depend on where
it is written. So in that case the markup holds Pelican intrasite links,
``{filename}/@audio_clips/<path>``, and each published file is entered in Pelican's table of link
targets (``generated_content``) under that name: Pelican then writes each link as it writes each
page, absolute or relative like the rest of the site, in feeds too.
"""

from __future__ import annotations

from . import settings


class PublishedFile:
    """What Pelican needs to resolve an intrasite link to a file the plugin publishes."""

    def __init__(self, url: str):
        self.url = url


def register_links(links: dict, clips, config: settings.Config) -> None:
    """Enter every file of ``clips`` in Pelican's table of link targets (``generated_content``),
    so the ``{filename}/@audio_clips/<path>`` links of the figures resolve to the published
    files, relative to each page. Without RELATIVE_URLS the figures hold plain URLs: nothing to do."""
    if not config.relative_urls:
        return
    for clip in clips:
        for relative in clip.files + ((clip.chapters.path,) if clip.chapters else ()):
            key = settings.LINK_PREFIX + relative
            if key not in links:
                links[key] = PublishedFile(config.media_href(relative))
