"""The field table (``schema.FIELDS``) is the one place a clip key is declared: parsing, the
record, tags and the docs follow from it. Proved by the two keys added as one row each:
``transcript:`` and ``align:``."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from clipsite import ARTICLE, BASE, pair, run, run_front_matter

from pelican.plugins.audio_clips import fields, records, schema
from pelican.plugins.audio_clips.errors import ClipError

PACKAGE = Path(fields.__file__).parent
README = PACKAGE.parents[2] / "README.md"


def test_every_kind_has_a_parser_and_every_row_a_kind():
    assert set(fields.PARSERS) | {"licence", "files"} == set(schema.KINDS)
    assert {row.kind for row in schema.FIELDS} <= set(schema.KINDS)
    assert len({row.key for row in schema.FIELDS}) == len(schema.FIELDS)


def test_the_record_has_one_attribute_per_record_row():
    names = {f.name for f in dataclasses.fields(records.Clip)}
    for row in schema.FIELDS:
        if row.record:
            assert row.key in names, row.key
    assert {"transcript", "align"} <= names


def test_only_plain_values_may_come_from_tags():
    for row in schema.TAGGED:
        assert row.kind in ("text", "year", "licence"), row.key
        assert all(isinstance(names, tuple) for names in dataclasses.astuple(row.tags))


def test_the_readme_lists_every_key():
    text = README.read_text(encoding="utf-8")
    assert fields.key_table() in text, "README's key table differs; paste:\n" + fields.key_table()


def test_the_readme_lists_every_tag_read():
    text = README.read_text(encoding="utf-8")
    assert fields.tag_table() in text, "README's tag table differs; paste:\n" + fields.tag_table()


def test_no_function_of_the_package_is_over_100_lines():
    long = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and node.end_lineno - node.lineno + 1 > 100:
                long.append(f"{path.name}:{node.lineno} {node.name}")
    assert not long


# --- transcript: ------------------------------------------------------------------------------


def test_transcript_keeps_lines_and_paragraphs():
    value = "Oh  the  rag\nit leaps\n\n\nand the tune returns\n"
    assert fields.lines(value) == (("Oh the rag", "it leaps"), ("and the tune returns",))
    assert fields.lines(1984) == (("1984",),)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["a", "b"], "is a list, not text"),
        ("  \n\n ", "is empty"),
        ({"a": 1}, "is a mapping, not text"),
        ("x" * 20001, "is 20001 characters long"),
    ],
)
def test_a_bad_transcript_is_a_clear_error(value, message):
    with pytest.raises(ClipError) as error:
        fields.lines(value)
    assert message in str(error.value)


def test_a_bad_transcript_names_clip_and_field(config):
    outcome = run(config, [{**BASE, "transcript": ["a"]}])
    (problem,) = outcome.problems
    assert problem.field == "transcript" and problem.clip == "clip 'rag' (1st)"


TRANSCRIPT = """clips:
  - src: clips/rag.opus
    section: silent-era
    title: A rag
    license: CC0-1.0
    description: A bright piano tune.
    transcript: |
      Oh the <b>rag</b>,
      it leaps

      and the tune returns
"""


def test_the_transcript_is_folded_under_the_player_on_every_theme(any_theme_site):
    any_theme_site.audio("clips/rag.opus")
    any_theme_site.article(TRANSCRIPT)
    assert any_theme_site.build() is None
    soup = BeautifulSoup(any_theme_site.page(), "html.parser")
    figure = soup.find("figure", id="clip-rag")
    details = figure.find("summary", string="Transcript").parent
    assert details.name == "details" and not details.has_attr("open")
    paragraphs = details.find_all("p")
    assert [p.get_text("|") for p in paragraphs] == [
        "Oh the <b>rag</b>,|it leaps",
        "and the tune returns",
    ]
    assert len(paragraphs[0].find_all("br")) == 1 and not paragraphs[0].find("b")
    assert details.find_previous("audio") is figure.find("audio")


# --- align: -------------------------------------------------------------------------------------


def test_align_is_a_tuple_of_seconds():
    assert fields.times(["0:00", "0:01.5", 3]) == (0.0, 1.5, 3.0)


@pytest.mark.parametrize(
    ("value", "message", "where"),
    [
        ("0:01", "is the text '0:01', not a list of times", ()),
        ([], "is a list, not a list of times", ()),
        (["0:01", "0:01"], "point 2 at 0:01 does not come after point 1 at 0:01", ("align", 1)),
        (["0:02", "0:01.5"], "point 2 at 0:01.5 does not come after point 1", ("align", 1)),
        (["0:00", "soon"], "point 2: time 'soon' is not m:ss", ("align", 1)),
        (["-1"], "point 1: time", ("align", 0)),
    ],
)
def test_bad_alignment_points_are_clear_errors(value, message, where):
    with pytest.raises(ClipError) as error:
        fields.times(value)
    assert message in str(error.value)
    assert error.value.problems[0].where == where


@pytest.mark.parametrize(
    ("raw", "clip", "message"),
    [
        (
            pair(None, {"align": ["0:00", "0:01"]}),
            "'b'",
            "the first version, 'a', gives no 'align:'",
        ),
        (
            pair({"align": ["0:00", "0:01", "0:02"]}, {"align": ["0:00", "0:01"]}),
            "'b'",
            "gives 2 alignment points, but the first version, 'a', gives 3",
        ),
        ([{**BASE, "align": ["0:00", "0:01"]}], "'rag'", "compared with no other clip"),
        (pair({"align": ["0:00", "0:05"]}), "'a'", "point 2 at 0:05 is beyond the end of the clip"),
    ],
)
def test_alignment_is_checked_across_the_comparison(config, raw, clip, message):
    outcome = run(config, raw)
    found = [p for p in outcome.problems if message in p.message]
    assert found, [str(p) for p in outcome.problems]
    assert found[0].clip.startswith(f"clip {clip}") and found[0].field == "align"
    assert found[0].fix


def test_a_later_version_may_leave_align_out(config):
    outcome = run(config, pair({"align": ["0:00", "0:01"]}))
    assert not outcome.problems, [str(p) for p in outcome.problems]
    assert outcome.clips[0].align == (0.0, 1.0) and outcome.clips[1].align == ()


ALIGNED = """clips:
  - {src: clips/rag.opus, id: a, section: silent-era, title: A rag, license: CC0-1.0, description: x, compare: [b], version: One, align: ["0:00", "0:01.5", "0:02.25"]}
  - {src: clips/slow.opus, id: b, section: silent-era, title: A rag, license: CC0-1.0, description: x, version: Two, align: ["0:00", "0:02", 2.8]}
"""


def test_each_versions_audio_carries_its_alignment_points(any_theme_site):
    any_theme_site.audio("clips/rag.opus")
    any_theme_site.audio("clips/slow.opus")
    any_theme_site.article(ALIGNED)
    assert any_theme_site.build() is None
    soup = BeautifulSoup(any_theme_site.page(), "html.parser")
    outer = soup.find("figure", id="clip-a-compare")
    audios = [outer.find("figure", id=f"clip-{v}").find("audio") for v in "ab"]
    assert [a["data-align"] for a in audios] == ["0,1.5,2.25", "0,2,2.8"]
    assert not re.search(
        r"data-align", soup.find("figure", id="clip-a").find("figcaption").decode()
    )


def test_a_clip_without_align_has_no_attribute(any_theme_site):
    any_theme_site.audio("clips/rag.opus")
    any_theme_site.article("", body=ARTICLE.format(front=TRANSCRIPT))
    assert any_theme_site.build() is None
    assert "data-align" not in any_theme_site.page()


def test_an_alignment_point_beyond_the_end_is_reported_at_its_line(config):
    text = (
        "---\ntitle: T\nclips:\n"
        "  - src: clips/rag.opus\n    id: a\n    section: silent-era\n    title: A\n"
        "    license: CC0-1.0\n    description: x\n    compare: [b]\n    align:\n"
        '      - "0:00"\n      - "0:09"\n'
        "  - src: clips/rag.opus\n    id: b\n    section: silent-era\n    title: A\n"
        "    version: B\n    license: CC0-1.0\n    description: x\n---\nBody\n"
    )
    outcome = run_front_matter(config, text)
    (problem,) = outcome.problems
    assert str(problem).startswith(
        "content/essay.md:13: clip 'a' (1st): align: point 2 at 0:09 is beyond the end of the clip"
    ), str(problem)


#: The credits in the order ``prepare`` took them before they came from the table (its options,
#: the credits it checks and writes into a clip's tags, in that order: re-made clips depend on it).
PREPARE_CREDITS = (
    "title",
    "composer",
    "performer",
    "recorded",
    "composed",
    "license",
    "composition_license",
    "source",
    "attribution",
    "copyright",
)


def test_the_credit_keys_come_from_the_table_in_prepares_order():
    from pelican.plugins.audio_clips import recipe

    assert schema.credit_keys() == PREPARE_CREDITS
    assert recipe.CREDITS == PREPARE_CREDITS
    assert {row.key for row in schema.FIELDS if row.credit} == set(PREPARE_CREDITS) - set(
        schema.TAG_CREDITS
    )


def test_a_credit_is_one_row():
    """A credit row added to the table joins the credits at its place, before the tag-only ones."""
    label = schema.Field("label", "the record label", "text", credit=10)
    assert schema.credit_keys((label, *schema.FIELDS)) == (
        *PREPARE_CREDITS[:-1],
        "label",
        "copyright",
    )
