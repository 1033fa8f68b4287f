"""Probing real audio files written by the tests: facts, tags, errors, siblings, cache."""

from __future__ import annotations

import pytest
from clipsite import write_audio
from mutagen.id3 import ID3, TCOM, TIT2, TPE1, TXXX, WOAS

from pelican.plugins.audio_clips.errors import ClipError
from pelican.plugins.audio_clips.media import ProbeCache, probe, resolve, siblings
from pelican.plugins.audio_clips.settings import load


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("a.wav", "pcm"),
        ("a.opus", "opus"),
        ("a.mp3", "mp3"),
        ("a.ogg", "vorbis"),
        ("a.flac", "flac"),
    ],
)
def test_probe_reads_facts_of_each_format(tmp_path, name, codec):
    info = probe(write_audio(tmp_path / name, 2.0))
    assert info.codec == codec
    assert info.duration == pytest.approx(2.0, abs=0.06)
    assert info.sample_rate == 48000
    assert info.channels == 1
    if codec != "flac":
        assert info.bitrate > 0


def test_probe_reads_vorbis_comment_tags(tmp_path):
    written = {
        "title": "Agitato",
        "artist": "Our piano",
        "composer": "Us",
        "date": "2026",
        "license": "CC0-1.0",
        "source": "media/sources/agitato.abc",
        "composed": "2026",
    }
    path = write_audio(tmp_path / "t.opus", 1.0, tags=written)
    by_key = {"artist": "performer", "date": "recorded"}
    assert probe(path).tags == {by_key.get(k, k): v for k, v in written.items()}


def test_probe_reads_id3_tags(tmp_path):
    path = write_audio(tmp_path / "t.mp3", 1.0)
    id3 = ID3()
    id3.add(TIT2(encoding=3, text="Gallop"))
    id3.add(TPE1(encoding=3, text="Player"))
    id3.add(TCOM(encoding=3, text="Rossini"))
    id3.add(TXXX(encoding=3, desc="LICENSE", text="CC0-1.0"))
    id3.add(TXXX(encoding=3, desc="COMPOSITION_LICENSE", text="public-domain"))
    id3.add(WOAS(url="https://example.org/gallop"))
    id3.save(path)
    tags = probe(path).tags
    assert tags["title"] == "Gallop"
    assert tags["performer"] == "Player"
    assert tags["composer"] == "Rossini"
    assert tags["license"] == "CC0-1.0"
    assert tags["composition_license"] == "public-domain"
    assert tags["source"] == "https://example.org/gallop"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a recognised audio file"),
        (b"hello world" * 10, "not a recognised audio file"),
        (b"OggS" + b"\0" * 40, ""),
    ],
)
def test_probe_rejects_non_audio(tmp_path, content, message):
    path = tmp_path / "x.opus"
    path.write_bytes(content)
    with pytest.raises(ClipError) as error:
        probe(path)
    assert message in str(error.value)


def test_truncated_file_is_an_error_not_a_crash(tmp_path):
    good = write_audio(tmp_path / "g.mp3", 2.0).read_bytes()
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(good[:100])
    with pytest.raises(ClipError):
        probe(cut)


def test_siblings_follow_the_preference_order(tmp_path):
    config = load({"PATH": str(tmp_path / "content"), "AUDIO_CLIPS_MEDIA_PATH": str(tmp_path)})
    for name in ("s.mp3", "s.opus", "s.wav", "s.peaks.json", "other.opus"):
        if name.endswith(".json"):
            (tmp_path / name).write_text("{}")
        else:
            write_audio(tmp_path / name, 0.5)
    found = siblings(tmp_path / "s.mp3", config.format_rank, tmp_path)
    # s.wav is a master, not a web encoding: published only when a clip names it itself.
    assert [p.name for p in found] == ["s.opus", "s.mp3"]
    named = siblings(tmp_path / "s.wav", config.format_rank, tmp_path)
    assert [p.name for p in named] == ["s.opus", "s.mp3", "s.wav"]
    mp3_first = load(
        {
            "PATH": str(tmp_path / "c"),
            "AUDIO_CLIPS_MEDIA_PATH": str(tmp_path),
            "AUDIO_CLIPS_FORMATS": ["mp3", "opus"],
        }
    )
    assert [p.name for p in siblings(tmp_path / "s.opus", mp3_first.format_rank, tmp_path)][:2] == [
        "s.mp3",
        "s.opus",
    ]


def test_siblings_of_a_name_with_pattern_characters_are_its_own(tmp_path):
    """Siblings are the folder's names that start with the stem and a dot (as a glob of the
    escaped stem with '.*' found them): '[', '*' and '?' in a name are plain characters."""
    config = load({"PATH": str(tmp_path / "content"), "AUDIO_CLIPS_MEDIA_PATH": str(tmp_path)})
    for name in (
        "t[1]*?.opus",
        "t[1]*?.mp3",
        "t1.mp3",
        "t[1]*?x.mp3",
        "t[1]*?.b.mp3",
        "T[1]*?.mp3",
    ):
        write_audio(tmp_path / name, 0.5)
    found = siblings(tmp_path / "t[1]*?.opus", config.format_rank, tmp_path)
    assert [p.name for p in found] == ["t[1]*?.opus", "t[1]*?.mp3"]


def test_resolve_accepts_nested_paths_and_refuses_escapes(tmp_path):
    write_audio(tmp_path / "media" / "a" / "b.opus", 0.5)
    assert resolve("a/b.opus", str(tmp_path / "media")).name == "b.opus"
    for bad in ("../x.opus", "/a/b.opus", "https://x/y.mp3", "a\\b.opus", "a/../../x.opus"):
        with pytest.raises(ClipError):
            resolve(bad, str(tmp_path / "media"))


def test_cache_is_keyed_by_size_and_mtime_and_survives_restarts(tmp_path):
    audio = write_audio(tmp_path / "c.opus", 1.0)
    first = ProbeCache(str(tmp_path / "cache"))
    info = first.get(audio)
    first.get(audio)
    assert first.probed == 1
    assert not (tmp_path / "cache" / "probe.json").exists()  # written once, on flush
    first.flush()
    second = ProbeCache(str(tmp_path / "cache"))
    assert second.get(audio) == info
    assert second.probed == 0
    write_audio(audio, 2.0)  # changed file: read again
    assert second.get(audio).duration == pytest.approx(2.0, abs=0.06)
    assert second.probed == 1


def test_corrupt_cache_file_is_ignored(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "probe.json").write_text("{broken")
    audio = write_audio(tmp_path / "c.opus", 1.0)
    cache = ProbeCache(str(tmp_path / "cache"))
    assert cache.get(audio).codec == "opus"
