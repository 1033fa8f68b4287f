"""Comparisons (``compare:``, ``version:``): validated like every key, and rendered as one figure
holding every version — labelled, playable and escaped on any theme, with no script."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from clipsite import BASE, pair, run, run_front_matter

from pelican.plugins.audio_clips.comparisons import group
from pelican.plugins.audio_clips.records import Comparison

# (case id, clips value, clip named, field named, text the message must contain)
BAD = [
    ("unknown-id", pair({"compare": ["bb"]}), "'a'", "compare", "no clip with id 'bb'"),
    ("unknown-id-hint", pair({"compare": ["c"]}), "'a'", "compare", "ids here: a, b"),
    ("itself", pair({"compare": ["a", "b"]}), "'a'", "compare", "names this clip itself"),
    ("itself-only", pair({"compare": "a"}), "'a'", "compare", "names this clip itself"),
    (
        "other-section",
        pair(None, {"section": "coming-of-sound"}),
        "'a'",
        "compare",
        "clip 'b' is in section 'coming-of-sound', this clip in 'silent-era'",
    ),
    (
        "two-groups",
        pair(None, None, {**BASE, "id": "c", "compare": ["b"]}),
        "'c'",
        "compare",
        "clip 'b' is already compared with clip 'a'",
    ),
    (
        "chained",
        pair(None, {"compare": ["c"]}, {**BASE, "id": "c"}),
        "'a'",
        "compare",
        "clip 'b' has a 'compare:' of its own",
    ),
    ("empty-list", pair({"compare": []}), "'a'", "compare", "is empty"),
    ("null", pair({"compare": None}), "'a'", "compare", "is empty"),
    ("twice", pair({"compare": ["b", "b"]}), "'a'", "compare", "names 'b' twice"),
    ("mapping", pair({"compare": {"b": 1}}), "'a'", "compare", "is a mapping, not a clip id"),
    ("list-in-list", pair({"compare": [["b"]]}), "'a'", "compare", "is a list, not a clip id"),
    ("bad-id", pair({"compare": ["b c"]}), "'a'", "compare", "cannot be used in a link"),
    (
        "version-alone",
        [{**BASE, "version": "Threat"}],
        "'rag'",
        "version",
        "compared with no other clip",
    ),
    (
        "version-same",
        pair(None, {"version": "threat"}),
        "'b'",
        "version",
        "'threat' is also the label of clip 'a'",
    ),
    (
        "version-same-as-title",
        pair({"version": ...}, {"version": ...}),
        "'b'",
        "version",
        "'A rag' is also the label of clip 'a'",
    ),
    ("version-long", pair({"version": "x" * 41}), "'a'", "version", "too long for the switch"),
    ("version-list", pair({"version": ["a"]}), "'a'", "version", "is a list"),
    ("version-empty", pair({"version": ""}), "'a'", "version", "is empty"),
]


def _clean(raw):
    """``...`` removes a key, as in test_bad_input.clip."""
    return [{k: v for k, v in item.items() if v is not ...} for item in raw]


@pytest.mark.parametrize(
    ("raw", "clip", "field", "expected"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_a_bad_comparison_gives_one_clear_message(config, raw, clip, field, expected):
    outcome = run(config, _clean(raw))
    matching = [p for p in outcome.problems if expected in str(p)]
    assert matching, [str(p) for p in outcome.problems]
    problem = matching[0]
    assert problem.path == "content/essay.md"
    assert problem.clip.startswith(f"clip {clip}"), problem.clip
    assert problem.field == field
    assert problem.fix, "every message says how to fix it"


def test_a_misspelt_id_is_said_once_not_again_as_a_lone_version(config):
    outcome = run(config, _clean(pair({"compare": ["bb"]})))
    assert [p.field for p in outcome.problems] == ["compare"], [str(p) for p in outcome.problems]


def test_the_line_is_the_one_naming_the_id(config):
    text = (
        "---\ntitle: T\nclips:\n"
        "  - src: clips/rag.opus\n    id: a\n    section: silent-era\n    title: A\n"
        "    license: CC0-1.0\n    description: x\n    compare:\n      - b\n      - nope\n"
        "  - src: clips/rag.opus\n    id: b\n    section: silent-era\n    title: B\n"
        "    license: CC0-1.0\n    description: x\n---\nBody\n"
    )
    outcome = run_front_matter(config, text)
    (problem,) = outcome.problems
    assert problem.line == 12, str(problem)  # '      - nope'
    assert str(problem).startswith("content/essay.md:12: clip 'a' (1st): compare: no clip")


def test_valid_comparison_groups_its_clips_in_switch_order(config):
    raw = [
        {**BASE, "id": "a", "compare": ["c", "b"]},
        {**BASE, "id": "b", "title": "B"},
        {**BASE, "id": "other", "section": "coming-of-sound"},
        {**BASE, "id": "c", "title": "C", "version": "Third"},
    ]
    outcome = run(config, raw)
    assert not outcome.problems, [str(p) for p in outcome.problems]
    shown = group(outcome.clips)
    assert isinstance(shown[0], Comparison)
    assert [c.id for c in shown[0].clips] == ["a", "c", "b"]
    assert shown[0].labels == ("A rag", "Third", "B")
    assert [getattr(s, "id", None) for s in shown[1:]] == ["other"]


def test_a_broken_comparison_shows_its_clips_one_by_one(config):
    """Not strict (make serve): a clip the comparison cannot take stays a clip of its own."""
    outcome = run(config, pair(None, {"section": "coming-of-sound"}))
    assert outcome.problems and len(outcome.clips) == 2
    assert [type(s).__name__ for s in group(outcome.clips)] == ["Clip", "Clip"]


COMPARED = """\
clips:
  - src: clips/rag.opus
    id: rag-a
    section: silent-era
    title: A rag
    license: CC0-1.0
    description: A bright piano tune.
    compare: [rag-b]
    version: "<b>Threat</b>"
    listen_for:
      - {at: "0:01", text: the left hand leaps}
  - src: clips/rag-slow.opus
    id: rag-b
    section: silent-era
    title: The rag again
    performer: Someone else
    license: CC0-1.0
    description: The same tune, slower.
    version: Reunion
    listen_for:
      - {at: "0:02", text: the tune returns}
"""


@pytest.fixture
def compared(any_theme_site):
    any_theme_site.audio("clips/rag.opus")
    any_theme_site.audio("clips/rag.mp3")
    any_theme_site.audio("clips/rag-slow.opus")
    any_theme_site.audio("clips/rag-slow.mp3")
    any_theme_site.article(COMPARED)
    return any_theme_site


def test_a_comparison_is_one_figure_of_playable_labelled_versions_on_every_theme(compared):
    assert compared.build() is None
    soup = BeautifulSoup(compared.page(), "html.parser")
    outer = soup.find("figure", id="clip-rag-a-compare")
    assert outer is not None
    title = soup.find(id=outer["aria-labelledby"])
    assert "Compare 2 versions" in title.get_text()
    assert "<b>Threat</b>" in title.get_text(), "labels are text"
    assert not soup.find("b", string="Threat"), "a label became markup"
    versions = outer.find_all("figure", id=["clip-rag-a", "clip-rag-b"])
    assert [v["id"] for v in versions] == ["clip-rag-a", "clip-rag-b"]
    for figure, label, credit, moment, fallback in zip(
        versions,
        ("Version 1 of 2: <b>Threat</b>", "Version 2 of 2: Reunion"),
        ("", "Someone else"),
        ("PT1S", "PT2S"),
        ("rag.mp3", "rag-slow.mp3"),
        strict=True,
    ):
        audio = figure.find("audio")
        assert audio.has_attr("controls") and audio["preload"] == "none"
        assert [s["src"] for s in audio.find_all("source")][-1] == f"/media/clips/{fallback}"
        group_label = soup.find(id=figure.parent["aria-labelledby"])
        assert label in group_label.get_text(" ", strip=True)
        assert figure.find("a", rel="license")
        assert credit in figure.get_text()
        assert [t["datetime"] for t in figure.find("ol").find_all("time")] == [moment]
    # In its section, in place of its first version, and nowhere else.
    assert outer.find_previous(["h2", "h3"])["id"] == "cue-sheets"
    assert len(soup.find_all("figure", id="clip-rag-b")) == 1


def test_the_clip_titles_sit_one_level_below_the_comparisons(site):
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    site.audio("clips/rag-slow.opus")
    site.article(COMPARED)
    assert site.build() is None
    soup = BeautifulSoup(site.page(), "html.parser")
    outer = soup.find("figure", id="clip-rag-a-compare")
    if site.theme != "repo":
        pytest.skip("outside its repository the plugin's tests build with 'simple'")
    assert outer.find(id="clip-rag-a-compare-title").name == "h3"  # its section is an h2
    assert [outer.find(id=f"clip-rag-{v}-title").name for v in "ab"] == ["h4", "h4"]
    radios = outer.find_all("input", type="radio")
    assert [r["value"] for r in radios] == ["clip-rag-a", "clip-rag-b"]
    assert radios[0].has_attr("checked") and not radios[1].has_attr("checked")


def test_every_version_is_its_own_credit_and_json_ld_entry(site):
    import json

    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    site.audio("clips/rag-slow.opus")
    site.article(COMPARED)
    assert site.build() is None
    credits = (site.output / "credits" / "index.html").read_text()
    assert "clip-rag-a" in credits and "clip-rag-b" in credits
    soup = BeautifulSoup(site.page(), "html.parser")
    data = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    names = json.dumps(data)
    if data:  # the repository's theme writes JSON-LD; Pelican's bundled themes do not
        assert "A rag" in names and "The rag again" in names
