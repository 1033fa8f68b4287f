"""From an article's ``clips:`` front matter to validated :class:`~audio_clips.records.Clip` records.

Pure functions over plain data: no Pelican here. :func:`build_clips` checks every key of every
clip (``fields``), reads the audio files through a :class:`~audio_clips.media.ProbeCache`
(``media``), merges the files' own tags and applies the rights rules (``rights``), and assembles
the record. It returns the clips, the problems and the warnings; the caller decides what a problem
does to the build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import comparisons, fields
from .errors import ClipError, Problem, bad, clip_label, did_you_mean
from .frontmatter import FrontMatter
from .media import ProbeCache, read_peaks, resolve, siblings
from .media_types import AUDIO_TYPES
from .notation import load_notation
from .records import Chapters, Clip, Source, Waveform, chapters_vtt, format_time, is_web_url
from .rights import check_rights, merge_tags
from .schema import BY_KEY, FIELDS, KINDS
from .settings import Config
from .text import render_caption


@dataclass
class Outcome:
    """What :func:`build_clips` found for one article."""

    clips: list[Clip] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class _Clip:
    """Collects one clip's problems and warnings, each placed at its file, clip and line."""

    def __init__(self, outcome: Outcome, path: str, label: str, index: int, line_of, clip_id=""):
        self.outcome, self.path, self.label, self.index = outcome, path, label, index
        self.clip_id = clip_id or ""
        self._line_of = line_of
        self.failed = False

    def line(self, where: tuple) -> int | None:
        return self._line_of(self.index, *where)

    def report(self, key: str, message: str, fix: str = "", warning: bool = False) -> None:
        problem = Problem(
            self.path,
            message,
            clip=self.label,
            field=key,
            fix=fix,
            line=self.line((key,)),
            index=self.index,
            clip_id=self.clip_id,
        )
        if warning:
            self.outcome.warnings.append(problem)
        else:
            self.outcome.problems.append(problem)
            self.failed = True

    def add(self, error: ClipError, key: str) -> None:
        for problem in error.problems:
            placed = problem if problem.field else replace(problem, field=key)
            self.outcome.problems.append(
                placed.located(self.path, self.label, self.line, self.index, self.clip_id)
            )
        self.failed = True


def build_clips(
    raw: object,
    *,
    path: str,
    config: Config,
    headings: Sequence[str],
    cache: ProbeCache,
    front_matter: FrontMatter | None = None,
    key: str = "clips",
) -> Outcome:
    """Validate ``raw`` (the value of ``clips:``, spelt ``key`` in the file) against the
    article's ``headings`` (ids, in order)."""
    out = Outcome()

    def line_of(*at) -> int | None:
        return front_matter.line(key, *at) if front_matter else None

    if raw is None:
        return out
    if not isinstance(raw, list):
        out.problems.append(
            Problem(
                path,
                f"must be a list of clips, not {fields.kind(raw)}",
                field="clips",
                line=line_of(),
                fix="start each clip with '- src: …' on its own line under 'clips:'",
            )
        )
        return out
    seen_ids: dict[str, int] = {}
    for index, item in enumerate(raw):
        number = index + 1
        if not isinstance(item, dict):
            out.problems.append(
                Problem(
                    path,
                    f"must be a mapping of keys to values, not {fields.kind(item)}",
                    clip=clip_label(number),
                    line=line_of(index),
                    index=index,
                    fix="write the clip as 'src: …', 'section: …' lines under its '- '",
                )
            )
            continue
        clip_id = fields.guess_id(item)
        one = _Clip(out, path, clip_label(number, clip_id), index, line_of, clip_id)
        if clip_id and clip_id in seen_ids:
            one.report(
                "id",
                f"'{clip_id}' is already used by clip {seen_ids[clip_id]}",
                "give one of them a different 'id:'",
            )
        elif clip_id:
            seen_ids[clip_id] = number
        clip = _build_one(item, number, config, headings, cache, one)
        if clip is not None and not one.failed:
            out.clips.append(clip)
    out.problems.extend(comparisons.check(raw, out.clips, path, line_of))
    return out


def parse_fields(item: dict, config: Config, one: _Clip) -> dict[str, object]:
    """Every key of one clip, parsed by its row of the field table; unknown keys reported."""
    values: dict[str, object] = {}
    for key, value in item.items():
        row = BY_KEY.get(key)
        if row is None:
            hint = did_you_mean(str(key), BY_KEY) or f"known keys: {', '.join(BY_KEY)}"
            one.report(str(key), "unknown key", hint)
        elif row.kind != "files":  # notation is checked against the files, once they are known
            try:
                values[key] = fields.parse(row, value, config)
            except ClipError as error:
                one.add(error, key)
    return values


def _build_one(item: dict, number: int, config: Config, headings, cache, one: _Clip):
    values = parse_fields(item, config, one)
    _check_required(item, values, headings, one)
    src = values.get("src")
    if not isinstance(src, str):
        return None
    try:
        sources = _sources(src, config, cache)
    except ClipError as error:
        one.add(error, "src")
        return None
    if one.failed:  # the rights rules would only repeat what the fields already said
        return None
    merged = merge_tags(values, _main_tags(sources, src), config, one.report)
    if merged is None or not check_rights(merged, config, one.report):
        return None
    duration = sources[0].info.duration
    _check_times(merged, duration, one)
    _check_lengths(sources, one)
    try:
        memo_key = ("waveform", src)
        if memo_key not in cache.memo:
            cache.memo[memo_key] = _waveform(Path(config.media_path) / src, config)
        waveform = cache.memo[memo_key]
    except ClipError as error:
        one.add(error, "src")
        return None
    notation = None
    if "notation" in item:
        try:
            notation = load_notation(item["notation"], src, config, duration)
        except ClipError as error:
            one.add(error, "notation")
    if one.failed:
        return None
    return Clip(
        **{row.key: merged[row.key] for row in FIELDS if row.record and row.key in merged},
        id=merged.get("id") or fields.slug(Path(src).stem),
        number=number,
        sources=tuple(sources),
        duration=duration,
        source_is_url=is_web_url(str(merged.get("source", ""))),
        caption_html=render_caption(merged["caption"]) if merged.get("caption") else "",
        waveform=waveform,
        notation=notation,
        chapters=_chapters(merged.get("listen_for", ()), duration, src, config),
        origin=one.path,
        lines=_lines(item, one),
    )


def _check_required(item: dict, values: dict, headings: Sequence[str], one: _Clip) -> None:
    """Keys that must be written, and a section that must be one of the article's headings."""
    for row in FIELDS:
        if row.required and row.key not in item:
            one.report(row.key, "missing", row.missing.format(headings=_ids(headings)))
    section = values.get("section")
    if isinstance(section, str) and section not in headings:
        hint = did_you_mean(section, headings, 0.5)
        one.report(
            "section",
            f"no heading with id '{section}' in this article",
            (hint + " " if hint else "") + f"ids here: {_ids(headings)}",
        )


def _check_times(merged: dict, duration: float, one: _Clip) -> None:
    """Every time a clip's keys give (moments, alignment points) lies inside the clip."""
    for row in FIELDS:
        if not KINDS[row.kind].timed or row.key not in merged:
            continue
        for where, at, label in fields.timed(row, merged[row.key]):
            if at < duration:
                continue
            what = f"{KINDS[row.kind].timed} {where[1] + 1} at {label}"
            lasts = f"{format_time(duration)} ({duration:.3f} s)"
            short = "; is the file cut short?" if duration < 2 else ""
            message = f"{what} is beyond the end of the clip, which lasts {lasts}{short}"
            one.add(
                bad(message, "give a time inside the clip", field=row.key, where=where), row.key
            )


def _check_lengths(sources: list[Source], one: _Clip) -> None:
    main = sources[0]
    for other in sources[1:]:
        if abs(other.info.duration - main.info.duration) > 0.5:
            one.report(
                "src",
                f"the formats of this clip differ in length: {main.path} lasts "
                f"{main.info.duration:.1f} s, {other.path} lasts {other.info.duration:.1f} s",
                "encode every format again from the same master; the player "
                f"shows {main.path}'s length",
                warning=True,
            )


def _lines(item: dict, one: _Clip) -> dict[str, int]:
    """The clip's first line and those of its credit keys (``records.ClipFacts.lines``)."""
    found = {"": one.line(())}
    found.update(
        {row.key: one.line((row.key,)) for row in FIELDS if row.credit and row.key in item}
    )
    return {key: line for key, line in found.items() if line is not None}


def _chapters(moments, duration: float, src: str, config: Config) -> Chapters | None:
    """The moments as a WebVTT chapters file, named by the clip's file and the content (two
    articles may give one recording different moments)."""
    if not moments or "chapters" in config.bench_off:  # a benchmark's switch (BENCH_PARTS)
        return None
    text = chapters_vtt(tuple(moments), duration)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    path = f"chapters/{fields.slug(Path(src).stem)}-{digest}.vtt"
    return Chapters(path=path, url=config.media_link(path), text=text)


def _sources(src: str, config: Config, cache: ProbeCache) -> list[Source]:
    """The clip's files, best format first; memoised per build, as many articles share clips."""
    key = ("sources", src)
    if key not in cache.memo:
        cache.memo[key] = _find_sources(src, config, cache)
    return cache.memo[key]


def _find_sources(src: str, config: Config, cache: ProbeCache) -> list[Source]:
    main_path = resolve(src, config.media_path)
    root = Path(config.media_path)
    found = []
    for candidate in siblings(main_path, config.format_rank, config.media_path):
        relative = candidate.relative_to(root).as_posix()
        info = cache.get(candidate, relative, config.limits)
        found.append(
            Source(
                path=relative,
                url=config.media_link(relative),
                href=config.media_href(relative),
                mime=AUDIO_TYPES[candidate.suffix.lower()][0],
                size=candidate.stat().st_size,
                info=info,
            )
        )
    return found


def _main_tags(sources: list[Source], src: str) -> dict[str, str]:
    """Tags of the file the author named, filled in from its sibling formats."""
    named = next((s for s in sources if s.path.endswith(Path(src).name)), sources[0])
    tags = dict(named.info.tags)
    for other in sources:
        for key, value in other.info.tags.items():
            tags.setdefault(key, value)
    return tags


def _waveform(audio_path: Path, config: Config) -> Waveform | None:
    peaks = read_peaks(audio_path, config.limits, config.media_path)
    return None if peaks is None else Waveform(peaks=peaks)


def _ids(headings: Sequence[str]) -> str:
    return ", ".join(headings) if headings else "(none: the clip's section needs a heading)"


__all__ = ["Outcome", "build_clips", "parse_fields"]
