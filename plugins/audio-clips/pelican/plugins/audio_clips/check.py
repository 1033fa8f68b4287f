"""``pelican-audio-clips check`` (or ``python -m pelican.plugins.audio_clips check``): validate every article's clips without building the site.

Same checks and the same messages as the build (it calls the same functions), in a fraction of
the time, with an exit status for CI and editors: 0 clean, 1 problems found, 2 bad usage/settings.
"""

from __future__ import annotations

import argparse
import fnmatch
import logging
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from .errors import ClipError, Problem


def check_tree(
    content_dir: Path, pelican_settings: dict
) -> tuple[list[Problem], list[Problem], int, int]:
    """Problems, warnings, number of files and number of clips under ``content_dir``.

    Each file is read as the build reads it: by the reader the site's plugins registered
    (Pelican's public ``Readers``, after every listed plugin is loaded), wrapped by the plugin
    as in a build (``guest.wrap``), so the article's HTML, headings and clips are the build's.
    A file the site's reader cannot read is a problem here (the build logs it and skips it).
    """
    from .configs import config_for
    from .errors import display_path
    from .guest import wrap
    from .reader import Reading
    from .sidecar import stray_sidecars

    config_for(pelican_settings)  # bad settings: a ClipError before anything is read
    readers = _site_readers(pelican_settings)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    reading = Reading(pelican_settings, collect=(problems, warnings))
    for reader in readers.values():
        wrap(reader, reading)
    files = 0
    found = content_files(content_dir, pelican_settings)
    problems.extend(stray_sidecars(map(str, found), readers, display_path))
    for path in found:
        reader = readers.get(path.suffix.lower().lstrip("."))
        if reader is None:
            continue
        files += 1
        try:
            reader.read(str(path))
        except ClipError as error:
            problems.extend(error.problems)
        except Exception as error:
            problems.append(_unreadable(display_path(str(path)), error))
    reading.flush()
    problems.extend(_site_wide(reading.clean, content_dir, pelican_settings))
    clips = reading.clips_read
    return problems, warnings, files, clips


def _site_wide(read: list, content_dir: Path, pelican_settings: Mapping) -> list[Problem]:
    """What the build checks once every article is read: one licence per recording
    (``consistency``), with articles and their translations told apart as Pelican does."""
    from .consistency import conflicts
    from .errors import display_path

    return conflicts(
        (
            display_path(path),
            tuple(article.clips),
            _family(path, article, content_dir, pelican_settings),
        )
        for path, article in read
    )


def _family(path: str, article, content_dir: Path, pelican_settings: Mapping) -> tuple:
    """What the build's ``consistency`` check groups translations by: the content's kind and
    its slug (Pelican's translations share one), made as Pelican makes it."""
    from pelican.utils import slugify

    metadata = {**{str(k).lower(): v for k, v in article.data.items()}, **article.metadata}
    slug = metadata.get("slug")
    if not slug:
        by_title = pelican_settings.get("SLUGIFY_SOURCE", "title") == "title"
        value = metadata.get("title") if by_title else Path(path).stem
        slug = slugify(
            str(value or Path(path).stem),
            regex_subs=pelican_settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=pelican_settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=pelican_settings.get("SLUGIFY_USE_UNICODE", False),
        )
    try:
        relative = Path(path).resolve().relative_to(content_dir.resolve()).as_posix()
    except ValueError:  # a link out of the content folder: Pelican reads it as an article
        relative = ""
    pages = [str(p).strip("/") for p in pelican_settings.get("PAGE_PATHS", ())]
    is_page = any(p and (relative == p or relative.startswith(p + "/")) for p in pages)
    return ("Page" if is_page else "Article", str(slug))


def _site_readers(pelican_settings: Mapping) -> dict:
    """Pelican's readers for this site, as its listed plugins set them up (extension -> reader)."""
    from pelican import Pelican
    from pelican.readers import Readers

    Pelican(pelican_settings)  # loads the listed plugins, as a build does, and nothing else
    readers = Readers(pelican_settings).readers
    return {ext: reader for ext, reader in readers.items() if ext != "static"}


def _unreadable(shown: str, error: Exception) -> Problem:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(error, UnicodeDecodeError):
        reason = "is not UTF-8 text"
    return Problem(
        shown,
        f"cannot be read by the site's reader ({reason})",
        fix="Pelican skips this file; fix it so that it can be read (save it as UTF-8 text)",
    )


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pelican-audio-clips", description=__doc__.splitlines()[0].replace("``", "")
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
    try:
        pelican_settings = read_settings(args.settings)
    except Exception as error:  # the settings file is Python: any error can come out of it
        reason = str(error).splitlines()[0] if str(error) else ""
        print(
            f"{args.settings}: cannot be loaded: {type(error).__name__}: {reason}", file=sys.stderr
        )
        return 2
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
