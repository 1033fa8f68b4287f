"""``pelican-audio-clips check`` (or ``python -m pelican.plugins.audio_clips check``): validate every article's clips without building the site.

Same checks and the same messages as the build (it calls the same functions), in a fraction of
the time, with an exit status for CI and editors: 0 clean, 1 problems found, 2 bad usage/settings.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from . import frontmatter, settings
from .assemble import Outcome
from .errors import ClipError, Problem
from .media import ProbeCache
from .placement import from_toc_tokens
from .reader import clips_of, display_path, markdown_settings

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


def check_tree(
    content_dir: Path, pelican_settings: dict
) -> tuple[list[Problem], list[Problem], int, int]:
    """Problems, warnings, number of files and number of clips under ``content_dir``."""
    import markdown

    config = settings.load(pelican_settings)
    cache = ProbeCache(config.cache_path)
    renderer = markdown.Markdown(**markdown_settings(pelican_settings))
    problems: list[Problem] = []
    warnings: list[Problem] = []
    files = clips = 0
    ignored = set(pelican_settings.get("IGNORE_FILES", ()))
    for path in sorted(content_dir.rglob("*")):
        if path.suffix.lower() not in MARKDOWN_EXTENSIONS or path.name in ignored:
            continue
        files += 1
        shown = display_path(str(path))
        text = path.read_text(encoding="utf-8")
        try:
            parsed = frontmatter.split(text, shown)
        except ClipError as error:
            problems.extend(error.problems)
            continue
        if parsed is None:
            continue
        if "title" not in parsed.data:
            problems.append(
                Problem(
                    shown,
                    "has no title",
                    field="title",
                    line=parsed.line(),
                    fix="add 'title: …' to the front matter",
                )
            )
        renderer.reset().convert(parsed.body)
        headings = from_toc_tokens(getattr(renderer, "toc_tokens", ()))
        outcome: Outcome = clips_of(parsed, headings, shown, config, cache)
        problems.extend(outcome.problems)
        warnings.extend(outcome.warnings)
        clips += len(outcome.clips)
    cache.flush()
    return problems, warnings, files, clips


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pelican-audio-clips", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate front matter and media without building")
    check.add_argument("content", nargs="?", default=None, help="content folder (default: PATH)")
    check.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.CRITICAL)
    started = time.perf_counter()
    from pelican.settings import read_settings

    if not os.path.isfile(args.settings):
        print(f"{args.settings}: settings file not found", file=sys.stderr)
        return 2
    pelican_settings = read_settings(args.settings)
    content_dir = Path(args.content or pelican_settings["PATH"])
    if not content_dir.is_dir():
        print(f"{content_dir}: content folder not found", file=sys.stderr)
        return 2
    try:
        problems, warnings, files, clips = check_tree(content_dir, pelican_settings)
    except ClipError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    elapsed = time.perf_counter() - started
    summary = (
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''}, "
        f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} "
        f"in {files} file{'s' if files != 1 else ''} ({clips} clips checked, {elapsed:.2f} s)"
    )
    print(summary, file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0
