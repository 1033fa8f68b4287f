"""The steps of ``prepare`` on tiny inputs: waveform, channels, credits, recipe, tags, the cut."""

from __future__ import annotations

import json
import shutil

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("pyloudnorm", reason="the prepare extra is not installed")
import soundfile as sf  # noqa: E402

from pelican.plugins.audio_clips import cutting, peaks, recipe, settings  # noqa: E402
from pelican.plugins.audio_clips.errors import ClipError  # noqa: E402

needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None, reason="ffmpeg is not installed (apt install ffmpeg)"
)
CONFIG = settings.load({"PATH": "content"})


def test_waveform_format_is_what_the_plugin_reads(tmp_path):
    audio = np.zeros((1600, 2))
    audio[800, 1] = -0.5  # a negative peak in the second channel counts
    audio[0, 0] = 1.7  # clipped values are capped at 1
    written = peaks.write(peaks.path_for(tmp_path / "clip.opus"), audio)
    assert written.name == "clip.peaks.json"
    data = json.loads(written.read_text())
    assert data["version"] == 1 and len(data["peaks"]) == 160
    assert data["peaks"][0] == 1.0 and data["peaks"][80] == 0.5 and sum(data["peaks"]) == 1.5


def test_channels_auto_keeps_stereo_and_folds_dual_mono():
    stereo = np.stack([np.ones(10), np.zeros(10)], axis=1)
    assert cutting.channels(stereo, "auto").shape == (10, 2)
    assert cutting.channels(np.ones((10, 2)), "auto").shape == (10, 1)
    assert cutting.channels(stereo, "mono")[:, 0].tolist() == [0.5] * 10
    assert cutting.channels(np.ones((10, 1)), "stereo").shape == (10, 2)


def test_credits_are_checked_with_the_builds_parsers_and_rules():
    good = recipe.check_credits(
        {"title": " A  rag ", "license": "public-domain", "composer": "S. J.", "composed": "1899"},
        CONFIG,
    )
    assert good == {
        "title": "A rag",
        "composer": "S. J.",
        "composed": "1899",
        "license": "public-domain",
    }
    with pytest.raises(ClipError) as caught:
        recipe.check_credits({"title": "T", "license": "cc0-1.0", "recorded": "last year"}, CONFIG)
    said = [str(p) for p in caught.value.problems]
    assert said == [
        "recorded: 'last year' has no year in it — give a year such as 1899 or 'c. 1913'",
        "license: 'cc0-1.0' is not spelt as an SPDX id — write 'CC0-1.0'",
    ]
    with pytest.raises(ClipError) as caught:
        recipe.check_credits({"title": "T", "license": "public-domain"}, CONFIG)
    assert "composer: a public-domain recording needs its composer named" in str(caught.value)


def test_name_and_folder_are_checked():
    assert recipe.check_name("maple-leaf_1") == "maple-leaf_1"
    with pytest.raises(ClipError, match="cannot be used in a link"):
        recipe.check_name("maple leaf")
    assert recipe.check_folder("clips/rags") == "clips/rags"
    for bad in ("/abs", "../out", "."):
        with pytest.raises(ClipError, match="not a folder below the media folder"):
            recipe.check_folder(bad)


def test_recipe_round_trips_and_its_text_is_stable(tmp_path):
    plan = recipe.Recipe(
        name="rag",
        folder="clips",
        source="recordings/rag.flac",
        sha256="ab" * 32,
        start=1.5,
        end=20.0,
        credits={"title": "Rag", "license": "CC0-1.0"},
    )
    path = recipe.sidecar_path(tmp_path, "rag")
    path.write_text(recipe.to_json(plan, {"offset": 1.6}))
    assert recipe.read(path) == plan
    assert recipe.to_json(plan, {"offset": 1.6}) == path.read_text()
    path.write_text('{"version": 99}')
    with pytest.raises(ClipError, match="is not a recipe"):
        recipe.read(path)
    with pytest.raises(ClipError, match="not found"):
        recipe.read(tmp_path / "other.prepare.json")


@needs_ffmpeg
@pytest.mark.parametrize("recorded", ["1916-03-01", "c. 1916"])
def test_tags_are_read_back_by_the_plugin(tmp_path, recorded):
    from pelican.plugins.audio_clips import tagging, transcode
    from pelican.plugins.audio_clips.media import probe

    credits = {
        "title": "Rag",
        "performer": "P",
        "composer": "C",
        "recorded": recorded,
        "composed": "1899",
        "license": "CC-BY-4.0",
        "composition_license": "public-domain",
        "source": "https://example.org/r",
        "copyright": "none",
    }
    audio = 0.1 * np.sin(np.linspace(0, 2000, 48000))[:, None]
    for ext in (".opus", ".mp3"):
        path = tmp_path / f"rag{ext}"
        transcode.encode(audio, path)
        tagging.write(path, credits, "https://creativecommons.org/licenses/by/4.0/")
        tags = probe(path).tags
        # probe() keys the tags it read by clip key (the field table's tag names)
        for key in ("title", "performer", "source"):
            assert tags[key] == credits[key]
        assert tags["license"] == "CC-BY-4.0" and tags["composed"] == "1899"
        if ext == ".opus" or recorded[0].isdigit():
            assert tags["recorded"] == recorded
        else:  # an ID3 date frame holds timestamps only; the Opus file carries 'c. 1916'
            assert "recorded" not in tags


@needs_ffmpeg
def test_the_cut_is_exact_to_the_sample(tmp_path):
    from pelican.plugins.audio_clips import transcode

    ramp = np.arange(3 * 48000, dtype=np.float64) / (3 * 48000)
    sf.write(tmp_path / "ramp.wav", ramp, 48000, subtype="FLOAT")
    whole, total = transcode.decode(tmp_path / "ramp.wav")
    assert whole.shape == (3 * 48000, 2) and total == pytest.approx(3.0)
    cut, _ = transcode.decode(tmp_path / "ramp.wav", start=0.5, end=1.25)
    assert cut.shape == (36000, 2)
    assert np.array_equal(cut, whole[24000:60000])  # frames 0.5 s to 1.25 s, none more or less
    assert np.all(np.diff(cut[:, 0]) > 0)  # still the ramp: nothing reordered or repeated


@needs_ffmpeg
def test_identical_samples_encode_to_identical_bytes(tmp_path):
    from pelican.plugins.audio_clips import transcode

    audio = 0.1 * np.sin(np.linspace(0, 5000, 96000))[:, None].repeat(2, axis=1)
    for ext in (".opus", ".mp3"):
        first, second = tmp_path / f"a{ext}", tmp_path / f"b{ext}"
        transcode.encode(audio, first)
        transcode.encode(audio, second)
        assert first.read_bytes() == second.read_bytes()
