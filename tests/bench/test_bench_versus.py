"""bench/versus.py: the plugin's cost side by side with an earlier commit."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.bench._support import REPO

pytestmark = pytest.mark.slow


def test_quick_run_builds_both_trees_and_prints_the_change(run_bench, tmp_path):
    # This tree against a copy of itself, with this venv for both (no git: a fork's copy of the
    # repository may have none; the extraction is tested on its own below).
    base = tmp_path / "base"
    shutil.copytree(
        REPO,
        base,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "output", "cache", "node_modules", "test-artifacts"
        ),
    )
    stdout, figures = run_bench(
        "versus.py",
        "--quick",
        "--counter",
        "cpu",
        "--base-tree",
        str(base),
        "--base-python",
        sys.executable,
        "--work",
        str(tmp_path / "work"),
        "--off",
        "chapters",
        "--guest",
    )
    assert "the plugin's own cost, base → this tree, N = 3 (cpu)" in stdout
    assert (
        "this tree's builds with the plugin: PLUGINS = ['yaml_metadata', 'audio_clips']" in stdout
    )
    assert "switched off in this tree's builds: chapters" in stdout
    # Switched off in the build with the plugin: no chapters file was published.
    after = tmp_path / "work" / "runs" / "after-plugin" / "output"
    assert after.is_dir() and not list(after.rglob("*.vtt"))
    before = tmp_path / "work" / "runs" / "before-plugin" / "output"
    assert list(before.rglob("*.vtt"))
    for mode in ("cold", "warm"):
        own = figures["results"][mode]["own_per_article"]
        assert set(own) == {"before", "after"}
        change = figures["results"][mode]["change_per_article"]
        assert change == pytest.approx(own["after"] - own["before"])
    # The earlier tree's own worker built its side (into the work folder).
    assert (tmp_path / "work" / "runs" / "before-plugin" / "output").is_dir()


def test_the_earlier_commit_is_extracted_from_git(tmp_path):
    from versus import extract

    repository = tmp_path / "repo"
    (repository / "bench").mkdir(parents=True)
    (repository / "bench" / "bench_build.py").write_text("# the worker\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    subprocess.run([*git, "-C", str(repository), "add", "."], check=True)
    subprocess.run([*git, "-C", str(repository), "commit", "-qm", "one"], check=True)
    tree = extract("HEAD", tmp_path / "trees", repository)
    assert (tree / "bench" / "bench_build.py").read_text() == "# the worker\n"
    assert tree.parent == tmp_path / "trees"
    with pytest.raises(SystemExit, match="'nope' is not a commit"):
        extract("nope", tmp_path / "trees", repository)


def test_the_instruction_count_is_read_from_cachegrind():
    from versus import instructions

    stderr = "==123== \n==123== I   refs:      12,902,004,321\n"
    assert instructions(stderr) == 12_902_004_321
    with pytest.raises(RuntimeError, match="no instruction count"):
        instructions("==123== ERROR SUMMARY: 0 errors")


def test_the_parts_it_can_switch_off_are_the_plugins_own_table():
    """--off names the parts the plugin's AUDIO_CLIPS_BENCH_OFF setting knows (whose effects
    plugins/audio-clips/tests/test_bench_seam.py checks); nothing else is accepted."""
    from versus import bench_parts, main

    from pelican.plugins.audio_clips.settings import BENCH_PARTS

    assert bench_parts() == tuple(BENCH_PARTS)
    with pytest.raises(SystemExit):
        main(["--off", "no-such-part", "--counter", "cpu"])


def test_a_clipless_run_measures_this_tree_with_and_without_the_plugin(run_bench, tmp_path):
    stdout, figures = run_bench(
        "versus.py",
        "--clipless",
        "5",
        "--counter",
        "cpu",
        "--modes",
        "cold",
        "--work",
        str(tmp_path / "work"),
    )
    assert "the plugin on a site without clips, N = 5 (cpu)" in stdout
    result = figures["results"]["cold"]
    assert result["added"] == pytest.approx(result["plugin"] / result["plain"] - 1)
    # Both builds wrote the site; only the one with the plugin lists it.
    for variant in ("plain", "plugin"):
        output = tmp_path / "work" / "runs" / f"after-{variant}" / "output"
        assert len(list(output.glob("post-*.html"))) == 5
