"""The steps of tools/notation/engrave.py that need no Verovio: SVG clean-up, the timemap's
times, the recipe file's checks, and the CLI's size report."""

from __future__ import annotations

import re

import pytest

from tools.notation import engrave
from tools.notation.mei import EngravedNote
from tools.notation.notes import EngraveError

VEROVIO_LIKE = """<svg xmlns="http://www.w3.org/2000/svg" width="100px" height="40px" id="root1" \
overflow="visible"><desc>Engraved by Verovio</desc><defs><g id="E0A4-x"><path d="M0 0"/></g>\
<g id="E050-x"><path d="M1 1"/></g></defs><style type="text/css">#root1 path {stroke:currentColor}\
</style><svg class="definition-scale" color="black" viewBox="0 0 1000 400"><g id="m1" class="measure">\
<g id="ab1-0" class="note"><use href="#E0A4-x"/></g><g id="s1" class="stem"><path d="M2 2"/></g>\
<g id="p1" class="section placeholder systemMilestone"><ellipse cx="1" cy="1" rx="9" ry="9"/></g>\
<g id="e1" class="pageMilestoneEnd"/></g></svg></svg>"""


def test_clean_svg_keeps_what_the_page_needs_and_nothing_a_csp_refuses():
    out = engrave.clean_svg(VEROVIO_LIKE, {"ab1-0"})
    assert "<style" not in out and "<desc" not in out
    assert 'id="ab1-0"' in out  # a note in the timemap
    assert 'id="E0A4-x"' in out  # a glyph in use
    assert 'id="E050-x"' not in out and 'id="m1"' not in out and 'id="root1"' not in out
    assert "placeholder" not in out and "Milestone" not in out
    assert 'fill="currentColor"' in out and 'stroke="currentColor"' in out
    assert 'color="black"' not in out
    assert 'viewBox="0 0 100 40"' in out


def test_timemap_takes_its_times_from_the_tempo_map_and_checks_every_onset():
    notes = [EngravedNote("a-0", 60, 4.0, "p", False), EngravedNote("a-1", 62, 5.0, "p", False)]
    raw = [
        {"on": ["a-0"], "qstamp": 0, "tstamp": 0, "tempo": 120},
        {"on": ["a-1"], "off": ["a-0"], "qstamp": 1, "tstamp": 500, "tempo": 120},
        {"off": ["a-1"], "qstamp": 2, "tstamp": 1000, "tempo": 120},
    ]
    out = engrave.make_timemap(raw, notes, 4.0, lambda beat: beat * 0.75, 0.5, "x")
    assert [e["tstamp"] for e in out] == [2500.0, 3250.0, 4000.0]
    assert all("tempo" not in e for e in out)
    assert out[1]["on"] == ["a-1"] and out[1]["off"] == ["a-0"]
    raw[1]["qstamp"] = 1.5  # Verovio and the note table disagree: stop
    with pytest.raises(EngraveError, match="a-1"):
        engrave.make_timemap(raw, notes, 4.0, lambda beat: beat, 0.0, "x")
    with pytest.raises(EngraveError, match="never sound"):
        engrave.make_timemap(raw[:1], notes, 4.0, lambda beat: beat, 0.0, "x")


def test_a_recipe_without_alt_or_for_a_clip_without_note_data_is_refused(tmp_path, monkeypatch):
    recipes = tmp_path / "recipes.yaml"
    monkeypatch.setattr(engrave, "RECIPES", recipes)
    recipes.write_text("major-minor:\n  staves: [{layers: [[clarinet]]}]\n")
    with pytest.raises(EngraveError, match="major-minor: missing alt"):
        engrave.load_recipes()
    recipes.write_text("no-such-clip:\n  alt: x\n  staves: [{layers: [[a]]}]\n")
    with pytest.raises(EngraveError, match="no note data"):
        engrave.load_recipes()


def test_sizes_report_lists_every_engraved_clip(capsys):
    from tools.notation.__main__ import main

    assert main(["--sizes"]) == 0
    table = capsys.readouterr().out
    for stem in engrave.load_recipes():
        assert f"| {stem} |" in table


COMPACTABLE = """<svg xmlns="http://www.w3.org/2000/svg" width="100px" height="40px"><defs>\
<g id="E050-x"><path transform="scale(1,-1)" d="M0 0 L5 5"/></g></defs>\
<svg class="definition-scale" viewBox="0 0 1000 400"><g class="page-margin" transform="translate(20, 20)">\
<g class="system"><g class="label"><text x="12" y="99" text-anchor="end" font-size="0px">\
<tspan class="rend" font-style="italic"><tspan class="text"><tspan font-size="405px">Horns</tspan>\
</tspan></tspan></text></g><g class="measure"><g class="staff"><path d="M10 40 L90 40" stroke-width="13"/>\
<g class="clef"><use href="#E050-x" transform="translate(17, 108) scale(0.72, 0.72)"/></g>\
<g class="keySig"/><g class="layer"><g id="ab1-0" class="note"><g class="notehead">\
<use href="#E050-x" transform="translate(30, 50) scale(0.72, 0.72)"/></g><g class="stem">\
<path d="M31 48 L31 10" stroke-width="18"/></g></g></g><g class="clef">\
<use href="#E050-x" transform="translate(60, 108) scale(0.54, 0.54)"/></g></g></g></g></g></svg></svg>"""


def test_compacting_keeps_the_drawing_and_what_the_page_reads():
    out = engrave.clean_svg(COMPACTABLE, {"ab1-0"})
    # the common glyph scale lives in the definition; uses are plain positions
    assert '<path transform="scale(0.72,-0.72)" d="M0 0 L5 5"' in out
    assert '<use href="#E050-x" x="17" y="108"' in out
    assert '<use href="#E050-x" x="30" y="50"' in out
    # a smaller glyph keeps its size relative to the common one
    assert 'transform="translate(60,108) scale(0.75,0.75)"' in out
    # one text element, its words and style kept
    assert (
        '<text x="12" y="99" text-anchor="end" font-size="405" font-style="italic">Horns</text>'
        in out
    )
    # lines as start and length
    assert 'd="M10 40h80"' in out and 'd="M31 48v-38"' in out
    # what the page reads stays; wrappers and empty groups go
    for cls in ("measure", "staff", "clef", "label", "system", "note", "page-margin"):
        assert f'class="{cls}"' in out
    assert 'id="ab1-0"' in out
    assert not {"notehead", "layer", "stem"} & set(re.findall(r'class="([^"]+)"', out))
    assert "keySig" not in out  # empty
    assert "<g>" not in out


def test_bar_times_follow_the_tempo_map_and_bars_on_rests_add_no_timemap_entry():
    notes = [EngravedNote("a-0", 60, 5.0, "p", False)]
    raw = [
        {"measureOn": "m1", "qstamp": 0, "tstamp": 0},  # the bar starts on a rest
        {"on": ["a-0"], "qstamp": 1, "tstamp": 500},
        {"measureOn": "m2", "off": ["a-0"], "qstamp": 4, "tstamp": 2000},
    ]
    assert engrave.bar_times(raw, 4.0, lambda beat: beat * 0.75, 0.5) == [2500.0, 5500.0]
    out = engrave.make_timemap(raw, notes, 4.0, lambda beat: beat * 0.75, 0.5, "x")
    assert [e["tstamp"] for e in out] == [3250.0, 5500.0]
    assert all("measureOn" not in e for e in out)
