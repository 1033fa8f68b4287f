"""The published SVGs: every timemapped note is there, nothing a strict CSP would refuse once the
SVG is inlined, ids that cannot collide on one page, and a byte budget per clip."""

from __future__ import annotations

import gzip
import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from tests.notation._support import NOTATION, STEMS, recipes, timemap

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


@pytest.mark.parametrize("stem", STEMS)
def test_bar_times_fit_the_engraved_bars_and_their_notes(stem):
    """The timemap's ``bars`` (the band's times) name one start per engraved measure, and every
    note written in a measure starts within that measure's time span."""
    root = ET.fromstring(svg_text(stem))
    doc = timemap(stem)
    bars = doc["bars"]
    measures = [g for g in root.iter(f"{SVG}g") if "measure" in g.get("class", "").split()]
    assert len(bars) == len(measures)
    assert bars[0] == 0 and all(a < b for a, b in itertools.pairwise(bars))
    onset = {}
    for entry in doc["timemap"]:
        for i in entry.get("on", []):
            onset[i] = entry["tstamp"]
    checked = 0
    for k, measure in enumerate(measures):
        end = bars[k + 1] if k + 1 < len(bars) else float("inf")
        for g in measure.iter(f"{SVG}g"):
            if g.get("id") in onset:
                assert bars[k] <= onset[g.get("id")] < end, (stem, k, g.get("id"))
                checked += 1
    assert checked == len(onset)


@pytest.mark.parametrize("stem", STEMS)
def test_every_labelled_staff_has_its_short_name_for_the_pinned_strip(stem):
    root = ET.fromstring(svg_text(stem))
    labels = [g for g in root.iter(f"{SVG}g") if g.get("class") == "label"]
    shorts = [s.get("short") for s in recipes()[stem]["staves"] if s.get("label")]
    assert [g.get("data-short") for g in labels] == shorts
    assert all(shorts)
