"""schema.org data for the clips of a page (rendered by the theme with ``|tojson``).

One JSON-LD document per page: one ``@context`` for all its clips (``@graph``), where each clip
used to repeat it. Every page reader downloads this block, so it carries what describes the
recording and its rights and nothing the page says twice.
"""

from __future__ import annotations

from .records import Clip, iso_duration

CONTEXT = "https://schema.org"


def page_graph(clips: list[Clip], page_url: str, siteurl: str) -> dict:
    """The JSON-LD document of a page: its clips' AudioObjects under one ``@context``."""
    return {"@context": CONTEXT, "@graph": [audio_object(c, page_url, siteurl) for c in clips]}


def audio_object(clip: Clip, page_url: str, siteurl: str) -> dict:
    """One AudioObject, with licence, duration and credits (no ``@context``: see page_graph).

    The description is left out: it is the visible text beside the player, and repeating it here
    would cost every reader a few kilobytes for the benefit of crawlers that read the page anyway.
    So is the composition's name, which is the clip's title again: the composition is what the
    recording is ``about``, named by the recording.
    """
    data: dict = {
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
            "composer": {"@type": "Person", "name": clip.composer},
        }
        if clip.composed:
            work["dateCreated"] = clip.composed
        if clip.composition_license:
            work["license"] = clip.composition_license.url
        data["about"] = work
    return data
