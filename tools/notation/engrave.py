"""Engrave the clips named in ``media/notation/recipes.yaml``: Verovio SVG + a timemap in the
clip's own seconds. Skips clips whose inputs (note data, recipe, code, Verovio) have not changed.

The timemap starts as Verovio's (note ids turned on and off at quarter-note positions, ``qstamp``)
and gets its times from the pipeline: ``tstamp = TempoMap.seconds(beat) - offset`` in
milliseconds, where ``offset`` is what the pipeline trimmed from the start of the raw render.
Every note's ``qstamp`` is checked against the beat our note table says it starts on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import yaml

from .compact import compact
from .mei import EngravedNote, build_mei
from .notes import EngraveError, tempo_map

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "media" / "sources"
NOTATION = ROOT / "media" / "notation"
RECIPES = NOTATION / "recipes.yaml"
STAMPS = NOTATION / "stamps.json"

SVG_NS = "http://www.w3.org/2000/svg"
VEROVIO_OPTIONS = {
    "svgFormatRaw": True,
    "svgRemoveXlink": True,
    "breaks": "none",
    "adjustPageHeight": True,
    "adjustPageWidth": True,
    "header": "none",
    "footer": "none",
    "scale": 40,
    "pageMarginLeft": 20,
    "pageMarginRight": 20,
    "pageMarginTop": 20,
    "pageMarginBottom": 20,
}
"""One long system (the page scrolls it sideways), no header, no embedded font, compact."""


def load_recipes() -> dict[str, dict[str, Any]]:
    """The engraving recipes, by clip stem, each checked for the keys it must have."""
    data = yaml.safe_load(RECIPES.read_text(encoding="utf-8")) or {}
    for stem, recipe in data.items():
        missing = [k for k in ("alt", "staves") if not recipe.get(k)]
        if missing:
            raise EngraveError(f"{RECIPES.name}: {stem}: missing {', '.join(missing)}")
        if not (SOURCES / f"{stem}.yaml").is_file():
            raise EngraveError(f"{RECIPES.name}: {stem}: no note data media/sources/{stem}.yaml")
    return data


def load_spec(stem: str) -> dict[str, Any]:
    """A clip's note data, read by the pipeline itself; it must have ``parts`` to engrave."""
    from tools.clips.build import load_specs

    spec = load_specs([stem])[0]
    if not spec.get("parts"):
        raise EngraveError(f"{stem}: media/sources/{stem}.yaml has no note data ('parts')")
    return spec


# --- Verovio ---------------------------------------------------------------------------------


def seed(stem: str) -> int:
    """Verovio's id seed for a clip: its glyph ids differ from every other clip's on one page."""
    return zlib.crc32(stem.encode()) % 1_000_000 + 1


def render(mei: str, stem: str) -> tuple[str, list[dict[str, Any]]]:
    """Verovio's SVG and raw timemap for an MEI document."""
    import verovio

    verovio.enableLog(verovio.LOG_WARNING)
    tk = verovio.toolkit()
    tk.setOptions({**VEROVIO_OPTIONS, "xmlIdSeed": seed(stem)})
    if not tk.loadData(mei):
        raise EngraveError(f"{stem}: Verovio could not read the MEI: {tk.getLog()}")
    if tk.getPageCount() != 1:
        raise EngraveError(f"{stem}: engraved on {tk.getPageCount()} pages, expected one system")
    return tk.renderToSVG(1), tk.renderToTimemap({"includeMeasures": True})


def verovio_version() -> str:
    import verovio

    return verovio.toolkit().getVersion()


def clean_svg(svg: str, keep_ids: set[str], shorts: list[str] | None = None) -> str:
    """Verovio's SVG made fit for the page: no ``<style>`` (a strict CSP refuses inline styles
    once the SVG is inlined), colours from ``currentColor``, only the ids something needs, and no bytes
    the drawing does not need (``compact``). ``shorts``, the staves' abbreviated labels in
    score order, go on the labels as ``data-short`` (the page pins them while the strip scrolls)."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)
    q = f"{{{SVG_NS}}}"
    used = set(re.findall(r'href="#([^"]+)"', svg))
    parents = {child: parent for parent in root.iter() for child in parent}
    for el in list(root.iter()):
        tag = el.tag.removeprefix(q)
        cls = el.get("class", "").split()
        if tag in {"style", "desc"} or "placeholder" in cls or any("Milestone" in c for c in cls):
            parents[el].remove(el)
            continue
        if el.get("id") and el.get("id") not in keep_ids and el.get("id") not in used:
            del el.attrib["id"]
        if tag == "svg" and "definition-scale" in cls:
            el.attrib.pop("color", None)
            el.set("fill", "currentColor")
            el.set("stroke", "currentColor")
    root.attrib.pop("id", None)
    root.attrib.pop("overflow", None)
    compact(root)
    labels = [el for el in root.iter(f"{q}g") if el.get("class") == "label"]
    for el, short in zip(labels, shorts or [], strict=False):
        if short:
            el.set("data-short", str(short))
    # a viewBox on the outer <svg> lets CSS scale it (print) with its aspect ratio kept
    width, height = (root.get(k, "").removesuffix("px") for k in ("width", "height"))
    if width and height:
        root.set("viewBox", f"0 0 {width} {height}")
    text = ET.tostring(root, encoding="unicode")
    if "style=" in text.replace("font-style=", ""):
        raise EngraveError("the SVG still carries style attributes")
    return text + "\n"


# --- the timemap -----------------------------------------------------------------------------


def make_timemap(
    raw: list[dict[str, Any]],
    notes: list[EngravedNote],
    first_beat: float,
    seconds,
    offset: float,
    stem: str,
) -> list[dict[str, Any]]:
    """Verovio's timemap with the pipeline's times (``seconds(beat) - offset``, in ms)."""
    by_id = {n.id: n for n in notes}
    out = []
    seen: set[str] = set()
    for entry in raw:
        beat = first_beat + float(entry["qstamp"])
        for nid in entry.get("on", []):
            note = by_id.get(nid)
            if note is None:
                raise EngraveError(f"{stem}: Verovio's timemap names an unknown note {nid}")
            if abs(note.beat - beat) > 1e-4:  # Verovio rounds triplet positions
                raise EngraveError(
                    f"{stem}: note {nid} is at quarter {beat:g} in Verovio, beat {note.beat:g} in the data"
                )
            seen.add(nid)
        if not (entry.get("on") or entry.get("off")) and "measureOn" in entry:
            continue  # a bar that starts on a rest: its time is in bar_times
        ms = max(0.0, (seconds(beat) - offset) * 1000.0)
        item = {"tstamp": round(ms, 1), "qstamp": round(float(entry["qstamp"]), 4)}
        for key in ("on", "off"):
            if entry.get(key):
                item[key] = list(entry[key])
        out.append(item)
    missing = set(by_id) - seen
    if missing:
        raise EngraveError(f"{stem}: {len(missing)} engraved notes never sound in the timemap")
    return out


def bar_times(raw: list[dict[str, Any]], first_beat: float, seconds, offset: float) -> list[float]:
    """When each bar starts, in ms of the clip (one per measure, in score order): Verovio's
    ``measureOn`` entries, timed like the notes, so the page can mark the bar being played."""
    return [
        round(max(0.0, (seconds(first_beat + float(e["qstamp"])) - offset) * 1000.0), 1)
        for e in raw
        if "measureOn" in e
    ]


# --- the audio offset ------------------------------------------------------------------------


def audio_offset(spec: dict[str, Any]) -> float:
    """Seconds the pipeline trims from the start of the clip's raw render (needs FluidSynth).

    Made exactly as ``tools.clips.build.finish`` makes it: the same render, the same effects,
    the same trim.
    """
    from tools.clips import build, dsp
    from tools.clips.render import RATE

    audio, _ = build.make_audio(spec)
    post = spec.get("post", {})
    audio = build.apply_effects(audio, post.get("effects", []))
    _, cut = dsp.trim(audio, RATE, threshold_db=post.get("trim_db", -60.0))
    return float(cut)


def _audio_key(spec: dict[str, Any]) -> str:
    from tools.clips import build
    from tools.clips.render import SOUNDFONT

    soundfont = build.sha256(SOUNDFONT) if SOUNDFONT.exists() else "absent"
    return build.input_key(spec, build.code_digest(), soundfont)


def _published_key(stem: str) -> str | None:
    """The input key of the clip's published audio, from the pipeline's own stamps."""
    from tools.clips.build import STAMPS as CLIP_STAMPS

    if not CLIP_STAMPS.exists():
        return None
    return json.loads(CLIP_STAMPS.read_text()).get(stem, {}).get("key")


def _key(stem: str, recipe: dict[str, Any], audio_key: str) -> str:
    h = hashlib.sha256()
    h.update(audio_key.encode())
    h.update(json.dumps(recipe, sort_keys=True).encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    h.update(verovio_version().encode())
    h.update(stem.encode())
    return h.hexdigest()


# --- one clip, every clip --------------------------------------------------------------------


def engrave(
    stem: str, spec: dict[str, Any], recipe: dict[str, Any], offset: float
) -> tuple[str, dict[str, Any], list[EngravedNote]]:
    """The cleaned SVG, the timemap document and the note table of one clip."""
    try:
        mei, notes, first = build_mei(stem, spec, recipe)
    except EngraveError as err:
        raise EngraveError(f"{stem}: {err}") from err
    svg, raw = render(mei, stem)
    tempo = tempo_map(spec)
    timemap = make_timemap(raw, notes, first, tempo.seconds, offset, stem)
    doc = {
        "version": 1,
        "clip": stem,
        "alt": " ".join(str(recipe["alt"]).split()),
        "timemap": timemap,
        "bars": bar_times(raw, first, tempo.seconds, offset),
    }
    shorts = [s.get("short", "") for s in recipe["staves"] if s.get("label")]
    return clean_svg(svg, {n.id for n in notes}, shorts), doc, notes


def write(stem: str, svg: str, doc: dict[str, Any]) -> None:
    (NOTATION / f"{stem}.svg").write_text(svg, encoding="utf-8")
    (NOTATION / f"{stem}.timemap.json").write_text(
        json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def build(only: list[str] | None = None, force: bool = False) -> list[str]:
    """Engrave the clips that need it. Returns the stems engraved."""
    recipes = load_recipes()
    if only:
        unknown = set(only) - set(recipes)
        if unknown:
            raise EngraveError(f"no recipe for: {', '.join(sorted(unknown))} (see {RECIPES})")
    stamps = json.loads(STAMPS.read_text()) if STAMPS.exists() else {}
    done = []
    for stem, recipe in recipes.items():
        if only and stem not in only:
            continue
        spec = load_spec(stem)
        audio_key = _audio_key(spec)
        if _published_key(stem) not in {None, audio_key}:
            log.warning(
                "%s: the published audio is older than its inputs; run `make clips` so the "
                "audio matches the timemap made now",
                stem,
            )
        key = _key(stem, recipe, audio_key)
        outputs = [NOTATION / f"{stem}.svg", NOTATION / f"{stem}.timemap.json"]
        old = stamps.get(stem, {})
        if not force and old.get("key") == key and all(p.exists() for p in outputs):
            log.info("%s: unchanged, skipped", stem)
            continue
        if old.get("audio_key") == audio_key and "offset" in old and not force:
            offset = float(old["offset"])
        else:
            log.info("%s: rendering the audio once to measure the trimmed start", stem)
            offset = audio_offset(spec)
        log.info("%s: engraving (audio offset %.4f s)", stem, offset)
        svg, doc, notes = engrave(stem, spec, recipe, offset)
        write(stem, svg, doc)
        stamps[stem] = {"key": key, "audio_key": audio_key, "offset": offset}
        log.info("%s: %d notes, SVG %d bytes", stem, len(notes), len(svg.encode()))
        done.append(stem)
    for stale in sorted(set(stamps) - set(recipes)):
        del stamps[stale]
    STAMPS.write_text(json.dumps(stamps, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return done


def sizes_table() -> str:
    """A Markdown table of the bytes each engraved clip adds (raw and gzip -9), for the docs."""
    rows = [
        "| clip | notes | SVG raw | SVG gzip | timemap raw | timemap gzip |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for stem in load_recipes():
        svg = (NOTATION / f"{stem}.svg").read_bytes()
        tm = (NOTATION / f"{stem}.timemap.json").read_bytes()
        notes = len({i for e in json.loads(tm)["timemap"] for i in e.get("on", [])})
        sizes = [len(svg), len(gzip.compress(svg, 9)), len(tm), len(gzip.compress(tm, 9))]
        rows.append(
            f"| {stem} | {notes} | " + " | ".join(f"{n / 1024:.1f} KB" for n in sizes) + " |"
        )
    return "\n".join(rows)
