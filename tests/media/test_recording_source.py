"""``make clips`` with a ``kind: recording`` source: a local file, or a URL pinned by sha256 and
fetched once into the cache (served here from 127.0.0.1), made by the plugin's ``prepare`` code.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import yaml

from tools.clips import build, recording

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("ffmpeg") is None,
        reason="ffmpeg is not installed (Debian: apt install ffmpeg; `make system-deps` installs it)",
    ),
]
RATE = 44100
SPEC = {
    "kind": "recording",
    "title": "Test recording",
    "performer": "A. Stranger",
    "composer": "Nobody in particular",
    "recorded": "2026",
    "composed": "2026",
    "license": "CC-BY-4.0",
    "composition_license": "CC0-1.0",
    "source": "https://example.org/test-recording",
    "copyright": "2026 A. Stranger",
    "description": "A steady hum that swells and fades.",
}


def write_recording(path: Path) -> Path:
    """16 s: 1 s of silence, then a hum with a swell (long enough for the library's 10 s)."""
    t = np.arange(15 * RATE) / RATE
    hum = 0.2 * np.sin(2 * np.pi * 110 * t) * (1 + 0.5 * np.sin(2 * np.pi * 0.1 * t))
    audio = np.concatenate([np.zeros(RATE), hum])
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, np.stack([audio, 0.8 * audio], axis=1), RATE)
    return path


@pytest.fixture
def library(tmp_path, monkeypatch):
    """The pipeline pointed at a throwaway repository and cache."""
    root = tmp_path / "repo"
    (root / "media" / "sources").mkdir(parents=True)
    monkeypatch.setattr(build, "ROOT", root)
    monkeypatch.setattr(build, "SOURCES", root / "media" / "sources")
    monkeypatch.setattr(build, "CLIPS", root / "media" / "clips")
    monkeypatch.setattr(build, "STAMPS", root / "media" / "sources" / "stamps.json")
    monkeypatch.setattr(build, "CATALOG", root / "media" / "clips" / "catalog.yaml")
    monkeypatch.setenv("CLIPS_CACHE", str(tmp_path / "cache"))
    return root


@pytest.fixture
def server(tmp_path):
    """A web server on 127.0.0.1 serving ``tmp_path/served``; counts the requests."""
    folder = tmp_path / "served"
    folder.mkdir()
    hits: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            return super().do_GET()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{httpd.server_port}", hits
    httpd.shutdown()
    httpd.server_close()


def add_source(root: Path, stem: str, recording_: dict, **extra) -> None:
    spec = {**SPEC, "recording": recording_, **extra}
    (root / "media" / "sources" / f"{stem}.yaml").write_text(yaml.safe_dump(spec))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_url_recording_is_fetched_once_pinned_and_made_like_prepare_makes_it(library, server):
    folder, base, hits = server
    source = write_recording(folder / "hum.flac")
    pinned = sha256(source)
    add_source(
        library,
        "hum",
        {"url": f"{base}/hum.flac", "sha256": pinned, "start": "0:00.5", "end": "0:13"},
        listen_for=[{"t": 1.0, "text": "the hum starts"}, {"t": 6.0, "text": "the swell"}],
    )
    assert build.build() == ["hum"]
    clips = library / "media" / "clips"
    for name in ("hum.opus", "hum.mp3", "hum.peaks.json", "hum.prepare.json"):
        assert (clips / name).is_file()
    entry = yaml.safe_load(build.CATALOG.read_text())["clips"][0]
    assert entry["recording"]["source"] == f"{base}/hum.flac"
    assert entry["recording"]["sha256"] == pinned
    assert entry["recording"]["offset"] == pytest.approx(1.0, abs=0.02)  # start + the silence
    # moments are given in the recording's seconds; the clip starts after the trimmed silence
    assert [m["at"] for m in entry["listen_for"]] == ["0:00", "0:05"]
    assert entry["duration"] == pytest.approx(12.0, abs=0.1)
    for fmt in ("opus", "mp3"):
        assert abs(entry["measured"][fmt]["lufs"] + 16) <= 0.5
        assert entry["measured"][fmt]["true_peak"] <= -1.0
    assert hits == ["/hum.flac"]
    cached = list((Path(recording.cache_dir())).iterdir())
    assert [p.name for p in cached] == [f"{pinned}.flac"]

    # made again from the cache, without the network, to the same bytes
    made = {p.name: sha256(p) for p in clips.glob("hum.*")}
    assert build.build(force=True) == ["hum"]
    assert hits == ["/hum.flac"]
    assert {p.name: sha256(p) for p in clips.glob("hum.*")} == made

    # and the command an author runs makes the same clip from the same recording and options
    from pelican.plugins.audio_clips.check import main

    site = library.parent / "site"
    (site / "content").mkdir(parents=True)
    (site / "pelicanconf.py").write_text("PATH = 'content'\n")
    credits = []
    for key in recording.CREDITS:
        if key in SPEC:
            credits += ["--" + key.replace("_", "-"), SPEC[key]]
    args = ["prepare", str(cached[0]), "hum", "--start", "0:00.5", "--end", "0:13", *credits]
    assert main([*args, "-s", str(site / "pelicanconf.py")]) == 0
    for ext in ("opus", "mp3", "peaks.json"):
        assert sha256(site / "media" / "clips" / f"hum.{ext}") == made[f"hum.{ext}"], ext


def test_unchanged_recording_clip_is_skipped(library, server, caplog):
    folder, base, hits = server
    source = write_recording(folder / "hum.flac")
    add_source(library, "hum", {"url": f"{base}/hum.flac", "sha256": sha256(source)})
    assert build.build() == ["hum"]
    assert build.build() == []
    assert hits == ["/hum.flac"]


def test_a_url_whose_bytes_changed_is_refused_and_not_cached(library, server):
    folder, base, _ = server
    write_recording(folder / "hum.flac")
    add_source(library, "hum", {"url": f"{base}/hum.flac", "sha256": "0" * 64})
    with pytest.raises(recording.RecordingError, match="differs from the pinned 0000"):
        build.build()
    assert not any(recording.cache_dir().glob("*.flac"))
    assert not (library / "media" / "clips" / "hum.opus").exists()


def test_a_url_needs_its_sha256(library):
    add_source(library, "hum", {"url": "http://127.0.0.1:9/hum.flac"})
    with pytest.raises(recording.RecordingError, match="needs its 'sha256'"):
        build.build()


def test_a_local_file_recording(library):
    write_recording(library / "media" / "sources" / "recordings" / "hum.flac")
    add_source(library, "hum", {"file": "media/sources/recordings/hum.flac", "channels": "mono"})
    assert build.build() == ["hum"]
    info = sf.info(library / "media" / "clips" / "hum.opus")
    assert info.channels == 1
    recipe = (library / "media" / "clips" / "hum.prepare.json").read_text()
    assert '"source": "media/sources/recordings/hum.flac"' in recipe


def test_a_licence_outside_the_allow_list_is_refused_in_the_builds_words(library):
    write_recording(library / "hum.flac")
    add_source(library, "hum", {"file": "hum.flac"}, license="CC-BY-NC-4.0")
    with pytest.raises(recording.RecordingError, match=r"license: 'CC-BY-NC-4\.0' is not allowed"):
        build.build()
