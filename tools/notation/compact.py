"""Make Verovio's SVG smaller without changing a pixel of what it draws.

The six engravings are most of what a reader downloads once they have read the essay to the end
(BENCHMARKS.md §4). Verovio writes every glyph as ``<use transform="translate(x, y) scale(s, s)">``
inside two or three wrapper groups that carry only a class name, and every text as three nested
elements. This step, run by ``engrave.clean_svg`` on the tree it has already cleaned:

- bakes the common glyph scale into each glyph's definition, so a glyph is ``<use x y>``
  (a glyph drawn at another size keeps a ``scale`` of its own, relative to the common one);
- drops the class names nothing reads (the page's CSS and ``notation.js`` read only those in
  ``KEEP_CLASSES``) and then unwraps every group left with no attributes, and removes empty ones;
- writes straight lines as a start and a relative length (joining the five lines of a staff
  into one path would save 0.5 KB more, but changes their anti-aliasing: not done);
- folds Verovio's ``<text font-size="0px"><tspan class="text"><tspan font-size="405px">`` into
  one ``<text font-size="405">``.

Notes keep their ids and groups (the timemap names them), measures, staves, clefs and labels keep
their classes (the bar band and the pinned clefs find them), and no text is dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

SVG_NS = "http://www.w3.org/2000/svg"
Q = f"{{{SVG_NS}}}"

KEEP_CLASSES = {
    "definition-scale",  # the inner <svg> with the engraving's coordinates
    "page-margin",
    "system",
    "measure",  # the bar band's boxes, one per bar, in order
    "staff",
    "clef",  # pinned at the strip's left edge while it scrolls
    "keySig",
    "meterSig",
    "grpSym",  # the brace or bracket that joins the staves
    "label",  # staff names
    "note",  # the timemap's ids; CSS colours the sounding ones
    "chord",
    "rest",
}
"""Class names the theme's CSS or ``notation.js`` select on (theme/README.md, docs/notation.md)."""

_USE = re.compile(r"^translate\((-?[\d.]+),\s*(-?[\d.]+)\)\s*scale\((-?[\d.]+),\s*(-?[\d.]+)\)$")


def _num(text: str) -> str:
    """A number as short as it can be written without changing its value."""
    value = float(text)
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _bake_glyph_scales(root: ET.Element) -> None:
    """``<use transform="translate(x, y) scale(s, s)">`` to ``<use x y>``, with ``s`` moved into
    the glyph's definition (the scale most uses of that glyph have)."""
    uses = [el for el in root.iter(f"{Q}use") if _USE.match(el.get("transform", ""))]
    scales: dict[str, Counter] = {}
    for el in uses:
        _, _, sx, sy = _USE.match(el.get("transform", "")).groups()
        scales.setdefault(el.get("href", ""), Counter())[(sx, sy)] += 1
    defs = {el.get("id"): el for el in root.iter(f"{Q}g") if el.get("id")}
    common: dict[str, tuple[float, float]] = {}
    for href, counts in scales.items():
        glyph = defs.get(href.removeprefix("#"))
        if glyph is None or len(glyph) != 1 or glyph[0].get("transform") != "scale(1,-1)":
            continue  # not a glyph as Verovio writes them: leave its uses alone
        (sx, sy), _ = counts.most_common(1)[0]
        common[href] = (float(sx), float(sy))
        glyph[0].set("transform", f"scale({_num(sx)},{_num(str(-float(sy)))})")
    for el in uses:
        href = el.get("href", "")
        if href not in common:
            continue
        x, y, sx, sy = _USE.match(el.get("transform", "")).groups()
        cx, cy = common[href]
        del el.attrib["transform"]
        el.set("x", _num(x))
        el.set("y", _num(y))
        if (float(sx), float(sy)) != (cx, cy):  # a smaller glyph (a cue-sized clef)
            del el.attrib["x"], el.attrib["y"]
            rx, ry = float(sx) / cx, float(sy) / cy
            el.set(
                "transform",
                f"translate({_num(x)},{_num(y)}) scale({_num(str(rx))},{_num(str(ry))})",
            )


_LINE = re.compile(r"^M(-?\d+) (-?\d+) L(-?\d+) (-?\d+)$")


def _short_lines(root: ET.Element) -> None:
    """``M x y L x2 y`` (staff lines, stems, bar lines) to ``Mx y hdx`` or ``Mx y vdy``: the
    lengths repeat from bar to bar where the end points do not, which gzip rewards."""
    for el in root.iter(f"{Q}path"):
        match = _LINE.match(el.get("d", ""))
        if not match:
            continue
        x1, y1, x2, y2 = (int(v) for v in match.groups())
        if y1 == y2:
            el.set("d", f"M{x1} {y1}h{x2 - x1}")
        elif x1 == x2:
            el.set("d", f"M{x1} {y1}v{y2 - y1}")


def _fold_texts(root: ET.Element) -> None:
    """``<text font-size="0px"><tspan class="text"><tspan font-size="405px">A</tspan></tspan>``
    to ``<text font-size="405">A</text>``; other attributes (``font-style``) move up too."""
    for text in list(root.iter(f"{Q}text")):
        if len(text) != 1 or (text.text or "").strip():
            continue
        attrs: dict[str, str] = {}
        node = text
        while len(node) == 1 and node[0].tag == f"{Q}tspan" and not (node.text or "").strip():
            child = node[0]
            if {"x", "y", "dx", "dy"} & set(child.attrib) or (child.tail or "").strip():
                break
            attrs.update({k: v for k, v in child.attrib.items() if k != "class"})
            node = child
        if node is text or len(node) or not (node.text or "").strip():
            continue
        content = node.text
        for child in list(text):
            text.remove(child)
        text.text = content
        for key, value in attrs.items():
            text.set(key, value.removesuffix("px") if key == "font-size" else value)


def _prune_classes(root: ET.Element) -> None:
    for el in root.iter():
        names = [c for c in el.get("class", "").split() if c in KEEP_CLASSES]
        if names:
            el.set("class", " ".join(names))
        else:
            el.attrib.pop("class", None)


def _unwrap_bare_groups(parent: ET.Element) -> None:
    """Groups with no attributes draw nothing of their own: their children take their place."""
    index = 0
    while index < len(parent):
        child = parent[index]
        _unwrap_bare_groups(child)
        if child.tag == f"{Q}g" and not child.attrib:
            parent.remove(child)
            for offset, grandchild in enumerate(list(child)):
                parent.insert(index + offset, grandchild)
            index += len(child)
            continue
        index += 1


def _drop_empty_groups(parent: ET.Element) -> None:
    for child in list(parent):
        _drop_empty_groups(child)
        if child.tag == f"{Q}g" and not len(child) and not child.get("id"):
            parent.remove(child)


def compact(root: ET.Element) -> None:
    """Shrink the cleaned SVG tree in place (see the module's docstring)."""
    _bake_glyph_scales(root)
    _fold_texts(root)
    _prune_classes(root)
    _drop_empty_groups(root)
    _unwrap_bare_groups(root)
    _short_lines(root)
