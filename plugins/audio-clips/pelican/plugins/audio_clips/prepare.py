"""``pelican-audio-clips prepare SOURCE NAME``: any recording ffmpeg reads -> a published clip.

Cut (``--start``/``--end``, written like ``listen_for`` times), trimmed of silence, faded, made
mono or stereo, brought to -16 LUFS with true peaks at or below -1 dBTP, written into the site's
media folder as Opus and MP3 tagged with the credits, with its waveform (``.peaks.json``) and its
recipe (``.prepare.json``, read by ``--again``). Prints the front-matter entry to paste, then
what the written files measure. Exit status: 0 made, 1 a problem with the recording or its
credits, 2 bad usage, settings, or a missing tool.

The build needs none of this: numpy, scipy and pyloudnorm come with the ``prepare`` extra
(``pip install 'pelican-audio-clips[prepare]'``) and ffmpeg from the PATH; this module imports
them only when the command runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path

from . import recipe, settings
from .errors import ClipError, Problem
from .records import format_moment
from .rights import TAG_FIELDS

EXTRA = ("numpy", "scipy", "pyloudnorm")
LONG_SECONDS = 60.0
"""Sources longer than this show a progress line while they are read."""
_USAGE, _PROBLEM = 2, 1
_RECIPE_OPTIONS = ("start", "end", "fade_in", "fade_out", "channels")


class Failed(Exception):
    """Ends the command with one line on stderr and an exit status (no traceback)."""

    def __init__(self, message: str, status: int = _PROBLEM):
        super().__init__(message)
        self.status = status


def add_parser(commands) -> argparse.ArgumentParser:
    """The ``prepare`` subcommand, on the ``pelican-audio-clips`` parser's subparsers."""
    parser = commands.add_parser(
        "prepare",
        help="turn an audio file into a published, measured, credited clip",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument("source", nargs="?", help="the recording: any file ffmpeg can read")
    parser.add_argument("name", nargs="?", help="the clip's file name, e.g. maple-leaf-rag")
    parser.add_argument(
        "--again",
        metavar="NAME",
        help="make clip NAME again from the recipe its first run left beside it",
    )
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument(
        "--folder", default="clips", help="folder below the media folder (default: clips)"
    )
    parser.add_argument("--force", action="store_true", help="replace the clip's files")
    cut = parser.add_argument_group("the cut")
    cut.add_argument("--start", help="where the clip starts in the recording, m:ss.t")
    cut.add_argument("--end", help="where it ends, m:ss.t (default: the end)")
    cut.add_argument("--fade-in", type=float, help="seconds (default 0.02)")
    cut.add_argument("--fade-out", type=float, help="seconds (default 0.5)")
    layout = cut.add_mutually_exclusive_group()
    layout.add_argument("--mono", action="store_const", const="mono", dest="channels")
    layout.add_argument("--stereo", action="store_const", const="stereo", dest="channels")
    credits = parser.add_argument_group("credits, written into the tags")
    for key in recipe.CREDITS:
        credits.add_argument("--" + key.replace("_", "-"), dest="credit_" + key, metavar="TEXT")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """The command; every failure is one line on stderr."""
    try:
        return _run(args)
    except ClipError as error:
        for problem in error.problems:
            print(f"prepare: {_line(problem)}", file=sys.stderr)
        return _PROBLEM
    except Failed as failed:
        print(f"prepare: {failed}", file=sys.stderr)
        return failed.status
    except ImportError as error:  # the extra half-installed
        print(f"prepare: {error}: pip install 'pelican-audio-clips[prepare]'", file=sys.stderr)
        return _USAGE
    except KeyboardInterrupt:
        print("prepare: interrupted; nothing was replaced", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:

    config, project = _site(args.settings)
    folder_name = recipe.check_folder(args.folder)
    folder = Path(config.media_path) / folder_name
    if args.again:
        if args.source or args.name:
            raise Failed("--again NAME takes no SOURCE: it uses the recorded one", _USAGE)
        if any(
            v is not None
            for k, v in vars(args).items()
            if k in _RECIPE_OPTIONS or k.startswith("credit_")
        ):
            raise Failed(
                "--again NAME makes the clip as recorded, without other options (to change "
                "them, run prepare SOURCE NAME --force with all of them)",
                _USAGE,
            )
        plan = recipe.read(recipe.sidecar_path(folder, recipe.check_name(args.again)))
        plan = _again(plan, config)
        source = recipe.source_path(plan, project)
        if plan.url and not source.is_file():
            raise Failed(
                f"clip '{plan.name}' was made from {plan.url} by the site's own pipeline: run "
                "that again, or download the file and run prepare SOURCE NAME --force"
            )
        force = True  # the clip's own files, made from the same recipe
    else:
        if not (args.source and args.name):
            raise Failed("give SOURCE and NAME (or --again NAME)", _USAGE)
        name = recipe.check_name(args.name)
        credits = recipe.check_credits(_given_credits(args), config)
        source = Path(args.source)
        plan = recipe.Recipe(
            name=name,
            folder=folder_name,
            source=recipe.shown_path(source, project) if source.exists() else args.source,
            sha256="",
            start=_time(args.start, "--start") if args.start else 0.0,
            end=_time(args.end, "--end") if args.end else None,
            fade_in=_seconds(args.fade_in, "--fade-in", 0.02),
            fade_out=_seconds(args.fade_out, "--fade-out", 0.5),
            channels=args.channels or "auto",
            credits=credits,
        )
        force = args.force
    if plan.end is not None and plan.end <= plan.start:
        raise Failed(
            f"the cut {plan.cut_label()} is empty: --end must come after --start", _PROBLEM
        )
    _require_tools()
    from . import produce

    if not force:
        taken = [p for p in produce.outputs(folder, plan.name) if p.exists()]
        if taken:
            names = ", ".join(_shown(p) for p in taken)
            raise Failed(
                f"{names} already exist{'s' if len(taken) == 1 else ''}: pass "
                "--force to replace, or choose another NAME"
            )
    if not source.is_file():
        raise Failed(f"'{_shown(source)}' " + ("is not a file" if source.exists() else "not found"))
    digest = recipe.sha256(source)
    if plan.sha256 and plan.sha256 != digest:
        raise Failed(
            f"'{_shown(source)}' has changed since clip '{plan.name}' was made from it (sha256 "
            f"{digest[:12]}…, recorded {plan.sha256[:12]}…): run prepare SOURCE NAME --force "
            "with the options again"
        )
    plan = _with(plan, sha256=digest)
    console = _Console(source)
    try:
        result = produce.make(
            source, plan, folder, config, progress=console.progress, status=console.status
        )
    except produce.transcode.ToolError as error:
        raise Failed(str(error), _USAGE) from None
    print(entry(plan, result))
    print(summary(plan, result, source))
    return 0


def entry(plan, result) -> str:
    """The front-matter entry to paste: the credits stay in the tags; what only the author can
    write (section, description, moments) is left empty, which the build refuses until filled."""
    lines = [
        "# Paste under 'clips:' in the article's front matter; fill in section, description",
        "# and the moments (or delete listen_for). The files' tags carry "
        + ", ".join(k for k in plan.credits if k in TAG_FIELDS)
        + ".",
        f"  - src: {plan.src}",
        '    section: ""         # the id of the heading the clip belongs to',
        '    description: ""     # what the listener hears, in words',
    ]
    for key, value in plan.credits.items():
        if key not in TAG_FIELDS and key != "copyright":  # not read from tags: say it here
            lines.append(f"    {key}: {json.dumps(value, ensure_ascii=False)}")
    lines += [
        f"    listen_for:         # times inside the clip, which lasts "
        f"{format_moment(result.duration)}",
        '      - {at: "0:00", text: ""}',
    ]
    return "\n".join(lines)


def summary(plan, result, source: Path) -> str:
    """What the written files measure, as comments (the whole output stays pasteable YAML)."""
    lines = [f"# wrote {', '.join(_shown(p) for p in result.files)}"]
    for fmt, m in result.measured.items():
        lines.append(
            f"# {plan.name}.{fmt}: {m.lufs:.1f} LUFS integrated, true peak {m.true_peak:.1f} "
            f"dBTP, {m.tagged_duration:.2f} s, {m.lead:.2f} s before the first sound"
        )
    lines.append(
        f"# the clip's 0:00 is {format_moment(result.offset)} in {source.name}: subtract that "
        "from times heard in the recording"
    )
    return "\n".join(lines)


def _site(settings_file: str):
    """The plugin's validated settings and the project folder, read as ``check`` reads them."""
    if not os.path.isfile(settings_file):
        raise Failed(
            f"{settings_file}: settings file not found (run in your site's folder, or give -s)",
            _USAGE,
        )
    import logging

    from pelican.settings import read_settings

    logging.basicConfig(level=logging.CRITICAL)  # Pelican's notes on settings are not ours
    try:
        config = settings.load(read_settings(settings_file), settings_file)
    except ClipError as error:
        raise Failed(_line(error.problems[0]), _USAGE) from None
    return config, Path(settings_file).resolve().parent


def _given_credits(args) -> dict:
    return {
        key.removeprefix("credit_"): value
        for key, value in vars(args).items()
        if key.startswith("credit_") and value is not None
    }


def _again(plan, config):
    """The recorded recipe, its credits checked against today's allow-list."""
    from . import recipe

    return _with(plan, credits=recipe.check_credits(plan.credits, config))


def _with(plan, **changes):
    from dataclasses import replace

    return replace(plan, **changes)


def _time(value: str, option: str) -> float:
    from . import fields

    try:
        return fields.parse_time(value)
    except ClipError as error:
        raise ClipError(Problem("", error.message, field=option, fix=error.fix)) from None


def _seconds(value: float | None, option: str, default: float) -> float:
    if value is None:
        return default
    if not value >= 0 or value > 60:
        raise Failed(f"{option}: {value} is not a number of seconds from 0 to 60", _USAGE)
    return value


def _require_tools() -> None:
    """The extra's Python packages and ffmpeg, or one line saying how to get them."""
    missing = [name for name in EXTRA if not _importable(name)]
    if missing:
        raise Failed(
            f"prepare needs the Python package{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}: pip install 'pelican-audio-clips[prepare]'",
            _USAGE,
        )
    from .transcode import ToolError, ffmpeg

    try:
        ffmpeg()
    except ToolError as error:
        raise Failed(str(error), _USAGE) from None


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class _Console:
    """Progress and steps on stderr, only for long recordings: one line redrawn on a terminal,
    a line every tenth of the way otherwise."""

    def __init__(self, source: Path, stream=None):
        self.source = source
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.long = False
        self._step = -1
        self._open = False

    def progress(self, done: float, total: float | None) -> None:
        if not total or total <= LONG_SECONDS:
            return
        self.long = True
        step = min(10, int(10 * done / total))
        if not self.terminal and step == self._step:
            return
        self._step = step
        line = f"reading {self.source.name}: {format_moment(done)} of {format_moment(total)}"
        if self.terminal:
            print("\r" + line, end="", file=self.stream, flush=True)
            self._open = True
        else:
            print(line, file=self.stream)

    def status(self, text: str) -> None:
        if not self.long:
            return
        if self._open:
            print(file=self.stream)
            self._open = False
        print(f"prepare: {text}", file=self.stream)


def _line(problem: Problem) -> str:
    """A problem as the build words it, after the option or file it concerns."""
    text = ": ".join(filter(None, (problem.path, problem.field, problem.message)))
    return f"{text} — {problem.fix}" if problem.fix else text


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
