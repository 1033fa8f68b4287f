"""bench/bench_media.py: bytes per minute per format, and the Opus/MP3 ratio, on files we write."""

from __future__ import annotations

import mutagen
import pytest

from tests.bench._support import REPO, table_rows
from tests.support.audio import tone, write_formats


def _write_pair(folder, stem: str, seconds: float, freq: float) -> None:
    write_formats(folder, stem, tone(seconds, freq, amp=0.2))


def test_figures_match_the_files_on_disk(tmp_path, run_bench):
    clips = tmp_path / "clips"
    clips.mkdir()
    _write_pair(clips, "low", 2.0, 220.0)
    _write_pair(clips, "high", 3.0, 880.0)
    (clips / "low.peaks.json").write_text('{"peaks": [0.5]}')  # not audio: ignored
    stdout, figures = run_bench("bench_media.py", "--media", str(clips))

    assert set(figures["formats"]) == {"Opus", "MP3"}
    per_minute = {}
    for name, extension in (("Opus", ".opus"), ("MP3", ".mp3")):
        files = sorted(clips.glob("*" + extension))
        size = sum(p.stat().st_size for p in files)
        minutes = sum(mutagen.File(p).info.length for p in files) / 60
        assert figures["formats"][name]["files"] == 2
        assert figures["formats"][name]["bytes"] == size
        per_minute[name] = size / minutes
        assert figures["formats"][name]["bytes_per_minute"] == pytest.approx(per_minute[name])
    assert figures["opus_to_mp3"] == pytest.approx(per_minute["Opus"] / per_minute["MP3"])
    assert sorted(p["stem"] for p in figures["pairs"]) == ["high", "low"]
    for pair in figures["pairs"]:  # same signal in both formats: loudness matches closely
        assert pair["loudness_gap"] < 0.5

    assert [row[0] for row in table_rows(stdout, "Media efficiency")[1:]] == ["MP3", "Opus"]
    verdict = table_rows(stdout, "Opus vs MP3 across the library")[1]
    assert verdict[2] == ("yes" if figures["opus_to_mp3"] <= 0.80 else "NO")


def test_repo_library_runs_without_loudness(run_bench):
    published = sorted((REPO / "media" / "clips").glob("*.opus"))
    if not published:
        pytest.skip("no published clips yet")
    _, figures = run_bench("bench_media.py", "--no-loudness")
    assert figures["formats"]["Opus"]["files"] == len(published)
    assert all(f["lufs"] is None for f in figures["files"])
