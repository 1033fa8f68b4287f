"""Engraved notation for a clip: an SVG and a Verovio timemap written by the media pipeline.

Front matter ``notation: true`` looks for ``media/notation/<stem>.svg`` and
``media/notation/<stem>.timemap.json``; ``notation: <path below media/>.svg`` names the SVG, with its
timemap beside it. The timemap file says which clip it belongs to, so a score cannot silently
be shown under the wrong recording.
"""

from __future__ import annotations

import math
import re
from pathlib import Path, PurePosixPath

from .errors import bad
from .media import MAX_NAME, check_size, read_sidecar
from .records import Notation
from .settings import Config

NOTATION_DIR = "notation"
_SIZE_RE = re.compile(
    rb"""<svg\b[^>]*?\b(width|height)=["']([0-9.]+)(?:px)?["'][^>]*?\b(width|height)=["']([0-9.]+)(?:px)?["']"""
)


def _bad(message: str, fix: str = ""):
    return bad(message, fix, field="notation")


def _files(svg_rel: str, config: Config):
    """The SVG and its timemap, inside the media folder and within the size limit, and the
    SVG's first bytes."""
    try:
        root = Path(config.media_path).resolve()
        svg = (root / svg_rel).resolve()
        timemap_rel = svg_rel[: -len(".svg")] + ".timemap.json"
        timemap = (root / timemap_rel).resolve()
    except RuntimeError:  # a loop of links (Python before 3.13)
        raise _bad(f"'{svg_rel}' is a link in a loop", "replace the link with the file") from None
    for path, rel in ((svg, svg_rel), (timemap, timemap_rel)):
        if not path.is_relative_to(root):
            raise _bad(f"'{rel}' leads outside the media folder", "keep it under media/")
        if not path.is_file():
            raise _bad(
                f"'{rel}' not found",
                "engrave the passage into an SVG and its timemap (the package README, 'Sidecar files'), or remove 'notation:'",
            )
    check_size(svg, config.limits.max_file_size, svg_rel, field="notation")
    with svg.open("rb") as handle:
        head = handle.read(1024).lstrip()
    if not (head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head)):
        raise _bad(f"'{svg_rel}' is not an SVG file", "engrave the passage again as SVG")
    return timemap, timemap_rel, head


def _timemap_shape(data: object, timemap_rel: str):
    """The timemap's owner, text alternative and time stamps (ms), or a ClipError
    naming what is missing: each entry needs a finite number ``tstamp``."""
    malformed = _bad(
        f"'{timemap_rel}' is malformed",
        "write it again in the format the package README gives ('Sidecar files')",
    )
    if not isinstance(data, dict):
        raise malformed
    entries, owner = data.get("timemap"), data.get("clip")
    if not isinstance(entries, list) or not isinstance(owner, str):
        raise malformed
    alt = data.get("alt", "")
    if not isinstance(alt, str):
        raise malformed
    stamps = []
    for entry in entries:
        stamp = entry.get("tstamp") if isinstance(entry, dict) else None
        if type(stamp) not in (int, float) or not math.isfinite(stamp):
            raise malformed
        stamps.append(float(stamp))
    return owner, " ".join(alt.split()), stamps


def load_notation(value: object, src: str, config: Config, duration: float) -> Notation | None:
    """The clip's notation, checked (ClipError, field ``notation``); None for ``notation: false``."""
    if value is False:
        return None
    stem = PurePosixPath(src).stem
    if value is True:
        svg_rel = f"{NOTATION_DIR}/{stem}.svg"
    elif isinstance(value, str) and value.strip():
        svg_rel = value.strip()
        parts = PurePosixPath(svg_rel).parts
        if (
            svg_rel.startswith(("/", "\\"))
            or ".." in parts
            or "://" in svg_rel
            or any(ord(char) < 32 or ord(char) == 127 for char in svg_rel)
            or not svg_rel.endswith(".svg")
        ):
            raise _bad(
                f"'{svg_rel}' is not a path to an .svg below media/",
                "write 'notation: true' or a path such as notation/x.svg",
            )
    else:
        raise _bad(
            "must be true, false or a path to an .svg below media/", "write 'notation: true'"
        )
    long_part = next((p for p in PurePosixPath(svg_rel).parts if len(p.encode()) > MAX_NAME), "")
    if long_part:
        raise _bad(
            f"the name '{long_part[:39]}…' is {len(long_part.encode())} bytes long; file systems "
            f"store at most {MAX_NAME}",
            "give the notation a shorter file name",
        )
    try:
        timemap, timemap_rel, head = _files(svg_rel, config)
        data = read_sidecar(timemap, config.limits, config.media_path, field="notation")
    except OSError as error:
        raise _bad(
            f"'{svg_rel}' cannot be read ({error.strerror or type(error).__name__})",
            "check the file, or engrave the passage again",
        ) from None
    owner, alt, stamps = _timemap_shape(data, timemap_rel)
    if owner != stem:
        raise _bad(
            f"'{timemap_rel}' belongs to clip '{owner}', not '{stem}'",
            "point 'notation:' at this clip's own notation",
        )
    if not alt:
        raise _bad(
            f"'{timemap_rel}' has no text alternative ('alt')",
            "describe the passage in words in the pipeline's source",
        )
    if stamps != sorted(stamps) or (stamps and stamps[-1] / 1000 > duration + 0.5):
        raise _bad(
            f"'{timemap_rel}' does not fit the clip ({duration:.1f} s)",
            "engrave it again from the clip's own note data, timed as the recording",
        )
    size = _SIZE_RE.search(head)
    dims = {size.group(1): size.group(2), size.group(3): size.group(4)} if size else {}
    return Notation(
        width=round(float(dims.get(b"width", 0))),
        height=round(float(dims.get(b"height", 0))),
        svg_path=svg_rel,
        timemap_path=timemap_rel,
        svg_url=config.media_link(svg_rel),
        timemap_url=config.media_link(timemap_rel),
        alt=alt,
    )
