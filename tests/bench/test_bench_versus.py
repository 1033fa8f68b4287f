"""bench/versus.py: the plugin's cost side by side with an earlier commit."""

from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.slow


def test_quick_run_builds_both_trees_and_prints_the_change(run_bench, tmp_path):
    # HEAD against this tree, with this venv for both (a venv of HEAD's own would be the same).
    stdout, figures = run_bench(
        "versus.py",
        "--quick",
        "--counter",
        "cpu",
        "--base",
        "HEAD",
        "--base-python",
        sys.executable,
        "--work",
        str(tmp_path / "work"),
    )
    assert "the plugin's own cost, HEAD → this tree, N = 3 (cpu)" in stdout
    for mode in ("cold", "warm"):
        own = figures["results"][mode]["own_per_article"]
        assert set(own) == {"before", "after"}
        change = figures["results"][mode]["change_per_article"]
        assert change == pytest.approx(own["after"] - own["before"])
    # The earlier commit was built from its own extracted tree, not from this one.
    trees = list((tmp_path / "work" / "trees").iterdir())
    assert len(trees) == 1 and (trees[0] / "bench" / "bench_build.py").is_file()
    assert (tmp_path / "work" / "runs" / "before-plugin" / "output").is_dir()


def test_the_instruction_count_is_read_from_cachegrind():
    from versus import instructions

    stderr = "==123== \n==123== I   refs:      12,902,004,321\n"
    assert instructions(stderr) == 12_902_004_321
    with pytest.raises(RuntimeError, match="no instruction count"):
        instructions("==123== ERROR SUMMARY: 0 errors")
