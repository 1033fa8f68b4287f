"""Fixtures shared by every layer of the suite."""

from __future__ import annotations

import pytest

from tests.support.fixture_site import write_fixture_project
from tests.support.sites import REPO, build_site

#: Fixtures that hand a test this site's own content (content/, built with pelicanconf.py).
SITE_FIXTURES = {"real_site_output", "real_site", "showcase_site"}


def pytest_collection_modifyitems(items):
    """Mark the tests that read this site's content (``reads_site``), from the fixtures they
    use: a fork that replaces the essay runs these again (tests/publish/test_make_it_yours.py)."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        uses = set(getattr(item, "fixturenames", ()))
        real = params.get("site") == "real" or (SITE_FIXTURES & uses and "site" not in params)
        if real:
            item.add_marker(pytest.mark.reads_site)


@pytest.fixture(scope="session")
def real_site_output(tmp_path_factory):
    """The real site (content/, media/, theme/), built once per test session; read-only."""
    if not (REPO / "content" / "essay.md").exists():
        pytest.skip("content/essay.md does not exist yet")
    root = tmp_path_factory.mktemp("real-site")
    build_site(root / "output", root / "cache")
    return root / "output"


@pytest.fixture(scope="session")
def fixture_site_output(tmp_path_factory):
    """The fixture site (tests/support/fixture_site.py) built with the repo's settings; read-only."""
    root = tmp_path_factory.mktemp("fixture-site")
    overrides = write_fixture_project(root)
    build_site(root / "output", root / "cache", **overrides)
    return root / "output"
