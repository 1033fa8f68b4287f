"""Settings: defaults in one place, merged without mutating, every bad value named."""

from __future__ import annotations

import pytest

from pelican.plugins.audio_clips.errors import ClipError
from pelican.plugins.audio_clips.settings import DEFAULTS, load, merged


def test_defaults_need_no_media_folder(tmp_path):
    config = load({"PATH": str(tmp_path / "content")})
    assert config.media_path == str(tmp_path / "media")
    assert config.formats[0] == "opus"
    assert config.formats.index("mp3") > config.formats.index("opus")
    assert config.strict is True


def test_user_settings_are_not_mutated():
    user = {"PATH": "content", "AUDIO_CLIPS_STRICT": False}
    before = dict(user)
    values = merged(user)
    assert user == before
    assert values["AUDIO_CLIPS_STRICT"] is False
    assert set(values) == set(DEFAULTS)


@pytest.mark.parametrize(
    ("override", "field", "text"),
    [
        (
            {"AUDIO_CLIPS_MEDIA_PATH": "/nonexistent/media"},
            "AUDIO_CLIPS_MEDIA_PATH",
            "does not exist",
        ),
        ({"AUDIO_CLIPS_FORMATS": "opus"}, "AUDIO_CLIPS_FORMATS", "must be a list"),
        (
            {"AUDIO_CLIPS_FORMATS": ["opus", "xyz"]},
            "AUDIO_CLIPS_FORMATS",
            "unknown audio format 'xyz'",
        ),
        ({"AUDIO_CLIPS_LICENSES": {}}, "AUDIO_CLIPS_LICENSES", "non-empty mapping"),
        (
            {"AUDIO_CLIPS_LICENSES": {"X": {"name": "x"}}},
            "AUDIO_CLIPS_LICENSES",
            "needs name, url and attribution",
        ),
        (
            {"AUDIO_CLIPS_LICENSES": {"X": {"name": "x", "url": "ftp://x", "attribution": True}}},
            "AUDIO_CLIPS_LICENSES",
            "no http(s) deed URL",
        ),
        ({"AUDIO_CLIPS_STRICT": "yes"}, "AUDIO_CLIPS_STRICT", "must be true or false"),
        ({"AUDIO_CLIPS_TEMPLATE": ""}, "AUDIO_CLIPS_TEMPLATE", "non-empty string"),
        ({"AUDIO_CLIPS_STRIKT": True}, "AUDIO_CLIPS_STRIKT", "did you mean 'AUDIO_CLIPS_STRICT'?"),
    ],
)
def test_bad_setting_is_named(tmp_path, override, field, text):
    with pytest.raises(ClipError) as error:
        load({"PATH": str(tmp_path / "content"), **override})
    assert any(p.field == field and text in str(p) for p in error.value.problems), error.value


def test_custom_licence_table(tmp_path):
    table = {"CC-BY-4.0": {"name": "Attribution", "url": "https://x.org/by/", "attribution": True}}
    config = load({"PATH": str(tmp_path / "c"), "AUDIO_CLIPS_LICENSES": table})
    assert list(config.licenses) == ["CC-BY-4.0"]
    assert config.licenses["CC-BY-4.0"].attribution
