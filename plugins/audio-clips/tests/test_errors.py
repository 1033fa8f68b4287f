"""Bad input: every class of mistake fails the build with a message naming file, clip and field."""

from __future__ import annotations

import pytest
from clipsite import GOOD_CLIP


def build_expecting_failure(site, errors):
    failed = site.build()
    assert failed is not None, "a strict build with a bad clip must fail"
    assert failed.code == 1
    return errors()


def test_bad_licence_names_file_clip_field_and_fix(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP.replace("license: CC0-1.0", "license: CC-BY-NC-4.0"))
    messages = build_expecting_failure(site, errors)
    problem = next(m for m in messages if "license" in m)
    assert problem.startswith("content/essay.md:")
    assert "clip 'rag' (1st): license: 'CC-BY-NC-4.0' is not allowed here" in problem
    assert "allowed: CC0-1.0" in problem
    # The line number points at the licence in the front matter.
    line = int(problem.split(":")[1])
    assert (
        (site.content / "essay.md")
        .read_text()
        .splitlines()[line - 1]
        .strip()
        .startswith("license:")
    )


def test_invalid_yaml_fails_naming_the_file_and_line(site, errors):
    site.article("clips: [unclosed\ntitle: x")
    messages = build_expecting_failure(site, errors)
    assert any(m.startswith("content/essay.md:") and "not valid YAML" in m for m in messages)


def test_unterminated_front_matter_is_an_error(site, errors):
    site.article("", body="---\ntitle: No end\nclips:\n\nSome text.\n")
    messages = build_expecting_failure(site, errors)
    assert any("never ends" in m for m in messages)


def test_valid_articles_are_still_written_when_another_fails(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    bad = GOOD_CLIP.replace("section: silent-era", "section: silent-eta")
    site.article(bad, name="bad.md")
    (site.content / "bad.md").write_text(
        (site.content / "bad.md").read_text().replace("slug: essay", "slug: bad")
    )
    messages = build_expecting_failure(site, errors)
    assert any("did you mean 'silent-era'?" in m for m in messages)
    assert (site.output / "essay" / "index.html").is_file()
    assert not (site.output / "bad" / "index.html").exists()


def test_all_problems_of_the_site_are_reported_in_one_run(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP.replace("license: CC0-1.0", "lisence: CC0-1.0"))
    other = GOOD_CLIP.replace("src: clips/rag.opus", "src: clips/missing.opus")
    site.article(other.replace("clips:", "clips:", 1), name="b.md")
    (site.content / "b.md").write_text(
        (site.content / "b.md").read_text().replace("slug: essay", "slug: b")
    )
    messages = build_expecting_failure(site, errors)
    assert any(
        "content/essay.md" in m and "lisence: unknown key" in m and "did you mean 'license'?" in m
        for m in messages
    )
    assert any("content/b.md" in m and "missing.opus' not found" in m for m in messages)


def test_lenient_mode_keeps_serving(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP.replace("section: silent-era", "section: nowhere"))
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    assert any("nowhere" in m for m in errors())


def test_misconfiguration_stops_at_start(site, errors):
    from pelican import Pelican

    from pelican.plugins.audio_clips.errors import BuildFailed

    with pytest.raises(BuildFailed):
        Pelican(site.settings(AUDIO_CLIPS_FORMATS=["opus", "mp4x"], AUDIO_CLIPS_STRCT=True))
    messages = errors()
    assert any("AUDIO_CLIPS_FORMATS" in m and "mp4x" in m for m in messages)
    assert any(
        "AUDIO_CLIPS_STRCT" in m and "did you mean 'AUDIO_CLIPS_STRICT'" in m for m in messages
    )


def test_article_without_title_fails_the_build(site, errors):
    site.article("", body="---\ndate: 2026-01-01\n---\n\nNo title here.\n")
    failed = site.build()
    assert failed is not None
