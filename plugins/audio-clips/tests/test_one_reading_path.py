"""One reading path: the build and `check` both call `article.read_article` on the HTML the
site's own reader produced, so what is left to compare is what differs by design: how each gets
the file to that function (a wrapped reader in a generator, the same wrapping through Pelican's
`Readers` for `check`) and how each reports (logged and raised, or collected). One case per way a
problem reaches an author; the problems themselves are tested in test_bad_input and beside them.
"""

from __future__ import annotations

import logging
import os
import shutil

import pytest
import yaml
from clipsite import BASE, clip, write_audio

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


SIDECAR_GOOD = yaml.safe_dump({"clips": [dict(BASE)]}, allow_unicode=True)
REST = "Essay\n#####\n\n:date: 2026-11-25\n:slug: essay\n\nIntro.\n\nSilent era\n==========\n\nPianists played along.\n"

# (case id, {file name: text or bytes}, text one problem must contain; None: valid)
CASES = [
    ("clip-field", {"essay.md": one(license="X")}, "'X' is not allowed"),
    ("file-level-key", {"essay.md": document(HEAD + "status: [draft]\n" + GOOD)}, "single value"),
    ("yaml-syntax", {"essay.md": document(HEAD + "clips: [unclosed\n")}, "not valid YAML"),
    ("no-title", {"essay.md": document("date: 2026-11-25\nslug: essay\n" + GOOD)}, "no title"),
    (
        "two-headings-one-id",
        {"essay.md": document(HEAD + GOOD, BODY + "\n## Again {#introduction}\n\nx\n")},
        "two headings have the id 'introduction'",
    ),
    ("after", {"essay.md": one(after="talkies")}, "no paragraph of section"),
    (
        "comparison",
        {"essay.md": clip_case([{**BASE, "id": "a", "compare": ["bb"]}, {**BASE, "id": "b"}])},
        "no clip with id 'bb'",
    ),
    (
        "rst-native-clips",
        {"essay.rst": REST.replace(":slug: essay", ":slug: essay\n:clips: x")},
        "in a sidecar file",
    ),
    (
        "sidecar-bad-clip",
        {"essay.rst": REST, "essay.clips.yaml": SIDECAR_GOOD.replace("CC0-1.0", "GPL")},
        "'GPL' is not allowed",
    ),
    (
        "two-places",
        {"essay.md": document(HEAD + GOOD), "essay.clips.yaml": SIDECAR_GOOD},
        "listed in two places",
    ),
    ("valid-front-matter", {"essay.md": document(HEAD + GOOD)}, None),
    ("valid-sidecar-rst", {"essay.rst": REST, "essay.clips.yaml": SIDECAR_GOOD}, None),
    ("valid-clipless", {"essay.md": document(HEAD), "other.rst": REST.replace("essay", "o")}, None),
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


def test_an_unreadable_file_is_named_by_check_and_left_to_pelican_by_the_build(
    project, caplog, monkeypatch
):
    """The one difference by design: the build leaves a file its reader cannot read to Pelican
    (logged, skipped, as without the plugin); ``check`` names it as a problem."""
    from clipsite import Site

    monkeypatch.chdir(project)
    site = Site.__new__(Site)
    site.root, site.theme = project, "simple"
    site.content, site.media, site.output = (
        project / "content",
        project / "media",
        project / "output",
    )
    write_case(site, {"essay.md": document(HEAD + "author: Jos\xe9\n").encode("latin-1")})
    checked, _, files, _ = check_tree(site.content, site.settings())
    assert [str(p) for p in checked] == [
        "content/essay.md: cannot be read by the site's reader (is not UTF-8 text) — Pelican "
        "skips this file; fix it so that it can be read (save it as UTF-8 text)"
    ]
    assert files == 1
    caplog.set_level(logging.WARNING)
    site.build()
    assert "Could not process" in caplog.text and not problems_of(caplog.records)
