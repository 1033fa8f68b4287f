"""Measured, not trusted: every published clip is checked as a listener's player would get it."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.oggopus import OggOpus

from tests.media._clipdata import CLIPS, catalog, decoded, published_stems
from tools.clips import dsp

STEMS = published_stems()
ALLOWED = {"CC0-1.0", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "public-domain"}


def test_library_size():
    assert len(STEMS) >= 14, f"only {len(STEMS)} clips published"


def test_catalog_lists_exactly_the_published_clips():
    assert sorted(catalog()) == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_both_formats_decode_and_agree(stem):
    opus, mp3 = CLIPS / f"{stem}.opus", CLIPS / f"{stem}.mp3"
    assert opus.exists() and mp3.exists()
    a, ra = decoded(opus)
    b, rb = decoded(mp3)
    assert a.shape[0] > 0 and b.shape[0] > 0
    da, db = a.shape[0] / ra, b.shape[0] / rb
    assert abs(da - db) <= 0.1, f"durations differ: opus {da:.3f} s, mp3 {db:.3f} s"
    assert 10.0 <= da <= 40.0


@pytest.mark.slow  # measures every published file: make test, not test-quick
@pytest.mark.parametrize("fmt", ["opus", "mp3"])
@pytest.mark.parametrize("stem", STEMS)
def test_loudness_and_peaks(stem, fmt):
    audio, rate = decoded(CLIPS / f"{stem}.{fmt}")
    lufs = dsp.loudness(audio, rate)
    assert abs(lufs - dsp.TARGET_LUFS) <= 0.5, f"{lufs:.2f} LUFS"
    assert dsp.true_peak_db(audio) <= -1.0
    assert np.abs(audio).max() < 0.999, "clipped samples"
    assert dsp.leading_silence(audio, rate) <= 0.3


@pytest.mark.parametrize("stem", STEMS)
def test_opus_tags(stem):
    tags = OggOpus(CLIPS / f"{stem}.opus").tags
    for key in ("title", "artist", "composer", "license", "composition_license", "source"):
        assert tags.get(key) and tags[key][0].strip(), f"missing {key}"
    assert tags["license"][0] in ALLOWED
    assert tags["title"][0] == catalog()[stem]["title"]


@pytest.mark.parametrize("stem", STEMS)
def test_mp3_tags(stem):
    tags = ID3(CLIPS / f"{stem}.mp3")
    assert tags.version[:2] == (2, 4)
    assert str(tags["TIT2"]) == catalog()[stem]["title"]
    assert str(tags["TXXX:LICENSE"]) in ALLOWED
    assert str(tags["TXXX:LICENSE"]) == catalog()[stem]["license"]
    assert tags["WCOP"].url.startswith("https://creativecommons.org/")
    for frame in ("TPE1", "TCOM", "TCOP", "TXXX:COMPOSED", "TXXX:SOURCE"):
        assert str(tags[frame]).strip(), f"empty {frame}"
    recorded = catalog()[stem]["recorded"]
    if re.fullmatch(r"\d{4}", recorded):  # a known year is a timestamp; "before 2023" is not
        assert str(tags["TDRC"]) == recorded


@pytest.mark.parametrize("stem", STEMS)
def test_peaks_json(stem):
    data = json.loads((CLIPS / f"{stem}.peaks.json").read_text())
    assert data["version"] == 1
    peaks = data["peaks"]
    assert len(peaks) == 160
    assert all(isinstance(p, float | int) and 0 <= p <= 1 for p in peaks)
    assert max(peaks) > 0.05, "waveform is (nearly) silent"


@pytest.mark.parametrize("stem", STEMS)
def test_catalog_entry(stem):
    entry = catalog()[stem]
    audio, rate = decoded(CLIPS / f"{stem}.opus")
    assert abs(entry["duration"] - audio.shape[0] / rate) <= 0.1
    assert entry["license"] in ALLOWED and entry["composition_license"] in ALLOWED
    for key in ("title", "composer", "performer", "source", "copyright", "description"):
        assert entry[key].strip()
    assert entry["description"].count(". ") <= 1, "description should be one sentence"
    moments = entry["listen_for"]
    assert 2 <= len(moments) <= 4
    for m in moments:
        match = re.fullmatch(r"(\d+):(\d\d)(\.\d)?", m["at"])
        assert match, m
        assert int(match[1]) * 60 + int(match[2]) + float(match[3] or 0) < entry["duration"]
        assert m["text"].strip()
