"""From an article's ``clips:`` front matter to validated :class:`~audio_clips.records.Clip` records.

Pure functions over plain data: no Pelican here. :func:`build_clips` checks every key of every
clip (``fields``), reads the audio files through a :class:`~audio_clips.media.ProbeCache`
(``media``), merges the files' own tags and applies the rights rules (``rights``), and assembles
the record. It returns the clips, the problems and the warnings; the caller decides what a problem
does to the build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import comparisons, fields
from .errors import ClipError, Problem, bad, clip_label, did_you_mean
from .frontmatter import FrontMatter
from .media import ProbeCache, inside, resolve, siblings
from .media_types import AUDIO_TYPES
from .notation import load_notation
from .records import Chapters, Clip, Source, Waveform, chapters_vtt, format_time, is_web_url
from .rights import check_rights, merge_tags
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
    """Every key of one clip, parsed by its kind; unknown and missing keys reported."""
    values: dict[str, object] = {}
    parsers = {
        **dict.fromkeys(fields.TEXT_KEYS, fields.text),
        **dict.fromkeys(fields.YEAR_KEYS, fields.year),
        "src": fields.text,
        "section": fields.text,
        "id": fields.clip_id,
        "license": lambda v: fields.license_id(v, config, "license"),
        "composition_license": lambda v: fields.license_id(v, config, "composition_license"),
        "listen_for": fields.moments,
        "compare": fields.compare_ids,
        "version": fields.version,
        "after": fields.after,
    }
    for key, value in item.items():
        if key not in fields.KEYS:
            hint = did_you_mean(str(key), fields.KEYS) or f"known keys: {', '.join(fields.KEYS)}"
            one.report(str(key), "unknown key", hint)
            continue
        parse = parsers.get(key)
        if parse is None:  # 'notation' is checked against the files, once the audio is known
            continue
        try:
            values[key] = parse(value)
        except ClipError as error:
            one.add(error, key)
    return values


def _build_one(item: dict, number: int, config: Config, headings, cache, one: _Clip):
    values = parse_fields(item, config, one)
    for key, fix in (
        ("src", "add 'src: clips/<file>.opus' (a path below media/)"),
        ("section", f"add 'section: <heading id>' — this article has: {_ids(headings)}"),
        ("description", "add 'description: …' saying what the listener hears"),
    ):
        if key not in item:
            one.report(key, "missing", fix)

    section = values.get("section")
    if isinstance(section, str) and section not in headings:
        hint = did_you_mean(section, headings, 0.5)
        one.report(
            "section",
            f"no heading with id '{section}' in this article",
            (hint + " " if hint else "") + f"ids here: {_ids(headings)}",
        )

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
    main = sources[0]
    merged = merge_tags(values, _main_tags(sources, src), config, one.report)
    if merged is None or not check_rights(merged, config, one.report):
        return None

    duration = main.info.duration
    for position, moment in enumerate(merged.get("listen_for", ())):
        if moment.at >= duration:
            one.outcome.problems.append(
                Problem(
                    one.path,
                    f"moment {position + 1} at {moment.label} is beyond the end of the clip, "
                    f"which lasts {format_time(duration)} ({duration:.2f} s)"
                    + ("; is the file cut short?" if duration < 2 else ""),
                    clip=one.label,
                    index=one.index,
                    clip_id=one.clip_id,
                    field="listen_for",
                    fix="give a time inside the clip",
                    line=one.line(("listen_for", position, "at")),
                )
            )
            one.failed = True
    for other in sources[1:]:
        if abs(other.info.duration - duration) > 0.5:
            one.report(
                "src",
                f"the formats of this clip differ in length: {main.path} lasts {duration:.1f} s, "
                f"{other.path} lasts {other.info.duration:.1f} s",
                "make every format from the same master (re-run 'make clips'); the player "
                f"shows {main.path}'s length",
                warning=True,
            )

    try:
        memo_key = ("waveform", src)
        if memo_key not in cache.memo:
            cache.memo[memo_key] = _waveform(Path(config.media_path) / src, config.media_path)
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
        id=merged.get("id") or fields.slug(Path(src).stem),
        number=number,
        section=merged["section"],
        title=merged["title"],
        license=merged["license"],
        description=merged["description"],
        sources=tuple(sources),
        duration=duration,
        composer=merged.get("composer", ""),
        composed=merged.get("composed", ""),
        performer=merged.get("performer", ""),
        recorded=merged.get("recorded", ""),
        composition_license=merged.get("composition_license"),
        source=merged.get("source", ""),
        source_is_url=is_web_url(str(merged.get("source", ""))),
        attribution=merged.get("attribution", ""),
        caption_html=render_caption(merged["caption"]) if merged.get("caption") else "",
        listen_for=tuple(merged.get("listen_for", ())),
        waveform=waveform,
        notation=notation,
        chapters=_chapters(merged.get("listen_for", ()), duration, src, config),
        compare=tuple(merged.get("compare", ())),
        version=merged.get("version", ""),
        after=merged.get("after"),
    )


def _chapters(moments, duration: float, src: str, config: Config) -> Chapters | None:
    """The moments as a WebVTT chapters file, named by the clip's file and the content (two
    articles may give one recording different moments)."""
    if not moments:
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
        info = cache.get(candidate, relative)
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


def _waveform(audio_path: Path, media_root: str) -> Waveform | None:
    peaks_file = audio_path.with_name(audio_path.stem + ".peaks.json")
    if not peaks_file.is_file():
        return None
    if not inside(peaks_file, media_root):
        raise bad(
            f"waveform file '{peaks_file.name}' is a link that leads outside the media folder",
            "copy the file into media/ instead of linking to it",
        )
    try:
        data = json.loads(peaks_file.read_text(encoding="utf-8"))
        peaks = tuple(map(float, data["peaks"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise bad(
            f"waveform file '{peaks_file.name}' is malformed",
            "re-run 'make clips' to regenerate it, or delete it",
        ) from None
    # 0 <= p <= 1 for every peak, NaN failing it (json reads 'NaN'), without a Python loop.
    if not peaks or not (all(map((0.0).__le__, peaks)) and all(map((1.0).__ge__, peaks))):
        raise bad(
            f"waveform file '{peaks_file.name}' has values outside 0..1",
            "re-run 'make clips' to regenerate it",
        )
    return Waveform(peaks=peaks)


def _ids(headings: Sequence[str]) -> str:
    return ", ".join(headings) if headings else "(none: add '## Heading {#id}' lines)"


__all__ = ["Outcome", "build_clips", "parse_fields"]
