"""bench/bench_build.py: the synthetic site is what the issue asks for, and the benchmark runs."""

from __future__ import annotations

import re

import bench_build
from pelican.settings import read_settings

from pelican.plugins.audio_clips import frontmatter
from pelican.plugins.audio_clips.check import check_tree
from tests.bench._support import REPO, table_rows


def test_synthetic_article_has_five_sections_five_clips_and_about_800_words(tmp_path):
    stems = bench_build.write_library(tmp_path / "media", 6, seconds=1.0)
    path = tmp_path / "article.md"
    bench_build.write_article(path, 7, stems)
    parsed = frontmatter.split(path.read_text(encoding="utf-8"), str(path))
    clips = parsed.data["clips"]
    sections = re.findall(r"^## .* \{#([\w-]+)\}$", parsed.body, re.MULTILINE)
    assert len(sections) == bench_build.SECTIONS == 5
    assert len(clips) == bench_build.CLIPS_PER_ARTICLE == 5
    assert sorted(clip["section"] for clip in clips) == sorted(sections)
    assert len({clip["src"] for clip in clips}) == 5  # distinct files within one article
    for clip in clips:
        assert (tmp_path / "media" / clip["src"]).is_file()
        assert (tmp_path / "media" / clip["src"]).with_suffix(".mp3").is_file()
    words = len(re.sub(r"^##.*$", "", parsed.body, flags=re.MULTILINE).split())
    assert 700 <= words <= 950


def test_library_has_each_stem_as_opus_mp3_and_peaks(tmp_path):
    stems = bench_build.write_library(tmp_path / "media", 3, seconds=1.0)
    names = sorted(p.name for p in (tmp_path / "media" / "clips").iterdir())
    assert len(stems) == 3
    assert names == sorted(f"{s}.{ext}" for s in stems for ext in ("opus", "mp3", "peaks.json"))


def test_synthetic_site_is_valid_for_the_plugin(tmp_path):
    """Every generated clip passes the plugin's own checks (a broken site would not build)."""
    stems = bench_build.write_library(tmp_path / "media", 5)
    content = bench_build.write_site(tmp_path, 4, stems)
    settings = read_settings(
        str(REPO / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "AUDIO_CLIPS_MEDIA_PATH": str(tmp_path / "media"),
            "CACHE_PATH": str(tmp_path / "cache"),
        },
    )
    problems, warnings, files, clips = check_tree(content, settings)
    assert (problems, warnings) == ([], [])
    assert (files, clips) == (4, 20)


def test_quick_run_prints_the_table_and_a_warm_build_probes_nothing(run_bench):
    stdout, figures = run_bench("bench_build.py", "--quick")
    rows = table_rows(stdout, "Plugin overhead")
    assert rows[0][:3] == ["N", "build", "without plugin"]
    assert [row[1] for row in rows[1:]] == ["cold", "warm", "rebuild"]
    (result,) = figures["results"]
    modes = result["modes"]
    # The cold build reads every file once (5 stems x 2 formats); nothing after that.
    assert modes["cold"]["probed"] == [10]
    assert modes["warm"]["probed"] == [0]
    assert modes["rebuild"]["probed"] == [0]
    for mode in modes.values():
        assert mode["plain"]["build"] > 0
        assert mode["plugin"]["build"] > 0


def test_stage_report_times_pelicans_steps_and_the_plugins_hooks(run_bench):
    stdout, figures = run_bench("bench_build.py", "--quick", "--stages", "3", "--repeats", "1")
    rows = table_rows(stdout, "Where a warm rebuild's time goes")
    assert rows[0] == ["stage", "without plugin", "with plugin", "difference"]
    stages = figures["results"]["stages"]
    # The timers are wired to the plugin's hooks (they ran) and to Pelican's steps in both builds.
    assert stages["plugin: prepare"]["plugin"] > 0
    assert stages["plugin: credits generate_output"]["plugin"] > 0
    for label in ("articles: pages written", "… Pelican rewrites intrasite links"):
        assert stages[label]["plain"] > 0 and stages[label]["plugin"] > 0
    assert stages["whole build (CPU)"]["plain"] > 0
