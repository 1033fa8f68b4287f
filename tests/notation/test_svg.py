"""The published SVGs: every timemapped note is there, nothing a strict CSP would refuse once the
SVG is inlined, ids that cannot collide on one page, and a byte budget per clip."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET

import pytest

from tests.notation._support import NOTATION, STEMS, timemap

SVG = "{http://www.w3.org/2000/svg}"
GZIP_BUDGET = 14 * 1024  # bytes per clip, gzip -9 (docs/notation.md reports the actual sizes)


def svg_text(stem: str) -> str:
    return (NOTATION / f"{stem}.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", STEMS)
def test_every_timemapped_note_is_a_note_in_the_svg(stem):
    root = ET.fromstring(svg_text(stem))
    notes = {g.get("id") for g in root.iter(f"{SVG}g") if "note" in g.get("class", "").split()}
    ids = {i for e in timemap(stem)["timemap"] for k in ("on", "off") for i in e.get(k, [])}
    assert ids
    assert ids <= notes, sorted(ids - notes)[:5]


@pytest.mark.parametrize("stem", STEMS)
def test_svg_is_safe_to_inline_under_the_site_csp(stem):
    text = svg_text(stem)
    root = ET.fromstring(text)
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert not tags & {"style", "script", "foreignObject", "image", "a"}
    assert not re.search(r"\sstyle=", text), "inline style attributes are refused by the CSP"
    assert not re.search(r"\son[a-z]+=", text)
    assert set(re.findall(r'href="([^"]*)"', text)) <= {
        f"#{i}" for i in re.findall(r'id="([^"]+)"', text)
    }
    # colours follow the page (currentColor), not a fixed black
    assert 'fill="currentColor"' in text and 'color="black"' not in text


def test_ids_are_unique_across_all_clips_on_one_page():
    seen: dict[str, str] = {}
    for stem in STEMS:
        for i in re.findall(r'id="([^"]+)"', svg_text(stem)):
            assert i not in seen, f"{i} in both {seen.get(i)} and {stem}"
            seen[i] = stem


@pytest.mark.parametrize("stem", STEMS)
def test_svg_stays_within_its_byte_budget(stem):
    data = (NOTATION / f"{stem}.svg").read_bytes()
    assert len(gzip.compress(data, 9)) <= GZIP_BUDGET
