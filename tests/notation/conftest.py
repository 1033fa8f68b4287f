"""Fixtures for the notation tests."""

from __future__ import annotations

import json

import pytest

from tests.notation._support import NOTATION


@pytest.fixture(scope="session")
def stamps() -> dict:
    """media/notation/stamps.json: per clip, the seconds the pipeline trimmed from its render."""
    return json.loads((NOTATION / "stamps.json").read_text(encoding="utf-8"))
