"""``prepare`` from the published package alone: the wheel and its ``prepare`` extra in a fresh
virtual environment with plain Pelican, nothing else of this repository; a generated recording;
the printed entry pasted into a quickstart site on the default theme; the files measured here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from recording_fixture import (
    ARTICLE,
    CREDITS,
    PELICANCONF,
    filled_in,
    measure,
    write_recording,
)

pytest.importorskip("pyloudnorm", reason="the prepare extra is not installed here to measure with")

PACKAGE = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("ffmpeg") is None,
        reason="ffmpeg is not installed (Debian: apt install ffmpeg; `make system-deps`)",
    ),
]


def run(*args, cwd=None):
    """A command with the stranger's environment: their venv's tools and ffmpeg on the PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join(
        [str(Path(args[0]).parent), str(Path(shutil.which("ffmpeg")).parent)]
    )
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env=env,
    )


@pytest.fixture(scope="module")
def stranger(tmp_path_factory):
    root = tmp_path_factory.mktemp("prepare-stranger")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(root / "dist"), str(PACKAGE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next((root / "dist").glob("pelican_audio_clips-*.whl"))
    venv.create(root / "venv", with_pip=True)
    bin_dir = root / "venv" / "bin"
    installed = run(
        bin_dir / "python", "-m", "pip", "install", "--quiet", f"{wheel}[prepare]", "pelican"
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(PELICANCONF)
    write_recording(root / "my recordings" / "take one.flac")
    return bin_dir, site, root / "my recordings" / "take one.flac"


def test_a_stranger_prepares_pastes_and_builds(stranger):
    bin_dir, site, recording = stranger
    made = run(
        bin_dir / "pelican-audio-clips", "prepare", recording, "take-one", *CREDITS, cwd=site
    )
    assert made.returncode == 0, made.stderr
    assert "Traceback" not in made.stderr

    clips = site / "media" / "clips"
    found = {ext: measure(clips / f"take-one.{ext}") for ext in ("opus", "mp3")}
    for ext, m in found.items():
        assert abs(m["lufs"] - -16.0) <= 0.5 and m["true_peak"] <= -1.0 and m["lead"] <= 0.3, (
            ext,
            m,
        )
    assert abs(found["opus"]["tagged_duration"] - found["mp3"]["tagged_duration"]) <= 0.1

    (site / "content" / "first.md").write_text(ARTICLE.format(clips=filled_in(made.stdout)))
    built = run(bin_dir / "pelican", "content", "-s", "pelicanconf.py", cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    page = (site / "output" / "my-first-clip.html").read_text(encoding="utf-8")
    figure = BeautifulSoup(page, "html.parser").select_one("figure#clip-take-one")
    text = " ".join(figure.get_text(" ").split())
    for credit in ("Test card with a voice", "Nobody in particular", "A. Stranger"):
        assert credit in text
    assert figure.select_one('a[rel="license"]')["href"].endswith("/licenses/by/4.0/")
    assert (site / "output" / "media" / "clips" / "take-one.opus").is_file()
    wave = figure.select_one("[class*=waveform]")
    if wave is not None:  # a template that draws the waveform draws it from the peaks
        path = wave if wave.name == "path" else wave.select_one("path")
        assert (path is not None and path.get("d")) or any("peak" in a for a in wave.attrs)

    again = run(bin_dir / "pelican-audio-clips", "prepare", "--again", "take-one", cwd=site)
    assert again.returncode == 0, again.stderr
