"""docs/authoring.md's table of keys is the plugin's field table (``schema.FIELDS``), as
``fields.key_table()`` writes it: a key added to the table and not to the guide fails here."""

from __future__ import annotations

from pelican.plugins.audio_clips.fields import key_table
from tests.support.sites import REPO


def test_the_guides_key_table_is_made_from_the_field_table():
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    table = key_table()
    assert table in guide, "docs/authoring.md's key table differs; paste:\n" + table
