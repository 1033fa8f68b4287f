"""What the plugin reads from media/ is bounded by settings; settings that name folders stay in the
output; published files are copies that cannot reach back into media/; small holes in author
text and credits are closed; each with the message an author sees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from clipsite import ARTICLE, BASE, GOOD_CLIP, write_audio

from pelican.plugins.audio_clips import settings as plugin_settings
from pelican.plugins.audio_clips.assemble import build_clips
from pelican.plugins.audio_clips.errors import ClipError
from pelican.plugins.audio_clips.fields import MAX_TEXT
from pelican.plugins.audio_clips.media import ProbeCache, check_source

HEADINGS = ["silent-era", "cue-sheets", "coming-of-sound"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("limits")
    (root / "content").mkdir()
    (root / "media" / "sources").mkdir(parents=True)
    (root / "media" / "sources" / "rag.yaml").write_text("notes: c d e\n")
    write_audio(root / "media" / "clips" / "rag.opus", 3.0)
    write_audio(
        root / "media" / "clips" / "long-tag.opus", 3.0, tags={"title": "t" * (MAX_TEXT + 1)}
    )
    write_audio(root / "media" / "clips" / "full-tag.opus", 3.0, tags={"title": "t" * MAX_TEXT})
    return root


def run(root, raw, **settings):
    config = plugin_settings.load({"PATH": str(root / "content"), **settings})
    return build_clips(
        [raw], path="content/essay.md", config=config, headings=HEADINGS, cache=ProbeCache(None)
    )


def messages(outcome) -> list[str]:
    return [str(p) for p in outcome.problems]


# --- settings that name folders stay inside the output ---------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("AUDIO_CLIPS_OUTPUT_DIR", "../escaped"),
        ("AUDIO_CLIPS_OUTPUT_DIR", "../media"),
        ("AUDIO_CLIPS_OUTPUT_DIR", "a/../../x"),
        ("AUDIO_CLIPS_OUTPUT_DIR", "C:/site/media"),
        ("AUDIO_CLIPS_OUTPUT_DIR", "media\\clips"),
        ("AUDIO_CLIPS_OUTPUT_DIR", "media\x00"),
        ("AUDIO_CLIPS_CREDITS_SAVE_AS", "../credits.html"),
        ("AUDIO_CLIPS_CREDITS_SAVE_AS", "/etc/credits.html"),
    ],
)
def test_folder_settings_that_leave_the_output_are_refused(tmp_path, key, value):
    with pytest.raises(ClipError) as error:
        plugin_settings.load({"PATH": str(tmp_path / "content"), key: value})
    problem = next(p for p in error.value.problems if p.field == key)
    assert "output" in problem.message or "absolute" in problem.message or value[:5] in str(problem)
    assert "inside the output" in problem.fix


@pytest.mark.parametrize("value", ["media", "/media/", "assets/audio", "./media", "a..b"])
def test_folder_settings_inside_the_output_are_kept(tmp_path, value):
    config = plugin_settings.load({"PATH": str(tmp_path / "c"), "AUDIO_CLIPS_OUTPUT_DIR": value})
    assert config.output_dir == value.strip("/")


def test_escaping_output_dir_stops_the_build_before_anything_is_written(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    failed = site.build(AUDIO_CLIPS_OUTPUT_DIR="../escaped")
    assert failed is not None and failed.code == 1
    assert not (site.root / "escaped").exists()
    assert any("AUDIO_CLIPS_OUTPUT_DIR" in line and "../escaped" in line for line in errors())


# --- limits are settings --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("AUDIO_CLIPS_MAX_FILE_SIZE", 0),
        ("AUDIO_CLIPS_MAX_FILE_SIZE", -1),
        ("AUDIO_CLIPS_MAX_FILE_SIZE", "32 MB"),
        ("AUDIO_CLIPS_MAX_FILE_SIZE", True),
        ("AUDIO_CLIPS_MAX_FILE_SIZE", 1.5),
        ("AUDIO_CLIPS_MAX_SIDECAR_SIZE", 0),
        ("AUDIO_CLIPS_MAX_PEAKS", None),
    ],
)
def test_limit_settings_must_be_positive_whole_numbers(tmp_path, key, value):
    with pytest.raises(ClipError) as error:
        plugin_settings.load({"PATH": str(tmp_path / "c"), key: value})
    assert error.value.problems[0].field == key
    assert "whole number" in error.value.message


def test_limits_have_documented_defaults(tmp_path):
    limits = plugin_settings.load({"PATH": str(tmp_path / "c")}).limits
    assert limits.max_file_size == 32 * 1024 * 1024
    assert limits.max_sidecar_size == 256 * 1024
    assert limits.max_peaks == 2000
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for key in (
        "AUDIO_CLIPS_MAX_FILE_SIZE",
        "AUDIO_CLIPS_MAX_SIDECAR_SIZE",
        "AUDIO_CLIPS_MAX_PEAKS",
    ):
        assert f"`{key}`" in readme, f"{key} is not documented in the plugin's README"


def test_file_size_limit_is_a_setting(project):
    size = (project / "media" / "clips" / "rag.opus").stat().st_size
    assert run(project, BASE, AUDIO_CLIPS_MAX_FILE_SIZE=size).clips
    outcome = run(project, BASE, AUDIO_CLIPS_MAX_FILE_SIZE=size - 1)
    assert not outcome.clips
    assert "AUDIO_CLIPS_MAX_FILE_SIZE" in messages(outcome)[0]
    assert outcome.problems[0].field == "src"


def test_peaks_and_sidecar_limits_are_settings(project):
    peaks = project / "media" / "clips" / "rag.peaks.json"
    peaks.write_text('{"peaks": [0.1, 0.2, 0.3]}')
    try:
        assert run(project, BASE).clips[0].waveform.peaks == (0.1, 0.2, 0.3)
        few = run(project, BASE, AUDIO_CLIPS_MAX_PEAKS=2)
        assert "has 3 values; the limit is 2 (AUDIO_CLIPS_MAX_PEAKS)" in messages(few)[0]
        small = run(project, BASE, AUDIO_CLIPS_MAX_SIDECAR_SIZE=10)
        assert "AUDIO_CLIPS_MAX_SIDECAR_SIZE" in messages(small)[0]
    finally:
        peaks.unlink()


def test_tag_values_share_the_front_matter_limit(project):
    assert run(project, dict(BASE, src="clips/full-tag.opus")).clips
    outcome = run(project, dict(BASE, src="clips/long-tag.opus"))
    assert not outcome.clips
    assert f"is {MAX_TEXT + 1} characters long" in messages(outcome)[0]


def test_a_cached_file_is_held_to_lower_limits_too(project, tmp_path):
    cache = ProbeCache(str(tmp_path))
    path = project / "media" / "clips" / "rag.opus"
    cache.get(path)
    cache.flush()
    again = ProbeCache(str(tmp_path))
    with pytest.raises(ClipError, match="AUDIO_CLIPS_MAX_FILE_SIZE"):
        again.get(path, limits=plugin_settings.Limits(max_file_size=10))
    assert again.probed == 0


# --- published files are copies -------------------------------------------------------------


def test_writing_into_the_output_cannot_change_the_media(site):
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    site.article(GOOD_CLIP)
    assert site.build() is None
    for name in ("rag.opus", "rag.mp3"):
        source = site.media / "clips" / name
        published = site.output / "media" / "clips" / name
        before = source.read_bytes()
        assert published.read_bytes() == before
        assert not os.path.samefile(source, published)
        with published.open("ab") as handle:
            handle.write(b"x")
        assert source.read_bytes() == before


def test_unchanged_files_are_not_copied_again_and_old_hard_links_are_replaced(site):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    assert site.build() is None
    published = site.output / "media" / "clips" / "rag.opus"
    first = published.stat()
    assert site.build() is None
    again = published.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)  # fast path
    published.unlink()
    os.link(site.media / "clips" / "rag.opus", published)  # what an older build left
    assert site.build() is None
    assert not os.path.samefile(site.media / "clips" / "rag.opus", published)


def test_unwritable_media_folder_is_one_clear_line(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    site.output.mkdir()
    (site.output / "media").write_text("a file where the media folder goes")
    failed = site.build()
    assert failed is not None and failed.code == 1
    lines = [line for line in errors() if "cannot write" in line]
    assert len(lines) == 1 and "output folder is writable" in lines[0]
    assert not any("Traceback" in line for line in errors())


def test_a_page_at_the_credits_address_names_the_setting(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    page = ARTICLE.format(front="").replace("slug: essay", "slug: credits")
    site.article("", name="credits.md", body=page)
    failed = site.build()
    assert failed is not None and failed.code == 1
    lines = [line for line in errors() if "credits page" in line]
    assert lines and "AUDIO_CLIPS_CREDITS_SAVE_AS" in lines[0] and "credits.md" in lines[0]


# --- author text that shows nothing or reads backwards -------------------------------------


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"title": "\u200b"}, "no visible characters"),
        ({"title": "\u200b\u200c\u2060"}, "no visible characters"),
        ({"description": "\u200b \ufeff"}, "no visible characters"),
        ({"title": "Rag \u202etxet"}, "U+202E"),
        ({"title": "\u2066Rag\u2069"}, "U+2066"),
        ({"composer": "Joplin \u202d"}, "U+202D"),
    ],
)
def test_invisible_or_reordering_text_is_refused(project, changes, text):
    outcome = run(project, dict(BASE, **changes))
    assert not outcome.clips
    field = next(iter(changes))
    assert any(p.field == field and text in p.message for p in outcome.problems), messages(outcome)


@pytest.mark.parametrize(
    "title", ["Zero\u200bwidth inside", "\u05e9\u05d9\u05e8 \u200f(Hebrew with a mark)", "Café"]
)
def test_text_with_visible_characters_is_kept(project, title):
    assert run(project, dict(BASE, title=title)).clips[0].title == title


# --- credits that credit no one ------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("-", "does not name a source"),
        ("…", "does not name a source"),
        ("media/sources/missing.yaml", "names no file or folder"),
        ("../outside/rag.yaml", "not a path inside the repository"),
        ("ftp://example.org/rag", "not a web address"),
        ("https://", "not a complete web address"),
        ("http://localhost", "not a complete web address"),
        ("media/sources/rag.yaml", ""),
        ("https://example.org/rag", ""),
        ("The composer's own recording", ""),
    ],
)
def test_attribution_source_must_credit_something(project, source, problem):
    clip = dict(BASE, license="CC-BY-4.0", performer="Us", source=source)
    outcome = run(project, clip)
    assert bool(check_source(source, project)) == bool(problem)
    if problem:
        assert not outcome.clips
        assert any(p.field == "source" and problem in p.message for p in outcome.problems)
    else:
        assert outcome.clips, messages(outcome)


# --- a moment just past the end ------------------------------------------------------------


def test_a_moment_past_the_end_shows_enough_precision(tmp_path):
    (tmp_path / "content").mkdir()
    path = write_audio(tmp_path / "media" / "clips" / "rag.opus", 21.096)
    outcome = run(tmp_path, dict(BASE, listen_for=[{"at": "0:21.1", "text": "the end"}]))
    assert not outcome.clips
    message = messages(outcome)[0]
    duration = ProbeCache(None).get(path).duration
    assert duration < 21.1
    assert f"({duration:.3f} s)" in message, message
    assert "21.10 s" not in message


def test_the_page_shows_the_notice_for_a_refused_tag(site):
    site.audio("clips/rag.opus", tags={"title": "\u202eevil"})
    site.article(GOOD_CLIP)
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    notice = BeautifulSoup(site.page(), "html.parser").find(class_="audio-clip-problem")
    assert notice is not None and "U+202E" in notice.get_text(" ")
