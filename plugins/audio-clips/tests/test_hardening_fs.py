"""Whatever lies in media/ (links in loops, names too long, files empty, cut short, mislabelled or
huge, sidecars malformed or nested 100,000 deep), a clip that uses it becomes one named problem
(file, clip, field, fix): the same in ``pelican-audio-clips check``, in a strict build (which
fails naming it) and in a build that keeps serving (the notice stands in place of the clip).
Never a traceback, never a clip silently dropped."""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from clipsite import GOOD_CLIP, TUNE_CLIP, Site, write_audio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.audio_clips import check
from pelican.plugins.audio_clips import settings as plugin_settings
from pelican.plugins.audio_clips.assemble import build_clips
from pelican.plugins.audio_clips.errors import ClipError
from pelican.plugins.audio_clips.media import ProbeCache

HEADINGS = ["silent-era", "cue-sheets", "coming-of-sound"]
LONG = "é" * 140  # 280 bytes in UTF-8: more than a file system stores in one name


def _link(path: Path, target: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def _looped_beside(media: Path, name: str) -> None:
    """A good ``clips/rag.opus``, and beside it ``clips/<name>``, a link to itself."""
    write_audio(media / "clips/rag.opus", 3.0)
    _link(media / "clips" / name, name)


def _peaks(media: Path, text: str | bytes) -> None:
    write_audio(media / "clips/rag.opus", 3.0)
    data = text.encode() if isinstance(text, str) else text
    (media / "clips/rag.peaks.json").write_bytes(data)


def _notation(media: Path, timemap: str, svg: str | None = "<svg width='10' height='5'/>") -> None:
    write_audio(media / "clips/rag.opus", 3.0)
    (media / "notation").mkdir(parents=True, exist_ok=True)
    if svg is not None:
        (media / "notation/rag.svg").write_text(svg)
    (media / "notation/rag.timemap.json").write_text(timemap)


def _cut(media: Path, name: str, share: float) -> None:
    path = write_audio(media / "clips" / name, 21.0)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * share)])


def _renamed(media: Path, written: str, named: str) -> None:
    write_audio(media / "clips" / written, 2.0).rename(media / "clips" / named)


def _sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(b"OggS")
        handle.truncate(size)


#: name -> (what to put in media/, the clip's src, its notation value, text the problem shows).
CASES: dict[str, tuple[Callable[[Path], None], str, object, str]] = {
    "link-to-itself": (
        lambda m: _link(m / "clips/rag.opus", "rag.opus"),
        "clips/rag.opus",
        None,
        "loop of links",
    ),
    "two-links-in-a-loop": (
        lambda m: (_link(m / "clips/rag.opus", "b.opus"), _link(m / "clips/b.opus", "rag.opus")),
        "clips/rag.opus",
        None,
        "loop of links",
    ),
    "folder-link-loop": (
        lambda m: _link(m / "clips/sub", "sub"),
        "clips/sub/rag.opus",
        None,
        "loop of links",
    ),
    "name-over-255-bytes": (lambda m: None, f"clips/{LONG}.opus", None, "bytes long"),
    "folder-name-over-255-bytes": (lambda m: None, f"{LONG}/rag.opus", None, "bytes long"),
    "empty-file": (
        lambda m: (m / "clips").mkdir(parents=True) or (m / "clips/rag.opus").write_bytes(b""),
        "clips/rag.opus",
        None,
        "not a recognised audio file",
    ),
    "mp3-cut-to-a-fifth": (lambda m: _cut(m, "rag.mp3", 0.2), "clips/rag.mp3", None, "cut short"),
    "mp3-cut-in-half": (lambda m: _cut(m, "rag.mp3", 0.5), "clips/rag.mp3", None, "cut short"),
    "opus-cut-short": (lambda m: _cut(m, "rag.opus", 0.03), "clips/rag.opus", None, "no audio"),
    "wav-named-mp3": (
        lambda m: _renamed(m, "w.wav", "rag.mp3"),
        "clips/rag.mp3",
        None,
        "holds WAV data",
    ),
    "opus-named-mp3": (
        lambda m: _renamed(m, "o.opus", "rag.mp3"),
        "clips/rag.mp3",
        None,
        "holds Ogg data",
    ),
    "mp3-named-opus": (
        lambda m: _renamed(m, "m.mp3", "rag.opus"),
        "clips/rag.opus",
        None,
        "holds MPEG audio data",
    ),
    "flac-named-ogg": (
        lambda m: _renamed(m, "f.flac", "rag.ogg"),
        "clips/rag.ogg",
        None,
        "holds FLAC data",
    ),
    "wav-named-opus": (
        lambda m: _renamed(m, "w.wav", "rag.opus"),
        "clips/rag.opus",
        None,
        "holds WAV data",
    ),
    "random-bytes": (
        lambda m: (
            (m / "clips").mkdir(parents=True)
            or (m / "clips/rag.opus").write_bytes(bytes(range(256)) * 8)
        ),
        "clips/rag.opus",
        None,
        "not a recognised audio file",
    ),
    "one-gib-file": (
        lambda m: _sparse(m / "clips/rag.opus", 1 << 30),
        "clips/rag.opus",
        None,
        "AUDIO_CLIPS_MAX_FILE_SIZE",
    ),
    "folder-named-like-audio": (
        lambda m: (m / "clips/rag.opus").mkdir(parents=True),
        "clips/rag.opus",
        None,
        "is not a file",
    ),
    "dangling-link": (
        lambda m: _link(m / "clips/rag.opus", "gone.opus"),
        "clips/rag.opus",
        None,
        "which does not exist",
    ),
    "sibling-link-loop": (
        lambda m: _looped_beside(m, "rag.mp3"),
        "clips/rag.opus",
        None,
        "in a loop",
    ),
    "title-tag-of-a-million-characters": (
        lambda m: write_audio(m / "clips/rag.opus", 3.0, tags={"title": "t" * 1_000_000}),
        "clips/rag.opus",
        None,
        "1000000 characters long",
    ),
    "title-tag-only-zero-width": (
        lambda m: write_audio(m / "clips/rag.opus", 3.0, tags={"title": "\u200b\u200b"}),
        "clips/rag.opus",
        None,
        "no visible characters",
    ),
    "title-tag-with-bidi-override": (
        lambda m: write_audio(m / "clips/rag.opus", 3.0, tags={"title": "A \u202egar"}),
        "clips/rag.opus",
        None,
        "U+202E",
    ),
    "peaks-100000-deep": (
        lambda m: _peaks(m, "[" * 100_000 + "]" * 100_000),
        "clips/rag.opus",
        None,
        "nested too deeply",
    ),
    "peaks-not-json": (lambda m: _peaks(m, "{broken"), "clips/rag.opus", None, "malformed"),
    "peaks-not-utf8": (lambda m: _peaks(m, b"\xff\xfe{}"), "clips/rag.opus", None, "malformed"),
    "peaks-a-list": (lambda m: _peaks(m, "[0.1, 0.2]"), "clips/rag.opus", None, "malformed"),
    "peaks-of-text": (
        lambda m: _peaks(m, '{"peaks": ["loud"]}'),
        "clips/rag.opus",
        None,
        "must be numbers",
    ),
    "peaks-nan": (lambda m: _peaks(m, '{"peaks": [NaN]}'), "clips/rag.opus", None, "0..1"),
    "peaks-too-many": (
        lambda m: _peaks(m, json.dumps({"peaks": [0.5] * 2_001})),
        "clips/rag.opus",
        None,
        "AUDIO_CLIPS_MAX_PEAKS",
    ),
    "peaks-file-too-large": (
        lambda m: _peaks(m, '{"peaks": [0.5]' + " " * 300_000 + "}"),
        "clips/rag.opus",
        None,
        "AUDIO_CLIPS_MAX_SIDECAR_SIZE",
    ),
    "peaks-link-loop": (
        lambda m: _looped_beside(m, "rag.peaks.json"),
        "clips/rag.opus",
        None,
        "in a loop",
    ),
    "timemap-100000-deep": (
        lambda m: _notation(m, "[" * 100_000 + "]" * 100_000),
        "clips/rag.opus",
        True,
        "nested too deeply",
    ),
    "timemap-a-list": (lambda m: _notation(m, "[]"), "clips/rag.opus", True, "malformed"),
    "timemap-entries-not-a-list": (
        lambda m: _notation(m, '{"clip": "rag", "alt": "x", "timemap": 5}'),
        "clips/rag.opus",
        True,
        "malformed",
    ),
    "timemap-stamp-as-text": (
        lambda m: _notation(m, '{"clip": "rag", "alt": "x", "timemap": [{"tstamp": "0"}]}'),
        "clips/rag.opus",
        True,
        "malformed",
    ),
    "timemap-stamp-nan": (
        lambda m: _notation(m, '{"clip": "rag", "alt": "x", "timemap": [{"tstamp": NaN}]}'),
        "clips/rag.opus",
        True,
        "malformed",
    ),
    "timemap-too-large": (
        lambda m: _notation(m, '{"clip": "rag", "alt": "x", "timemap": []' + " " * 300_000 + "}"),
        "clips/rag.opus",
        True,
        "AUDIO_CLIPS_MAX_SIDECAR_SIZE",
    ),
    "notation-svg-link-loop": (
        lambda m: (
            _notation(m, '{"clip": "rag", "alt": "x", "timemap": []}', svg=None),
            _link(m / "notation/rag.svg", "rag.svg"),
        ),
        "clips/rag.opus",
        True,
        "loop",
    ),
    "notation-name-over-255-bytes": (
        lambda m: write_audio(m / "clips/rag.opus", 3.0),
        "clips/rag.opus",
        f"notation/{LONG}.svg",
        "bytes long",
    ),
}


def clip_front(src: str, notation: object) -> str:
    front = GOOD_CLIP.replace("src: clips/rag.opus", f"src: {json.dumps(src)}\n    id: rag")
    if notation is not None:
        front = front.replace(
            "    section:", f"    notation: {json.dumps(notation)}\n    section:", 1
        )
    return front


def config_for(root: Path):
    return plugin_settings.load(
        {"PATH": str(root / "content"), "AUDIO_CLIPS_MEDIA_PATH": str(root / "media")}
    )


def assemble(root: Path, src: str, notation: object = None):
    """The clip as the reader assembles it, straight from the YAML the site would hold."""
    import yaml

    raw = yaml.safe_load(clip_front(src, notation))["clips"]
    return build_clips(
        raw,
        path="content/essay.md",
        config=config_for(root),
        headings=HEADINGS,
        cache=ProbeCache(None),
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_media_case_is_one_named_problem(tmp_path, name):
    make, src, notation, expected = CASES[name]
    (tmp_path / "media").mkdir()
    make(tmp_path / "media")
    outcome = assemble(tmp_path, src, notation)  # any exception but ours fails the test
    assert not outcome.clips
    assert len(outcome.problems) == 1, [str(p) for p in outcome.problems]
    problem = outcome.problems[0]
    assert problem.path == "content/essay.md" and problem.clip == "clip 'rag' (1st)"
    assert problem.field == ("notation" if notation is not None else "src")
    assert problem.fix
    assert expected in problem.message, str(problem)


#: Cases run through the command line and real builds (each build costs a fraction of a second).
THROUGH_PELICAN = [
    "link-to-itself",
    "name-over-255-bytes",
    "empty-file",
    "mp3-cut-to-a-fifth",
    "wav-named-mp3",
    "one-gib-file",
    "title-tag-of-a-million-characters",
    "peaks-100000-deep",
    "peaks-too-many",
    "timemap-100000-deep",
    "sibling-link-loop",
]


def write_settings(site: Site, **overrides) -> Path:
    values = {
        key: value
        for key, value in site.settings(**overrides).items()
        if key in ("PATH", "OUTPUT_PATH", "PLUGINS", "CACHE_PATH", "AUDIO_CLIPS_STRICT")
    }
    conf = site.root / "conf.py"
    conf.write_text("".join(f"{k} = {v!r}\n" for k, v in values.items()), encoding="utf-8")
    return conf


@pytest.mark.parametrize("name", THROUGH_PELICAN)
def test_check_and_both_builds_name_the_problem(site, name, capsys, errors):
    make, src, notation, expected = CASES[name]
    make(site.media)
    site.audio("clips/tune.opus")
    site.article(clip_front(src, notation) + TUNE_CLIP)

    assert check.main(["check", str(site.content), "-s", str(write_settings(site))]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if expected in line]
    assert lines and "content/essay.md:" in lines[0] and "clip 'rag' (1st)" in lines[0], err
    assert "Traceback" not in err

    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    page = BeautifulSoup(site.page(), "html.parser")
    notice = page.find(class_="audio-clip-problem")
    assert notice is not None and expected in notice.get_text(" ")
    assert page.find(id="clip-rag") is None
    assert page.find(id="clip-tune") is not None  # the other clip is still there

    shutil.rmtree(site.output)
    failed = site.build()
    assert failed is not None and failed.code == 1
    assert any(expected in line and "content/essay.md:" in line for line in errors())


def test_nfd_name_on_disk_is_the_file_typed_in_nfc(site):
    """macOS stores 'café' decomposed; the author types it composed: the same file."""
    nfd = unicodedata.normalize("NFD", "café.opus")
    site.audio(f"clips/{nfd}")
    outcome = assemble(site.root, unicodedata.normalize("NFC", "clips/café.opus"))
    assert outcome.problems == []
    assert outcome.clips[0].sources[0].path == f"clips/{nfd}"


def test_did_you_mean_never_repeats_what_was_typed(site):
    site.audio(unicodedata.normalize("NFD", "clips/cafés.opus"))
    outcome = assemble(site.root, unicodedata.normalize("NFC", "clips/café.opus"))
    message = str(outcome.problems[0])
    assert "did you mean 'cafés.opus'?" in unicodedata.normalize("NFC", message)


def test_a_master_beside_a_clip_is_not_published(site):
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    site.audio("clips/rag.wav")
    site.audio("clips/rag.flac")
    site.article(GOOD_CLIP)
    assert site.build() is None
    published = sorted(p.name for p in (site.output / "media" / "clips").iterdir())
    assert published == ["rag.mp3", "rag.opus"]
    page = BeautifulSoup(site.page(), "html.parser")
    assert len(page.select("#clip-rag audio source")) == 2


# --- a random media folder -------------------------------------------------------------------

KINDS = {
    "good-opus": lambda p: write_audio(p.with_suffix(".opus"), 3.0).rename(p),
    "good-mp3": lambda p: write_audio(p.with_suffix(".mp3"), 3.0).rename(p),
    "good-wav": lambda p: write_audio(p.with_suffix(".wav"), 3.0).rename(p),
    "empty": lambda p: p.write_bytes(b""),
    "noise": lambda p: p.write_bytes(os.urandom(3000)),
    "ogg-header-only": lambda p: p.write_bytes(b"OggS" + b"\0" * 60),
    "id3-header-only": lambda p: p.write_bytes(b"ID3\x04\0\0\0\0\0\x10" + b"\0" * 16),
    "link-loop": lambda p: os.symlink(p.name, p),
    "dangling": lambda p: os.symlink("nowhere.opus", p),
    "folder": lambda p: p.mkdir(),
    "big": lambda p: _sparse(p, 40 << 20),
}
SIDECARS = {
    "none": None,
    "deep": "[" * 50_000 + "]" * 50_000,
    "garbage": "\x00{",
    "wrong-shape": '{"peaks": {"a": 1}}',
    "good": '{"peaks": [0.1, 0.5, 1.0]}',
    "loop": "LOOP",
}
EXTENSIONS = [".opus", ".mp3", ".wav", ".ogg", ".flac", ".m4a", ".webm"]


@pytest.fixture(scope="module")
def random_root(tmp_path_factory):
    return tmp_path_factory.mktemp("random-media")


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    kind=st.sampled_from(sorted(KINDS)),
    extension=st.sampled_from(EXTENSIONS),
    stem=st.sampled_from(["rag", "café", unicodedata.normalize("NFD", "café"), "a b#1", "é" * 130]),
    sibling=st.sampled_from([*sorted(KINDS), "none"]),
    sidecar=st.sampled_from(sorted(SIDECARS)),
    cut=st.floats(0.0, 1.0),
)
def test_random_media_gives_a_clip_or_named_problems(
    random_root, kind, extension, stem, sibling, sidecar, cut
):
    shutil.rmtree(random_root / "media", ignore_errors=True)
    clips = random_root / "media" / "clips"
    clips.mkdir(parents=True)
    src = f"clips/{unicodedata.normalize('NFC', stem)}{extension}"
    try:
        target = clips / f"{stem}{extension}"
        KINDS[kind](target)
        if kind.startswith("good") and cut < 0.5 and target.is_file():
            data = target.read_bytes()
            target.write_bytes(data[: int(len(data) * cut * 2)])
        if sibling != "none":
            other = clips / f"{stem}{'.mp3' if extension != '.mp3' else '.opus'}"
            KINDS[sibling](other)
        text = SIDECARS[sidecar]
        if text == "LOOP":
            os.symlink(f"{stem}.peaks.json", clips / f"{stem}.peaks.json")
        elif text is not None:
            (clips / f"{stem}.peaks.json").write_text(text)
    except Exception:  # the file system cannot hold the name: then the src alone is tested
        pass
    try:
        outcome = assemble(random_root, src)
    except ClipError as error:  # pragma: no cover - build_clips collects, never raises
        pytest.fail(f"build_clips raised instead of collecting: {error}")
    if outcome.clips:
        assert not outcome.problems
        return
    assert outcome.problems, "a clip was dropped without a problem"
    for problem in outcome.problems:
        assert problem.path == "content/essay.md" and problem.clip
        assert problem.field in ("src", "title", "license", "listen_for"), str(problem)
        assert problem.message and problem.fix, str(problem)
