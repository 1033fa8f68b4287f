"""The pipeline's credit keys come from the plugin's field table (``schema.credit_keys``), in the
order the catalogue and the stamps have always listed them, so ``make clips`` writes the same
``catalog.yaml`` and ``stamps.json`` entries."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tools.clips import build, recording

ROOT = Path(__file__).resolve().parents[2]
#: ``build.CREDIT_FIELDS`` and ``recording.CREDITS`` as they were written by hand.
SYNTH_CREDITS = (
    "title",
    "performer",
    "composer",
    "recorded",
    "composed",
    "license",
    "composition_license",
    "source",
    "copyright",
)
RECORDING_CREDITS = (*SYNTH_CREDITS, "attribution")


def test_the_lists_keep_their_keys_and_order():
    assert build.CREDIT_FIELDS == SYNTH_CREDITS
    assert recording.CREDITS == RECORDING_CREDITS


def credit_order(entry: dict) -> list[str]:
    return [key for key in entry if key in RECORDING_CREDITS]


def expected_order(entry: dict) -> list[str]:
    keys = recording.CREDITS if "recording" in entry else build.CREDIT_FIELDS
    return [key for key in keys if key in entry]


def test_the_published_catalogue_and_stamps_list_credits_in_that_order():
    catalogue = yaml.safe_load((ROOT / "media" / "clips" / "catalog.yaml").read_text("utf-8"))
    stamps = json.loads((ROOT / "media" / "sources" / "stamps.json").read_text("utf-8"))
    entries = [*catalogue["clips"], *(stamp["entry"] for stamp in stamps.values())]
    assert len(entries) > 2
    for entry in entries:
        assert credit_order(entry) == expected_order(entry), entry["stem"]
