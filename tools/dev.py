"""`make serve`: build the site, serve it, rebuild on every change, never serve a half-built tree.

Why not ``pelican --autoreload`` beside the server (what `make serve` ran before issue 14):

- Pelican's autoreload reads the settings once per process; a typo in pelicanconf.py stopped it
  for good, quietly, while the server went on serving stale pages. Here every build is a fresh
  ``pelican`` process: a bad setting is one failed build, reported, and the loop keeps watching
  (plugin and theme code are re-read on every build too).
- ``DELETE_OUTPUT_DIRECTORY`` empties output/ at the start of each build, so for the length of a
  build (or for good, if it failed) pages 404'd. Here each build writes into a fresh staging
  folder (``--builds``, default ``cache/dev-builds/``), and output/ is a symlink swapped to the new
  tree with one atomic rename once the build has finished. The server follows the symlink on
  every request, so it always serves one complete tree.

What a failed build (non-zero exit) does to the served site: if it wrote nothing (a settings
error stops Pelican before it writes), the last good tree stays. If it wrote some files (a crash
part-way), its files are served, and every file of the last good tree it did not write is kept
beside them (hard links), so no page that was served goes missing; the console says so. Clip
mistakes do not fail the build here (``AUDIO_CLIPS_STRICT=false``): the plugin writes the page
with a notice in place of the figure. The next successful build replaces the whole tree, so a
page kept that way disappears once the site builds again without it.

A fresh process per build costs about a quarter of a second of imports. When the build command
runs Pelican from this interpreter's environment (``…/bin/pelican`` or ``python -m pelican``), a
helper process imports Pelican once and forks a child for each build: the child starts with
nothing of the last build (settings, plugins and their state are loaded anew) but without the
import time. Any other command, or a helper that died, is run as a plain subprocess.

On exit output/ becomes a plain folder again (the last tree served), and the staging folders go.

    python tools/dev.py --port 8000 -- pelican --log-handler plain content -o output \\
        -s pelicanconf.py -e AUDIO_CLIPS_STRICT=false

Everything after ``--`` is the build command, run as given except for the value of ``-o``,
which names the served folder and is replaced by each build's staging folder.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tools` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.serve import make_server

WATCH = ("content", "theme", "media", "plugins", "pelicanconf.py")
_IGNORED_DIRS = {"__pycache__", ".git", ".pytest_cache", ".ruff_cache", "node_modules"}


def _ignored(name: str) -> bool:
    """Editor droppings and bytecode: they change without the site changing."""
    return name.startswith((".#", ".~")) or name.endswith(("~", ".swp", ".swx", ".pyc", ".tmp"))


def snapshot(paths: Sequence[Path]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file; a polled stat is all a dev loop needs (stdlib only)."""
    seen: dict[str, tuple[int, int]] = {}
    for root in paths:
        if not root.is_dir():
            with contextlib.suppress(OSError):  # an editor may be replacing it right now
                facts = root.stat()
                seen[str(root)] = (facts.st_mtime_ns, facts.st_size)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in _IGNORED_DIRS]
            for name in files:
                if _ignored(name):
                    continue
                path = os.path.join(folder, name)
                try:
                    facts = os.stat(path)
                except OSError:  # removed while we looked
                    continue
                seen[path] = (facts.st_mtime_ns, facts.st_size)
    return seen


def changes(before: dict, after: dict) -> list[str]:
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )


def output_of(command: Sequence[str]) -> tuple[int, Path]:
    """Where the build command's ``-o``/``--output`` value is, and what it names."""
    for index, word in enumerate(command):
        if word in ("-o", "--output") and index + 1 < len(command):
            return index + 1, Path(command[index + 1])
        if word.startswith("--output="):
            return index, Path(word.split("=", 1)[1])
    raise ValueError("the build command has no -o OUTPUT: it names the folder to serve")


def with_output(command: Sequence[str], folder: Path) -> list[str]:
    index, _ = output_of(command)
    words = list(command)
    words[index] = f"--output={folder}" if words[index].startswith("--output=") else str(folder)
    return words


class Site:
    """The served folder (a symlink once the first build is in) and the builds behind it."""

    def __init__(self, output: Path, builds: Path):
        self.output = Path(os.path.abspath(output))
        self.builds = Path(os.path.abspath(builds))
        self._count = 0

    def current(self) -> Path | None:
        """The tree being served, if there is one."""
        if self.output.is_symlink():
            target = Path(os.path.realpath(self.output))
            return target if target.is_dir() else None
        return self.output if self.output.is_dir() else None

    def prepare(self) -> None:
        """Start clean: a leftover symlink from a killed session becomes a plain folder."""
        self.restore()
        shutil.rmtree(self.builds, ignore_errors=True)
        self.builds.mkdir(parents=True, exist_ok=True)

    def staging(self) -> Path:
        self._count += 1
        folder = self.builds / f"build-{self._count:04d}"
        shutil.rmtree(folder, ignore_errors=True)
        return folder

    def fill_gaps(self, tree: Path) -> int:
        """Hard-link into ``tree`` every file of the served tree that ``tree`` lacks; how many."""
        served = self.current()
        if served is None:
            return 0
        added = 0
        for folder, _, files in os.walk(served):
            relative = Path(folder).relative_to(served)
            for name in files:
                target = tree / relative / name
                if target.exists() or target.is_symlink():
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                source = Path(folder) / name
                try:
                    os.link(source, target)
                except OSError:  # another file system, or links not allowed
                    shutil.copy2(source, target)
                added += 1
        return added

    def publish(self, tree: Path) -> None:
        """Point output/ at ``tree`` in one rename, then drop all but the previous tree."""
        previous = self.current()
        if previous is not None and not self.output.is_symlink():
            # The first swap: a plain output/ (from `make html`) moves aside. The only moment
            # output/ is missing is between these two renames.
            kept = self.builds / "build-0000"
            shutil.rmtree(kept, ignore_errors=True)
            os.rename(self.output, kept)
            previous = kept
        link = self.output.with_name(f".{self.output.name}.swap-{os.getpid()}")
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(os.path.relpath(tree, self.output.parent), link)
        os.replace(link, self.output)
        for old in self.builds.iterdir():
            if old not in (tree, previous):
                shutil.rmtree(old, ignore_errors=True)

    def restore(self) -> None:
        """Make output/ a plain folder holding the tree it points to (for `make html` & co).

        Only a symlink into our builds folder: one the user made is left alone."""
        if not self.output.is_symlink():
            return
        target = Path(os.path.realpath(self.output))
        if not target.is_relative_to(Path(os.path.realpath(self.builds))):
            return
        self.output.unlink()
        if target.is_dir():
            os.rename(target, self.output)


# The warm helper: imports Pelican once, then forks one child per build request (a JSON line
# [seconds allowed, argv] on stdin) and answers with the child's exit status on the file
# descriptor given as argv[1]. A child still running when its time is up dies of SIGALRM.
_WARM = """
import json, os, signal, sys, traceback
try:
    import pelican
    reply = os.fdopen(int(sys.argv[1]), "w")
    for line in sys.stdin:
        allowed, argv = json.loads(line)
        child = os.fork()
        if child == 0:
            code = 0
            try:
                signal.alarm(allowed)
                sys.argv = ["pelican", *argv]
                pelican.main(argv)
            except SystemExit as stop:
                code = stop.code
                if isinstance(code, str):
                    print(code, file=sys.stderr)
                    code = 1
                code = 0 if code is None else code if isinstance(code, int) else 1
            except BaseException:
                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        _, status = os.waitpid(child, 0)
        print(os.waitstatus_to_exitcode(status), file=reply, flush=True)
except KeyboardInterrupt:
    pass
"""


def pelican_arguments(command: Sequence[str]) -> list[str] | None:
    """Pelican's own arguments if ``command`` runs Pelican from this environment, else None."""
    here = Path(sys.executable).parent
    first = Path(command[0]) if command else Path()
    if first.name == "pelican" and first.parent.resolve() == here.resolve():
        return list(command[1:])
    if list(command[1:3]) == ["-m", "pelican"] and first == Path(sys.executable):
        return list(command[3:])
    return None


#: What a runner returns for a build that ran out of time (the status of a death by SIGALRM).
TIMED_OUT = -signal.SIGALRM


def cold(command: Sequence[str], timeout: float | None = None) -> int:
    """Run ``command`` as a subprocess; its exit status, or TIMED_OUT (it is then killed)."""
    try:
        return subprocess.run(list(command), check=False, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return TIMED_OUT


class Runner:
    """Runs build commands: in a fork of the warm helper when it can, else as a subprocess.

    A build gets ``timeout`` seconds; one that takes longer (a hang in a plugin, say) is killed,
    so the loop goes back to watching."""

    def __init__(self, warm: bool = True, timeout: int = 300):
        self.timeout = timeout
        self._warm = warm and hasattr(os, "fork")
        self._helper: subprocess.Popen | None = None
        self._reply = None

    def _start_helper(self) -> None:
        read, write = os.pipe()
        self._helper = subprocess.Popen(
            [sys.executable, "-c", _WARM, str(write)],
            stdin=subprocess.PIPE,
            pass_fds=(write,),
            text=True,
        )
        os.close(write)
        self._reply = os.fdopen(read)

    def __call__(self, command: Sequence[str]) -> int:
        arguments = pelican_arguments(command) if self._warm else None
        if arguments is not None:
            try:
                if self._helper is None or self._helper.poll() is not None:
                    self._start_helper()
                self._helper.stdin.write(json.dumps([self.timeout, arguments]) + "\n")
                self._helper.stdin.flush()
                answer = self._reply.readline()
                if answer.strip():
                    return int(answer)
            except (OSError, ValueError):
                pass
            self.close()  # the helper is gone: this build, and the next ones, start cold
            self._warm = False
        return cold(command, self.timeout)

    def close(self) -> None:
        if self._helper is not None:
            with contextlib.suppress(OSError):
                self._helper.stdin.close()
            try:
                self._helper.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._helper.kill()
                self._helper.wait()
            self._reply.close()
            self._helper = None


@dataclass
class Build:
    returncode: int
    seconds: float
    wrote: bool  # the build wrote at least one file
    kept: int = 0  # files of the last good tree kept beside a failed build's


def build(command: Sequence[str], site: Site, run: Callable[[list[str]], int] = cold) -> Build:
    """Run the build into a fresh staging folder and publish what should be published."""
    tree = site.staging()
    started = time.perf_counter()
    returncode = run(with_output(command, tree))
    seconds = time.perf_counter() - started
    wrote = tree.is_dir() and any(files for _, _, files in os.walk(tree))
    result = Build(returncode, seconds, wrote)
    if returncode == 0:
        tree.mkdir(parents=True, exist_ok=True)
        site.publish(tree)
    elif wrote:
        result.kept = site.fill_gaps(tree)
        site.publish(tree)
    else:
        shutil.rmtree(tree, ignore_errors=True)
    return result


def describe(result: Build, served: str) -> str:
    if result.returncode == 0:
        return f"dev: built in {result.seconds:.2f} s; serving it"
    how = (
        f"TIMED OUT after {result.seconds:.0f} s and was stopped"
        if result.returncode == TIMED_OUT
        else f"FAILED (exit {result.returncode}) in {result.seconds:.2f} s"
    )
    if result.wrote:
        return (
            f"dev: BUILD {how}: serving what "
            f"it wrote, plus {result.kept} files of the last good build it did not write; "
            "still watching for the fix"
        )
    return f"dev: BUILD {how} and wrote nothing: still serving {served}; still watching for the fix"


def loop(
    command: Sequence[str],
    watch: Sequence[Path],
    site: Site,
    stop: threading.Event,
    interval: float = 0.1,
    say: Callable[[str], None] = print,
    run: Callable[[list[str]], int] = cold,
) -> None:
    """Build, then rebuild whenever a watched file changes, until ``stop`` is set."""
    last_good = "nothing yet (the first build has not succeeded)"
    seen = snapshot(watch)
    while True:
        result = build(command, site, run)
        if result.returncode == 0:
            last_good = f"the build of {time.strftime('%H:%M:%S')}"
        say(describe(result, last_good))
        while not stop.wait(interval):
            now = snapshot(watch)
            if now != seen:
                break
        else:
            return
        stop.wait(interval / 2)  # editors save in steps: let them finish
        now = snapshot(watch)
        names = [os.path.relpath(path) for path in changes(seen, now)]
        seen = now
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        say(f"dev: changed: {shown}; rebuilding")


def _interrupt(signum, frame):
    """SIGTERM ends the loop like Ctrl-C does, so output/ is restored either way."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        print("usage: dev.py [options] -- BUILD COMMAND (with -o OUTPUT)", file=sys.stderr)
        return 2
    split = argv.index("--")
    command = argv[split + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--watch", action="append", type=Path, help=f"default: {' '.join(WATCH)}")
    parser.add_argument("--builds", type=Path, default=Path("cache") / "dev-builds")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between polls")
    parser.add_argument("--cold", action="store_true", help="a fresh process per build, always")
    parser.add_argument("--build-timeout", type=int, default=300, help="seconds; then killed")
    args = parser.parse_args(argv[:split])
    try:
        _, output = output_of(command)
    except ValueError as error:
        parser.error(str(error))
    watch = [path for path in (args.watch or map(Path, WATCH)) if path.exists()]
    site = Site(output, args.builds)
    site.prepare()
    server = make_server(site.output, args.host, args.port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, _interrupt)
    print(
        f"dev: serving {output} at http://{args.host}:{server.server_address[1]}/ "
        f"(Ctrl-C stops); watching {', '.join(map(str, watch))}",
        flush=True,
    )
    runner = Runner(warm=not args.cold, timeout=args.build_timeout)
    try:
        loop(
            command, watch, site, stop, args.interval, lambda line: print(line, flush=True), runner
        )
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        runner.close()
        server.shutdown()
        server.server_close()
        site.restore()
        shutil.rmtree(site.builds, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
