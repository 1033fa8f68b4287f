"""One parser per kind of clip value, and the tables made from the field table.

The keys themselves, with their kinds, tags and help, are rows of :data:`~audio_clips.schema.FIELDS`
(``schema.py``): **a new clip field starts there**. A row's ``kind`` names its parser in
:data:`PARSERS`; write a new parser here only when no kind fits.

Parsers take the raw YAML value and return a clean Python value, or raise the plugin's
:class:`~audio_clips.errors.ClipError` (via :func:`~audio_clips.errors.bad`) naming what is wrong
and how to fix it; they know nothing of files or clips, so the caller places the problem.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator
from pathlib import Path

from .errors import ClipError, Problem, bad, did_you_mean
from .licenses import License
from .records import Moment, format_moment
from .schema import CONTAINERS, FIELDS, MAX_TEXT, TAGGED, Field
from .settings import DEFAULT_LICENSES, Config
from .text import visible

#: Every key a clip may have -> what it means (derived from the field table).
KEYS = {row.key: row.help for row in FIELDS}
MOMENT_KEYS = ("at", "text")
#: Longest label a version may have: it names a button of the switch.
MAX_VERSION = 40
#: Longest transcript: the words of a clip of a minute or two.
MAX_TRANSCRIPT = 20000
TIME_FIX = "write it as m:ss, e.g. '0:12' (tenths allowed: '0:12.5')"

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_TIME_RE = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$")
_YEAR_RE = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_-]+")


def kind(value: object) -> str:
    """How a wrong value is described to an author: 'a list', "the text 'abc'", …"""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{shorten(value)}'"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    return f"{type(value).__name__} {value!r}"


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text(value: object) -> str:
    """Author text: strings, and bare numbers or dates (a title may be 1984)."""
    if isinstance(value, bool):
        raise bad(f"is {kind(value)}, not text", "put the text in quotes")
    if isinstance(value, int | float) and math.isfinite(value):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        raise bad("is empty", "give a value or remove the key")
    if isinstance(value, list):
        raise bad("is a list, not text", "write a single value (quote it if it contains ': ')")
    if not isinstance(value, str):
        raise bad(
            f"is {kind(value)}, not text",
            "write a single line of text (quote it if it contains ': ')",
        )
    cleaned = " ".join(value.split())
    if not cleaned:
        raise bad("is empty", "give a value or remove the key")
    visible(cleaned)
    if len(cleaned) > MAX_TEXT:
        raise bad(f"is {len(cleaned)} characters long", f"keep it under {MAX_TEXT}")
    return cleaned


def year(value: object) -> str:
    """Text holding a year ('1899', 'c. 1913', 'before 2023')."""
    cleaned = text(value)
    if not _YEAR_RE.search(cleaned):
        raise bad(
            f"'{shorten(cleaned)}' has no year in it", "give a year such as 1899 or 'c. 1913'"
        )
    return cleaned


def has_year(value: str) -> bool:
    return bool(_YEAR_RE.search(value))


def clip_id(value: object) -> str:
    """An id usable in a URL fragment."""
    cleaned = text(value)
    if not _ID_RE.match(cleaned):
        raise bad(
            f"'{shorten(cleaned)}' cannot be used in a link",
            "use letters, digits, '-' and '_' only, e.g. maple-leaf-rag",
        )
    return cleaned


def slug(stem: str) -> str:
    """The default id of a clip: its file name without extension, made link-safe."""
    return _NOT_IN_ID.sub("-", stem).strip("-") or "clip"


def guess_id(item: dict) -> str | None:
    """The clip's id as messages name it, even before the clip is valid."""
    explicit = item.get("id")
    if isinstance(explicit, str | int) and not isinstance(explicit, bool):
        return str(explicit)
    src = item.get("src")
    if isinstance(src, str) and src.strip():
        return slug(Path(src.strip()).stem)
    return None


def license_id(value: object, config: Config, key: str) -> License:
    """A licence id from the allow-list; never suggests other rights than a typo's."""
    if not isinstance(value, str):
        raise bad(
            f"is {kind(value)}, not a licence id",
            f"write one id, e.g. '{key}: CC0-1.0'; allowed: {', '.join(config.licenses)}",
        )
    cleaned = value.strip()
    if cleaned in config.licenses:
        return config.licenses[cleaned]
    by_case = {k.lower(): k for k in config.licenses}
    if cleaned.lower() in by_case:
        raise bad(f"'{cleaned}' is not spelt as an SPDX id", f"write '{by_case[cleaned.lower()]}'")
    hint = did_you_mean(cleaned, config.licenses, 0.9)
    if cleaned in DEFAULT_LICENSES:  # the site's AUDIO_CLIPS_LICENSES left a default out
        hint = (
            "the site's AUDIO_CLIPS_LICENSES replaces the default list and leaves it out "
            "(AUDIO_CLIPS_EXTRA_LICENSES adds to the defaults instead);"
        )
    raise bad(
        f"'{shorten(cleaned)}' is not allowed here",
        (hint + " " if hint else "") + f"allowed: {', '.join(config.licenses)}",
    )


def parse_time(value: object) -> float:
    """'1:05', '0:04.5', '1:02:03' or a number of seconds, as seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise bad(f"time is {kind(value)}", TIME_FIX)
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        cleaned = value.strip()
        match = _TIME_RE.match(cleaned)
        if match:
            hours, minutes, secs = match.groups()
            if float(secs) >= 60:
                raise bad(f"time '{cleaned}' has {secs} seconds", "seconds run from 00 to 59")
            seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)
        else:
            try:
                seconds = float(cleaned)
            except ValueError:
                raise bad(f"time '{shorten(cleaned)}' is not m:ss", TIME_FIX) from None
            if cleaned.startswith("-"):
                seconds = -1.0  # '-0' is negative too
    if not math.isfinite(seconds) or seconds < 0:
        raise bad(f"time {value!r} is negative or not a number", TIME_FIX)
    return seconds


def moments(value: object) -> tuple[Moment, ...]:
    """The ``listen_for`` list; every bad moment is reported, each at its own line."""
    if not isinstance(value, list):
        raise bad(
            f"is {kind(value)}, not a list of moments",
            "write '- {at: \"0:12\", text: \"…\"}' lines under 'listen_for:'",
        )
    found: list[Moment] = []
    problems: list[Problem] = []
    for index, item in enumerate(value):
        try:
            found.append(_moment(index + 1, item))
        except ClipError as error:
            for problem in error.problems:
                where = ("listen_for", index, *problem.where)
                problems.append(
                    Problem("", problem.message, field="listen_for", fix=problem.fix, where=where)
                )
    if problems:
        raise ClipError(problems)
    return tuple(found)


def _moment(position: int, item: object) -> Moment:
    if not isinstance(item, dict):
        raise bad(
            f"moment {position} is {kind(item)}, not a mapping",
            'write it as {at: "0:12", text: "…"}',
        )
    extra = [k for k in item if k not in MOMENT_KEYS]
    if extra:
        hint = did_you_mean(str(extra[0]), MOMENT_KEYS)
        raise bad(
            f"moment {position} has unknown key '{extra[0]}'",
            hint or "a moment has only 'at' and 'text'",
            where=(extra[0],),
        )
    if "at" not in item or "text" not in item:
        missing = "at" if "at" not in item else "text"
        raise bad(f"moment {position} has no '{missing}'", 'write it as {at: "0:12", text: "…"}')
    for key, parse in (("at", parse_time), ("text", text)):
        try:
            parse(item[key])
        except ClipError as error:
            raise bad(f"moment {position}: {error.message}", error.fix, where=(key,)) from None
    at = parse_time(item["at"])
    return Moment(at=at, label=format_moment(at), text=text(item["text"]))


def compare_ids(value: object) -> tuple[str, ...]:
    """``compare:``: one clip id, or a list of them (the other versions, in switch order)."""
    items = value if isinstance(value, list) else [value]
    if not items:
        raise bad(
            "is empty: a comparison needs another clip",
            "name the other clip, e.g. 'compare: [waltz-underscore]'",
        )
    found: list[str] = []
    for position, item in enumerate(items):
        if isinstance(item, dict | list):
            raise bad(
                f"is {kind(item)}, not a clip id",
                "write the other clips' ids, e.g. 'compare: [waltz-underscore]'",
                where=("compare", position) if isinstance(value, list) else (),
            )
        name = clip_id(item)
        if name in found:
            raise bad(
                f"names '{name}' twice",
                "name each other version once",
                where=("compare", position) if isinstance(value, list) else (),
            )
        found.append(name)
    return tuple(found)


def version(value: object) -> str:
    """``version:``: a short label for the comparison's switch."""
    cleaned = text(value)
    if len(cleaned) > MAX_VERSION:
        raise bad(
            f"is {len(cleaned)} characters long, too long for the switch",
            f"keep it under {MAX_VERSION}, e.g. 'As underscore'",
        )
    return cleaned


def after(value: object) -> int | str:
    """``after:``: a paragraph's number in its section (1 is the first), or words quoted from it.

    Whether the section has that paragraph is known only once the Markdown is converted
    (``placement.paragraph_end``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise bad(f"paragraph {value} does not exist", "paragraphs are counted from 1")
        return value
    if isinstance(value, float):
        raise bad(
            f"is {kind(value)}, not a paragraph number", "give a whole number, e.g. 'after: 2'"
        )
    cleaned = text(value)
    if len(cleaned) < 3:
        raise bad(
            f"'{cleaned}' is too short to find one paragraph by",
            "quote a few words of the paragraph, or give its number",
        )
    return cleaned


def lines(value: object) -> tuple[tuple[str, ...], ...]:
    """``transcript:``: text whose line breaks count (lyrics), as paragraphs of lines; a blank
    line starts a new paragraph. Spaces within a line are tidied, as in any text."""
    if isinstance(value, int | float | datetime.date) and not isinstance(value, bool):
        value = text(value)
    if not isinstance(value, str):
        raise bad(
            f"is {kind(value)}, not text",
            "write the words under 'transcript: |' (a '|' keeps the line breaks)",
        )
    if len(value) > MAX_TRANSCRIPT:
        raise bad(f"is {len(value)} characters long", f"keep it under {MAX_TRANSCRIPT}")
    paragraphs: list[tuple[str, ...]] = []
    current: list[str] = []
    for line in [*value.splitlines(), ""]:
        cleaned = " ".join(line.split())
        if cleaned:
            current.append(cleaned)
        elif current:
            paragraphs.append(tuple(current))
            current = []
    if not paragraphs:
        raise bad("is empty", "give the words or remove the key")
    return tuple(paragraphs)


def times(value: object) -> tuple[float, ...]:
    """``align:``: a list of times, strictly increasing (each inside the clip, which only the
    assembler knows)."""
    if not isinstance(value, list) or not value:
        raise bad(
            f"is {kind(value)}, not a list of times",
            'write the times as a list, e.g. \'align: ["0:00", "0:04.5", "0:09"]\'',
        )
    found: list[float] = []
    for position, item in enumerate(value):
        try:
            at = parse_time(item)
        except ClipError as error:
            raise bad(
                f"point {position + 1}: {error.message}", error.fix, where=("align", position)
            ) from None
        if found and at <= found[-1]:
            raise bad(
                f"point {position + 1} at {format_moment(at)} does not come after point "
                f"{position} at {format_moment(found[-1])}",
                "list the points in the order they are heard, each later than the last",
                where=("align", position),
            )
        found.append(at)
    return tuple(found)


def timed(row: Field, value: object) -> Iterator[tuple[tuple, float, str]]:
    """The times in a parsed value of a timed kind: (where in the clip, seconds, label)."""
    if row.kind == "moments":
        for position, moment in enumerate(value):
            yield (row.key, position, "at"), moment.at, moment.label
    elif row.kind == "times":
        for position, at in enumerate(value):
            yield (row.key, position), at, format_moment(at)


#: The parser of each kind of value (``schema.KINDS``); 'licence' also needs the settings, and
#: 'files' (notation) is checked against the files, once the audio is known.
PARSERS = {
    "text": text,
    "year": year,
    "id": clip_id,
    "moments": moments,
    "times": times,
    "ids": compare_ids,
    "label": version,
    "place": after,
    "lines": lines,
}


def parse(row: Field, value: object, config: Config) -> object:
    """The clean value of one key, by its row's kind."""
    if row.kind == "licence":
        return license_id(value, config, row.key)
    return PARSERS[row.kind](value)


def key_table() -> str:
    """The authoring guide's table of keys (docs/authoring.md), made from the field table."""
    rows = ["| key | needed | what it is |", "|---|---|---|"]
    rows += [f"| `{row.key}` | {row.needed} | {row.help} |" for row in FIELDS]
    return "\n".join(rows)


def tag_table() -> str:
    """The README's list of the tags read, per container, made from the field table."""
    rows = ["| key | " + " | ".join(CONTAINERS.values()) + " |"]
    rows.append("|---" * (len(CONTAINERS) + 1) + "|")
    for row in TAGGED:
        names = [getattr(row.tags, container) for container in CONTAINERS]
        shown = [", ".join(f"`{_printable(n)}`" for n in group) for group in names]
        rows.append(f"| `{row.key}` | " + " | ".join(shown) + " |")
    return "\n".join(rows)


def _printable(name: str) -> str:
    return name.replace("\xa9", "©")
