"""The steps of tools/notation/engrave.py that need no Verovio: SVG clean-up, the timemap's
times, the recipe file's checks, and the CLI's size report."""

from __future__ import annotations

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
