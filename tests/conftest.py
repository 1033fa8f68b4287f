"""Fixtures shared by every layer of the suite."""

from __future__ import annotations

import pytest

from tests.publish.site_readers import MARKED, SITE_FIXTURES, in_site_modules
from tests.support.fixture_site import write_fixture_project
from tests.support.sites import REPO, build_site


def pytest_addoption(parser):
    parser.addoption(
        "--one-variant",
        action="store_true",
        help="run each browser test in one of its variants (width, colour scheme, pointer): "
        "the make-it-yours fork's run, as the main run has them all",
    )


def pytest_collection_modifyitems(config, items):
    """Mark the tests that read this site's content (``reads_site``): those in the modules that
    read it whole, and the others from the fixtures they use. A fork that replaces the essay
    runs these again (tests/publish/test_make_it_yours.py)."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        uses = set(getattr(item, "fixturenames", ()))
        real = params.get("site") == "real" or (SITE_FIXTURES & uses and "site" not in params)
        if real or in_site_modules(item.nodeid):
            item.add_marker(pytest.mark.reads_site)
    if config.getoption("one_variant"):
        keep_one_variant(config, items)


def keep_one_variant(config, items):
    """Deselect every variant of a site-reading browser test but the first: the fork proves the
    tests hold on another site's content, and an assumption about this essay fails at any width
    or scheme; each width and scheme of the fork's theme is the main run's to check."""
    seen: set[tuple[str, str]] = set()
    kept, dropped = [], []
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        variant_of = (path, getattr(item, "originalname", item.name))
        browser = any(path == name or path.startswith(f"{name}/") for name in MARKED)
        if not (browser and item.get_closest_marker("reads_site")):
            kept.append(item)
        elif variant_of in seen:
            dropped.append(item)
        else:
            seen.add(variant_of)
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


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
