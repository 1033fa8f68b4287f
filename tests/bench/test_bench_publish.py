"""bench/bench_publish.py: publishes a folder three ways and reports each; leaves nothing behind."""

from __future__ import annotations


def test_publishes_every_file_and_cleans_up(tmp_path, run_bench):
    media = tmp_path / "media"
    (media / "clips").mkdir(parents=True)
    for number in range(3):
        (media / "clips" / f"c{number}.opus").write_bytes(bytes(range(256)) * (number + 1))
    stdout, figures = run_bench("bench_publish.py", "--quick", "--media", str(media / "clips"))
    assert figures["files"] == 3
    assert figures["bytes"] == 256 * (1 + 2 + 3)
    assert set(figures["median_seconds"]) == {"hard link", "copy", "unchanged"}
    assert "Publishing 3 files" in stdout
    assert sorted(p.name for p in (media / "clips").iterdir()) == ["c0.opus", "c1.opus", "c2.opus"]
    assert not list(media.rglob(".bench-publish-*"))
