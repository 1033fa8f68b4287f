"""bench/bench_serve.py: plans valid ranges, checks every byte, and runs small."""

from __future__ import annotations

import hashlib
import random

import bench_serve
import pytest

from tests.bench._support import REPO, table_rows
from tools.serve import parse_range


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 501)]
    assert bench_serve.percentile(values, 0.99) == 495.0
    assert bench_serve.percentile(values, 0.5) == 250.0
    assert bench_serve.percentile([3.0], 0.99) == 3.0


def test_planned_ranges_are_what_the_server_should_answer():
    contents = {"a": bytes(1 << 20), "b": bytes(1 << 20)}
    planned = bench_serve.plan(contents, 300, random.Random(1))
    kinds = {header.split("=")[1][0] == "-" for _, header, _, _ in planned}
    assert kinds == {True, False}  # suffix ranges and the others
    for name, header, first, last in planned:
        assert parse_range(header, len(contents[name])) == (first, last)


@pytest.mark.parametrize("wrong", [False, True])
def test_a_wrong_byte_is_counted(tmp_path, wrong):
    contents = bench_serve.write_files(tmp_path)
    expected = dict(contents)
    if wrong:
        name = sorted(contents)[0]
        expected[name] = b"\x00" + contents[name][1:]
    port = bench_serve.free_port()
    process = bench_serve.start_server(bench_serve.REPO / "tools" / "serve.py", tmp_path, port)
    try:
        request = (sorted(contents)[0], "bytes=0-99", 0, 99)
        (result,) = bench_serve.asyncio.run(bench_serve.burst(port, [request], expected, 10))
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert result["error"] is None
    assert result["right"] is not wrong


def test_quick_run_gets_every_byte_right(run_bench):
    stdout, figures = run_bench("bench_serve.py", "--quick", "--concurrency", "40", timeout=120)
    assert figures["overall"]["requests"] == 40
    assert figures["overall"]["wrong"] == 0
    assert figures["overall"]["errors"] == 0
    assert figures["tracebacks"] == 0
    rows = table_rows(stdout, "Dev server")
    assert rows[0][:4] == ["round", "requests", "wrong", "errors"]
    assert rows[-1][:4] == ["all", "40", "0", "0"]


def test_dev_edit_latency_edits_a_copy_and_sees_the_served_page_change(run_bench):
    essay = REPO / "content" / "essay.md"
    before = hashlib.sha256(essay.read_bytes()).hexdigest(), essay.stat().st_mtime_ns
    stdout, figures = run_bench(
        "bench_serve.py", "--quick", "--concurrency", "5", "--dev-edits", "1", timeout=180
    )
    assert (hashlib.sha256(essay.read_bytes()).hexdigest(), essay.stat().st_mtime_ns) == before
    (latency,) = figures["dev_edit_latency"]
    assert latency > 0
    assert table_rows(stdout, "Edit-to-page latency under tools/dev.py")[1][-1] in ("yes", "NO")
