"""A content file as the plugin reads it: one path for the build and for ``check``.

Both read the bytes the same way (UTF-8, a byte-order mark dropped, as Pelican's ``pelican_open``
does), parse the same bounded front matter, and check the top-level keys the same way before any
clip is looked at. Pelican lowercases metadata keys, so ``Clips:`` and ``CLIPS:`` mean ``clips:``
here too; a near miss such as ``clip:`` is an error, not a silently ignored key. Clips are listed
in YAML front matter or in a sidecar file (``sidecar``): a ``clips`` field in plain Markdown
metadata, reStructuredText or HTML is reported instead of reaching the generator as a string.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from . import frontmatter
from .errors import ClipError, Problem, edit_distance

CLIPS = "clips"
#: The letters of CLIPS, all different: a key within one edit of it has all of them but one.
_CLIPS_LETTERS = frozenset(CLIPS)
#: Pelican metadata that must be one value (text, a number or a date), not a list or mapping.
SINGLE_VALUED = (
    "title",
    "slug",
    "summary",
    "category",
    "author",
    "status",
    "lang",
    "template",
    "save_as",
    "url",
    "translation",
    "series",
)
#: Pelican metadata that may be one value or a list of values.
LISTS_ALLOWED = ("tags", "authors", "keywords")
DATES = ("date", "modified")
_SCALARS = (str, int, float, datetime.date)
#: Dates Pelican always reads (checked without parsing them twice).
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$")


def read_text(path: str, shown: str) -> str:
    """The file's text, read as Pelican reads it; a ClipError for anything that is not UTF-8 text."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except UnicodeDecodeError as error:
        with open(path, "rb") as handle:
            raw = handle.read()
        line = raw[: error.start].count(b"\n") + 1
        encoding = "UTF-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "not UTF-8"
        raise ClipError(
            Problem(
                shown,
                f"is not UTF-8 text ({encoding}: byte 0x{raw[error.start]:02x} cannot be read)",
                line=line,
                fix="save the file as UTF-8 (most editors offer it under 'Save with encoding')",
            )
        ) from None
    except IsADirectoryError:
        raise ClipError(
            Problem(
                shown, "is a folder, not a file", fix="rename the folder: content files end in .md"
            )
        ) from None
    except OSError as error:
        raise ClipError(Problem(shown, f"cannot be read ({error.strerror})")) from None


def clips_key(data: Mapping) -> str | None:
    """The key that lists the clips, whatever its case ('clips', 'Clips', …)."""
    return next((k for k in data if isinstance(k, str) and k.casefold() == CLIPS), None)


def check_keys(parsed: frontmatter.FrontMatter, shown: str) -> list[Problem]:
    """Top-level keys Pelican would choke on or silently drop, each at its line."""
    problems: list[Problem] = []
    if not any(isinstance(k, str) and k.casefold() == "title" for k in parsed.data):
        problems.append(
            Problem(
                shown,
                "has no title",
                field="title",
                line=parsed.line(),
                fix="add 'title: …' to the front matter",
            )
        )
    seen: dict[str, str] = {}
    for key, value in parsed.data.items():
        line = parsed.line(key)
        if not isinstance(key, str):
            problems.append(
                Problem(
                    shown,
                    f"key {key!r} is not a name",
                    line=line,
                    fix="front-matter keys are words, e.g. 'title:'",
                )
            )
            continue
        folded = key.casefold()
        if folded in seen:
            problems.append(
                Problem(
                    shown,
                    f"key '{key}' repeats '{seen[folded]}' (Pelican ignores case)",
                    field=key,
                    line=line,
                    fix="keep one of them",
                )
            )
            continue
        seen[folded] = key
        # A distance of 1 needs lengths within 1 and all but one of the letters of 'clips'
        # (each differs from the others): the two tests spare nearly every key the
        # edit-distance table (this runs for every key of every file).
        if (
            folded != CLIPS
            and 4 <= len(folded) <= len(CLIPS) + 1
            and len(_CLIPS_LETTERS.intersection(folded)) >= len(CLIPS) - 1
            and edit_distance(folded, CLIPS) <= 1
        ):
            problems.append(
                Problem(
                    shown,
                    f"unknown key '{key}'",
                    field=key,
                    line=line,
                    fix="did you mean 'clips'? (clips are listed under 'clips:')",
                )
            )
        elif folded in SINGLE_VALUED and value is not None and not isinstance(value, _SCALARS):
            problems.append(
                Problem(
                    shown,
                    f"is {_kind(value)}, not a single value",
                    field=key,
                    line=line,
                    fix=f"write one value: '{key}: …' (quote it if it contains ': ')",
                )
            )
        elif folded in LISTS_ALLOWED and not _scalar_or_list(value):
            problems.append(
                Problem(
                    shown,
                    f"is {_kind(value)}",
                    field=key,
                    line=line,
                    fix=f"write one value or a list of values under '{key}:'",
                )
            )
        elif folded in DATES and value is not None and not _is_date(value):
            problems.append(
                Problem(
                    shown,
                    f"'{value}' is not a date",
                    field=key,
                    line=line,
                    fix="write it as 2026-11-30 or 2026-11-30 14:05",
                )
            )
    return problems


def foreign_clips(key: str, text: str, shown: str, sidecar: str) -> Problem:
    """A ``clips`` field in native metadata (``Clips:``, ``:clips:``, ``<meta name="clips">``),
    which cannot hold a list of clips; ``sidecar`` is where they can go."""
    match = re.search(rf"^\W*{re.escape(key)}\W", text, re.IGNORECASE | re.MULTILINE)
    line = text[: match.start()].count("\n") + 1 if match else None
    return Problem(
        shown,
        "clips can only be listed in YAML front matter or in a sidecar file",
        field=key,
        line=line,
        fix=f"move them, as a list under 'clips:', into '{sidecar}' beside the article "
        "(or into YAML front matter between '---' lines at the top of a Markdown file)",
    )


def _scalar_or_list(value: object) -> bool:
    if value is None or isinstance(value, _SCALARS):
        return True
    return isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value)


def _is_date(value: object) -> bool:
    if isinstance(value, datetime.date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return True
    from pelican.utils import get_date

    try:
        get_date(str(value).strip().replace("_", " "))
    except (ValueError, OverflowError, TypeError):
        return False
    return True


def _kind(value: object) -> str:
    from .fields import kind

    return kind(value)
