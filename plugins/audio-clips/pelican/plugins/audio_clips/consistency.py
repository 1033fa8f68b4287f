"""One licence and one set of credits per recording, across the whole site.

Each article is checked on its own as it is read; only once every article and page is read can
the plugin see that two of them declare the same audio file with different rights (CC0 in one,
CC BY in the other) or different credits. Either would publish a contradiction, and the credits
page could not list the recording once. The facts compared are the field table's credit rows
(``schema.Field.credit``); a recording is its main file (``Clip.main_source``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from .errors import Problem, clip_label, display_path, stop_build
from .records import Clip
from .schema import FIELDS
from .settings import Config

logger = logging.getLogger(__name__)

CREDIT_KEYS = tuple(row.key for row in FIELDS if row.credit)
#: What translations of one article must share: they may translate a title or a credit line,
#: never change the rights.
RIGHTS_KEYS = tuple(row.key for row in FIELDS if row.credit and row.kind == "licence")

#: Where a recording is used: the page's path as shown to authors (for clips that do not say
#: which file they were written in), its clips, and what makes pages translations of one
#: another (Pelican gives them one slug), or None.
Use = tuple[str, Iterable[Clip], object]


def conflicts(uses: Iterable[Use]) -> list[Problem]:
    """Problems of recordings declared differently in two places; each problem is placed at the
    later declaration and names the first one (file:line for both). Places are taken in the
    order of their paths, not the site's (dates, then the file system's order), so the build
    and ``check`` name them alike on every machine."""
    first: dict[str, tuple[str, Clip, object, tuple]] = {}
    problems: list[Problem] = []
    for path, clips, family in sorted(uses, key=lambda use: use[0]):
        for clip in clips:
            recording = clip.main_source.path
            facts = tuple(getattr(clip, key) for key in CREDIT_KEYS)
            if recording not in first:
                first[recording] = (clip.origin or path, clip, family, facts)
                continue
            there, earlier, their_family, their_facts = first[recording]
            if facts == their_facts:  # the usual case, decided at once
                continue
            keys = RIGHTS_KEYS if family is not None and family == their_family else CREDIT_KEYS
            for key in keys:
                ours, theirs = _shown(getattr(clip, key)), _shown(getattr(earlier, key))
                if ours == theirs:
                    continue
                problems.append(
                    Problem(
                        clip.origin or path,
                        f"the recording '{recording}' has {key} '{ours}' here but "
                        f"'{theirs}' at {_place(there, earlier, key)} "
                        f"({clip_label(earlier.number, earlier.id)})",
                        clip=clip_label(clip.number, clip.id),
                        field=key,
                        fix="a recording has one licence and one credit on the whole site: "
                        "make both places say the same (or leave the key to the file's tags)",
                        line=_line(clip, key),
                        index=clip.number - 1,
                        clip_id=clip.id,
                    )
                )
    return problems


def one_licence_per_recording(contents: Iterable[object], config: Config) -> list[Problem]:
    """Check the site's content objects (articles, pages, drafts…): log each conflict, and stop
    a strict build once all are logged. Not strict (a development server), the site is still
    written; the credits page then lists the recording once, as its first use declares it."""
    problems = conflicts(
        (
            display_path(getattr(content, "source_path", "")),
            clips,
            (type(content).__name__, getattr(content, "slug", None)),
        )
        for content in contents
        if (clips := _clips(content))  # a page without clips declares nothing (and costs nothing)
    )
    for problem in problems:
        logger.error("%s", problem)
    if problems and config.strict:
        summary = (
            f"Build failed: {len(problems)} recording fact(s) differ between the pages that "
            "use the recording (see the errors above)"
        )
        logger.error("%s", summary)
        stop_build(summary)
    return problems


def _clips(content) -> tuple[Clip, ...]:
    clips = getattr(content, "clips", None)
    if isinstance(clips, tuple) and all(isinstance(c, Clip) for c in clips):
        return clips
    return ()


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(none)"
    return str(getattr(value, "id", value))


def _line(clip: Clip, key: str) -> int | None:
    return clip.lines.get(key) or clip.lines.get("")


def _place(path: str, clip: Clip, key: str) -> str:
    line = _line(clip, key)
    return f"{path}:{line}" if line else path


__all__ = ["conflicts", "one_licence_per_recording"]
