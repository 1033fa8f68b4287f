"""Comparisons: clips of one section shown as one figure with a switch (``compare:``).

A comparison is written on its first version, ``compare: [other-id, …]``, naming the other
versions in the order the switch shows them; each version may carry a short ``version:`` label
(its title otherwise). Each clip is validated on its own first (``assemble``); this module checks
what only the article as a whole can tell — that the ids named exist, sit in the same section,
are not the clip itself and belong to no other comparison, that no ``version:`` is left without a
comparison, and that the labels of one comparison differ — and then groups the valid clips into
:class:`~audio_clips.records.Comparison` records for the markup.

A problem here names the clip that holds the key and the key's line (or the entry's, for one id
of a list), like every other problem; ``check`` and the build both get them from ``build_clips``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from . import fields
from .errors import ClipError, Problem, clip_label, did_you_mean
from .records import Clip, Comparison

FIX_ONE = "list every version on one clip: 'compare: [b, c]' on the first, nothing on the others"


def check(
    items: Sequence[object], clips: Sequence[Clip], path: str, line_of: Callable
) -> list[Problem]:
    """Problems of the article's comparisons. ``items`` is the raw ``clips:`` list, ``clips``
    the records that were built from it (for labels that come from the files' tags)."""
    ids: dict[str, int] = {}
    sections: dict[str, object] = {}
    wanted: dict[int, tuple[str, ...]] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        name = fields.guess_id(item)
        if name and name not in ids:
            ids[name] = index
            sections[name] = item.get("section")
        if "compare" in item:
            with contextlib.suppress(ClipError):  # else reported with the clip's own fields
                wanted[index] = fields.compare_ids(item["compare"])

    problems: list[Problem] = []

    def report(index: int, message: str, fix: str, *where, key: str = "compare") -> None:
        item = items[index]
        problems.append(
            Problem(
                path,
                message,
                clip=clip_label(index + 1, fields.guess_id(item)),
                field=key,
                fix=fix,
                line=line_of(index, key, *where),
            )
        )

    member_of: dict[str, int] = {}  # clip id -> index of the clip whose compare: names it
    unresolved = False  # an id named nowhere: perhaps a misspelt version, so say that only
    for index, names in wanted.items():
        own = fields.guess_id(items[index])
        listed = isinstance(items[index]["compare"], list)
        for position, name in enumerate(names):
            where = (position,) if listed else ()
            if name == own:
                report(index, "names this clip itself", "name the other versions only", *where)
            elif name not in ids:
                unresolved = True
                hint = did_you_mean(name, ids, 0.5)
                report(
                    index,
                    f"no clip with id '{name}' in this article",
                    (hint + " " if hint else "") + f"ids here: {', '.join(ids) or '(none)'}",
                    *where,
                )
            elif sections[name] != items[index].get("section"):
                report(
                    index,
                    f"clip '{name}' is in section '{sections[name]}', this clip in "
                    f"'{items[index].get('section')}'",
                    "a comparison is one figure in one section: give both the same 'section:'",
                    *where,
                )
            elif ids[name] in wanted:
                report(
                    index,
                    f"clip '{name}' has a 'compare:' of its own, so it would be in two comparisons",
                    FIX_ONE,
                    *where,
                )
            elif name in member_of:
                first = member_of[name]
                report(
                    index,
                    f"clip '{name}' is already compared with clip "
                    f"'{fields.guess_id(items[first])}' ({first + 1})",
                    FIX_ONE,
                    *where,
                )
            else:
                member_of[name] = index

    for index, item in enumerate(items):
        if isinstance(item, dict) and "version" in item:
            name = fields.guess_id(item)
            if index not in wanted and name not in member_of and not unresolved:
                report(
                    index,
                    "this clip is compared with no other clip, so it has no version to name",
                    "add 'compare: [its other version]' to one of them, or remove 'version:'",
                    key="version",
                )

    built = {clip.id: clip for clip in clips}
    for group in _groups(wanted, member_of, items):
        seen: dict[str, str] = {}
        for index in group:
            clip = built.get(fields.guess_id(items[index]) or "")
            if clip is None:
                continue
            label = clip.version_label.casefold()
            if label in seen:
                report(
                    index,
                    f"'{clip.version_label}' is also the label of clip '{seen[label]}' in its "
                    "comparison",
                    "give each version its own short 'version:' label",
                    key="version",
                )
            else:
                seen[label] = clip.id
    return problems


def _groups(wanted, member_of, items) -> list[list[int]]:
    """Indexes of each comparison's clips, first version first."""
    groups = []
    for index in wanted:
        own = [index]
        own += [
            i
            for i, item in enumerate(items)
            if isinstance(item, dict) and member_of.get(fields.guess_id(item) or "") == index
        ]
        groups.append(own)
    return groups


def group(clips: Sequence[Clip]) -> list[Clip | Comparison]:
    """The clips as the article shows them: a comparison in place of its first version, its
    other versions taken into it. Only valid clips of the same section are grouped (a page
    published with problems, ``make serve``, shows the rest one by one)."""
    by_id = {clip.id: clip for clip in clips}
    taken: set[str] = set()
    leaders: dict[str, Comparison] = {}
    for clip in clips:
        if not clip.compare or clip.id in taken:
            continue
        members = [
            by_id[name]
            for name in clip.compare
            if name in by_id
            and name != clip.id
            and name not in taken
            and name not in leaders
            and by_id[name].section == clip.section
            and not by_id[name].compare
        ]
        if members:
            taken.update(m.id for m in members)
            leaders[clip.id] = Comparison(clips=(clip, *members))
    shown: list[Clip | Comparison] = []
    for clip in clips:
        if clip.id in leaders:
            shown.append(leaders[clip.id])
        elif clip.id not in taken:
            shown.append(clip)
    return shown


__all__ = ["check", "group"]
