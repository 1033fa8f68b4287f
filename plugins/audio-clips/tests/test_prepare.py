"""``pelican-audio-clips prepare`` as a stranger uses it: a recording of their own (silence at the
start, a tone, speech, clipped peaks), one command, the printed entry pasted into a quickstart
site on Pelican's default theme, a build. The written files are measured here with soundfile,
pyloudnorm and mutagen, independently of the code that made them."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pyloudnorm = pytest.importorskip(
    "pyloudnorm", reason="the prepare extra is not installed: pip install -e '.[test,prepare]'"
)
import numpy as np  # noqa: E402
import soundfile as sf  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from recording_fixture import (  # noqa: E402
    ARTICLE,
    CREDITS,
    LEAD_SILENCE,
    PELICANCONF,
    filled_in,
    measure,
    write_recording,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("ffmpeg") is None,
        reason="ffmpeg is not installed (Debian: apt install ffmpeg; `make system-deps` installs it)",
    ),
]

CREDIT_TAGS = {
    "title": "Test card with a voice",
    "composer": "Nobody in particular",
    "composed": "2026",
    "performer": "A. Stranger",
    "license": "CC-BY-4.0",
    "composition_license": "CC0-1.0",
    "source": "https://example.org/recordings/test-card",
}


def run(root: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    """The command as an author runs it, in the site's folder."""
    env = {"PATH": path if path is not None else os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(
        [sys.executable, "-m", "pelican.plugins.audio_clips", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def prepare(root: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    return run(root, "prepare", *args, path=path)


def build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def new_site(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(PELICANCONF)
    return root


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """One site, one recording, one prepare run with every credit and a cut."""
    root = new_site(tmp_path_factory.mktemp("stranger"))
    recording = write_recording(root / "recordings" / "test card.flac")
    result = prepare(root, str(recording), "test-card", *CREDITS, "--end", "0:11")
    assert result.returncode == 0, result.stderr
    return root, result


def test_writes_both_formats_waveform_and_recipe_into_the_media_folder(made):
    root, result = made
    clips = root / "media" / "clips"
    names = sorted(p.name for p in clips.iterdir())
    assert names == [
        "test-card.mp3",
        "test-card.opus",
        "test-card.peaks.json",
        "test-card.prepare.json",
    ]
    assert "Traceback" not in result.stderr


def test_written_files_meet_loudness_peak_silence_and_duration_targets(made):
    root, _ = made
    clips = root / "media" / "clips"
    found = {ext: measure(clips / f"test-card.{ext}") for ext in ("opus", "mp3")}
    for ext, m in found.items():
        assert abs(m["lufs"] - -16.0) <= 0.5, (ext, m)
        assert m["true_peak"] <= -1.0, (ext, m)
        assert m["lead"] <= 0.3, (ext, m)  # the recording opened with 1.5 s of silence
        assert m["channels"] == 2, (ext, m)
    lengths = [m[k] for m in found.values() for k in ("duration", "tagged_duration")]
    assert max(lengths) - min(lengths) <= 0.1, found
    # cut at 0:11, minus the 1.5 s of silence trimmed at the start
    assert found["opus"]["tagged_duration"] == pytest.approx(11.0 - LEAD_SILENCE, abs=0.1)


def test_the_command_prints_what_the_written_files_measure(made):
    root, result = made
    clips = root / "media" / "clips"
    for ext in ("opus", "mp3"):
        line = next(x for x in result.stdout.splitlines() if x.startswith(f"# test-card.{ext}:"))
        lufs, peak, seconds = map(
            float, re.search(r"(-?[\d.]+) LUFS.*?(-?[\d.]+) dBTP, ([\d.]+) s", line).groups()
        )
        m = measure(clips / f"test-card.{ext}")
        assert lufs == pytest.approx(m["lufs"], abs=0.15)
        assert peak == pytest.approx(m["true_peak"], abs=0.2)
        assert seconds == pytest.approx(m["tagged_duration"], abs=0.01)
    assert "the clip's 0:00 is 0:01.5 in test card.flac" in result.stdout


def test_tags_carry_the_credits_under_the_names_the_plugin_reads(made):
    from pelican.plugins.audio_clips.media import probe

    root, _ = made
    for ext in ("opus", "mp3"):
        tags = probe(root / "media" / "clips" / f"test-card.{ext}").tags
        for key, value in CREDIT_TAGS.items():
            assert tags.get(key) == value, (ext, key, tags)
        assert tags["recorded"].startswith("2026")


def test_waveform_file_is_the_one_the_plugin_reads(made):
    from pelican.plugins.audio_clips import settings
    from pelican.plugins.audio_clips.assemble import build_clips
    from pelican.plugins.audio_clips.media import ProbeCache

    root, _ = made
    data = json.loads((root / "media" / "clips" / "test-card.peaks.json").read_text())
    assert data["version"] == 1 and len(data["peaks"]) == 160
    assert all(0 <= p <= 1 for p in data["peaks"])
    assert max(data["peaks"]) > 0.3  # the clipped burst, brought down to -1 dBTP or below
    config = settings.load({"PATH": str(root / "content")})
    item = {"src": "clips/test-card.opus", "section": "s", "description": "d"}
    outcome = build_clips([item], path="x.md", config=config, headings=["s"], cache=ProbeCache())
    assert not outcome.problems, outcome.problems
    assert list(outcome.clips[0].waveform.peaks) == data["peaks"]


def test_pasted_entry_builds_on_the_default_theme_with_the_credits(made):
    root, result = made
    entry = result.stdout
    assert 'description: ""' in entry and "listen_for:" in entry  # left for the author
    # credits the build reads from tags stay out of the entry; any other is in it
    from pelican.plugins.audio_clips.rights import TAG_FIELDS

    in_entry = 'attribution: "Recorded at home for this test"' in entry
    assert in_entry == ("attribution" not in TAG_FIELDS)
    assert "title:" not in entry and "license:" not in entry
    article = root / "content" / "first.md"
    article.write_text(ARTICLE.format(clips=filled_in(entry)), encoding="utf-8")
    built = build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    page = next((root / "output").glob("my-first-clip*.html"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    figure = soup.select_one("figure#clip-test-card")
    assert figure is not None
    text = " ".join(figure.get_text(" ").split())
    for credit in ("Test card with a voice", "Nobody in particular", "A. Stranger", "2026"):
        assert credit in text
    assert "Recorded at home for this test" in text
    licence = figure.select_one('a[rel="license"]')
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
    types = [s["type"].split(";")[0] for s in figure.select("source")]
    assert types == ["audio/ogg", "audio/mpeg"]
    for source in figure.select("source"):
        assert (root / "output" / source["src"].lstrip("/")).is_file()
    wave = figure.select_one("[class*=waveform]")
    if wave is not None:  # a template that draws the waveform draws it from the peaks
        path = wave if wave.name == "path" else wave.select_one("path")
        assert (path is not None and path.get("d")) or any("peak" in a for a in wave.attrs)


def test_unfilled_entry_is_refused_by_the_build(made, tmp_path):
    root, result = made
    other = new_site(tmp_path / "site")
    shutil.copytree(root / "media", other / "media")
    (other / "content" / "first.md").write_text(ARTICLE.format(clips=result.stdout))
    built = build(other)
    assert built.returncode == 1
    assert "description: is empty" in " ".join((built.stdout + built.stderr).split())


def test_same_recording_and_options_give_identical_bytes(made):
    root, _ = made
    clips = root / "media" / "clips"
    before = digests(clips)
    again = prepare(root, "--again", "test-card")
    assert again.returncode == 0, again.stderr
    assert digests(clips) == before
    recipe = json.loads((clips / "test-card.prepare.json").read_text())["recipe"]
    recording = root / "recordings" / "test card.flac"
    assert recipe["sha256"] == hashlib.sha256(recording.read_bytes()).hexdigest()
    assert recipe["source"] == "recordings/test card.flac"
    assert recipe["end"] == 11.0 and recipe["start"] == 0.0


def test_nothing_is_overwritten_without_force(made):
    root, _ = made
    clips = root / "media" / "clips"
    before = digests(clips)
    recording = root / "recordings" / "test card.flac"
    refused = prepare(root, str(recording), "test-card", *CREDITS, "--end", "0:05")
    assert refused.returncode == 1
    assert "already exist" in refused.stderr and "--force" in refused.stderr
    assert digests(clips) == before


def test_again_refuses_a_recording_that_changed(tmp_path):
    root = new_site(tmp_path)
    recording = write_recording(root / "take.wav")
    made = prepare(root, "take.wav", "take", "--title", "Take", "--license", "CC0-1.0")
    assert made.returncode == 0, made.stderr
    data, rate = sf.read(recording)
    sf.write(recording, data * 0.5, rate)
    changed = prepare(root, "--again", "take", "--mono")
    assert changed.returncode == 2 and "without other options" in changed.stderr
    again = prepare(root, "--again", "take")
    assert again.returncode == 1
    assert "'take.wav' has changed since clip 'take' was made from it" in again.stderr


def test_cut_fades_and_mono(tmp_path):
    root = new_site(tmp_path)
    write_recording(root / "take.flac")
    made = prepare(
        root,
        *("take.flac", "voice", "--title", "Voice", "--license", "CC0-1.0"),
        *("--start", "0:04.5", "--end", "0:07.5", "--mono", "--fade-out", "1"),
    )
    assert made.returncode == 0, made.stderr
    m = measure(root / "media" / "clips" / "voice.opus")
    assert m["channels"] == 1
    assert abs(m["lufs"] - -16.0) <= 0.5 and m["true_peak"] <= -1.0
    assert m["tagged_duration"] == pytest.approx(3.0, abs=0.15)
    data, rate = sf.read(root / "media" / "clips" / "voice.opus", always_2d=True)
    tail = np.abs(data[-int(0.05 * rate) :]).max()
    middle = np.abs(data[len(data) // 4 : len(data) // 2]).max()
    assert tail < 0.1 * middle  # faded out over the last second


def test_licence_outside_the_allow_list_is_refused_with_the_builds_words(tmp_path):
    root = new_site(tmp_path)
    write_recording(root / "take.flac")
    refused = prepare(root, "take.flac", "take", "--title", "Take", "--license", "CC-BY-NC-4.0")
    assert refused.returncode == 1
    assert not (root / "media" / "clips").exists()
    # the build, given the same licence in front matter, says the same
    shutil.copy(root / "take.flac", root / "take-copy.flac")
    ok = prepare(root, "take-copy.flac", "take", "--title", "Take", "--license", "CC0-1.0")
    assert ok.returncode == 0, ok.stderr
    clip = filled_in(ok.stdout).replace("  - src:", "  - license: CC-BY-NC-4.0\n    src:")
    (root / "content" / "first.md").write_text(ARTICLE.format(clips=clip))
    built = build(root)
    said = re.search(
        r"license: 'CC-BY-NC-4.0' is not allowed here — allowed: [^\n]*", refused.stderr
    )
    assert said, refused.stderr
    assert said.group(0) in " ".join((built.stdout + built.stderr).split())
    assert len(refused.stderr.strip().splitlines()) == 1


def test_rights_rules_are_the_builds(tmp_path):
    root = new_site(tmp_path)
    write_recording(root / "take.flac")
    refused = prepare(root, "take.flac", "take", "--title", "Take", "--license", "CC-BY-4.0")
    assert refused.returncode == 1
    assert "source: CC BY 4.0 requires crediting the source" in refused.stderr
    assert "performer: CC BY 4.0 requires naming the creator" in refused.stderr


def test_missing_ffmpeg_is_one_line_with_install_hints(tmp_path):
    root = new_site(tmp_path)
    write_recording(root / "take.flac")
    empty = tmp_path / "no-tools"
    empty.mkdir()
    result = prepare(
        root, "take.flac", "take", "--title", "T", "--license", "CC0-1.0", path=str(empty)
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for hint in ("ffmpeg not found", "apt install ffmpeg", "brew install ffmpeg", "winget"):
        assert hint in lines[0]


def test_undecodable_file_and_empty_cuts_are_one_line_each(tmp_path):
    root = new_site(tmp_path)
    write_recording(root / "take.flac")
    (root / "notes.wav").write_text("not audio at all\n")
    cases = {
        ("notes.wav",): "'notes.wav' cannot be decoded by ffmpeg",
        ("take.flac", "--start", "1:00"): "the cut 1:00–the end of 'take.flac' is empty "
        "(the file lasts 0:1",
        ("take.flac", "--start", "0:05", "--end", "0:04"): "--end must come after --start",
        ("take.flac", "--end", "0:01.2"): "holds only silence",
        ("missing.flac",): "'missing.flac' not found",
        ("take.flac", "--start", "0:5"): "time '0:5' is not m:ss",
    }
    for (source, *options), expected in cases.items():
        result = prepare(root, source, "x", "--title", "T", "--license", "CC0-1.0", *options)
        assert result.returncode == 1, (source, options, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], (options, result.stderr)
        assert not (root / "media" / "clips" / "x.opus").exists()


def test_long_recordings_show_progress_short_ones_do_not(tmp_path):
    root = new_site(tmp_path)
    rate = 48000
    t = np.arange(70 * rate) / rate
    sf.write(root / "long.flac", 0.2 * np.sin(2 * np.pi * 330 * t), rate)
    long = prepare(
        root, "long.flac", "long", "--title", "L", "--license", "CC0-1.0", "--start", "1:05"
    )
    assert long.returncode == 0, long.stderr
    progress = [x for x in long.stderr.splitlines() if x.startswith("reading long.flac: ")]
    assert progress and progress[-1].endswith("of 1:10")
    write_recording(root / "short.flac")
    short = prepare(root, "short.flac", "short", "--title", "S", "--license", "CC0-1.0")
    assert short.returncode == 0 and "reading" not in short.stderr


def test_the_build_and_check_import_none_of_the_extra(tmp_path):
    """The site build and ``check`` never load numpy, scipy or pyloudnorm (nor need ffmpeg)."""
    root = new_site(tmp_path)
    (root / "content" / "post.md").write_text("---\ntitle: Post\ndate: 2026-12-01\n---\n\nHi.\n")
    code = (
        "import sys\n"
        "from pelican import Pelican\n"
        "from pelican.settings import read_settings\n"
        "from pelican.plugins.audio_clips.check import main\n"
        "assert main(['check', 'content', '-s', 'pelicanconf.py']) == 0\n"
        "Pelican(read_settings('pelicanconf.py')).run()\n"
        "print(sorted({'numpy', 'scipy', 'pyloudnorm'} & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert (root / "output" / "post.html").is_file()


def test_missing_extra_is_one_line_naming_it(tmp_path):
    root = new_site(tmp_path)
    write_recording(root / "take.flac")
    blocker = (
        "import sys\n"
        "sys.modules['pyloudnorm'] = None  # as if it were not installed\n"
        "from pelican.plugins.audio_clips.check import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            blocker,
            "prepare",
            "take.flac",
            "t",
            "--title",
            "T",
            "--license",
            "CC0-1.0",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        "prepare: prepare needs the Python package pyloudnorm: "
        "pip install 'pelican-audio-clips[prepare]'"
    )
