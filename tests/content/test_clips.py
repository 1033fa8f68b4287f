"""The essay's clips: every section illustrated, every clip described, nothing we may not play."""

from __future__ import annotations

import re
from pathlib import Path

import mutagen
import pytest
import yaml

from tests.editorial import editorial

from .essay_doc import (
    ILLUSTRATED,
    MEDIA,
    catalog,
    clip_id,
    clips,
    essay,
    headings,
    parent_sections,
    parse_time,
)

pytestmark = editorial

ALLOWED_LICENSES = {
    "CC0-1.0",
    "public-domain",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
}

#: Composers whose film music the essay discusses but never plays (it is under copyright).
PROTECTED_COMPOSERS = (
    "Williams",
    "Zimmer",
    "Herrmann",
    "Steiner",
    "Korngold",
    "Newman",
    "Morricone",
    "Rota",
    "Elfman",
    "Göransson",
    "Vangelis",
    "Carlos",
    "Reznor",
    "Ross",
    "Jóhannsson",
    "Guðnadóttir",
    "Norman",
    "Barry",
    "Horner",
    "Ligeti",
    "Barber",
    "Rózsa",
    "Barron",
    "Richter",
    "Prokofiev",
)
#: Films whose scores the essay names; a caption naming one must say the clip is not from it.
NAMED_FILMS = (
    "Jaws",
    "Psycho",
    "Dunkirk",
    "Interstellar",
    "Schindler",
    "Star Wars",
    "King Kong",
    "Bond",
    "Dr. No",
    "Spellbound",
    "Forbidden Planet",
    "Social Network",
    "Joker",
    "Arrival",
    "2001",
    "Fantasia",
    "Once Upon a Time",
)


def all_clips():
    return clips(essay())


def ids():
    return [clip_id(c) for c in all_clips()]


def audio_path(clip) -> Path:
    return MEDIA / str(clip["src"])


def credits(clip) -> dict:
    """Front matter wins; the clip library's catalogue fills the gaps (as the plugin's tags do)."""
    merged = dict(catalog().get(Path(str(clip["src"])).stem, {}))
    merged.update(clip)
    return merged


def by_id():
    return {clip_id(c): c for c in all_clips()}


def test_clips_are_listed():
    assert all_clips(), "the essay lists no clips"


def test_clip_ids_are_unique():
    assert len(ids()) == len(set(ids()))


@pytest.mark.parametrize("section", ILLUSTRATED)
def test_every_section_is_illustrated(section):
    parents = parent_sections(essay())
    placed = [clip_id(c) for c in all_clips() if parents.get(str(c["section"])) == section]
    assert placed, f"section {section!r} has no clip"


@pytest.mark.parametrize("cid", ids())
def test_clip_is_placed_under_an_existing_heading(cid):
    clip = by_id()[cid]
    known = {h.id for h in headings(essay())}
    assert clip["section"] in known
    assert clip["section"] not in ("conclusion", "sources")


@pytest.mark.parametrize("cid", ids())
def test_clip_is_captioned_described_and_has_moments(cid):
    clip = by_id()[cid]
    assert len(str(clip.get("caption", "")).split()) >= 12, "caption: one or two full sentences"
    assert len(str(clip.get("description", "")).split()) >= 15, "description: what one hears"
    moments = clip.get("listen_for") or []
    assert len(moments) >= 2
    times = [parse_time(m["at"]) for m in moments]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert all(str(m["text"]).strip() for m in moments)


@pytest.mark.parametrize("cid", ids())
def test_clip_files_exist_and_moments_lie_within(cid):
    clip = by_id()[cid]
    path = audio_path(clip)
    assert path.is_file(), path
    assert path.with_suffix(".mp3").is_file(), "the MP3 fallback is missing"
    duration = mutagen.File(path).info.length
    for moment in clip["listen_for"]:
        assert parse_time(moment["at"]) < duration, moment


def _catalog_times(entry) -> set[float]:
    out = set()
    for m in entry.get("listen_for") or []:
        at = m["at"]
        # YAML 1.1 reads an unquoted 0:06 as the sexagesimal integer 6.
        out.add(float(at) if isinstance(at, int | float) else parse_time(at))
    return out


@pytest.mark.parametrize("cid", ids())
def test_moments_use_the_clip_librarys_times(cid):
    clip = by_id()[cid]
    entry = catalog().get(Path(str(clip["src"])).stem)
    if not entry or not entry.get("listen_for"):
        pytest.skip("the clip library has no timed moments for this clip")
    known = _catalog_times(entry)
    for moment in clip["listen_for"]:
        assert parse_time(moment["at"]) in known, f"{moment['at']} not in {sorted(known)}"


@pytest.mark.parametrize("cid", ids())
def test_clip_is_ours_to_publish(cid):
    info = credits(by_id()[cid])
    assert info.get("license") in ALLOWED_LICENSES
    composer = str(info.get("composer", ""))
    for name in PROTECTED_COMPOSERS:
        assert not re.search(rf"\b{re.escape(name)}\b", composer), composer


@pytest.mark.parametrize("cid", ids())
def test_caption_says_plainly_when_it_stands_in_for_film_music(cid):
    caption = " ".join(str(by_id()[cid].get("caption", "")).split())
    named = [f for f in NAMED_FILMS if f in caption]
    named += [n for n in PROTECTED_COMPOSERS if re.search(rf"\b{re.escape(n)}\b", caption)]
    if named:
        assert re.search(r"\b(not|neither)\b", caption), (
            f"caption names {named}; say it is not that"
        )


def test_clips_are_listed_in_reading_order():
    # The page numbers clips by their place in the list ("Clip 3"), so the list follows the text.
    order = [h.id for h in headings(essay())]
    positions = [order.index(str(c["section"])) for c in all_clips()]
    assert positions == sorted(positions)


def _source(clip) -> dict:
    path = MEDIA / "sources" / f"{Path(str(clip['src'])).stem}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def third_party_ids() -> list[str]:
    """Clips whose recording we did not make (excerpts of Debian-packaged soundtracks)."""
    return [clip_id(c) for c in all_clips() if _source(c).get("kind") == "debian"]


def test_third_party_recordings_are_found():
    # Issue 25 replaced the two HyperRogue excerpts with public-domain works the essay discusses.
    assert len(third_party_ids()) == 1


@pytest.mark.parametrize("cid", third_party_ids())
def test_third_party_caption_shows_changes_and_licence_basis(cid):
    """Issue 16: for every recording we did not make, the caption itself (not only the tags and
    the YAML) says what we changed and where its licence is stated."""
    clip = by_id()[cid]
    source = _source(clip)
    assert source.get("changes") and source.get("license_basis"), "record them in the source file"
    caption = " ".join(str(clip.get("caption", "")).split())
    assert "Changes made here" in caption and "loudness-normalised" in caption, caption
    basis = str(source["license_basis"])
    where = "license.txt" if "license.txt" in basis else "copyright file"
    assert where in caption, f"the caption should say the licence is stated in the {where}"
    assert "Licence: CC BY-SA" in caption
