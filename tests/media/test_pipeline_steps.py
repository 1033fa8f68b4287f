"""Unit tests of the clip pipeline's steps on tiny inputs (no fluidsynth, no ffmpeg)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile
from mutagen.id3 import ID3
from mutagen.oggopus import OggOpus

from tests.support.audio import tone as support_tone
from tools.clips import dsp
from tools.clips.build import mmss
from tools.clips.debian import excerpt
from tools.clips.midi import Part, midi_bytes
from tools.clips.notation import NotationError, TempoMap, parse_voice, pitch_number, read_voice
from tools.clips.score import build_parts, expand
from tools.clips.tags import Credits, write_mp3_tags, write_opus_tags

RATE = 48000


def tone(seconds=1.0, freq=440.0, amp=0.5, rate=RATE, channels=2):
    """The suite's test tone (tests/support/audio.py), stereo and in float64 as the pipeline works."""
    return support_tone(seconds, freq, amp, rate, channels).astype("float64")


# --- notation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "number"),
    [("C4", 60), ("A4", 69), ("C#4", 61), ("Db4", 61), ("B#3", 60), ("Cb4", 59), ("n36", 36)],
)
def test_pitch_numbers(name, number):
    assert pitch_number(name) == number


@pytest.mark.parametrize("bad", ["H4", "C", "n200", "C#x"])
def test_bad_pitch_is_an_error(bad):
    with pytest.raises(NotationError):
        pitch_number(bad)


def test_voice_durations_rests_chords_and_marks():
    notes, end = read_voice("v90 C4:1 D4 r:0.5 [E4,G4]:0.5' | F4:2~ G4' A4~", gate=0.9)
    assert end == pytest.approx(9.0)
    assert [n.pitch for n in notes] == [60, 62, 64, 67, 65, 67, 69]
    assert [n.start for n in notes] == [0, 1, 2.5, 2.5, 3, 5, 7]
    assert notes[0].length == pytest.approx(0.9)
    assert notes[2].length == pytest.approx(0.25)  # staccato: half
    assert notes[4].length == pytest.approx(2.0)  # tied: full length
    assert notes[5].length == pytest.approx(1.0)  # marks without a duration keep the last one
    assert notes[6].length == pytest.approx(2.0)
    assert {n.velocity for n in notes} == {90}


def test_unreadable_token_is_an_error():
    with pytest.raises(NotationError):
        parse_voice("C4:1 C4:-1")


def test_phrases_expand_and_unknown_phrase_fails():
    assert expand("$A | $A*2", {"A": "C4:1 $B", "B": "D4"}) == "C4:1 D4 | C4:1 D4 C4:1 D4"
    with pytest.raises(NotationError):
        expand("$missing", {})


def test_tempo_map_steady_and_ramp():
    steady = TempoMap(120)
    assert steady.seconds(4) == pytest.approx(2.0)
    ramp = TempoMap([[0, 60], [4, 60], [8, 120, "ramp"]])
    assert ramp.seconds(4) == pytest.approx(4.0)
    # a linear tempo ramp 60 -> 120 over 4 beats lasts 4 * ln(2) seconds
    assert ramp.seconds(8) - ramp.seconds(4) == pytest.approx(4 * np.log(2), rel=1e-3)
    assert ramp.bpm_at(6) == pytest.approx(90)


# --- MIDI -----------------------------------------------------------------------------------


def test_midi_file_structure():
    part = Part(channel=0, program=40)
    part.note(0.0, 0.5, 69, 100)
    data = midi_bytes([part])
    assert data[:4] == b"MThd"
    assert data.count(b"MTrk") == 2
    assert bytes([0xC0, 40]) in data  # program change
    assert bytes([0x90, 69, 100]) in data and bytes([0x80, 69, 0]) in data


def test_score_parts_timing():
    spec = {
        "tempo": 120,
        "phrases": {"P": "C4:1 E4:1"},
        "parts": [{"program": 0, "voices": ["$P G4:2"]}, {"percussion": True, "voices": ["n36:4"]}],
    }
    parts, _tempo, end = build_parts(spec)
    assert end == pytest.approx(2.0)
    assert parts[1].channel == 9
    ons = sorted(t for t, _, msg in parts[0].events if msg[0] & 0xF0 == 0x90)
    assert ons == pytest.approx([0.0, 0.5, 1.0])


# --- signal steps ---------------------------------------------------------------------------


def test_fade_starts_and_ends_at_zero():
    x = dsp.fade(tone(1.0, amp=1.0) + 0.5, RATE, fade_in=0.1, fade_out=0.2)
    assert np.abs(x[0]).max() == 0 and np.abs(x[-1]).max() < 1e-9
    assert np.abs(x[RATE // 2]).max() > 0.4  # the middle is untouched


def test_trim_cuts_silence_and_reports_the_cut():
    x = np.concatenate([np.zeros((RATE, 2)), tone(1.0), np.zeros((2 * RATE, 2))])
    y, cut = dsp.trim(x, RATE, head_pad=0.0, tail_pad=0.0)
    assert cut == pytest.approx(1.0, abs=0.001)
    assert y.shape[0] / RATE == pytest.approx(1.0, abs=0.01)
    assert dsp.leading_silence(y, RATE) < 0.01


def test_normalise_hits_loudness_and_true_peak():
    rng = np.random.default_rng(1)
    x = 0.05 * rng.standard_normal((3 * RATE, 2))
    x[RATE : RATE + 100] *= 12  # a loud transient the limiter must catch
    y = dsp.normalise(x, RATE, target_lufs=-16.0, ceiling_db=-2.0)
    assert dsp.loudness(y, RATE) == pytest.approx(-16.0, abs=0.1)
    assert dsp.true_peak_db(y) <= -2.0 + 0.05


def test_true_peak_sees_intersample_peaks():
    # a sine at a quarter of the rate, sampled 45 degrees off its peaks: samples at 0.707
    n = np.arange(4800)
    x = np.sin(2 * np.pi * n / 4 + np.pi / 4)[:, None]
    assert dsp.sample_peak_db(x) == pytest.approx(-3.01, abs=0.05)
    assert dsp.true_peak_db(x) > -0.5


def test_limit_never_raises_gain():
    x = tone(0.5, amp=0.1)
    assert np.allclose(dsp.limit(x, RATE, ceiling_db=-1.0), x)


def test_peaks_buckets():
    x = np.zeros((1600, 1))
    x[800] = 0.5
    p = dsp.peaks(x, buckets=160)
    assert len(p) == 160 and p[80] == 0.5 and sum(p) == 0.5


def test_mmss():
    assert mmss(0) == "0:00" and mmss(61) == "1:01" and mmss(8.0) == "0:08"
    # tenths, rounded to the nearest: a jump must not land up to a second early
    assert mmss(6.67) == "0:06.7" and mmss(10.8) == "0:10.8" and mmss(59.99) == "1:00"
    assert mmss(13.333) == "0:13.3" and mmss(0.04) == "0:00"


# --- tags -----------------------------------------------------------------------------------

CREDITS = Credits(
    title="Tiny test",
    performer="Us",
    composer="Someone",
    recorded="2026",
    composed="1875",
    license="CC0-1.0",
    composition_license="public-domain",
    source="media/sources/tiny.yaml",
    copyright="Nobody",
)


def test_opus_tags_round_trip(tmp_path):
    path = tmp_path / "tiny.opus"
    soundfile.write(path, tone(0.5), RATE, format="OGG", subtype="OPUS")
    write_opus_tags(path, CREDITS)
    tags = OggOpus(path).tags
    assert tags["TITLE"] == ["Tiny test"]
    assert tags["LICENSE"] == ["CC0-1.0"]
    assert tags["COMPOSITION_LICENSE"] == ["public-domain"]
    assert tags["COMPOSED"] == ["1875"]


def test_mp3_tags_round_trip(tmp_path):
    path = tmp_path / "tiny.mp3"
    soundfile.write(path, tone(0.5), RATE, format="MP3", subtype="MPEG_LAYER_III")
    write_mp3_tags(path, CREDITS)
    tags = ID3(path)
    assert tags.version[:2] == (2, 4)
    assert str(tags["TIT2"]) == "Tiny test"
    assert str(tags["TXXX:LICENSE"]) == "CC0-1.0"
    assert tags["WCOP"].url == "https://creativecommons.org/publicdomain/zero/1.0/"
    write_mp3_tags(path, CREDITS)  # rewriting replaces, never duplicates
    assert len(ID3(path).getall("TXXX:LICENSE")) == 1


def test_unknown_year_stays_out_of_tdrc(tmp_path):
    path = tmp_path / "tiny.mp3"
    soundfile.write(path, tone(0.5), RATE, format="MP3", subtype="MPEG_LAYER_III")
    write_mp3_tags(path, Credits(**{**CREDITS.__dict__, "recorded": "before 2023"}))
    tags = ID3(path)
    assert "TDRC" not in tags and str(tags["TIT2"]) == "Tiny test"


def test_disallowed_licence_is_refused():
    with pytest.raises(ValueError, match="GPL"):
        Credits(**{**CREDITS.__dict__, "license": "GPL-2.0-or-later"})


# --- Debian excerpts ------------------------------------------------------------------------


def test_excerpt_cuts_and_resamples_to_48k(tmp_path):
    member = "usr/share/game/music/theme.ogg"
    (tmp_path / member).parent.mkdir(parents=True)
    soundfile.write(tmp_path / member, tone(3.0, freq=440.0, rate=44100), 44100, format="OGG")
    audio = excerpt(tmp_path, member, 1.0, 2.0)
    assert audio.shape == (48000, 2)
    spectrum = np.abs(np.fft.rfft(audio[:, 0]))
    assert np.argmax(spectrum) == pytest.approx(440, abs=2)  # 1 s of audio: bins are 1 Hz


# --- incremental rendering ------------------------------------------------------------------

SPEC = """\
title: T
composer: C
composed: "2026"
performer: P
recorded: "2026"
license: CC0-1.0
composition_license: CC0-1.0
source: media/sources/tiny.yaml
copyright: X
description: A test.
kind: synth
synth: {recipe: shepard-risset, seconds: 12}
listen_for: [{t: 1, text: a}, {t: 2, text: b}]
"""


class Rendered(Exception):
    """Raised instead of rendering, to see whether the pipeline tried."""


def test_unchanged_clips_are_skipped_and_changed_ones_rendered(tmp_path, monkeypatch):
    from tools.clips import build

    sources, clips = tmp_path / "sources", tmp_path / "clips"
    sources.mkdir()
    clips.mkdir()
    monkeypatch.setattr(build, "SOURCES", sources)
    monkeypatch.setattr(build, "CLIPS", clips)
    monkeypatch.setattr(build, "STAMPS", sources / "stamps.json")
    monkeypatch.setattr(build, "CATALOG", clips / "catalog.yaml")

    def refuse(spec):
        raise Rendered(spec["stem"])

    monkeypatch.setattr(build, "make_audio", refuse)
    (sources / "tiny.yaml").write_text(SPEC)
    for ext in (".opus", ".mp3", ".peaks.json"):
        (clips / f"tiny{ext}").write_text("x")
    spec = build.load_specs()[0]
    soundfont = build.sha256(build.SOUNDFONT) if build.SOUNDFONT.exists() else "absent"
    key = build.input_key(spec, build.code_digest(), soundfont)
    entry = {"stem": "tiny", "title": "T"}
    (sources / "stamps.json").write_text(json.dumps({"tiny": {"key": key, "entry": entry}}))

    assert build.build() == []  # same inputs, files present: nothing to do
    assert "stem: tiny" in (clips / "catalog.yaml").read_text()

    (sources / "tiny.yaml").write_text(SPEC.replace("seconds: 12", "seconds: 13"))
    with pytest.raises(Rendered):
        build.build()
