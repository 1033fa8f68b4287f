"""Fixtures of the plugin's suite (helpers are in clipsite.py)."""

from __future__ import annotations

import logging
import os

import pytest
from clipsite import THEMES, Site, write_audio

from pelican.plugins.audio_clips import settings as plugin_settings


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A throwaway project built with the repository's theme (or 'simple' outside it)."""
    monkeypatch.chdir(tmp_path)
    return Site(tmp_path)


@pytest.fixture(params=THEMES)
def any_theme_site(request, tmp_path, monkeypatch):
    """The same throwaway project, once per theme: Pelican's bundled ones and the repository's."""
    monkeypatch.chdir(tmp_path)
    return Site(tmp_path, theme=request.param)


@pytest.fixture
def errors(caplog):
    """Error messages logged during the test, as plain strings."""
    caplog.set_level(logging.WARNING)

    def collect(level=logging.ERROR):
        return [r.getMessage() for r in caplog.records if r.levelno >= level]

    return collect


# A project whose media folder holds good and broken files (the core's table-driven tests).
@pytest.fixture(scope="module")
def media(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / "content").mkdir()
    media = root / "media"
    write_audio(media / "clips" / "rag.opus", 3.0)
    write_audio(media / "clips" / "rag.mp3", 3.0)
    write_audio(
        media / "clips" / "gpl.opus", 2.0, tags={"license": "GPL-3.0-or-later", "title": "G"}
    )
    (media / "clips" / "notes.txt").write_text("not audio")
    (media / "clips" / "fake.opus").write_bytes(b"OggS" + b"\0" * 50)
    (media / "clips" / "empty.mp3").write_bytes(b"")
    good = (media / "clips" / "rag.opus").read_bytes()
    (media / "clips" / "cut.opus").write_bytes(good[:200])
    (media / "clips" / "folder.opus").mkdir()
    (media / "clips" / "bad.peaks.json").write_text("{not json")
    write_audio(media / "clips" / "bad.opus", 1.0)
    outside = root / "secret.opus"
    write_audio(outside, 1.0)
    os.symlink(outside, media / "clips" / "escape.opus")
    return root


@pytest.fixture(scope="module")
def config(media):
    return plugin_settings.load({"PATH": str(media / "content")})
