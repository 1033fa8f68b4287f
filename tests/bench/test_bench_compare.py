"""bench/bench_compare.py: the analysis finds a gap or an overlap it is given, and a quick run
switches the essay's first comparison both ways (`make bench` switches every one)."""

from __future__ import annotations

import pytest
from bench_compare import analyse

from tests.bench._support import table_rows
from tests.editorial import editorial


def rows(stop_at: float, start_at: float) -> list[list]:
    """The old version plays 9.0 s from wall 0 ms, is paused at wall ``stop_at``; the new one
    is seeked to 9.5 s and its clock starts at wall ``start_at`` (both at rate 1)."""
    out = []
    for wall in range(0, 1500, 7):
        a_paused = wall >= stop_at
        a = 9.0 + (min(wall, stop_at)) / 1000
        b_playing = wall >= start_at
        b = 9.5 + (wall - start_at) / 1000 if b_playing else (9.5 if wall >= 300 else 0.0)
        out.append([float(wall), a, b, a_paused, wall < 300])
    return out


@pytest.mark.parametrize(("stop_at", "start_at", "silence"), [(500, 530, 30), (560, 500, 0)])
def test_the_silence_is_the_time_between_the_clocks(stop_at, start_at, silence):
    figures = analyse(rows(stop_at, start_at), switched=300.0)
    expected = (start_at - stop_at) / 1000
    assert figures["silence"] == pytest.approx(expected, abs=0.008)
    assert (figures["silence"] > 0) == (silence > 0)
    assert figures["jump"] == pytest.approx(9.5 - 9.3, abs=0.01)


@pytest.mark.browser
@editorial  # it switches this essay's comparisons; a fork's essay may have none
def test_quick_run_switches_a_comparison_both_ways(run_bench):
    stdout, figures = run_bench("bench_compare.py", "--quick", timeout=240)
    switches = figures["switches"]
    assert switches and len(switches) % 2 == 0
    assert {s["from"] for s in switches} == {s["to"] for s in switches}
    rows = table_rows(stdout, "Switching versions")
    assert rows[1][0].startswith("silence")
