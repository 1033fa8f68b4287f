"""Edit-to-page latency under ``pelican --autoreload`` (what `make serve` runs); target < 1 s.

Works on a copy of this repo's site in a temporary folder (content/ is never edited in place):
starts Pelican in autoreload mode with the settings `make serve` uses, waits for the first build,
then repeatedly rewrites the caption of one clip in the essay's front matter with a new marker
word and times how long it takes until the published page contains that word. Pelican's own
"Done: ... in N seconds" line gives the time of each whole rebuild beside it.

    python bench/bench_latency.py              # 7 edits
    python bench/bench_latency.py --edits 15
    python bench/bench_latency.py --quick      # 2 edits (smoke test)
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import (
    PYTHON,
    REPO,
    article_slug,
    copy_project,
    machine_line,
    median,
    ms,
    parser,
    report,
    write_json,
)

TARGET = 1.0
ARTICLE = Path("content") / "essay.md"
PAGE = Path("output") / article_slug(REPO / ARTICLE) / "index.html"
_DONE = re.compile(r"\bin ([\d.]+) seconds\.")  # the end of Pelican's 'Done: Processed …' line
_CAPTION = re.compile(r"^(?P<indent>[ \t]*)(?:- )?caption:[ \t]*(?P<rest>.*)$", re.MULTILINE)


def with_marker(text: str, marker: str) -> str:
    """``text`` with ``marker`` and a space put at the start of its first clip's caption."""
    found = _CAPTION.search(text)
    if not found:
        raise ValueError("no 'caption:' in the front matter")
    rest = found.group("rest")
    if rest.strip() in ("", ">", ">-", "|", "|-", ">+", "|+"):  # a block scalar: next line
        line_end = text.index("\n", found.end()) + 1
        next_line = re.compile(r"[ \t]*").match(text, line_end)
        return text[: next_line.end()] + marker + " " + text[next_line.end() :]
    start = found.start("rest")
    if rest[:1] in ("'", '"'):
        start += 1
    return text[:start] + marker + " " + text[start:]


class AutoReload:
    """``pelican --autoreload`` running in ``project``, its log lines collected on a queue."""

    def __init__(self, project: Path):
        self.project = project
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "pelican",
                "content",
                "-o",
                "output",
                "-s",
                "pelicanconf.py",
                "--autoreload",
                "--log-handler",
                "plain",
                "-e",
                "AUDIO_CLIPS_STRICT=false",
            ],
            cwd=project,
            env={**os.environ, "COLUMNS": "1000"},  # one log line per message
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.log.append(line.rstrip())
            self.lines.put(line)

    def next_build(self, timeout: float) -> float:
        """Wait for the next 'Done:' line; return the build time Pelican reports."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            found = _DONE.search(line)
            if found:
                return float(found.group(1))
        tail = "\n".join(self.log[-20:])
        raise TimeoutError(f"no build finished within {timeout} s; Pelican said:\n{tail}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_for_text(path: Path, text: str, timeout: float, interval: float = 0.002) -> float:
    """Poll ``path`` until it contains ``text``; the moment it did (time.perf_counter())."""
    needle = text.encode()
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if needle in path.read_bytes():
                return time.perf_counter()
        except OSError:  # the output folder is being rewritten
            pass
        time.sleep(interval)
    raise TimeoutError(f"{path} did not contain {text!r} within {timeout} s")


def measure(project: Path, edits: int, settle: float = 0.5, timeout: float = 30.0) -> list[dict]:
    article, page = project / ARTICLE, project / PAGE
    original = article.read_text(encoding="utf-8")
    server = AutoReload(project)
    samples = []
    try:
        server.next_build(timeout=120)
        for number in range(edits):
            time.sleep(settle)  # let the watcher arm itself again after the last build
            marker = f"Benchmarkedit{number:03d}x{int(time.time() * 1000) % 100000}"
            edited = with_marker(original, marker)
            started = time.perf_counter()
            article.write_text(edited, encoding="utf-8")
            seen = wait_for_text(page, marker, timeout)
            build = server.next_build(timeout)
            samples.append({"latency": seen - started, "build": build})
    finally:
        server.stop()
    return samples


def main(argv: list[str] | None = None) -> int:
    argp = parser(__doc__.splitlines()[0])
    argp.add_argument("--edits", type=int, help="number of edits (median; default 7)")
    args = argp.parse_args(argv)
    edits = args.edits or (2 if args.quick else 7)
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as temp:
        project = copy_project(Path(temp) / "project")
        samples = measure(project, edits)
    latency = median(s["latency"] for s in samples)
    build = median(s["build"] for s in samples)
    report(
        f"Edit-to-page latency under --autoreload (this repo's site), median of {edits} edits",
        ("latency", "best", "worst", "whole rebuild", "target", "met"),
        [
            (
                ms(latency),
                ms(min(s["latency"] for s in samples)),
                ms(max(s["latency"] for s in samples)),
                ms(build),
                f"< {ms(TARGET)}",
                "yes" if latency < TARGET else "NO",
            )
        ],
        notes=(
            "latency: from writing content/essay.md (one clip's caption changed) to the page",
            "containing the new caption; whole rebuild: Pelican's own 'Done: ... in N seconds'",
            "(the essay page is written before the rebuild ends: credits page and media come after)",
        ),
    )
    print()
    print(machine_line())
    write_json(
        args.json,
        {"benchmark": "latency", "target": TARGET, "latency": latency, "samples": samples},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
