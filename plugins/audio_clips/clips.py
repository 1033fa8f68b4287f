"""From an article's ``clips:`` front matter to validated :class:`~audio_clips.records.Clip` records.

Pure functions over plain data: no Pelican here. :func:`build_clips` checks every key of every clip,
reads the audio files (through a :class:`~audio_clips.media.ProbeCache`), merges the files' own tags
(front matter wins) and applies the rights rules. It returns the clips, the problems and the warnings;
the caller decides what a problem does to the build.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, clip_label, did_you_mean
from .frontmatter import FrontMatter
from .media import ProbeCache, ProbeError, SourceError, resolve, siblings
from .notation import NotationError, load_notation
from .records import Clip, License, Moment, Source, Waveform, format_time
from .settings import AUDIO_TYPES, Config
from .text import render_caption

#: Every key a clip may have, with whether front matter alone must give it.
KEYS = {
    "src": "path of the audio file below media/, e.g. clips/maple-leaf-rag.opus",
    "section": "id of the heading the clip belongs to",
    "id": "unique name within the article (defaults to the file name without extension)",
    "title": "title of the work or excerpt",
    "composer": "who wrote the music",
    "composed": "year the music was written",
    "performer": "who made this recording",
    "recorded": "year of the recording",
    "license": "the recording's licence (SPDX id or public-domain)",
    "composition_license": "the composition's status (public-domain or an SPDX id)",
    "source": "where the recording comes from (URL or repository path)",
    "attribution": "extra credit the licence asks for",
    "caption": "one or two sentences of Markdown under the player",
    "description": "what the listener hears, for people who cannot hear it",
    "listen_for": "list of {at: 'm:ss', text: '…'} moments",
    "notation": "true to show the engraved notation made by 'make clips' (or a path to its .svg)",
}
MOMENT_KEYS = ("at", "text")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_TIME_RE = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$")
_ISO_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ].*)?)?)?$")
_YEAR_RE = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
#: Tag fields that may fill a missing front-matter key: front-matter key -> tag field.
TAG_FIELDS = {
    "title": "title",
    "composer": "composer",
    "performer": "artist",
    "recorded": "date",
    "composed": "composed",
    "license": "license",
    "composition_license": "composition_license",
    "source": "source",
}
MAX_TEXT = 2000


class _Bad(Exception):
    """A field-level problem, turned into a Problem by the caller who knows the clip."""

    def __init__(self, message: str, fix: str = "", key: str | None = None):
        super().__init__(message)
        self.message, self.fix, self.key = message, fix, key


@dataclass
class Outcome:
    """What :func:`build_clips` found for one article."""

    clips: list[Clip] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def build_clips(
    raw: object,
    *,
    path: str,
    config: Config,
    headings: Sequence[str],
    cache: ProbeCache,
    front_matter: FrontMatter | None = None,
) -> Outcome:
    """Validate ``raw`` (the value of ``clips:``) against the article's ``headings`` (ids, in order)."""
    out = Outcome()

    def line(*at) -> int | None:
        return front_matter.line("clips", *at) if front_matter else None

    if raw is None:
        return out
    if not isinstance(raw, list):
        out.problems.append(
            Problem(
                path,
                f"must be a list of clips, not {_kind(raw)}",
                field="clips",
                line=line(),
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
                    f"must be a mapping of keys to values, not {_kind(item)}",
                    clip=clip_label(number),
                    line=line(index),
                    fix="write the clip as 'src: …', 'section: …' lines under its '- '",
                )
            )
            continue
        clip_id = _guess_id(item)
        label = clip_label(number, clip_id)
        problems_before = len(out.problems)

        def report(key: str, message: str, fix: str = "", bucket=out.problems, _i=index, _l=label):
            bucket.append(Problem(path, message, clip=_l, field=key, fix=fix, line=line(_i, key)))

        clip = _build_one(item, number, config, headings, cache, report, out.warnings)
        if clip is None or len(out.problems) > problems_before:
            continue
        if clip.id in seen_ids:
            report(
                "id",
                f"'{clip.id}' is already used by clip {seen_ids[clip.id]}",
                "give one of them a different 'id:'",
            )
            continue
        seen_ids[clip.id] = number
        out.clips.append(clip)
    return out


def _build_one(item: dict, number: int, config: Config, headings, cache, report, warnings):
    values: dict[str, object] = {}
    failed = False

    def check(key, parse):
        nonlocal failed
        if key not in item:
            return
        try:
            values[key] = parse(item[key])
        except _Bad as bad:
            report(bad.key or key, bad.message, bad.fix)
            failed = True

    for key in item:
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS) or f"known keys: {', '.join(KEYS)}"
            report(str(key), "unknown key", hint)
            failed = True

    for key in (
        "title",
        "composer",
        "performer",
        "source",
        "attribution",
        "description",
        "caption",
    ):
        check(key, _text)
    for key in ("composed", "recorded"):
        check(key, _year)
    check("src", _text)
    check("section", _text)
    check("id", _clip_id)
    check("license", lambda v: _license(v, config, "license"))
    check("composition_license", lambda v: _license(v, config, "composition_license"))
    check("listen_for", _moments)

    for key, fix in (
        ("src", "add 'src: clips/<file>.opus' (a path below media/)"),
        ("section", f"add 'section: <heading id>' — this article has: {_ids(headings)}"),
        ("description", "add 'description: …' saying what the listener hears"),
    ):
        if key not in item:
            report(key, "missing", fix)
            failed = True

    section = values.get("section")
    if isinstance(section, str) and section not in headings:
        hint = did_you_mean(section, headings, 0.5)
        report(
            "section",
            f"no heading with id '{section}' in this article",
            (hint + " " if hint else "") + f"ids here: {_ids(headings)}",
        )
        failed = True

    src = values.get("src")
    sources: list[Source] = []
    if isinstance(src, str):
        try:
            sources = _sources(src, config, cache)
        except _Bad as bad:
            report("src", bad.message, bad.fix)
            failed = True
    if failed or not sources:
        return None

    main = sources[0]
    tags = _main_tags(sources, src)
    merged = dict(values)
    for key, tag_field in TAG_FIELDS.items():
        tag_value = tags.get(tag_field, "")
        if key in ("composed", "recorded") and tag_value:
            tag_value = _year_from_tag(tag_value)
        if not tag_value:
            continue
        if key in ("license", "composition_license"):
            tag_license = _license_from_tag(tag_value, config)
            if key not in values:
                if tag_license is None:
                    report(
                        key,
                        f"the file's tag says '{tag_value}', which is not allowed here",
                        f"state the rights in front matter ('{key}: …'); allowed: "
                        f"{', '.join(config.licenses)}",
                    )
                    return None
                merged[key] = tag_license
            elif tag_license is None or tag_license.id != values[key].id:
                _conflict(report, warnings, key, values[key].id, tag_value)
            continue
        if key not in values:
            merged[key] = tag_value
        elif _norm(str(values[key])) != _norm(tag_value):
            _conflict(report, warnings, key, str(values[key]), tag_value)

    ok = True
    if not merged.get("title"):
        report("title", "missing, and the file has no title tag", "add 'title: …'")
        ok = False
    license_ = merged.get("license")
    if license_ is None:
        report(
            "license",
            "missing, and the file has no licence tag",
            f"add 'license: …' — allowed: {', '.join(config.licenses)}",
        )
        return None
    if license_.attribution:
        if not merged.get("source"):
            report(
                "source",
                f"{license_.label} requires crediting the source",
                "add 'source: <URL or repository path of the recording>'",
            )
            ok = False
        if not (merged.get("performer") or merged.get("composer")):
            report(
                "performer",
                f"{license_.label} requires naming the creator",
                "add 'performer: …' (who made the recording) or 'composer: …'",
            )
            ok = False
    if license_.id == "public-domain":
        if not merged.get("composer"):
            report(
                "composer",
                "a public-domain recording needs its composer named",
                "add 'composer: …'",
            )
            ok = False
        if not (merged.get("recorded") or merged.get("composed") or merged.get("attribution")):
            report(
                "recorded",
                "a public-domain recording needs a year that makes it so",
                "add 'recorded: <year>' or 'composed: <year>', or explain the status in "
                "'attribution: …'",
            )
            ok = False

    duration = main.info.duration
    moments = []
    for position, moment in enumerate(merged.get("listen_for", ())):
        if moment.at >= duration:
            report(
                "listen_for",
                f"moment {position + 1} at {moment.label} is beyond the end of the clip "
                f"({format_time(duration)}, {duration:.1f} s)",
                "give a time inside the clip",
            )
            ok = False
        moments.append(moment)
    for other in sources[1:]:
        if abs(other.info.duration - duration) > 0.5:
            _conflict(
                report,
                warnings,
                "src",
                f"{main.path} lasts {duration:.1f} s",
                f"{other.path} lasts {other.info.duration:.1f} s",
                what="formats of this clip differ in length",
            )

    try:
        key = ("waveform", src)
        if key not in cache.memo:
            cache.memo[key] = _waveform(Path(config.media_path) / src)
        waveform = cache.memo[key]
    except _Bad as bad:
        report("src", bad.message, bad.fix)
        return None
    notation = None
    if "notation" in item:
        try:
            notation = load_notation(item["notation"], src, config, duration)
        except NotationError as error:
            report("notation", error.message, error.fix)
            ok = False
    if not ok:
        return None

    clip_id = merged.get("id") or _slug(Path(src).stem)
    return Clip(
        id=clip_id,
        number=number,
        section=merged["section"],
        title=merged["title"],
        license=license_,
        description=merged["description"],
        sources=tuple(sources),
        duration=duration,
        composer=merged.get("composer", ""),
        composed=merged.get("composed", ""),
        performer=merged.get("performer", ""),
        recorded=merged.get("recorded", ""),
        composition_license=merged.get("composition_license"),
        source=merged.get("source", ""),
        source_is_url=str(merged.get("source", "")).startswith(("https://", "http://")),
        attribution=merged.get("attribution", ""),
        caption_html=render_caption(merged["caption"]) if merged.get("caption") else "",
        listen_for=tuple(moments),
        waveform=waveform,
        notation=notation,
    )


def _conflict(report, warnings: list, key: str, ours: str, theirs: str, what: str = "") -> None:
    """Warn that front matter and the file disagree (front matter wins)."""
    message = (
        f"{what}: {ours}, {theirs}"
        if what
        else (f"front matter says '{ours}' but the file's tag says '{theirs}'")
    )
    report(key, message, "front matter wins; make them agree to silence this", bucket=warnings)


def _sources(src: str, config: Config, cache: ProbeCache) -> list[Source]:
    """The clip's files, best format first; memoised per build, as many articles share clips."""
    key = ("sources", src)
    if key not in cache.memo:
        cache.memo[key] = _find_sources(src, config, cache)
    return cache.memo[key]


def _find_sources(src: str, config: Config, cache: ProbeCache) -> list[Source]:
    try:
        main_path = resolve(src, config.media_path)
    except SourceError as error:
        raise _Bad(error.message, error.fix) from None
    root = Path(config.media_path)
    found = []
    for candidate in siblings(main_path, config.format_rank):
        relative = candidate.relative_to(root).as_posix()
        try:
            info = cache.get(candidate)
        except ProbeError as error:
            raise _Bad(f"'{relative}' {error}", "re-export the file, or remove it") from None
        found.append(
            Source(
                path=relative,
                url=config.media_url(relative),
                mime=AUDIO_TYPES[candidate.suffix.lower()][0],
                size=candidate.stat().st_size,
                info=info,
            )
        )
    # The file the author named leads when no other format ranks above it.
    return found


def _main_tags(sources: list[Source], src: str) -> dict[str, str]:
    """Tags of the file the author named, filled in from its sibling formats."""
    named = next((s for s in sources if s.path.endswith(Path(src).name)), sources[0])
    tags = dict(named.info.tags)
    for other in sources:
        for key, value in other.info.tags.items():
            tags.setdefault(key, value)
    return tags


def _waveform(audio_path: Path) -> Waveform | None:
    peaks_file = audio_path.with_name(audio_path.stem + ".peaks.json")
    if not peaks_file.is_file():
        return None
    try:
        data = json.loads(peaks_file.read_text(encoding="utf-8"))
        peaks = tuple(float(p) for p in data["peaks"])
    except (OSError, ValueError, KeyError, TypeError):
        raise _Bad(
            f"waveform file '{peaks_file.name}' is malformed",
            "re-run 'make clips' to regenerate it, or delete it",
        ) from None
    if not peaks or not all(0.0 <= p <= 1.0 for p in peaks):
        raise _Bad(
            f"waveform file '{peaks_file.name}' has values outside 0..1",
            "re-run 'make clips' to regenerate it",
        )
    return Waveform(peaks=peaks)


# --- field parsers ---------------------------------------------------------------------------


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{_clip(value)}'"
    return f"{type(value).__name__} {value!r}"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: object) -> str:
    """Author text: strings, and bare numbers (a title may be 1984)."""
    if isinstance(value, bool):
        raise _Bad(f"is {_kind(value)}, not text", "put the text in quotes")
    if isinstance(value, int | float) and math.isfinite(value):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        raise _Bad("is empty", "give a value or remove the key")
    if isinstance(value, list):
        raise _Bad("is a list, not text", "write a single value (quote it if it contains ': ')")
    if not isinstance(value, str):
        raise _Bad(
            f"is {_kind(value)}, not text",
            "write a single line of text (quote it if it contains ': ')",
        )
    text = " ".join(value.split())
    if not text:
        raise _Bad("is empty", "give a value or remove the key")
    if len(text) > MAX_TEXT:
        raise _Bad(f"is {len(text)} characters long", f"keep it under {MAX_TEXT}")
    return text


def _year(value: object) -> str:
    text = _text(value)
    if not _YEAR_RE.search(text):
        raise _Bad(f"'{_clip(text)}' has no year in it", "give a year such as 1899 or 'c. 1913'")
    return text


def _year_from_tag(text: str) -> str:
    """A date tag as shown to readers: '2026-11-25' -> '2026'; 'before 2023' stays as it is."""
    if _ISO_DATE_RE.match(text):
        return text[:4]
    return text if _YEAR_RE.search(text) else ""


def _clip_id(value: object) -> str:
    text = _text(value)
    if not _ID_RE.match(text):
        raise _Bad(
            f"'{_clip(text)}' cannot be used in a link",
            "use letters, digits, '-' and '_' only, e.g. maple-leaf-rag",
        )
    return text


def _slug(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "clip"


def _license(value: object, config: Config, key: str) -> License:
    if not isinstance(value, str):
        raise _Bad(
            f"is {_kind(value)}, not a licence id",
            f"write one id, e.g. '{key}: CC0-1.0'; allowed: {', '.join(config.licenses)}",
        )
    text = value.strip()
    if text in config.licenses:
        return config.licenses[text]
    by_case = {k.lower(): k for k in config.licenses}
    if text.lower() in by_case:
        raise _Bad(f"'{text}' is not spelt as an SPDX id", f"write '{by_case[text.lower()]}'")
    hint = did_you_mean(text, config.licenses, 0.9)  # a typo only: never suggest other rights
    raise _Bad(
        f"'{_clip(text)}' is not allowed here",
        (hint + " " if hint else "") + f"allowed: {', '.join(config.licenses)}",
    )


def _license_from_tag(value: str, config: Config) -> License | None:
    """A licence named in a tag, by SPDX id or deed URL; None when it is not allowed."""
    text = value.strip()
    if text in config.licenses:
        return config.licenses[text]

    def bare(url: str) -> str:
        return url.lower().split("://", 1)[-1].rstrip("/")

    for license_ in config.licenses.values():
        if bare(license_.url) == bare(text):
            return license_
    return None


def parse_time(value: object) -> float:
    """'1:05', '0:04.5', '1:02:03' or a number of seconds, as seconds."""
    if isinstance(value, bool):
        raise _Bad(f"time is {_kind(value)}", "write it as m:ss, e.g. '0:12'")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip()
        match = _TIME_RE.match(text)
        if match:
            hours, minutes, secs = match.groups()
            if float(secs) >= 60:
                raise _Bad(f"time '{text}' has {secs} seconds", "seconds run from 00 to 59")
            seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)
        else:
            try:
                seconds = float(text)
            except ValueError:
                raise _Bad(
                    f"time '{_clip(text)}' is not m:ss", "write it as m:ss, e.g. '0:12'"
                ) from None
    else:
        raise _Bad(f"time is {_kind(value)}", "write it as m:ss, e.g. '0:12'")
    if not math.isfinite(seconds) or seconds < 0:
        raise _Bad(f"time {value!r} is negative or not a number", "write it as m:ss, e.g. '0:12'")
    return seconds


def _moments(value: object) -> tuple[Moment, ...]:
    if not isinstance(value, list):
        raise _Bad(
            f"is {_kind(value)}, not a list of moments",
            "write '- {at: \"0:12\", text: \"…\"}' lines under 'listen_for:'",
        )
    moments = []
    for position, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise _Bad(
                f"moment {position} is {_kind(item)}, not a mapping",
                'write it as {at: "0:12", text: "…"}',
            )
        extra = [k for k in item if k not in MOMENT_KEYS]
        if extra:
            hint = did_you_mean(str(extra[0]), MOMENT_KEYS)
            raise _Bad(
                f"moment {position} has unknown key '{extra[0]}'",
                hint or "a moment has only 'at' and 'text'",
            )
        if "at" not in item or "text" not in item:
            missing = "at" if "at" not in item else "text"
            raise _Bad(
                f"moment {position} has no '{missing}'", 'write it as {at: "0:12", text: "…"}'
            )
        try:
            at = parse_time(item["at"])
            text = _text(item["text"])
        except _Bad as bad:
            raise _Bad(f"moment {position}: {bad.message}", bad.fix) from None
        moments.append(Moment(at=at, label=format_time(at), text=text))
    return tuple(moments)


def _guess_id(item: dict) -> str | None:
    explicit = item.get("id")
    if isinstance(explicit, str | int) and not isinstance(explicit, bool):
        return str(explicit)
    src = item.get("src")
    if isinstance(src, str) and src.strip():
        return _slug(Path(src.strip()).stem)
    return None


def _ids(headings: Sequence[str]) -> str:
    return ", ".join(headings) if headings else "(none: add '## Heading {#id}' lines)"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


__all__ = ["KEYS", "Outcome", "build_clips", "parse_time"]
