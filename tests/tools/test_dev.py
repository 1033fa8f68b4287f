"""tools/dev.py (`make serve`): a bad setting is reported and the watch goes on, fixing it
rebuilds, and the server never loses a page while builds come and go."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tools.dev import (
    TIMED_OUT,
    Build,
    Runner,
    Site,
    build,
    changes,
    describe,
    output_of,
    pelican_arguments,
    snapshot,
    with_output,
)

REPO = Path(__file__).resolve().parents[2]
SETTINGS = """\
SITENAME = "Tiny"
PATH = "content"
DELETE_OUTPUT_DIRECTORY = True
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
PLUGINS = ["audio_clips"]
"""
# A setting the audio_clips plugin refuses at start: it ends the build with BuildFailed (a
# SystemExit), which ended `pelican --autoreload` for good; that is how issue 14 item 5 happened.
REFUSED = 'AUDIO_CLIPS_FORMATS = ["opuss"]\n'
# A settings file that never finishes loading: a build that hangs.
HANGS = "import time\ntime.sleep(600)\n"
TYPOS = {
    "python error": ("DEFAULT_PAGINATION = Fals\n", "NameError"),
    "value a plugin refuses": (REFUSED, "unknown audio format 'opuss'"),
}


def pelican(*extra: str) -> list[str]:
    """The build command of `make serve` (tools/dev.py swaps in its own -o)."""
    return [
        sys.executable,
        "-m",
        "pelican",
        "--log-handler",
        "plain",
        "content",
        "-o",
        "output",
        "-s",
        "pelicanconf.py",
        "-e",
        "AUDIO_CLIPS_STRICT=false",
        *extra,
    ]


def write_page(project: Path, text: str) -> None:
    (project / "content" / "hello.md").write_text(
        f"Title: Hello\nDate: 2026-01-01\n\n{text}\n", encoding="utf-8"
    )


@pytest.fixture
def project(tmp_path):
    """A tiny site: one article, Pelican's default theme, the audio_clips plugin."""
    (tmp_path / "content").mkdir()
    write_page(tmp_path, "First version")
    (tmp_path / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


class Dev:
    """tools/dev.py running on ``project``, its console collected line by line."""

    def __init__(self, project: Path, *options: str):
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "tools" / "dev.py"),
                "--port",
                "0",
                "--interval",
                "0.1",
                "--watch",
                "content",
                "--watch",
                "pelicanconf.py",
                *options,
                "--",
                *pelican(),
            ],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.base = re.search(r"at (http://\S+/) ", self.wait_for("dev: serving")).group(1)

    def _read(self):
        for line in self.process.stdout:
            self.log.append(line.rstrip())
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if text in line:
                return line
        raise AssertionError(f"{text!r} never came; the console said:\n" + "\n".join(self.log))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(params=["warm", "cold"])
def dev(project, request):
    """The loop with Pelican forked from the warm helper, and with a fresh process per build."""
    running = Dev(project, *(["--cold"] if request.param == "cold" else []))
    yield running
    running.stop()


@pytest.mark.slow  # real builds in a process of their own
@pytest.mark.parametrize("typo", sorted(TYPOS))
def test_settings_typo_is_reported_the_watch_goes_on_and_the_fix_rebuilds(project, dev, typo):
    line, message = TYPOS[typo]
    dev.wait_for("dev: built")
    status, body = dev.get("hello.html")
    assert status == 200 and "First version" in body

    settings = project / "pelicanconf.py"
    settings.write_text(SETTINGS + line, encoding="utf-8")
    failed = dev.wait_for("BUILD FAILED")
    assert "wrote nothing" in failed
    assert any(message in logged for logged in dev.log)  # the build's own words
    status, body = dev.get("hello.html")
    assert status == 200 and "First version" in body  # the last good page is still served

    write_page(project, "Second version")  # an edit while the settings are broken
    dev.wait_for("BUILD FAILED")
    assert dev.process.poll() is None  # still watching

    settings.write_text(SETTINGS, encoding="utf-8")  # the fix
    dev.wait_for("dev: built")
    status, body = dev.get("hello.html")
    assert status == 200 and "Second version" in body


@pytest.mark.slow  # real builds in a process of their own
def test_broken_settings_at_start_still_serve_and_watch(project):
    """The old recipe ran one build first and stopped `make serve` there if it failed."""
    (project / "pelicanconf.py").write_text(SETTINGS + REFUSED)
    running = Dev(project)
    try:
        assert "nothing yet" in running.wait_for("BUILD FAILED")
        assert running.get("hello.html")[0] == 404
        (project / "pelicanconf.py").write_text(SETTINGS)
        running.wait_for("dev: built")
        status, body = running.get("hello.html")
        assert status == 200 and "First version" in body
    finally:
        running.stop()


@pytest.mark.slow  # real builds in a process of their own
def test_a_page_is_never_missing_while_the_site_rebuilds(project, dev):
    """DELETE_OUTPUT_DIRECTORY empties the build's folder, never the one being served."""
    dev.wait_for("dev: built")
    answers: list[int] = []
    done = threading.Event()

    def hammer():
        while not done.is_set():
            answers.append(dev.get("hello.html")[0])

    poller = threading.Thread(target=hammer)
    poller.start()
    try:
        for number in range(3):
            write_page(project, f"Version {number}")
            dev.wait_for("dev: built")
    finally:
        done.set()
        poller.join()
    assert answers and set(answers) == {200}
    assert "Version 2" in dev.get("hello.html")[1]


def test_exit_leaves_a_plain_output_folder(project):
    running = Dev(project)
    running.wait_for("dev: built")
    assert (project / "output").is_symlink()
    running.stop()
    assert running.process.returncode == 0
    assert not (project / "output").is_symlink()
    assert (project / "output" / "hello.html").is_file()
    assert not (project / "cache" / "dev-builds").exists()


# --- the parts, without a process ------------------------------------------------------------


def test_output_is_found_and_replaced():
    command = pelican()
    assert output_of(command) == (7, Path("output"))
    assert with_output(command, Path("/tmp/b1"))[7] == "/tmp/b1"
    assert with_output(["pelican", "--output=out"], Path("x")) == ["pelican", "--output=x"]
    with pytest.raises(ValueError, match="-o"):
        output_of(["pelican", "content"])


def test_pelican_commands_are_recognised():
    assert pelican_arguments(pelican()) == pelican()[3:]
    script = str(Path(sys.executable).parent / "pelican")
    assert pelican_arguments([script, "content", "-o", "x"]) == ["content", "-o", "x"]
    assert pelican_arguments(["/elsewhere/bin/pelican", "content"]) is None
    assert pelican_arguments(["make", "html"]) is None


@pytest.mark.slow  # real builds in a process of their own
def test_warm_runner_builds_and_reports_failures(project, monkeypatch):
    monkeypatch.chdir(project)
    runner = Runner()
    try:
        assert runner(with_output(pelican(), project / "out1")) == 0
        assert (project / "out1" / "hello.html").is_file()
        helper = runner._helper
        assert helper is not None and helper.poll() is None  # the build was a fork of it
        (project / "pelicanconf.py").write_text(SETTINGS + REFUSED)
        assert runner(with_output(pelican(), project / "out2")) == 1
        assert runner([sys.executable, "-c", "raise SystemExit(4)"]) == 4  # not Pelican: cold
        assert runner._helper is helper
        helper.kill()
        helper.wait()
        (project / "pelicanconf.py").write_text(SETTINGS)
        assert runner(with_output(pelican(), project / "out3")) == 0  # a dead helper: cold
    finally:
        runner.close()


@pytest.mark.slow  # real builds in a process of their own
def test_a_build_that_hangs_is_stopped_and_the_helper_lives_on(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "pelicanconf.py").write_text(SETTINGS + HANGS)
    runner = Runner(timeout=1)
    try:
        assert runner(with_output(pelican(), project / "out")) == TIMED_OUT
        assert runner._helper.poll() is None
        assert runner([sys.executable, "-c", "import time; time.sleep(600)"]) == TIMED_OUT
        (project / "pelicanconf.py").write_text(SETTINGS)
        runner.timeout = 120  # a real build on a loaded machine may take more than a second
        assert runner(with_output(pelican(), project / "out2")) == 0
    finally:
        runner.close()
    said = describe(Build(TIMED_OUT, 1.0, wrote=False), "the build of 12:00:00")
    assert "TIMED OUT" in said and "still serving the build of 12:00:00" in said


def test_snapshot_sees_edits_and_ignores_editor_files(project):
    watch = [project / "content", project / "pelicanconf.py"]
    before = snapshot(watch)
    (project / "content" / ".#hello.md").write_text("lock", encoding="utf-8")
    (project / "content" / "hello.md~").write_text("backup", encoding="utf-8")
    assert snapshot(watch) == before
    write_page(project, "Changed, and longer than before")
    assert changes(before, snapshot(watch)) == [str(project / "content" / "hello.md")]


@pytest.mark.slow  # real builds in a process of their own
def test_failed_build_that_wrote_files_keeps_the_last_good_files(project, monkeypatch):
    monkeypatch.chdir(project)
    site = Site(project / "output", project / "cache" / "dev-builds")
    site.prepare()
    assert build(pelican(), site).returncode == 0
    assert (project / "output" / "hello.html").is_file()
    # A build that writes one page and then fails (as a plugin crash part-way would).
    crash = [
        sys.executable,
        "-c",
        "import pathlib, sys; o = pathlib.Path(sys.argv[2]); o.mkdir(parents=True);"
        " (o / 'new.html').write_text('new'); sys.exit(1)",
        "-o",
        "output",
    ]
    result = build(crash, site)
    assert (result.returncode, result.wrote) == (1, True)
    assert result.kept > 0
    assert (project / "output" / "new.html").read_text() == "new"
    assert "First version" in (project / "output" / "hello.html").read_text()


@pytest.mark.slow  # real builds in a process of their own
def test_failed_build_that_wrote_nothing_changes_nothing(project, monkeypatch):
    monkeypatch.chdir(project)
    site = Site(project / "output", project / "cache" / "dev-builds")
    site.prepare()
    build(pelican(), site)
    served = os.path.realpath(project / "output")
    result = build([sys.executable, "-c", "import sys; sys.exit(3)", "-o", "output"], site)
    assert (result.returncode, result.wrote) == (3, False)
    assert os.path.realpath(project / "output") == served


def test_first_swap_moves_a_plain_output_folder_aside(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "output").mkdir()
    (project / "output" / "old.html").write_text("from make html", encoding="utf-8")
    site = Site(project / "output", project / "cache" / "dev-builds")
    site.prepare()
    build(pelican(), site)
    assert (project / "output").is_symlink()
    assert (project / "output" / "hello.html").is_file()
    assert not (project / "output" / "old.html").exists()  # a good build replaces everything
    site.restore()
    assert not (project / "output").is_symlink()
