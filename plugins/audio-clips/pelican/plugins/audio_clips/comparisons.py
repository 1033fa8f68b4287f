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
#: Keys that only mean something in a comparison, and what to say when a clip is in none.
_COMPARISON_ONLY = {
    "version": (
        "this clip is compared with no other clip, so it has no version to name",
        "add 'compare: [its other version]' to one of them, or remove 'version:'",
    ),
    "align": (
        "this clip is compared with no other clip, so it has nothing to align with",
        "add 'compare: [its other version]' to one of them, or remove 'align:'",
    ),
}


class _Article:
    """The article's raw ``clips:`` list, its ids and sections, and the problems found."""

    def __init__(self, items: Sequence[object], path: str, line_of: Callable):
        self.items, self.path, self.line_of = items, path, line_of
        self.ids: dict[str, int] = {}
        self.sections: dict[str, object] = {}
        self.wanted: dict[int, tuple[str, ...]] = {}
        self.problems: list[Problem] = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            name = fields.guess_id(item)
            if name and name not in self.ids:
                self.ids[name] = index
                self.sections[name] = item.get("section")
            if "compare" in item:
                with contextlib.suppress(ClipError):  # else reported with the clip's own fields
                    self.wanted[index] = fields.compare_ids(item["compare"])

    def report(self, index: int, message: str, fix: str, *where, key: str = "compare") -> None:
        self.problems.append(
            Problem(
                self.path,
                message,
                clip=clip_label(index + 1, fields.guess_id(self.items[index])),
                field=key,
                fix=fix,
                line=self.line_of(index, key, *where),
                index=index,
                clip_id=fields.guess_id(self.items[index]) or "",
            )
        )


def check(
    items: Sequence[object], clips: Sequence[Clip], path: str, line_of: Callable
) -> list[Problem]:
    """Problems of the article's comparisons. ``items`` is the raw ``clips:`` list, ``clips``
    the records that were built from it (for labels that come from the files' tags)."""
    article = _Article(items, path, line_of)
    member_of, unresolved = _members(article)
    _check_lone_keys(article, member_of, unresolved)
    built = {clip.id: clip for clip in clips}
    for group in _groups(article.wanted, member_of, items):
        versions = [(index, built.get(fields.guess_id(items[index]) or "")) for index in group]
        _check_labels(article, versions)
        _check_alignment(article, versions)
    return article.problems


def _members(article: _Article) -> tuple[dict[str, int], bool]:
    """Which clip's ``compare:`` takes each clip in (id -> index), and whether some id named
    no clip (perhaps a misspelt version, so nothing more is said of lone versions)."""
    member_of: dict[str, int] = {}
    unresolved = False
    items, ids = article.items, article.ids
    for index, names in article.wanted.items():
        own = fields.guess_id(items[index])
        listed = isinstance(items[index]["compare"], list)
        for position, name in enumerate(names):
            where = (position,) if listed else ()
            problem = None
            if name == own:
                problem = ("names this clip itself", "name the other versions only")
            elif name not in ids:
                unresolved = True
                hint = did_you_mean(name, ids, 0.5)
                problem = (
                    f"no clip with id '{name}' in this article",
                    (hint + " " if hint else "") + f"ids here: {', '.join(ids) or '(none)'}",
                )
            elif article.sections[name] != items[index].get("section"):
                problem = (
                    f"clip '{name}' is in section '{article.sections[name]}', this clip in "
                    f"'{items[index].get('section')}'",
                    "a comparison is one figure in one section: give both the same 'section:'",
                )
            elif ids[name] in article.wanted:
                problem = (
                    f"clip '{name}' has a 'compare:' of its own, so it would be in two comparisons",
                    FIX_ONE,
                )
            elif name in member_of:
                first = member_of[name]
                problem = (
                    f"clip '{name}' is already compared with clip "
                    f"'{fields.guess_id(items[first])}' ({first + 1})",
                    FIX_ONE,
                )
            else:
                member_of[name] = index
            if problem:
                article.report(index, *problem, *where)
    return member_of, unresolved


def _check_lone_keys(article: _Article, member_of: dict[str, int], unresolved: bool) -> None:
    """``version:`` and ``align:`` on a clip that is in no comparison."""
    if unresolved:
        return
    for index, item in enumerate(article.items):
        if not isinstance(item, dict):
            continue
        if index in article.wanted or fields.guess_id(item) in member_of:
            continue
        for key, (message, fix) in _COMPARISON_ONLY.items():
            if key in item:
                article.report(index, message, fix, key=key)


def _check_labels(article: _Article, versions: list[tuple[int, Clip | None]]) -> None:
    """The labels of one comparison differ (case aside)."""
    seen: dict[str, str] = {}
    for index, clip in versions:
        if clip is None:
            continue
        label = clip.version_label.casefold()
        if label in seen:
            article.report(
                index,
                f"'{clip.version_label}' is also the label of clip '{seen[label]}' in its "
                "comparison",
                "give each version its own short 'version:' label",
                key="version",
            )
        else:
            seen[label] = clip.id


def _check_alignment(article: _Article, versions: list[tuple[int, Clip | None]]) -> None:
    """Every version that gives ``align:`` gives as many points as the first version, whose
    points are the reference the others are mapped to."""
    first = versions[0][1]
    if first is None:
        return
    for index, clip in versions[1:]:
        if clip is None or not clip.align:
            continue
        if not first.align:
            article.report(
                index,
                f"the first version, '{first.id}', gives no 'align:' points to align these with",
                f"give clip '{first.id}' the same musical moments as 'align:' (its points are "
                "the reference), or remove this one",
                key="align",
            )
        elif len(clip.align) != len(first.align):
            article.report(
                index,
                f"gives {len(clip.align)} alignment points, but the first version, "
                f"'{first.id}', gives {len(first.align)}",
                "give every version the same musical moments, in the same order",
                key="align",
            )


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
