"""One reading path: every bad input, run through `check` and through a real build, gives the
same problems at the same file and line, and never a traceback or a silently dropped file.

The table holds whole content files: each clip mistake of test_bad_input.BAD as a front-matter
document, plus mistakes of the file itself (encoding, front matter, keys Pelican would drop,
clips in other formats, links out of the media folder, ids used twice).
"""

from __future__ import annotations

import logging
import os
import shutil

import pytest
import yaml
from clipsite import write_audio
from test_bad_input import BAD, BASE, clip

from pelican.plugins.audio_clips.check import check_tree
from pelican.plugins.audio_clips.errors import Problem

BODY = """
Opening words.

## Introduction {#introduction}

Text.

## The silent era {#silent-era}

Pianists played along.

### Cue sheets {#cue-sheets}

Lists of music.

## Coming of sound {#coming-of-sound}

Talkies arrived.
"""
HEAD = "title: A test essay\ndate: 2026-11-25\nslug: essay\nsummary: Testing.\n"
GOOD = yaml.safe_dump({"clips": [dict(BASE)]}, allow_unicode=True)


def document(front: str, body: str = BODY) -> str:
    return f"---\n{front}---\n{body}"


def clip_case(raw, body: str = BODY) -> str:
    return document(HEAD + yaml.safe_dump({"clips": raw}, allow_unicode=True), body)


def one(**changes) -> str:
    """A document whose one clip is BASE with ``changes`` (``...`` removes a key)."""
    return clip_case(clip(**changes))


MOMENT = {"at": "0:01", "text": "x"}
MORE_CASES = [
    ("performer-list", {"essay.md": one(performer=["a", "b"])}, "is a list, not text"),
    ("composer-mapping", {"essay.md": one(composer={"a": 1})}, "is a mapping, not text"),
    ("composed-boolean", {"essay.md": one(composed=True)}, "yes/no value"),
    ("recorded-no-year", {"essay.md": one(recorded="last spring")}, "has no year"),
    ("attribution-list", {"essay.md": one(attribution=["x"])}, "is a list"),
    ("caption-list", {"essay.md": one(caption=["a", "b"])}, "is a list"),
    ("caption-mapping", {"essay.md": one(caption={"a": "b"})}, "is a mapping"),
    ("caption-too-long", {"essay.md": one(caption="w " * 1500)}, "characters long"),
    ("description-list", {"essay.md": one(description=["a"])}, "is a list"),
    ("id-empty", {"essay.md": one(id="")}, "is empty"),
    ("id-leading-dash", {"essay.md": one(id="-x")}, "cannot be used in a link"),
    ("id-unicode", {"essay.md": one(id="clip-é")}, "cannot be used in a link"),
    ("id-list", {"essay.md": one(id=["a"])}, "is a list"),
    ("src-query", {"essay.md": one(src="clips/rag.opus?x=1")}, "not found under media/"),
    ("src-wrong-case", {"essay.md": one(src="clips/RAG.opus")}, "not found"),
    ("src-number", {"essay.md": one(src=12)}, "file '12' not found"),
    ("section-list", {"essay.md": one(section=["silent-era"])}, "is a list"),
    ("section-number", {"essay.md": one(section=12)}, "no heading with id '12'"),
    ("section-empty", {"essay.md": one(section="")}, "is empty"),
    (
        "section-a-date",
        {"essay.md": one(section="x").replace("section: x", "section: 2026-01-01")},
        "no heading with id '2026-01-01'",
    ),
    ("section-case", {"essay.md": one(section="Silent-Era")}, "did you mean 'silent-era'?"),
    ("license-number", {"essay.md": one(license=4.0)}, "not a licence id"),
    (
        "license-url",
        {"essay.md": one(license="https://creativecommons.org/licenses/by/4.0/")},
        "is not allowed here",
    ),
    ("license-spaces", {"essay.md": one(license="CC BY 4.0")}, "is not allowed here"),
    (
        "composition-license-list",
        {"essay.md": one(composition_license=["CC0-1.0"])},
        "not a licence id",
    ),
    ("listen-for-mapping", {"essay.md": one(listen_for={"at": "0:01"})}, "not a list of moments"),
    (
        "listen-for-at-boolean",
        {"essay.md": one(listen_for=[{"at": True, "text": "x"}])},
        "yes/no value",
    ),
    (
        "listen-for-at-list",
        {"essay.md": one(listen_for=[{"at": [1], "text": "x"}])},
        "time is a list",
    ),
    (
        "listen-for-text-empty",
        {"essay.md": one(listen_for=[{"at": "0:01", "text": ""}])},
        "is empty",
    ),
    (
        "listen-for-text-list",
        {"essay.md": one(listen_for=[{"at": "0:01", "text": ["a"]}])},
        "is a list",
    ),
    (
        "listen-for-at-end",
        {"essay.md": one(listen_for=[{"at": "0:03", "text": "x"}])},
        "beyond the end",
    ),
    (
        "listen-for-hours",
        {"essay.md": one(listen_for=[{"at": "1:00:00", "text": "x"}])},
        "beyond the end",
    ),
    (
        "listen-for-exponent",
        {"essay.md": one(listen_for=[{"at": "1.5e1", "text": "x"}])},
        "beyond the end",
    ),
    ("listen-for-nan", {"essay.md": one(listen_for=[{"at": "nan", "text": "x"}])}, "not a number"),
    (
        "listen-for-minus-zero",
        {"essay.md": one(listen_for=[{"at": "-0", "text": "x"}])},
        "negative",
    ),
    ("listen-for-null-item", {"essay.md": one(listen_for=[None])}, "not a mapping"),
    ("notation-missing-files", {"essay.md": one(notation=True)}, "engrave the passage into"),
    ("notation-not-svg", {"essay.md": one(notation="notation/x.png")}, "is not a path to an .svg"),
    ("notation-dotdot", {"essay.md": one(notation="../x.svg")}, "is not a path to an .svg"),
    ("notation-number", {"essay.md": one(notation=3)}, "must be true, false or a path"),
    (
        "notation-escapes",
        {"essay.md": one(notation="notation/leak.svg")},
        "leads outside the media folder",
    ),
    ("clips-list-of-null", {"essay.md": clip_case([None])}, "must be a mapping"),
    ("clip-empty-mapping", {"essay.md": clip_case([{}])}, "missing"),
    (
        "two-headings-one-id",
        {"essay.md": document(HEAD + GOOD, BODY + "\n## Again {#introduction}\n\nx\n")},
        "two headings have the id 'introduction'",
    ),
    (
        "clip-id-taken-by-heading",
        {"essay.md": document(HEAD + GOOD, BODY + "\n## Rag {#clip-rag}\n\nx\n")},
        "already uses the id 'clip-rag'",
    ),
    (
        "clip-derived-id-taken",
        {"essay.md": document(HEAD + GOOD, BODY + "\n## Title {#clip-rag-title}\n\nx\n")},
        "already uses the id 'clip-rag-title'",
    ),
    ("status-list", {"essay.md": document(HEAD + "status: [draft]\n")}, "not a single value"),
    ("category-list", {"essay.md": document(HEAD + "category: [a, b]\n")}, "not a single value"),
    ("author-mapping", {"essay.md": document(HEAD + "author: {name: x}\n")}, "not a single value"),
    ("lang-list", {"essay.md": document(HEAD + "lang: [en]\n")}, "not a single value"),
    ("modified-bad", {"essay.md": document(HEAD + "modified: soon\n")}, "is not a date"),
    ("tags-list-of-lists", {"essay.md": document(HEAD + "tags: [[a]]\n")}, "is a list"),
    (
        "key-clipz",
        {"essay.md": document(HEAD + GOOD.replace("clips:", "clipz:"))},
        "did you mean 'clips'",
    ),
    (
        "rst-Clips-case",
        {"essay.rst": "Plain\n#####\n\n:date: 2026-11-25\n:Clips: x\n\nText.\n"},
        "only be listed in YAML",
    ),
    ("markdown-no-title", {"essay.md": "Date: 2026-11-25\n\nText.\n"}, "has no title"),
    ("empty-file", {"essay.md": ""}, "has no title"),
    ("empty-front-matter", {"essay.md": "---\n---\nBody\n"}, "must be a mapping"),
    (
        "body-only-bad-clip-in-second-file",
        {
            "a.md": document(HEAD.replace("slug: essay", "slug: a") + GOOD),
            "b.md": document(
                HEAD.replace("slug: essay", "slug: b") + GOOD.replace("CC0-1.0", "GPL")
            ),
        },
        "'GPL' is not allowed",
    ),
    ("valid-clips-null", {"essay.md": document(HEAD + "clips:\n")}, None),
    ("valid-clips-empty", {"essay.md": document(HEAD + "clips: []\n")}, None),
    ("valid-Clips-case", {"essay.md": document(HEAD + GOOD.replace("clips:", "Clips:"))}, None),
    ("valid-Title-case", {"essay.md": document(HEAD.replace("title:", "Title:") + GOOD)}, None),
    ("valid-id-number", {"essay.md": one(id=12)}, None),
    ("valid-src-spaces", {"essay.md": one(src="  clips/rag.opus ")}, None),
    ("valid-tenths", {"essay.md": one(listen_for=[{"at": "0:02.9", "text": "x"}])}, None),
    ("valid-bom", {"essay.md": "\ufeff" + document(HEAD + GOOD)}, None),
    ("valid-crlf", {"essay.md": document(HEAD + GOOD).replace("\n", "\r\n")}, None),
    ("valid-no-body", {"essay.md": document(HEAD, "")}, None),
    ("valid-markdown-metadata", {"essay.md": "Title: Plain\nDate: 2026-11-25\n\nText.\n"}, None),
    ("valid-rst", {"essay.rst": "Plain\n#####\n\n:date: 2026-11-25\n\nText.\n"}, None),
]


def compared(first=None, second=None, *more) -> str:
    """Two clips of one section, the first comparing the second (test_compare.pair)."""
    a = {**BASE, "id": "a", "compare": ["b"], "version": "Threat"}
    b = {**BASE, "id": "b", "version": "Reunion"}
    a.update(first or {})
    b.update(second or {})
    return clip_case([a, b, *more])


COMPARE_CASES = [
    ("compare-unknown-id", {"essay.md": compared({"compare": ["bb"]})}, "no clip with id 'bb'"),
    ("compare-itself", {"essay.md": compared({"compare": ["a", "b"]})}, "names this clip itself"),
    (
        "compare-other-section",
        {"essay.md": compared(None, {"section": "coming-of-sound"})},
        "is in section 'coming-of-sound'",
    ),
    (
        "compare-two-groups",
        {"essay.md": compared(None, None, {**BASE, "id": "c", "compare": "b"})},
        "already compared with clip 'a'",
    ),
    (
        "compare-chained",
        {"essay.md": compared(None, {"compare": ["c"]}, {**BASE, "id": "c"})},
        "has a 'compare:' of its own",
    ),
    ("compare-empty", {"essay.md": compared({"compare": []})}, "is empty"),
    ("compare-twice", {"essay.md": compared({"compare": ["b", "b"]})}, "names 'b' twice"),
    ("compare-mapping", {"essay.md": compared({"compare": {"b": 1}})}, "is a mapping"),
    ("version-alone", {"essay.md": one(version="Threat")}, "compared with no other clip"),
    (
        "version-same",
        {"essay.md": compared(None, {"version": "THREAT"})},
        "is also the label of clip 'a'",
    ),
    ("version-long", {"essay.md": compared({"version": "x" * 60})}, "too long for the switch"),
    ("valid-compare", {"essay.md": compared()}, None),
    ("after-out-of-range", {"essay.md": one(after=2)}, "paragraph 2 is not in section"),
    ("after-zero", {"essay.md": one(after=0)}, "paragraph 0 does not exist"),
    ("after-float", {"essay.md": one(after=1.5)}, "not a paragraph number"),
    ("after-list", {"essay.md": one(after=[1])}, "is a list"),
    ("after-too-short", {"essay.md": one(after="Pi")}, "too short"),
    ("after-not-found", {"essay.md": one(after="talkies")}, "no paragraph of section"),
    (
        "after-ambiguous",
        {
            "essay.md": clip_case(
                clip(after="along"), BODY.replace("along.", "along.\n\nAnd along.")
            )
        },
        "is in paragraphs 1, 2",
    ),
    (
        "after-no-own-paragraph",
        {
            "essay.md": clip_case(
                clip(after=1, section="coming-of-sound"),
                BODY.replace("Talkies arrived.", "- a list"),
            )
        },
        "has no paragraph of its own",
    ),
    (
        "after-on-later-version",
        {"essay.md": compared(None, {"after": 1})},
        "move 'after:' to clip 'a'",
    ),
    ("valid-after-number", {"essay.md": one(after=1)}, None),
    ("valid-after-quote", {"essay.md": one(after="played along")}, None),
    ("valid-after-comparison", {"essay.md": compared({"after": "Pianists"})}, None),
    ("valid-compare-one-id", {"essay.md": compared({"compare": "b"})}, None),
]

# (case id, {file name: text or bytes}, text one problem must contain)
FILE_CASES = [
    (
        "bom-and-bad-clip",
        {"essay.md": "\ufeff" + clip_case([{**BASE, "license": "X"}])},
        "'X' is not allowed",
    ),
    (
        "latin-1",
        {"essay.md": document(HEAD + "author: Jos\xe9\n").encode("latin-1")},
        "is not UTF-8 text",
    ),
    ("utf-16", {"essay.md": document(HEAD).encode("utf-16")}, "is not UTF-8 text"),
    (
        "crlf-bad-clip",
        {"essay.md": clip_case([{**BASE, "section": "nope"}]).replace("\n", "\r\n")},
        "no heading with id 'nope'",
    ),
    (
        "cr-only-bad-clip",
        {"essay.md": clip_case([{**BASE, "colour": "red"}]).replace("\n", "\r")},
        "unknown key",
    ),
    ("yaml-syntax", {"essay.md": document(HEAD + "clips: [unclosed\n")}, "not valid YAML"),
    ("yaml-tab", {"essay.md": document(HEAD + "\tclips: x\n")}, "not valid YAML"),
    ("yaml-list", {"essay.md": document("- a\n- b\n")}, "must be a mapping"),
    ("yaml-scalar", {"essay.md": document("just text\n")}, "must be a mapping"),
    ("never-ends", {"essay.md": "---\n" + HEAD + "no end\n"}, "never ends"),
    ("duplicate-key", {"essay.md": document(HEAD + "title: again\n")}, "appears twice"),
    ("duplicate-key-case", {"essay.md": document(HEAD + "Title: again\n")}, "repeats 'title'"),
    (
        "nested-duplicate",
        {"essay.md": document(HEAD + "clips:\n  - src: a.opus\n    src: b.opus\n")},
        "clip 1: src: key 'src' appears twice",
    ),
    ("anchor-alias", {"essay.md": document(HEAD + "x: &a [1]\ny: *a\n")}, "anchor ('&a')"),
    (
        "alias-bomb",
        {"essay.md": document(HEAD + "a: &a [x,x,x]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n")},
        "anchor",
    ),
    ("self-alias", {"essay.md": document(HEAD + "a: &a [*a]\n")}, "anchor"),
    (
        "deep-nesting",
        {"essay.md": document(HEAD + "x: " + "[" * 60 + "]" * 60 + "\n")},
        "levels deep",
    ),
    (
        "huge-header",
        {"essay.md": document(HEAD + "x: '" + "y" * 210_000 + "'\n")},
        "characters long",
    ),
    ("no-title", {"essay.md": document("date: 2026-11-25\nslug: essay\n" + GOOD)}, "has no title"),
    (
        "title-list",
        {"essay.md": document("title: [a, b]\ndate: 2026-11-25\n")},
        "not a single value",
    ),
    (
        "title-mapping",
        {"essay.md": document("title: {a: b}\ndate: 2026-11-25\n")},
        "not a single value",
    ),
    (
        "slug-list",
        {"essay.md": document(HEAD.replace("slug: essay", "slug: [a]"))},
        "not a single value",
    ),
    (
        "summary-mapping",
        {"essay.md": document(HEAD.replace("summary: Testing.", "summary: {a: 1}"))},
        "not a single value",
    ),
    ("tags-mapping", {"essay.md": document(HEAD + "tags: {a: 1}\n")}, "is a mapping"),
    (
        "bad-date",
        {"essay.md": document(HEAD.replace("date: 2026-11-25", "date: not a date"))},
        "is not a date",
    ),
    (
        "date-list",
        {"essay.md": document(HEAD.replace("date: 2026-11-25", "date: [1]"))},
        "is not a date",
    ),
    ("key-a-number", {"essay.md": document(HEAD + "1: x\n")}, "is not a name"),
    ("key-null", {"essay.md": document(HEAD + "null: x\n")}, "is not a name"),
    (
        "clip-singular",
        {"essay.md": document(HEAD + GOOD.replace("clips:", "clip:"))},
        "did you mean 'clips'",
    ),
    (
        "clips-typo",
        {"essay.md": document(HEAD + GOOD.replace("clips:", "clisp:"))},
        "did you mean 'clips'",
    ),
    (
        "Clips-and-clips",
        {"essay.md": document(HEAD + GOOD + GOOD.replace("clips:", "Clips:"))},
        "repeats 'clips'",
    ),
    (
        "Clips-bad-clip",
        {"essay.md": document(HEAD + yaml.safe_dump({"Clips": [{**BASE, "license": "X"}]}))},
        "'X' is not allowed",
    ),
    (
        "CLIPS-not-list",
        {"essay.md": document(HEAD + "CLIPS: clips/rag.opus\n")},
        "must be a list of clips",
    ),
    (
        "markdown-metadata-clips",
        {
            "essay.md": "Title: Plain\nDate: 2026-11-25\nClips: clips/rag.opus\n\n## Introduction\n\nText.\n"
        },
        "only be listed in YAML",
    ),
    (
        "markdown-metadata-clip",
        {"essay.md": "Title: Plain\nDate: 2026-11-25\nclip: x\n\nText.\n"},
        "only be listed in YAML",
    ),
    (
        "rst-clips",
        {"essay.rst": "Plain\n#####\n\n:date: 2026-11-25\n:clips: clips/rag.opus\n\nText.\n"},
        "only be listed in YAML",
    ),
    (
        "html-clips",
        {
            "essay.html": '<html><head><title>Plain</title><meta name="date" content="2026-11-25"><meta name="clips" content="clips/rag.opus"></head><body><p>x</p></body></html>'
        },
        "only be listed in YAML",
    ),
    (
        "sibling-escapes",
        {"essay.md": clip_case([{**BASE, "src": "clips/sib.opus"}])},
        "another format of this clip) is a link that leads outside",
    ),
    (
        "peaks-escape",
        {"essay.md": clip_case([{**BASE, "src": "clips/wave.opus"}])},
        "waveform file 'wave.peaks.json' is a link",
    ),
    (
        "source-bare-scheme",
        {
            "essay.md": clip_case(
                [{**BASE, "license": "CC-BY-4.0", "performer": "P", "source": "https://"}]
            )
        },
        "'https://' is not a complete web address",  # it credits no one (issue 22)
    ),
    (
        "moments-all-reported",
        {
            "essay.md": clip_case(
                [
                    {
                        **BASE,
                        "listen_for": [
                            {"at": "0:01", "text": "a"},
                            {"at": "x", "text": "b"},
                            {"at": "-0", "text": "c"},
                        ],
                    }
                ]
            )
        },
        "moment 3",
    ),
    (
        "duplicate-id-after-invalid",
        {"essay.md": clip_case([{**BASE, "license": "X"}, dict(BASE)])},
        "already used by clip 1",
    ),
    (
        "date-as-title",
        {
            "essay.md": clip_case([{**BASE, "title": "2026-01-01"}]).replace(
                "title: '2026-01-01'", "title: 2026-01-01"
            )
        },
        None,
    ),
]


CASES = [
    *(
        (
            f"clip-{name}",
            {"essay.md": clip_case(raw, "\nNo headings.\n" if expected == "none: add" else BODY)},
            expected,
        )
        for name, raw, _, expected in BAD
    ),
    *FILE_CASES,
    *MORE_CASES,
    *COMPARE_CASES,
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("reading-path")
    media = root / "media" / "clips"
    write_audio(media / "rag.opus", 3.0)
    write_audio(media / "rag.mp3", 3.0)
    write_audio(media / "gpl.opus", 2.0, tags={"license": "GPL-3.0-or-later", "title": "G"})
    (media / "notes.txt").write_text("not audio")
    (media / "fake.opus").write_bytes(b"OggS" + b"\0" * 50)
    (media / "empty.mp3").write_bytes(b"")
    (media / "cut.opus").write_bytes((media / "rag.opus").read_bytes()[:200])
    (media / "folder.opus").mkdir()
    (media / "bad.peaks.json").write_text("{not json")
    write_audio(media / "bad.opus", 1.0)
    outside = root / "secret.opus"
    write_audio(outside, 1.0)
    os.symlink(outside, media / "escape.opus")
    write_audio(media / "sib.opus", 1.0)
    os.symlink(outside, media / "sib.mp3")
    write_audio(media / "wave.opus", 1.0)
    (root / "peaks.json").write_text('{"peaks": [0.5]}')
    os.symlink(root / "peaks.json", media / "wave.peaks.json")
    notation = root / "media" / "notation"
    notation.mkdir()
    (root / "leak.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    os.symlink(root / "leak.svg", notation / "leak.svg")
    (notation / "leak.timemap.json").write_text('{"clip": "rag", "alt": "x", "timemap": []}')
    return root


def problems_of(records) -> set[tuple]:
    return {
        (p.path, p.line, p.field, p.message)
        for r in records
        if r.levelno >= logging.ERROR and r.args and isinstance(p := r.args[0], Problem)
    }


def write_case(site, files):
    content = site.content
    shutil.rmtree(content, ignore_errors=True)
    shutil.rmtree(site.output, ignore_errors=True)
    content.mkdir()
    (content / "folder.md").mkdir()  # a folder with a content file's name: nothing to read
    for name, text in files.items():
        path = content / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_and_build_report_the_same_problems(project, files, expected, caplog, monkeypatch):
    from clipsite import Site

    monkeypatch.chdir(project)
    site = Site.__new__(Site)
    site.root, site.theme = project, "simple"
    site.content, site.media, site.output = (
        project / "content",
        project / "media",
        project / "output",
    )
    write_case(site, files)

    checked, _, _, _ = check_tree(site.content, site.settings())
    caplog.clear()
    caplog.set_level(logging.WARNING)
    failed = site.build()
    built = problems_of(caplog.records)

    assert {(p.path, p.line, p.field, p.message) for p in checked} == built
    if expected is None:  # odd but valid: both accept it
        assert not checked and failed is None
        return
    assert failed is not None, "a strict build with a bad file must fail"
    messages = [str(p) for p in checked]
    assert any(expected in m for m in messages), messages
    for problem in checked:
        assert problem.path.startswith("content/")
        assert problem.message and problem.fix, str(problem)
    assert "Traceback" not in caplog.text


def test_the_table_is_large():
    assert len(CASES) >= 150
