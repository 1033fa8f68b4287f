"""What ``prepare`` makes a clip from, checked before any audio is touched, and kept beside it.

A :class:`Recipe` is the source file's sha256, the cut, the options and the credits. The credits
are checked by the build's own parsers and rights rules (``fields``, ``rights``), so a licence
the site does not allow is refused with the build's words. The recipe is written as
``<name>.prepare.json`` beside the clip (no dates, nothing machine-specific but the source's path),
which is what ``prepare --again NAME`` reads to make the same clip again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from . import fields
from .errors import ClipError, Problem
from .records import format_moment
from .rights import check_rights
from .schema import BY_KEY, credit_keys
from .settings import Config

VERSION = 1
SUFFIX = ".prepare.json"
#: Credits in the order the command takes them (``--composition-license`` for the key
#: ``composition_license``), checks them and writes them into tags: the field table's credit rows
#: by their places, then ``copyright``, which is written to the tags only.
CREDITS = credit_keys()
CHANNELS = ("auto", "mono", "stereo")


@dataclass(frozen=True)
class Recipe:
    """Everything a prepared clip is made from, besides the source file's bytes."""

    name: str
    """The clip's file name without extension (its default id)."""
    folder: str
    """Folder below the media folder, POSIX separators ('clips')."""
    source: str
    """The source file as given, relative to the project folder when it lies inside it."""
    sha256: str
    """Digest of the source file: ``--again`` refuses a file that changed."""
    start: float = 0.0
    end: float | None = None
    fade_in: float = 0.02
    fade_out: float = 0.5
    channels: str = "auto"
    credits: Mapping[str, str] = field(default_factory=dict)
    url: str = ""
    """Where the source was fetched from, when it was (the home pipeline's recordings)."""

    @property
    def src(self) -> str:
        """The clip's ``src:`` in front matter."""
        return str(PurePosixPath(self.folder, self.name + ".opus"))

    def cut_label(self) -> str:
        end = format_moment(self.end) if self.end is not None else "the end"
        return f"{format_moment(self.start)}–{end}"


def check_name(name: str) -> str:
    """The clip's name, usable in a link and as a file name; ClipError otherwise."""
    try:
        return fields.clip_id(name)
    except ClipError as error:
        raise ClipError(Problem("", error.message, field="NAME", fix=error.fix)) from None


def check_folder(folder: str) -> str:
    """A relative folder below the media folder."""
    path = PurePosixPath(folder.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not str(path).strip("./"):
        raise ClipError(
            Problem(
                "",
                f"'{folder}' is not a folder below the media folder",
                field="--folder",
                fix="give a relative folder such as 'clips'",
            )
        )
    return str(path)


def check_credits(given: Mapping[str, str | None], config: Config) -> dict[str, str]:
    """The credits as clean text, or a ClipError naming every problem, in the build's words:
    each value by the field parsers, then the licence rules on the whole."""
    problems: list[Problem] = []
    values: dict[str, object] = {}

    def report(key: str, message: str, fix: str = "", warning: bool = False) -> None:
        if not warning:
            problems.append(Problem("", message, field=key, fix=fix))

    for key in CREDITS:
        raw = given.get(key)
        if raw is None:
            continue
        try:
            # The build's own parser for the key (the field table's row), so the messages match.
            # (``copyright`` is a tag only, no clip key: plain text.)
            row = BY_KEY.get(key)
            values[key] = fields.parse(row, raw, config) if row else fields.text(raw)
        except ClipError as error:
            problems.extend(Problem("", p.message, field=key, fix=p.fix) for p in error.problems)
    if not problems:
        check_rights(values, config, report)
    if problems:
        raise ClipError(problems)
    return {key: getattr(value, "id", value) for key, value in values.items()}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shown_path(path: Path, project: Path) -> str:
    """``path`` relative to the project folder when inside it (so the recipe travels with the
    site), else absolute."""
    real = path.resolve()
    try:
        return real.relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(real)


def source_path(recipe: Recipe, project: Path) -> Path:
    """The recipe's source file on this machine."""
    path = Path(recipe.source)
    return path if path.is_absolute() else project / path


def sidecar_path(folder: Path, name: str) -> Path:
    return folder / (name + SUFFIX)


def to_json(recipe: Recipe, result: Mapping | None = None) -> str:
    """The sidecar's text: sorted keys, fixed float rounding, a final newline (reproducible)."""
    data = {"version": VERSION, "recipe": asdict(recipe)}
    data["recipe"]["credits"] = dict(recipe.credits)
    if result:
        data["result"] = result
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def read(path: Path) -> Recipe:
    """The recipe in a sidecar; ClipError when it is missing or not one."""
    where = os.path.relpath(path) if path.is_absolute() else str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClipError(
            Problem(
                where,
                "not found: this clip was not made by 'prepare', or its recipe was deleted",
                fix="run 'prepare SOURCE NAME' with the options again",
            )
        ) from None
    except (OSError, ValueError) as error:
        raise ClipError(Problem(where, f"cannot be read ({error})")) from None
    try:
        if data["version"] != VERSION:
            raise ValueError(f"version {data['version']!r}")
        stored = dict(data["recipe"])
        stored["credits"] = dict(stored.get("credits") or {})
        return Recipe(**stored)
    except (KeyError, TypeError, ValueError) as error:
        raise ClipError(
            Problem(where, f"is not a recipe 'prepare' can read ({error})", fix="prepare anew")
        ) from None
