"""bench/bench_scale.py: the same synthetic site with three variants, side by side."""

from __future__ import annotations

from tests.bench._support import table_rows


def test_quick_run_builds_every_variant_on_the_same_content(run_bench):
    stdout, figures = run_bench("bench_scale.py", "--quick", timeout=300)
    variants = figures["variants"]
    assert list(variants) == ["default theme", "this theme", "this theme, 5 clips each"]
    # 20 articles and the front page (and the credits page with clips): the same content.
    assert variants["default theme"]["pages"] == variants["this theme"]["pages"] >= 21
    assert variants["this theme, 5 clips each"]["pages"] >= variants["this theme"]["pages"]
    assert variants["default theme"]["ratio"] == 1.0
    assert all(v["build"] > 0 for v in variants.values())
    rows = table_rows(stdout, "Scale: 20 articles")
    assert [row[0] for row in rows[1:]] == list(variants)
