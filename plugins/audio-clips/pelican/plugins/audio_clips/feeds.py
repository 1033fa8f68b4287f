"""The clips as feed enclosures: a feed reader or podcast app can fetch each clip of an entry.

Pelican sends ``feed_generated`` once a feed holds its entries and before it is written. Each
entry whose article has clips gets one enclosure per clip (Atom allows several) or the first
clip's only (RSS allows one): the clip's last, most widely playable format (MP3 when there is
one), with its size in bytes and its type, at an absolute URL, since a feed is read away from
the site.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from feedgenerator import Enclosure, Rss201rev2Feed

from .listing import enabled

if TYPE_CHECKING:
    from .records import Clip


def clip_enclosures(clips: Iterable[Clip], siteurl: str) -> list[Enclosure]:
    """One enclosure per clip: its last source, at ``siteurl`` + the file's site-root URL.

    ``Source.href`` is used, never ``Source.url``: that one is a link Pelican resolves only inside
    page content."""
    enclosures = []
    for clip in clips:
        if clip.sources:
            source = clip.sources[-1]
            url = f"{siteurl}/{source.href}"
            enclosures.append(Enclosure(url, str(source.size), source.mime))
    return enclosures


def add_enclosures(context: Mapping[str, object], feed) -> None:
    """Give each entry of ``feed`` the enclosures of its article's clips (``feed_generated``).

    Entries are matched to articles by their link, as Pelican writes it (``SITEURL`` joined with
    the article's URL, with ``?ref=feed`` when ``FEED_APPEND_REF`` is on)."""
    if not enabled(context):
        return
    siteurl = str(context.get("SITEURL") or "").rstrip("/")
    # Only articles with the plugin's records: Pelican makes each ``url`` afresh, which for
    # every article of every feed was most of what the plugin cost a site without clips.
    candidates = [
        article
        for article in [*context.get("articles", ()), *context.get("translations", ())]
        if isinstance(getattr(article, "clips", None), tuple) and article.clips
    ]
    if not candidates:
        return
    from .records import Clip

    by_link = {
        f"{siteurl}/{article.url}": article
        for article in candidates
        if all(isinstance(c, Clip) for c in article.clips)
    }
    if not by_link:
        return
    for item in feed.items:
        article = by_link.get(str(item.get("link", "")).split("?", 1)[0])
        if article is None:
            continue  # no article of ours
        enclosures = clip_enclosures(article.clips, siteurl)
        if isinstance(feed, Rss201rev2Feed):
            enclosures = enclosures[:1]
        item["enclosures"] = [*item.get("enclosures", ()), *enclosures]
