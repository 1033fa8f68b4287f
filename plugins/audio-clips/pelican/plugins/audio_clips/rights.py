"""Whose music it is: the files' own tags merged with the front matter, and the licence rules.

Front matter wins over a tag, with a warning when they disagree. A licence must be on the site's
allow-list whether it comes from front matter or from a tag; attribution licences need the source
and the creator named, and a public-domain recording needs its composer and a year that makes it
so. Everything here works on plain values; problems go to the ``report`` callback the assembler
passes in (key, message, fix, warning=False).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .fields import has_year
from .licenses import License
from .media import check_source
from .schema import TAGGED
from .settings import Config

#: Keys that may come from a file's tags (the field table's rows with tag names).
TAG_FIELDS = tuple(row.key for row in TAGGED)
_ISO_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ].*)?)?)?$")

Report = Callable[..., None]


def year_from_tag(value: str) -> str:
    """A date tag as shown to readers: '2026-11-25' -> '2026'; 'before 2023' stays as it is."""
    if _ISO_DATE_RE.match(value):
        return value[:4]
    return value if has_year(value) else ""


def license_from_tag(value: str, config: Config) -> License | None:
    """A licence named in a tag, by SPDX id or deed URL; None when it is not allowed."""
    cleaned = value.strip()
    if cleaned in config.licenses:
        return config.licenses[cleaned]

    def bare(url: str) -> str:
        return url.lower().split("://", 1)[-1].rstrip("/")

    for license_ in config.licenses.values():
        if bare(license_.url) == bare(cleaned):
            return license_
    return None


def merge_tags(
    values: dict, tags: Mapping[str, str], config: Config, report: Report
) -> dict | None:
    """Front-matter ``values`` completed from the file's ``tags``; None when a tag's licence is
    not allowed and front matter states none (the clip cannot be published)."""
    merged = dict(values)
    for row in TAGGED:
        key, tag_value = row.key, tags.get(row.key, "")
        if row.kind == "year" and tag_value:
            tag_value = year_from_tag(tag_value)
        if not tag_value:
            continue
        if row.kind == "licence":
            tag_license = license_from_tag(tag_value, config)
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
                _disagree(report, key, values[key].id, tag_value)
            continue
        if key not in values:
            merged[key] = tag_value
        elif _norm(str(values[key])) != _norm(tag_value):
            _disagree(report, key, str(values[key]), tag_value)
    return merged


def check_rights(merged: dict, config: Config, report: Report) -> bool:
    """Apply the licence rules to the merged values; False when the clip may not be published."""
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
        return False
    if license_.attribution:
        if not merged.get("source"):
            report(
                "source",
                f"{license_.label} requires crediting the source",
                "add 'source: <URL or repository path of the recording>'",
            )
            ok = False
        elif problem := check_source(merged["source"], config.project_root or config.media_path):
            report(
                "source", problem, "give the recording's https:// address or its repository path"
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
    return ok


def _disagree(report: Report, key: str, ours: str, theirs: str) -> None:
    report(
        key,
        f"front matter says '{ours}' but the file's tag says '{theirs}'",
        "front matter wins; make them agree to silence this",
        warning=True,
    )


def _norm(value: str) -> str:
    return " ".join(value.split()).casefold()
