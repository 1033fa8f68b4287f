"""bench/bench_guest.py: the plugin's cost on a site without clips, its parts switched off only
through the plugin's benchmark setting (``AUDIO_CLIPS_BENCH_OFF``), never by replacing its
functions."""

from __future__ import annotations

import subprocess
import sys

from tests.bench._support import BENCH, REPO


def test_quick_run_builds_each_variant_and_counts_the_plugins_own_time(run_bench):
    stdout, figures = run_bench("bench_guest.py", "--quick", "--off", "page-ids", "chapters")
    assert figures["off"] == ["page-ids", "chapters"]
    builds = figures["results"]["builds"]
    assert set(builds) == {"alone", "guest", "off"}
    assert all(len(b["wall"]) == len(b["cpu"]) == 1 for b in builds.values())
    profiled = figures["results"]["profiled"]
    assert 0 < profiled["own"] < profiled["wall"]
    assert "yaml_metadata, audio_clips (off: page-ids, chapters)" in stdout
    assert "off - alone, CPU (min):" in stdout


def test_a_part_the_plugin_does_not_have_is_refused():
    done = subprocess.run(
        [sys.executable, str(BENCH / "bench_guest.py"), "--quick", "--off", "no-such-part"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "no-such-part" in done.stderr and "page-ids" in done.stderr


def test_the_script_replaces_none_of_the_plugins_functions():
    source = (BENCH / "bench_guest.py").read_text(encoding="utf-8")
    assert "setattr(" not in source
    assert "pelican_hooks" not in source and "read_with_clips" not in source
