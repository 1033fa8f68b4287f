"""Table-driven bad input: each case gives one clear message naming the clip and the field.

Runs the plugin's core (the same functions the build and `make check` call) on real audio files
written by the tests. A second table runs whole Pelican builds for the file-level cases.
"""

from __future__ import annotations

import pytest
import yaml
from clipsite import BASE, HEADINGS, clip, run, write_audio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.audio_clips import frontmatter
from pelican.plugins.audio_clips import settings as plugin_settings
from pelican.plugins.audio_clips.errors import ClipError

# (case id, clips value, field named, text the message must contain)
BAD = [
    ("clips-not-list", {"src": "x"}, "clips", "must be a list of clips"),
    ("clips-a-string", "clips/rag.opus", "clips", "must be a list of clips"),
    ("clip-not-mapping", ["clips/rag.opus"], "", "must be a mapping"),
    ("clip-a-list", [["src", "x"]], "", "must be a mapping"),
    ("src-missing", clip(src=...), "src", "missing"),
    ("src-empty", clip(src=""), "src", "is empty"),
    ("src-null", clip(src=None), "src", "is empty"),
    ("src-dotdot", clip(src="../secret.opus"), "src", "leaves the media folder"),
    ("src-dotdot-inner", clip(src="clips/../../secret.opus"), "src", "leaves the media folder"),
    ("src-absolute", clip(src="/etc/passwd.opus"), "src", "is an absolute path"),
    ("src-windows", clip(src="C:\\music\\a.opus"), "src", "is an absolute path"),
    ("src-backslash", clip(src="clips\\rag.opus"), "src", "uses backslashes"),
    ("src-null-byte", clip(src="clips/ra\x00g.opus"), "src", "contains a control character"),
    ("src-url", clip(src="https://example.org/a.mp3"), "src", "is a URL"),
    ("src-protocol-relative", clip(src="//example.org/a.mp3"), "src", "is a URL"),
    ("src-data-url", clip(src="data:audio/mp3;base64,AAAA"), "src", "is a URL"),
    ("src-symlink-escape", clip(src="clips/escape.opus"), "src", "leads outside the media folder"),
    ("src-missing-file", clip(src="clips/rga.opus"), "src", "did you mean 'rag.opus'?"),
    ("src-missing-folder", clip(src="sounds/rag.opus"), "src", "does not exist"),
    ("src-folder", clip(src="clips/folder.opus"), "src", "is not a file"),
    ("src-not-audio-ext", clip(src="clips/notes.txt"), "src", "is not a supported audio format"),
    ("src-fake-audio", clip(src="clips/fake.opus"), "src", "is not a recognised audio file"),
    ("src-empty-file", clip(src="clips/empty.mp3"), "src", "audio"),
    ("src-truncated", clip(src="clips/cut.opus"), "src", "'clips/cut.opus'"),
    ("src-a-list", clip(src=["a.opus", "b.opus"]), "src", "is a list, not text"),
    ("section-missing", clip(section=...), "section", "this article has: introduction"),
    ("section-unknown", clip(section="silent-eta"), "section", "did you mean 'silent-era'?"),
    (
        "section-unknown-lists-ids",
        clip(section="zzz"),
        "section",
        "ids here: introduction, silent-era",
    ),
    ("section-no-headings", clip(section="x"), "section", "none: the clip"),
    ("license-missing", clip(license=...), "license", "missing, and the file has no licence tag"),
    (
        "license-disallowed",
        clip(license="CC-BY-NC-4.0"),
        "license",
        "'CC-BY-NC-4.0' is not allowed here — allowed: CC0-1.0",
    ),
    ("license-misspelt", clip(license="CC-BY-SA-4.O"), "license", "did you mean 'CC-BY-SA-4.0'?"),
    ("license-wrong-case", clip(license="cc0-1.0"), "license", "write 'CC0-1.0'"),
    ("license-a-list", clip(license=["CC0-1.0"]), "license", "is a list, not a licence id"),
    (
        "license-from-bad-tag",
        clip(src="clips/gpl.opus", license=...),
        "license",
        "the file's tag says 'GPL-3.0-or-later'",
    ),
    (
        "composition-license-bad",
        clip(composition_license="ARR"),
        "composition_license",
        "not allowed",
    ),
    ("title-mapping", clip(title={"en": "x"}), "title", "is a mapping, not text"),
    ("title-boolean", clip(title=True), "title", "yes/no value"),
    ("title-missing", clip(title=...), "title", "missing, and the file has no title tag"),
    ("title-too-long", clip(title="x" * 2500), "title", "characters long"),
    ("description-missing", clip(description=...), "description", "missing"),
    ("description-blank", clip(description="   "), "description", "is empty"),
    ("unknown-key", clip(colour="red"), "colour", "unknown key"),
    ("misspelt-key", clip(lisence="CC0-1.0"), "lisence", "did you mean 'license'?"),
    ("misspelt-key-2", clip(descripton="x"), "descripton", "did you mean 'description'?"),
    ("id-with-space", clip(id="my clip"), "id", "cannot be used in a link"),
    ("id-with-quote", clip(id='x"onmouseover="y'), "id", "cannot be used in a link"),
    ("composed-not-year", clip(composed="long ago"), "composed", "has no year"),
    (
        "attribution-needs-source",
        clip(license="CC-BY-4.0", performer="P"),
        "source",
        "requires crediting the source",
    ),
    (
        "attribution-needs-creator",
        clip(license="CC-BY-SA-4.0", source="https://x.org"),
        "performer",
        "requires naming the creator",
    ),
    (
        "public-domain-needs-composer",
        clip(license="public-domain", recorded=1910),
        "composer",
        "needs its composer",
    ),
    (
        "public-domain-needs-year",
        clip(license="public-domain", composer="Joplin"),
        "recorded",
        "needs a year",
    ),
    (
        "listen-for-not-list",
        clip(listen_for="0:10 the tune"),
        "listen_for",
        "not a list of moments",
    ),
    ("listen-for-item-text", clip(listen_for=["0:10"]), "listen_for", "not a mapping"),
    (
        "listen-for-malformed",
        clip(listen_for=[{"at": "1m10", "text": "x"}]),
        "listen_for",
        "is not m:ss",
    ),
    (
        "listen-for-bad-seconds",
        clip(listen_for=[{"at": "0:75", "text": "x"}]),
        "listen_for",
        "seconds run from 00 to 59",
    ),
    ("listen-for-negative", clip(listen_for=[{"at": -2, "text": "x"}]), "listen_for", "negative"),
    (
        "listen-for-beyond",
        clip(listen_for=[{"at": "0:09", "text": "x"}]),
        "listen_for",
        "beyond the end of the clip, which lasts 0:03",
    ),
    ("listen-for-no-text", clip(listen_for=[{"at": "0:01"}]), "listen_for", "has no 'text'"),
    (
        "listen-for-extra-key",
        clip(listen_for=[{"at": "0:01", "txt": "x"}]),
        "listen_for",
        "unknown key 'txt'",
    ),
    (
        "bad-waveform-file",
        clip(src="clips/bad.opus"),
        "src",
        "waveform file 'bad.peaks.json' is malformed",
    ),
]


@pytest.mark.parametrize(
    ("raw", "field", "expected"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_bad_clip_gives_one_clear_message(config, raw, field, expected):
    headings = [] if expected == "none: the clip" else HEADINGS
    outcome = run(config, raw, headings)
    assert not outcome.clips
    assert outcome.problems, "bad input must be reported"
    text = [str(p) for p in outcome.problems]
    matching = [p for p in outcome.problems if expected in str(p)]
    assert matching, f"expected {expected!r} in {text}"
    problem = matching[0]
    assert problem.path == "content/essay.md"
    assert problem.field == field
    if field != "clips":
        assert problem.clip.startswith("clip ")
    assert " — " in str(problem) or field in ("",), "every message says how to fix it"


def test_table_is_large_enough():
    assert len(BAD) >= 40


def test_duplicate_ids(config):
    outcome = run(config, [dict(BASE), dict(BASE)])
    assert len(outcome.clips) == 1
    assert "'rag' is already used by clip 1" in str(outcome.problems[0])
    assert outcome.problems[0].clip == "clip 'rag' (2nd)"


def test_every_problem_of_a_clip_is_reported_not_just_the_first(config):
    outcome = run(config, clip(section="nope", license="GPL-2.0", colour="red"))
    fields = {p.field for p in outcome.problems}
    assert {"section", "license", "colour"} <= fields


# Valid inputs that look odd: they must pass.
GOOD = [
    ("number-title", clip(title=1984), lambda c: c.title == "1984"),
    ("year-as-int", clip(composed=1899), lambda c: c.composed == "1899"),
    (
        "yaml-sexagesimal-time",
        clip(listen_for=[{"at": 62 // 60, "text": "x"}]),
        lambda c: c.listen_for[0].at == 1,
    ),
    (
        "seconds-time",
        clip(listen_for=[{"at": 2.5, "text": "x"}]),
        lambda c: c.listen_for[0].label == "0:02.5",
    ),
    (
        "non-ascii",
        clip(title="Ĺéitmotif — 映画音楽 🎻", description="Ünïcödé."),
        lambda c: "映画" in c.title,
    ),
    ("html-in-text-is-kept-as-text", clip(title="<b>x</b>"), lambda c: c.title == "<b>x</b>"),
    ("explicit-id", clip(id="my_clip-2"), lambda c: c.anchor == "clip-my_clip-2"),
    ("subsection", clip(section="cue-sheets"), lambda c: c.section == "cue-sheets"),
    (
        "siblings-ordered",
        clip(src="clips/rag.mp3"),
        lambda c: [s.path for s in c.sources] == ["clips/rag.opus", "clips/rag.mp3"],
    ),
    (
        "explicit-rights-override-bad-tag",
        clip(src="clips/gpl.opus", license="CC0-1.0"),
        lambda c: c.license.id == "CC0-1.0",
    ),
    (
        "public-domain-with-reason",
        clip(license="public-domain", composer="J", attribution="Published 1899; term expired."),
        lambda c: c.license.id == "public-domain",
    ),
    (
        "attribution-licence-complete",
        clip(license="CC-BY-SA-4.0", performer="P", source="https://x.org/a"),
        lambda c: c.license.share_alike and c.source_is_url,
    ),
]


@pytest.mark.parametrize(("raw", "check"), [g[1:] for g in GOOD], ids=[g[0] for g in GOOD])
def test_valid_but_unusual_input_passes(config, raw, check):
    outcome = run(config, raw)
    assert not outcome.problems, [str(p) for p in outcome.problems]
    assert check(outcome.clips[0])


def test_conflicting_tag_licence_is_a_warning_when_front_matter_states_rights(config):
    outcome = run(config, clip(src="clips/gpl.opus", license="CC0-1.0"))
    assert any("GPL-3.0-or-later" in str(w) and "CC0-1.0" in str(w) for w in outcome.warnings)


# --- front matter that does not parse -------------------------------------------------------

FRONT_MATTER_ERRORS = [
    ("---\ntitle: [unclosed\n---\nbody", "not valid YAML", 2),
    ("---\ntitle: a\n  bad: indent\n---\nbody", "not valid YAML", 3),
    ("---\n- just\n- a list\n---\nbody", "must be a mapping", 2),
    ("---\ntitle: a\ntitle: b\n---\nbody", "key 'title' appears twice", 3),
    ("---\ntitle: x\nno end here\n", "never ends", 1),
    ("---\nclips:\n  - src: a\n    src: b\n---\n", "key 'src' appears twice", 4),
    ("---\ntitle: 'unterminated\n---\nbody", "not valid YAML", None),
    ("---\ntitle: x\n\ttab: y\n---\nbody", "not valid YAML", None),
]


@pytest.mark.parametrize(("text", "expected", "line"), FRONT_MATTER_ERRORS)
def test_front_matter_errors_name_file_and_line(text, expected, line):
    with pytest.raises(ClipError) as error:
        frontmatter.split(text, "content/x.md")
    problem = error.value.problems[0]
    assert expected in problem.message
    assert problem.path == "content/x.md"
    if line is not None:
        assert problem.line == line


def test_line_numbers_point_at_clip_fields():
    text = "---\ntitle: T\nclips:\n  - src: a.opus\n    license: X\n---\n"
    parsed = frontmatter.split(text, "x.md")
    assert parsed.line("clips", 0, "license") == 5
    assert parsed.line("clips", 0, "src") == 4
    assert parsed.line("clips", 0, "missing-key") == 4


# --- property-based: the parser only ever returns clips or problems, or raises ClipError ------

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from([*BASE, "listen_for", "at", "text", "id", "x"]), children, max_size=6
        )
    ),
    max_leaves=20,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=yaml_values)
def test_random_clips_never_crash(config, raw):
    outcome = run(config, raw)
    for problem in outcome.problems:
        assert problem.path == "content/essay.md"
        assert problem.message


@settings(max_examples=300, deadline=None)
@given(body=st.text(max_size=200))
def test_random_front_matter_text_parses_or_raises_clip_error(body):
    try:
        frontmatter.split("---\n" + body + "\n---\nText", "x.md")
    except ClipError as error:
        assert error.problems


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=yaml_values)
def test_random_yaml_documents_through_the_whole_path(config, data):
    try:
        text = "---\n" + yaml.safe_dump({"title": "t", "clips": data}) + "---\n## S {#silent-era}\n"
    except yaml.YAMLError:
        return
    try:
        parsed = frontmatter.split(text, "x.md")
    except ClipError:
        return
    run(config, parsed.data.get("clips"))


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("2026", "2026"),
        ("2026-11-25", "2026"),
        ("before 2023", "before 2023"),
        ("c. 1913", "c. 1913"),
        ("unknown", ""),
    ],
)
def test_year_tags_are_shown_as_written_unless_iso_dates(tmp_path, tag, shown):
    media = tmp_path / "media"
    write_audio(
        media / "clips" / "y.opus", 1.0, tags={"date": tag, "title": "T", "license": "CC0-1.0"}
    )
    config = plugin_settings.load({"PATH": str(tmp_path / "content")})
    outcome = run(config, [{"src": "clips/y.opus", "section": "silent-era", "description": "d"}])
    assert not outcome.problems
    assert outcome.clips[0].recorded == shown


def test_formats_of_different_lengths_get_a_warning_that_says_what_to_do(tmp_path):
    media = tmp_path / "media"
    write_audio(media / "clips" / "long.opus", 3.0)
    write_audio(media / "clips" / "long.mp3", 1.0)
    config = plugin_settings.load({"PATH": str(tmp_path / "content")})
    outcome = run(config, [{**BASE, "src": "clips/long.opus"}])
    assert not outcome.problems
    [warning] = outcome.warnings
    text = str(warning)
    assert "clips/long.opus lasts 3.0 s, clips/long.mp3 lasts 1.0 s" in text
    assert "front matter wins" not in text and "encode every format again" in text
