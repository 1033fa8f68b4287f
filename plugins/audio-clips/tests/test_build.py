"""Real Pelican builds into tmp_path, checked with a real HTML parser."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup
from clipsite import GOOD_CLIP


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html5lib")


def section_of(figure) -> str:
    """Id of the nearest heading before the figure."""
    heading = figure.find_previous(["h1", "h2", "h3", "h4", "h5", "h6"])
    return heading.get("id", "")


def test_plugin_is_registered_and_ran(site):
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    site.article(GOOD_CLIP)
    settings = site.settings()
    from pelican import Pelican

    pelican = Pelican(settings)
    assert "pelican.plugins.audio_clips" in pelican.settings["PLUGINS"]
    pelican.run()
    assert soup(site.page()).select("figure.clip")


def test_clip_sits_at_end_of_its_section_with_all_sources(site):
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    site.audio("clips/other.wav")
    site.article(
        GOOD_CLIP
        + """\
  - src: clips/other.wav
    section: coming-of-sound
    title: Other
    license: CC0-1.0
    description: A steady tone.
"""
    )
    assert site.build() is None
    page = soup(site.page())
    figures = page.select("figure.clip")
    assert [f["id"] for f in figures] == ["clip-rag", "clip-other"]
    rag, other = figures
    # End of the silent-era section: after its ### subsection, before the next ##.
    assert section_of(rag) == "cue-sheets"
    assert rag.find_next(["h2"])["id"] == "coming-of-sound"
    assert section_of(other) == "coming-of-sound"
    sources = rag.select("audio > source")
    assert [s["type"].split(";")[0] for s in sources] == ["audio/ogg", "audio/mpeg"]
    for source in [*sources, *other.select("audio > source")]:
        assert (site.output / source["src"].lstrip("/")).is_file(), source["src"]
    audio = rag.find("audio")
    assert audio.has_attr("controls")
    assert audio["preload"] == "none"
    assert float(rag["data-duration"]) == __import__("pytest").approx(3.0, abs=0.1)


def test_caption_carries_title_licence_and_credits_escaped(site):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    assert site.build() is None
    html = site.page()
    figure = soup(html).select_one("figure.clip")
    caption = figure.find("figcaption")
    text = caption.get_text(" ", strip=True)
    assert "A rag" in text
    assert "Scott Joplin" in text
    assert "0:03" in text
    license_link = caption.find("a", rel="license")
    assert license_link["href"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert "A bright piano tune" in text
    assert caption.find("em").get_text() == "piano"
    assert "<script>alert(1)" not in html
    # Each moment's exact time, as every theme writes it: <time datetime="PT1S"> in the list.
    moments = caption.select("ol li > time[datetime]")
    assert [m["datetime"] for m in moments] == ["PT1S", "PT2S"]


def test_jsonld_describes_each_clip_with_absolute_urls(site):
    """The data the article template renders with |tojson (the theme's test checks the markup)."""
    from pelican import signals

    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    seen = []

    def grab(generator, writer):
        seen.extend(a.clips_jsonld for a in generator.articles)

    signals.article_writer_finalized.connect(grab)
    try:
        assert site.build(SITEURL="https://example.org/sub") is None
    finally:
        signals.article_writer_finalized.disconnect(grab)
    [document] = seen
    assert document["@context"] == "https://schema.org"
    [audio] = document["@graph"]
    assert "@context" not in audio  # one for the page, not one per clip
    assert audio["@type"] == "AudioObject"
    assert audio["name"] == "A rag"
    assert audio["@id"] == "https://example.org/sub/essay/#clip-rag"
    assert audio["contentUrl"] == "https://example.org/sub/media/clips/rag.opus"
    assert audio["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert audio["duration"] == "PT3S"
    assert audio["encodingFormat"] == "audio/ogg"
    assert audio["about"] == {
        "@type": "MusicComposition",
        "composer": {"@type": "Person", "name": "Scott Joplin"},
        "dateCreated": "1899",
        "license": "https://creativecommons.org/publicdomain/mark/1.0/",
    }


def test_credits_page_links_back_to_each_use(site):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    assert site.build() is None
    credits = soup(site.page("credits/index.html"))
    link = credits.find("a", href=lambda h: h and h.endswith("essay/#clip-rag"))
    assert link is not None
    assert credits.find("a", rel="license") is not None


def test_tags_fill_missing_fields(site):
    site.audio(
        "clips/tagged.opus",
        tags={"title": "From the tags", "license": "CC0-1.0", "composer": "Tag Composer"},
    )
    site.article("""
        clips:
          - src: clips/tagged.opus
            section: silent-era
            description: A tone.
    """)
    assert site.build() is None
    text = soup(site.page()).select_one("figure.clip figcaption").get_text(" ", strip=True)
    assert "From the tags" in text
    assert "Tag Composer" in text


def test_front_matter_wins_over_tags_with_a_warning(site, errors):
    import logging

    site.audio("clips/tagged.opus", tags={"title": "Tag title", "license": "CC0-1.0"})
    site.article("""
        clips:
          - src: clips/tagged.opus
            section: silent-era
            title: Front title
            description: A tone.
    """)
    assert site.build() is None
    assert "Front title" in site.page()
    warnings = errors(logging.WARNING)
    assert any("title" in w and "Front title" in w and "Tag title" in w for w in warnings)


def test_two_articles_may_share_a_clip(site):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    second = (site.content / "essay.md").read_text().replace("slug: essay", "slug: second")
    (site.content / "second.md").write_text(second)
    assert site.build() is None
    assert soup(site.page("second/index.html")).select_one("#clip-rag")
    assert soup(site.page()).select_one("#clip-rag")


def test_clip_in_draft_article_is_validated_and_placed(site):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP + "status: draft\n")
    assert site.build() is None
    assert soup(site.page("drafts/essay.html")).select_one("#clip-rag")


def test_rebuild_probes_no_unchanged_file(site):
    from pelican.plugins.audio_clips.media import ProbeCache

    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    site.article(GOOD_CLIP)
    assert site.build() is None
    cache = ProbeCache(str(site.root / "cache" / "audio_clips"))
    path = site.media / "clips" / "rag.opus"
    cache.get(path)
    assert cache.probed == 0  # served from the file the first build wrote
    path.write_bytes(path.read_bytes())  # same bytes, new mtime: must be read again
    import os

    os.utime(path, ns=(1, 1))
    cache.get(path)
    assert cache.probed == 1


def test_share_alike_clips_are_labelled_in_caption_and_credits(site):
    site.audio("clips/sa.opus")
    site.article("""
        clips:
          - src: clips/sa.opus
            section: silent-era
            title: Excerpt
            performer: A Composer
            source: https://example.org/track
            license: CC-BY-SA-4.0
            description: Strings.
    """)
    assert site.build() is None
    caption = soup(site.page()).select_one("#clip-sa figcaption").get_text(" ", strip=True)
    assert "share-alike" in caption.lower()
    credits = soup(site.page("credits/index.html")).get_text(" ", strip=True)
    assert "share-alike" in credits.lower()


def test_clip_on_a_page_and_on_a_hidden_article_is_placed(site):
    site.audio("clips/rag.opus")
    (site.content / "pages").mkdir()
    site.article(GOOD_CLIP, name="pages/about.md")
    page = (site.content / "pages" / "about.md").read_text().replace("slug: essay", "slug: about")
    (site.content / "pages" / "about.md").write_text(page)
    site.article(GOOD_CLIP + "status: hidden\n")
    assert site.build() is None
    assert soup(site.page("about/index.html")).select_one("#clip-rag audio")
    assert soup(site.page()).select_one("#clip-rag audio")


def test_a_later_build_in_the_same_process_without_the_plugin_is_left_alone(site):
    """Pelican's signals belong to the process; a build that does not list the plugin (after
    ``--autoreload`` picks up a settings change, say) gets no clips, no credits page, no checks."""
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    assert site.build() is None
    assert 'id="clip-rag"' in site.page()
    shutil.rmtree(site.output)
    # Pelican's own theme: ours expects clip records, which only the plugin makes.
    plain = {"PLUGINS": ["yaml_metadata"], "THEME": "simple", "AUDIO_CLIPS_STRICT": "not a bool"}
    assert site.build(**plain) is None
    assert 'id="clip-rag"' not in site.page()
    assert not (site.output / "credits").exists()
    assert not (site.output / "media").exists()
