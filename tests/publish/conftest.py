"""Fixtures for the publish tests: the site built exactly as the Pages workflow builds it."""

from __future__ import annotations

import pytest

from tools.serve import serve

from .site_build import REPO_NAME, Site, build_like_the_workflow


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory):
    """The site built by the workflow's command, served under /<repo>/ on 127.0.0.1."""
    output = tmp_path_factory.mktemp("pages") / "output"
    with serve(output, prefix=f"/{REPO_NAME}/") as base_url:
        siteurl = base_url.rstrip("/")
        build_like_the_workflow(output, siteurl)
        yield Site(output=output, base_url=base_url, siteurl=siteurl)
