"""The clips in the site's feeds (enclosures), and the credits page's URL for a theme's menu: both
come from this package, on any theme, with nothing else installed."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from clipsite import GOOD_CLIP, Site
from feedgenerator import Atom1Feed, Rss201rev2Feed

from pelican.plugins.audio_clips.feeds import add_enclosures
from pelican.plugins.audio_clips.licenses import License
from pelican.plugins.audio_clips.records import AudioInfo, Clip, Source

ATOM = "{http://www.w3.org/2005/Atom}"
SECOND_CLIP = """\
  - src: clips/tune.wav
    section: coming-of-sound
    title: A tune
    license: CC0-1.0
    description: A steady tone.
"""


def record(stem: str) -> Clip:
    info = AudioInfo(duration=3.0, codec="opus", bitrate=0, sample_rate=48000, channels=1)
    licence = License("CC0-1.0", "CC0", "https://creativecommons.org/publicdomain/zero/1.0/", False)

    def source(name, mime, size):
        return Source(f"clips/{name}", f"{{filename}}/@audio_clips/clips/{name}", f"media/clips/{name}", mime, size, info)  # fmt: skip

    return Clip(
        id=stem,
        number=1,
        section="s",
        title=stem,
        license=licence,
        description="d",
        sources=(source(f"{stem}.opus", "audio/ogg", 10), source(f"{stem}.mp3", "audio/mpeg", 20)),
        duration=3.0,
    )


class _Article:
    def __init__(self, url: str, clips):
        self.url, self.clips = url, clips


def feed_with_enclosures(feed_class, plugins=("audio_clips",)):
    feed = feed_class(title="t", link="https://x.org/r/", description="d")
    for slug in ("essay", "plain", "foreign"):
        feed.add_item(title=slug, link=f"https://x.org/r/{slug}/?ref=feed", description="")
    context = {
        "SITEURL": "https://x.org/r",
        "PLUGINS": list(plugins),
        "articles": [
            _Article("essay/", (record("a"), record("b"))),
            _Article("plain/", None),
            _Article("foreign/", "not clip records"),  # another plugin's ``clips``
        ],
    }
    add_enclosures(context, feed)
    return [[(e.url, e.length, e.mime_type) for e in item["enclosures"]] for item in feed.items]


def test_atom_entries_get_one_enclosure_per_clip_rss_the_first():
    a = ("https://x.org/r/media/clips/a.mp3", "20", "audio/mpeg")
    b = ("https://x.org/r/media/clips/b.mp3", "20", "audio/mpeg")
    assert feed_with_enclosures(Atom1Feed) == [[a, b], [], []]
    assert feed_with_enclosures(Rss201rev2Feed) == [[a], [], []]
    assert feed_with_enclosures(Atom1Feed, plugins=()) == [[], [], []]


@pytest.fixture
def two_clips(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path, theme="notmyidea")
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    site.audio("clips/tune.wav")
    site.article(GOOD_CLIP + SECOND_CLIP)
    return site


def test_a_real_build_puts_each_clip_in_the_atom_and_rss_feeds(two_clips):
    """Pelican's own feeds, written with the plugin alone: no other plugin is needed."""
    assert (
        two_clips.build(
            SITEURL="https://example.org/blog",
            FEED_DOMAIN="https://example.org/blog",
            FEED_ALL_ATOM="feeds/all.atom.xml",
            FEED_ALL_RSS="feeds/all.rss.xml",
        )
        is None
    )
    atom = ElementTree.parse(two_clips.output / "feeds" / "all.atom.xml").getroot()
    (entry,) = atom.iter(f"{ATOM}entry")
    enclosures = [
        (link.get("href"), link.get("type"), int(link.get("length")))
        for link in entry.iter(f"{ATOM}link")
        if link.get("rel") == "enclosure"
    ]
    media = two_clips.output / "media" / "clips"
    assert enclosures == [
        ("https://example.org/blog/media/clips/rag.mp3", "audio/mpeg", (media / "rag.mp3").stat().st_size),
        ("https://example.org/blog/media/clips/tune.wav", "audio/wav", (media / "tune.wav").stat().st_size),
    ]  # fmt: skip
    rss = ElementTree.parse(two_clips.output / "feeds" / "all.rss.xml").getroot()
    (item,) = rss.iter("item")
    assert [e.get("url") for e in item.iter("enclosure")] == [
        "https://example.org/blog/media/clips/rag.mp3"
    ]


def test_the_credits_url_is_in_every_templates_context(two_clips):
    """README, "A link to the credits page": one template line (here a template page stands in
    for a theme's menu) and the MENUITEMS setting both reach the credits page."""
    (two_clips.content / "menu.html").write_text(
        '{% if audio_clips_credits_url %}<a href="{{ SITEURL }}/{{ audio_clips_credits_url }}">'
        "Credits</a>{% endif %}",
        encoding="utf-8",
    )
    assert (
        two_clips.build(
            SITEURL="https://example.org/blog",
            TEMPLATE_PAGES={"menu.html": "menu.html"},
            MENUITEMS=[("Credits", "https://example.org/blog/credits/")],
            IGNORE_FILES=["menu.html"],
        )
        is None
    )
    menu = (two_clips.output / "menu.html").read_text(encoding="utf-8")
    assert menu == '<a href="https://example.org/blog/credits/">Credits</a>'
    assert (two_clips.output / "credits" / "index.html").is_file()
    page = BeautifulSoup(two_clips.page(), "html.parser")
    assert (
        page.select_one("nav a[href='https://example.org/blog/credits/']").get_text() == "Credits"
    )


def test_no_credits_url_without_a_credits_page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path, theme="simple")
    site.article("")
    (site.content / "menu.html").write_text(
        "[{{ audio_clips_credits_url|default('none') }}]", encoding="utf-8"
    )
    assert site.build(TEMPLATE_PAGES={"menu.html": "menu.html"}, IGNORE_FILES=["menu.html"]) is None
    assert (site.output / "menu.html").read_text(encoding="utf-8") == "[none]"
    assert not (site.output / "credits").exists()
