"""The examples of docs/authoring.md keep the essay's house rules, which the guide states."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.editorial import editorial

from .essay_doc import MEDIA, REPO, catalog, parse_time

pytestmark = editorial

GUIDE = REPO / "docs" / "authoring.md"
OK_EXAMPLE = re.compile(r"<!-- check: ok -->\n```yaml\n(.*?)```", re.DOTALL)


def example_clips() -> list[dict]:
    found = OK_EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))
    return [clip for text in found for clip in yaml.safe_load(text)["clips"]]


def test_the_guide_states_the_house_rules():
    text = GUIDE.read_text(encoding="utf-8")
    assert "## House rules of this essay" in text
    for rule in ("12 words", "15 words", "2 to 4", "catalogue", "introduction opens"):
        assert rule in text, rule


@pytest.mark.parametrize("clip", example_clips(), ids=lambda c: c["src"])
def test_guide_example_keeps_the_house_rules(clip):
    assert len(str(clip.get("caption", "")).split()) >= 12, "caption: 12 words or more"
    assert len(str(clip["description"]).split()) >= 15, "description: 15 words or more"
    times = [parse_time(m["at"]) for m in clip.get("listen_for") or []]
    assert 2 <= len(times) <= 4 and times == sorted(times)
    assert clip["section"] not in ("conclusion", "sources")
    stem = clip["src"].split("/")[-1].rsplit(".", 1)[0]
    if (MEDIA / clip["src"]).exists():  # an example of a clip in the library: its times, too
        known = {parse_time(m["at"]) for m in catalog()[stem]["listen_for"]}
        assert set(times) <= known, f"{times} not among the library's {sorted(known)}"
