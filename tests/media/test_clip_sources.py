"""Every clip source in media/sources/ is complete and readable, without rendering anything."""

from __future__ import annotations

import pytest

from tests.media._clipdata import CLIPS, published_stems
from tools.clips.build import CREDIT_FIELDS, MAX_SECONDS, load_specs
from tools.clips.score import build_parts
from tools.clips.tags import Credits

SPECS = load_specs()
IDS = [s["stem"] for s in SPECS]


def test_every_source_is_published_and_every_clip_has_a_source():
    assert sorted(IDS) == published_stems()


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_credits_are_complete_and_allowed(spec):
    credits = Credits(**{f: str(spec[f]) for f in CREDIT_FIELDS})  # raises on a bad licence
    assert credits.title
    assert spec["description"].strip()
    assert 2 <= len(spec.get("listen_for", [])) <= 4


@pytest.mark.parametrize("spec", [s for s in SPECS if s.get("parts")], ids=lambda s: s["stem"])
def test_note_data_reads_and_moments_fall_inside_the_music(spec):
    parts, tempo, end = build_parts(spec)
    assert parts and 0 < end <= MAX_SECONDS
    assert any(part.events for part in parts)
    for moment in spec["listen_for"]:
        if "beat" in moment:
            assert 0 <= tempo.seconds(moment["beat"]) <= end


@pytest.mark.parametrize(
    "spec", [s for s in SPECS if s["kind"] == "debian"], ids=lambda s: s["stem"]
)
def test_debian_excerpts_name_their_package_and_stay_short(spec):
    d = spec["debian"]
    for key in ("package", "version", "sha256", "file", "start", "end"):
        assert d.get(key) not in (None, ""), key
    assert 10 <= d["end"] - d["start"] <= MAX_SECONDS
    assert spec["license"].startswith("CC-BY-SA-")
    assert "excerpt, faded and loudness-normalised" in spec["copyright"].lower()
    assert d["package"] in spec["copyright"] and str(d["version"]) in spec["copyright"]
    # only the excerpt is published, never the whole track
    assert not any(CLIPS.glob(d["file"].rsplit("/", 1)[-1]))
