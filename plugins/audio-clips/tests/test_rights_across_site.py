"""Licence facts cannot contradict each other (issue 21): one recording has one licence and one
set of credits on the whole site; tags are read whatever their case; the allow-list can be
extended. Each stranger's case of the issue is a test here."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from clipsite import ARTICLE, GOOD_CLIP, write_audio
from mutagen.id3 import ID3, TIT2, TXXX, WCOP

from pelican.plugins.audio_clips.errors import ClipError
from pelican.plugins.audio_clips.media import probe
from pelican.plugins.audio_clips.settings import DEFAULT_LICENSES, load


def other_article(site, slug: str, front: str, folder: str = "") -> None:
    text = ARTICLE.format(front=front.strip()).replace("slug: essay", f"slug: {slug}")
    (site.content / folder / f"{slug}.md").parent.mkdir(parents=True, exist_ok=True)
    (site.content / folder / f"{slug}.md").write_text(text, encoding="utf-8")


def line_of(path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


CC_BY = GOOD_CLIP.replace("license: CC0-1.0", "license: CC-BY-4.0\n    source: https://x.org/r")


def test_one_file_cc0_in_one_article_and_cc_by_in_another_is_an_error_naming_both(site, errors):
    site.audio("clips/rag.opus")
    first = site.article(GOOD_CLIP)
    other_article(site, "again", CC_BY)
    failed = site.build()
    assert failed is not None, "a strict build fails"
    second = site.content / "again.md"
    here = f"again.md:{line_of(second, 'license: CC-BY-4.0')}"
    there = f"essay.md:{line_of(first, 'license: CC0-1.0')}"
    found = [e for e in errors() if "CC-BY-4.0" in e and "CC0-1.0" in e]
    assert len(found) == 1, errors()
    assert here in found[0] and there in found[0], found[0]
    assert "clip 'rag'" in found[0] and "clips/rag.opus" in found[0]


def test_an_article_and_a_page_that_disagree_on_the_performer_are_an_error(site, errors):
    site.audio("clips/rag.opus")
    site.article(
        GOOD_CLIP.replace("composer: Scott Joplin", "composer: Scott Joplin\n    performer: Ann")
    )
    other_article(
        site,
        "about",
        GOOD_CLIP.replace("composer: Scott Joplin", "composer: Scott Joplin\n    performer: Bob"),
        folder="pages",
    )
    assert site.build() is not None
    found = [e for e in errors() if "performer" in e and "'Ann'" in e and "'Bob'" in e]
    assert len(found) == 1, errors()
    assert "pages/about.md:" in found[0] and "essay.md:" in found[0]


def test_not_strict_the_conflict_is_logged_and_the_site_still_served(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    other_article(site, "again", CC_BY)
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    assert any("CC-BY-4.0" in e and "CC0-1.0" in e for e in errors()), errors()
    credits = BeautifulSoup(site.page("credits/index.html"), "html5lib")
    licences = [a.get_text() for a in credits.find_all("a", rel="license")]
    assert len(licences) == 1, licences  # the recording is listed once


def test_the_same_facts_in_two_articles_are_fine(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    other_article(site, "again", GOOD_CLIP.replace("A bright piano tune", "Another description"))
    assert site.build() is None, errors()


def test_ffmpeg_style_lower_case_txxx_licence_is_read(tmp_path):
    path = write_audio(tmp_path / "t.mp3", 1.0)
    id3 = ID3()
    id3.add(TIT2(encoding=3, text="Gallop"))
    id3.add(TXXX(encoding=3, desc="license", text="CC0-1.0"))
    id3.add(TXXX(encoding=3, desc="Composition_License", text="public-domain"))
    id3.save(path)
    tags = probe(path).tags
    assert tags["license"] == "CC0-1.0"
    assert tags["composition_license"] == "public-domain"


def test_id3_wcop_is_read_as_the_licence_url(tmp_path):
    path = write_audio(tmp_path / "t.mp3", 1.0)
    id3 = ID3()
    id3.add(WCOP(url="https://creativecommons.org/licenses/by/4.0/"))
    id3.save(path)
    assert probe(path).tags["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_vorbis_comments_in_any_case_are_read(tmp_path):
    from mutagen.oggopus import OggOpus

    path = write_audio(tmp_path / "t.opus", 1.0)
    audio = OggOpus(path)
    audio["License"] = "CC0-1.0"
    audio["tItLe"] = "Mixed"
    audio.save()
    tags = probe(path).tags
    assert tags["license"] == "CC0-1.0"
    assert tags["title"] == "Mixed"


EXTRA = {
    "CC-BY-2.0": {
        "name": "Creative Commons Attribution 2.0 Generic",
        "url": "https://creativecommons.org/licenses/by/2.0/",
        "attribution": True,
    }
}


def test_extra_licences_extend_the_default_allow_list(tmp_path):
    config = load({"PATH": str(tmp_path / "c"), "AUDIO_CLIPS_EXTRA_LICENSES": EXTRA})
    assert set(config.licenses) == {*DEFAULT_LICENSES, "CC-BY-2.0"}
    assert config.licenses["CC-BY-2.0"].attribution is True


def test_licenses_replaces_the_allow_list(tmp_path):
    config = load({"PATH": str(tmp_path / "c"), "AUDIO_CLIPS_LICENSES": EXTRA})
    assert set(config.licenses) == {"CC-BY-2.0"}
    both = load(
        {
            "PATH": str(tmp_path / "c"),
            "AUDIO_CLIPS_LICENSES": {"CC0-1.0": DEFAULT_LICENSES["CC0-1.0"]},
            "AUDIO_CLIPS_EXTRA_LICENSES": EXTRA,
        }
    )
    assert set(both.licenses) == {"CC0-1.0", "CC-BY-2.0"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["CC-BY-2.0"], "must be a mapping of licence id to its details"),
        ({"CC-BY-2.0": {"name": "x"}}, "entry 'CC-BY-2.0' needs name, url and attribution"),
        ({"CC0-1.0": DEFAULT_LICENSES["CC0-1.0"]}, "'CC0-1.0' is already allowed"),
        (
            {"CC-BY-2.0": {**EXTRA["CC-BY-2.0"], "attribution": "yes"}},
            "'attribution' of 'CC-BY-2.0' must be True or False",
        ),
        (
            {"CC-BY-2.0": {**EXTRA["CC-BY-2.0"], "atribution": True}},
            "did you mean 'attribution'?",
        ),
    ],
)
def test_a_bad_extra_licence_is_a_clear_error(tmp_path, value, expected):
    with pytest.raises(ClipError) as error:
        load({"PATH": str(tmp_path / "c"), "AUDIO_CLIPS_EXTRA_LICENSES": value})
    text = str(error.value)
    assert "AUDIO_CLIPS_EXTRA_LICENSES" in text and expected in text, text


def test_a_clip_under_an_extra_licence_builds(site, errors):
    site.audio("clips/rag.opus")
    site.article(CC_BY.replace("CC-BY-4.0", "CC-BY-2.0"))
    assert site.build(AUDIO_CLIPS_EXTRA_LICENSES=EXTRA) is None, errors()
    assert "https://creativecommons.org/licenses/by/2.0/" in site.page()


def translation(site, front: str) -> None:
    text = ARTICLE.format(front=front.strip()).replace(
        "date: 2026-11-25", "date: 2026-11-25\nlang: fr"
    )
    (site.content / "essay-fr.md").write_text(text, encoding="utf-8")


def test_a_translation_may_translate_the_title_but_not_change_the_licence(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    translation(site, GOOD_CLIP.replace("title: A rag", "title: Un rag"))
    assert site.build() is None, errors()
    translation(site, CC_BY.replace("title: A rag", "title: Un rag"))
    assert site.build() is not None
    found = [e for e in errors() if "the recording 'clips/rag.opus'" in e]
    assert len(found) == 1 and "license" in found[0] and "title" not in found[0], found


def test_a_wcop_deed_url_gives_the_clip_its_licence(tmp_path):
    from pelican.plugins.audio_clips.assemble import build_clips
    from pelican.plugins.audio_clips.media import ProbeCache

    path = write_audio(tmp_path / "media" / "clips" / "w.mp3", 1.0)
    id3 = ID3()
    id3.add(TIT2(encoding=3, text="Gallop"))
    id3.add(WCOP(url="https://creativecommons.org/licenses/by/4.0/"))
    id3.save(path)
    config = load({"PATH": str(tmp_path / "content")})
    raw = [
        {
            "src": "clips/w.mp3",
            "section": "s",
            "description": "x",
            "performer": "P",
            "source": "https://example.org/w",
        }
    ]
    outcome = build_clips(raw, path="a.md", config=config, headings=["s"], cache=ProbeCache(None))
    assert not outcome.problems, [str(p) for p in outcome.problems]
    (clip,) = outcome.clips
    assert clip.license.id == "CC-BY-4.0" and clip.title == "Gallop"


def test_a_default_licence_left_out_by_licenses_says_why(tmp_path):
    from pelican.plugins.audio_clips.fields import license_id

    config = load({"PATH": str(tmp_path / "c"), "AUDIO_CLIPS_LICENSES": EXTRA})
    with pytest.raises(ClipError) as error:
        license_id("CC0-1.0", config, "license")
    assert "AUDIO_CLIPS_LICENSES replaces the default list" in error.value.fix
    assert "AUDIO_CLIPS_EXTRA_LICENSES adds" in error.value.fix
    with pytest.raises(ClipError) as error:
        license_id("CC-BY-NC-4.0", load({"PATH": str(tmp_path / "c")}), "license")
    assert "AUDIO_CLIPS" not in error.value.fix


def test_a_conflict_names_the_file_each_clip_was_written_in(tmp_path):
    """A clip listed outside its article (a sidecar file) is placed in that file."""
    from pelican.plugins.audio_clips import frontmatter
    from pelican.plugins.audio_clips.assemble import build_clips
    from pelican.plugins.audio_clips.consistency import conflicts
    from pelican.plugins.audio_clips.media import ProbeCache

    write_audio(tmp_path / "media" / "clips" / "rag.opus", 1.0)
    config = load({"PATH": str(tmp_path / "content")})

    def clips(shown: str, licence: str):
        text = (
            "---\nclips:\n  - src: clips/rag.opus\n    section: s\n    title: R\n"
            f"    description: x\n    license: {licence}\n    source: https://x.org\n"
            "    performer: P\n---\n"
        )
        parsed = frontmatter.split(text, shown)
        return build_clips(
            parsed.data["clips"],
            path=shown,
            config=config,
            headings=["s"],
            cache=ProbeCache(None),
            front_matter=parsed,
        ).clips

    (problem,) = conflicts(
        [
            ("content/a.rst", clips("content/a.clips.yaml", "CC0-1.0"), None),
            ("content/b.md", clips("content/b.md", "CC-BY-4.0"), None),
        ]
    )
    assert str(problem).startswith("content/b.md:7: clip 'rag' (1st): license: ")
    assert "'CC0-1.0' at content/a.clips.yaml:7 (clip 'rag' (1st))" in str(problem)
