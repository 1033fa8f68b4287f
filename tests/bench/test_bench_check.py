"""bench/bench_check.py: times `pelican-audio-clips check` over the repo's own content."""

from __future__ import annotations

from tests.bench._support import REPO, table_rows


def test_quick_run_checks_every_content_file_cold_and_warm(run_bench):
    stdout, figures = run_bench("bench_check.py", "--quick", "--runs", "1")
    markdown_files = len(list((REPO / "content").rglob("*.md")))
    rows = table_rows(stdout, "make check")
    assert rows[0][0] == "probe cache"
    assert [row[0] for row in rows[1:]] == ["cold", "warm"]
    for mode in ("cold", "warm"):
        result = figures["results"][mode]
        assert result["files"] == markdown_files
        assert result["clips"] > 0
        assert result["wall"] >= result["reported"] > 0


def test_imports_are_listed_with_the_plugin_first_level(run_bench):
    stdout, figures = run_bench("bench_check.py", "--quick", "--runs", "1", "--imports")
    modules = [name.strip() for name, _ in figures["results"]["imports"]]
    assert any(m.startswith("pelican.plugins.audio_clips") for m in modules)
    assert table_rows(stdout, "Slowest imports")[0] == ["module", "import time"]
