"""schema.org data for the clips of a page (rendered by the theme with ``|tojson``)."""

from __future__ import annotations

from .records import Clip, iso_duration


def audio_object(clip: Clip, page_url: str, siteurl: str) -> dict:
    """One AudioObject, with licence, duration and credits.

    The description is left out: it is the visible text beside the player, and repeating it here
    would cost every reader a few kilobytes for the benefit of crawlers that read the page anyway.
    """
    data: dict = {
        "@context": "https://schema.org",
        "@type": "AudioObject",
        "@id": f"{page_url}#{clip.anchor}",
        "name": clip.title,
        "contentUrl": f"{siteurl}/{clip.main_source.href}",
        "encodingFormat": clip.main_source.mime.split(";")[0],
        "duration": iso_duration(clip.duration),
        "license": clip.license.url,
    }
    if clip.performer:
        data["creator"] = {"@type": "Person", "name": clip.performer}
    if clip.recorded:
        data["dateCreated"] = clip.recorded
    if clip.source_is_url:
        data["isBasedOn"] = clip.source
    if clip.composer:
        work = {
            "@type": "MusicComposition",
            "name": clip.title,
            "composer": {"@type": "Person", "name": clip.composer},
        }
        if clip.composed:
            work["dateCreated"] = clip.composed
        if clip.composition_license:
            work["license"] = clip.composition_license.url
        data["about"] = work
    return data
