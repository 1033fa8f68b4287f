"""``pelican-audio-clips check`` (or ``python -m pelican.plugins.audio_clips check``): validate every article's clips without building the site.

Same checks and the same messages as the build (it calls the same functions), in a fraction of
the time, with an exit status for CI and editors: 0 clean, 1 problems found, 2 bad usage/settings.
"""

from __future__ import annotations

import argparse
import copy
import fnmatch
import logging
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from . import frontmatter, settings
from .assemble import Outcome
from .document import plain_problems, read_text
from .errors import ClipError, Problem
from .media import ProbeCache
from .placement import from_toc_tokens
from .reader import display_path, markdown_settings, validate

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
    others = _other_readers(pelican_settings)
    for path in content_files(content_dir, pelican_settings):
        extension = path.suffix.lower()
        if extension not in MARKDOWN_EXTENSIONS and extension.lstrip(".") not in others:
            continue
        files += 1
        shown = display_path(str(path))
        try:
            text = read_text(str(path), shown)
            parsed = frontmatter.split(text, shown) if extension in MARKDOWN_EXTENSIONS else None
        except ClipError as error:
            problems.extend(error.problems)
            continue
        if parsed is None:  # plain Markdown metadata, reStructuredText, HTML: Pelican's readers
            reader = others.get(extension.lstrip(".")) or _markdown_reader(pelican_settings)
            try:
                _, metadata = reader.read(str(path))
            except Exception:
                continue
            problems.extend(plain_problems(metadata, text, shown))
            continue
        # Converted as the build converts it: 'after:' is checked against its paragraphs.
        html = renderer.reset().convert(parsed.body)
        headings = from_toc_tokens(getattr(renderer, "toc_tokens", ()))
        outcome: Outcome = validate(parsed, headings, shown, config, cache, html)
        problems.extend(outcome.problems)
        warnings.extend(outcome.warnings)
        clips += len(outcome.clips)
    cache.flush()
    return problems, warnings, files, clips


def content_files(content_dir: Path, pelican_settings: Mapping) -> list[Path]:
    """Files below ``content_dir`` that Pelican would look at (IGNORE_FILES left out)."""
    ignored = tuple(pelican_settings.get("IGNORE_FILES", ()))
    found = []
    for path in sorted(content_dir.rglob("*")):
        relative = path.relative_to(content_dir).parts
        if any(fnmatch.fnmatch(part, pattern) for part in relative for pattern in ignored):
            continue
        if path.is_file():
            found.append(path)
    return found


def _other_readers(pelican_settings: Mapping) -> dict:
    """Pelican's enabled readers for the extensions that are not Markdown (rst, html, …)."""
    from pelican.readers import Readers

    readers = Readers(dict(pelican_settings)).readers
    markdown = {e.lstrip(".") for e in MARKDOWN_EXTENSIONS}
    return {ext: reader for ext, reader in readers.items() if ext not in markdown}


def _markdown_reader(pelican_settings: Mapping):
    from pelican.readers import MarkdownReader

    return MarkdownReader(copy.deepcopy(dict(pelican_settings)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pelican-audio-clips", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate front matter and media without building")
    check.add_argument("content", nargs="?", default=None, help="content folder (default: PATH)")
    check.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    from .prepare import add_parser as add_prepare

    add_prepare(commands)
    args = parser.parse_args(argv)
    if args.command == "prepare":
        return args.run(args)

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
