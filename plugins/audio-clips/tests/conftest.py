"""Fixtures of the plugin's suite (helpers are in clipsite.py)."""

from __future__ import annotations

import logging

import pytest
from clipsite import THEMES, Site


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
