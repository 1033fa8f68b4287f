"""The dev server (tools/serve.py) under a burst of concurrent Range requests; target: 500 at once
on 127.0.0.1, every byte right, p99 under 1 s.

The server runs in a process of its own, as under `make serve`, on a temporary folder of
pseudo-random 1 MiB files. Each round opens ``--concurrency`` connections at once (asyncio, one
client thread, so the client's own threads do not compete with the server's for the GIL), each
sends one Range request (a bounded range, an open range ``bytes=N-`` or a suffix range
``bytes=-N``, chosen by a seeded generator), and checks the status, Content-Range and every byte of
the body against the file. Latency is from the start of the connect to the last byte.

    python bench/bench_serve.py                            # 500 at once, 5 rounds
    python bench/bench_serve.py --concurrency 1000 --rounds 3
    python bench/bench_serve.py --server /tmp/old_serve.py  # another serve.py, e.g. from git show
    python bench/bench_serve.py --quick                    # 50 at once, 1 round (smoke test)
    python bench/bench_serve.py --dev-edits 7              # also: edit-to-page under `make serve`
    python bench/bench_serve.py --dev-edits 7 --dev-cold   # ... without the warm helper

``--dev-edits N`` also times the whole `make serve` loop (tools/dev.py) on a copy of this site:
a clip caption in content/essay.md is changed N times, and each time the served
``output/essay/index.html`` is polled until it shows the change (the swap of the finished build).

Bounded: at most ``--rounds`` rounds, each request times out after ``--timeout`` seconds, and no
round starts after ``--time-limit`` seconds.
"""

from __future__ import annotations

import asyncio
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench_latency import ARTICLE, PAGE, wait_for_text, with_marker
from common import PYTHON, REPO, copy_project, machine_line, median, ms, parser, report, write_json

TARGET_P99 = 1.0
TARGET_EDIT = 1.0
FILE_SIZE = 1 << 20
FILES = 8
_STATUS = re.compile(rb"HTTP/1\.[01] (\d{3})")


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (p99 of 500 samples is the 495th smallest)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def write_files(folder: Path, seed: int = 14) -> dict[str, bytes]:
    generator = random.Random(seed)
    contents = {}
    for number in range(FILES):
        name = f"clip-{number}.opus"
        contents[name] = generator.randbytes(FILE_SIZE)
        (folder / name).write_bytes(contents[name])
    return contents


def plan(contents: dict[str, bytes], count: int, generator: random.Random) -> list[tuple]:
    """``count`` requests: (file name, Range header, expected first byte, expected last byte)."""
    names = sorted(contents)
    requests = []
    for _ in range(count):
        name = generator.choice(names)
        size = len(contents[name])
        kind = generator.random()
        if kind < 0.5:  # a seek: a bounded range of 16-128 KiB
            length = generator.randrange(16 << 10, 128 << 10)
            first = generator.randrange(0, size - length)
            requests.append(
                (name, f"bytes={first}-{first + length - 1}", first, first + length - 1)
            )
        elif kind < 0.75:  # what a player sends: from here to the end
            first = generator.randrange(size - (128 << 10), size)
            requests.append((name, f"bytes={first}-", first, size - 1))
        else:  # the last N bytes (Ogg/MP3 duration probes)
            length = generator.randrange(1, 64 << 10)
            requests.append((name, f"bytes=-{length}", size - length, size - 1))
    return requests


async def fetch(port: int, request: tuple, contents: dict[str, bytes], timeout: float) -> dict:
    """One request on its own connection; its latency and whether every byte was right."""
    name, header, first, last = request
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                writer.write(
                    f"GET /{name} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: {header}\r\n"
                    "Connection: close\r\n\r\n".encode()
                )
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                body = await reader.read()
            finally:
                writer.close()
    except (OSError, TimeoutError, asyncio.IncompleteReadError) as error:
        return {"latency": time.perf_counter() - started, "error": type(error).__name__}
    latency = time.perf_counter() - started
    status = _STATUS.match(head)
    size = len(contents[name])
    right = (
        status is not None
        and status.group(1) == b"206"
        and f"content-range: bytes {first}-{last}/{size}".encode() in head.lower()
        and body == contents[name][first : last + 1]
    )
    return {"latency": latency, "error": None, "right": right}


async def burst(port: int, requests: list[tuple], contents: dict, timeout: float) -> list[dict]:
    return await asyncio.gather(*(fetch(port, r, contents, timeout) for r in requests))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(server: Path, folder: Path, port: int) -> subprocess.Popen:
    """``server`` (a serve.py) on ``folder`` in a process of its own, once it accepts."""
    process = subprocess.Popen(
        [PYTHON, str(server), str(folder), "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{server} exited:\n{process.stderr.read()}") from None
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{server} did not listen on port {port} within 15 s")


def measure(
    server: Path, concurrency: int, rounds: int, timeout: float, time_limit: float
) -> tuple[list[list[dict]], str]:
    """The results of each round, and what the server wrote on stderr."""
    generator = random.Random(9110)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as temp:
        contents = write_files(Path(temp))
        port = free_port()
        process = start_server(server, Path(temp), port)
        try:
            started = time.monotonic()
            for _ in range(rounds):
                if time.monotonic() - started > time_limit:
                    break
                requests = plan(contents, concurrency, generator)
                results.append(asyncio.run(burst(port, requests, contents, timeout)))
        finally:
            process.terminate()
            try:
                _, stderr = process.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                _, stderr = process.communicate()
    return results, stderr


def dev_latency(
    edits: int, cold: bool = False, settle: float = 1.0, timeout: float = 30.0
) -> list[float]:
    """Seconds from saving an edit to the served page showing it, under tools/dev.py."""
    latencies = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-dev-") as temp:
        project = copy_project(Path(temp) / "project")
        command = [PYTHON, str(REPO / "tools" / "dev.py"), "--port", "0"]
        command += ["--cold"] if cold else []
        command += ["--", PYTHON, "-m"]
        command += ["pelican", "--log-handler", "plain", "content", "-o", "output"]
        command += ["-s", "pelicanconf.py", "-e", "AUDIO_CLIPS_STRICT=false"]
        process = subprocess.Popen(
            command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            article, page = project / ARTICLE, project / PAGE
            original = article.read_text(encoding="utf-8")
            wait_for_text(page, "</html>", 120)
            for number in range(edits):
                time.sleep(settle)
                marker = f"Servededit{number:03d}x{int(time.time() * 1000) % 100000}"
                started = time.perf_counter()
                article.write_text(with_marker(original, marker), encoding="utf-8")
                latencies.append(wait_for_text(page, marker, timeout) - started)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return latencies


def summary(samples: list[dict]) -> dict:
    latencies = [s["latency"] for s in samples]
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s["error"]),
        "error_kinds": dict(Counter(s["error"] for s in samples if s["error"])),
        "wrong": sum(1 for s in samples if not s["error"] and not s["right"]),
        "p50": percentile(latencies, 0.50),
        "p90": percentile(latencies, 0.90),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies, default=float("nan")),
    }


def main(argv: list[str] | None = None) -> int:
    argp = parser(__doc__.splitlines()[0])
    argp.add_argument("--concurrency", type=int, help="connections at once (default 500)")
    argp.add_argument("--rounds", type=int, help="bursts (default 5)")
    argp.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    argp.add_argument("--time-limit", type=float, default=120.0, help="no round starts after")
    argp.add_argument("--server", type=Path, default=REPO / "tools" / "serve.py")
    argp.add_argument("--dev-edits", type=int, default=0, help="edit-to-page runs (default 0)")
    argp.add_argument("--dev-cold", action="store_true", help="tools/dev.py --cold: no warm fork")
    args = argp.parse_args(argv)
    concurrency = args.concurrency or (50 if args.quick else 500)
    rounds = args.rounds or (1 if args.quick else 5)
    results, stderr = measure(args.server, concurrency, rounds, args.timeout, args.time_limit)
    per_round = [summary(samples) for samples in results]
    overall = summary([s for samples in results for s in samples])
    tracebacks = stderr.count("Traceback")
    rows = [
        (
            label,
            figures["requests"],
            figures["wrong"],
            figures["errors"],
            ms(figures["p50"]),
            ms(figures["p90"]),
            ms(figures["p99"]),
            ms(figures["max"]),
        )
        for label, figures in [
            *((f"round {n}", f) for n, f in enumerate(per_round, 1)),
            ("all", overall),
        ]
    ]
    met = overall["wrong"] == 0 and overall["errors"] == 0 and overall["p99"] < TARGET_P99
    try:
        server_name = str(args.server.resolve().relative_to(REPO))
    except ValueError:
        server_name = str(args.server)
    report(
        f"Dev server: {concurrency} concurrent Range requests per round ({server_name})",
        ("round", "requests", "wrong", "errors", "p50", "p90", "p99", "max"),
        rows,
        notes=(
            f"target: every byte right, no error, p99 < {ms(TARGET_P99)}; met: "
            + ("yes" if met else "NO"),
            "latency: connect to last byte, one connection per request, 127.0.0.1;",
            f"files: {FILES} x {FILE_SIZE >> 20} MiB; ranges 16-128 KiB, open and suffix",
            f"tracebacks on the server's console: {tracebacks}",
            *([f"errors: {overall['error_kinds']}"] if overall["errors"] else []),
        ),
    )
    edits = dev_latency(args.dev_edits, args.dev_cold) if args.dev_edits else []
    if edits:
        mode = "--cold: a fresh process per build" if args.dev_cold else "warm fork per build"
        report(
            f"Edit-to-page latency under tools/dev.py (make serve; {mode}), {len(edits)} edits",
            ("latency", "best", "worst", "target", "met"),
            [
                (
                    ms(median(edits)),
                    ms(min(edits)),
                    ms(max(edits)),
                    f"< {ms(TARGET_EDIT)}",
                    "yes" if median(edits) < TARGET_EDIT else "NO",
                )
            ],
            notes=(
                "from writing content/essay.md (one caption changed) to the served page showing",
                "it: the poll, the whole build (Pelican in a new process), the swap of output/",
            ),
        )
    print()
    print(machine_line())
    write_json(
        args.json,
        {
            "benchmark": "serve",
            "server": server_name,
            "concurrency": concurrency,
            "target_p99": TARGET_P99,
            "met": met,
            "rounds": per_round,
            "overall": overall,
            "tracebacks": tracebacks,
            "dev_edit_latency": edits,
            "dev_cold": args.dev_cold,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
