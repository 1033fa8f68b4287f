"""publishconf.py and the Makefile's publishing targets, on their own (fast; no served site).

The site_extras plugin's own tests are beside it, in plugins/site-extras/tests/."""

from __future__ import annotations

import os
import subprocess

import pytest
from pelican.settings import read_settings

from .site_build import ROOT


def publish_settings(monkeypatch, siteurl: str | None) -> dict:
    if siteurl is None:
        monkeypatch.delenv("SITEURL", raising=False)
    else:
        monkeypatch.setenv("SITEURL", siteurl)
    monkeypatch.chdir(ROOT)
    return read_settings(str(ROOT / "publishconf.py"))


@pytest.mark.parametrize(
    ("given", "siteurl"),
    [
        ("https://octocat.github.io/my-repo", "https://octocat.github.io/my-repo"),
        ("https://octocat.github.io/my-repo/", "https://octocat.github.io/my-repo"),
        ("https://essay.example.org", "https://essay.example.org"),
    ],
)
def test_publishconf_takes_the_site_url_from_the_environment(monkeypatch, given, siteurl):
    settings = publish_settings(monkeypatch, given)
    assert settings["SITEURL"] == siteurl
    assert settings["FEED_DOMAIN"] == siteurl
    assert settings["RELATIVE_URLS"] is False
    assert settings["FEED_ALL_ATOM"]
    assert "404" in settings["DIRECT_TEMPLATES"]
    assert "site_extras" in settings["PLUGINS"]
    assert "audio_clips" in settings["PLUGINS"]  # pelicanconf's settings still apply
    assert settings["CONTENT_SECURITY_POLICY"].startswith("default-src ")


@pytest.mark.parametrize(
    "given", [None, "", "example.org", "ftp://example.org", "https://x.org/?a"]
)
def test_publishconf_refuses_a_missing_or_relative_site_url(monkeypatch, given):
    with pytest.raises(SystemExit, match="SITEURL"):
        publish_settings(monkeypatch, given)


def test_make_publish_without_site_url_stops_before_writing_anything(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SITEURL" and not k.startswith("MAKE")}
    output = tmp_path / "output"
    result = subprocess.run(
        ["make", "-s", "publish", f"OUTPUTDIR={output}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode != 0
    assert "SITEURL is not set" in result.stderr
    assert not output.exists()


@pytest.mark.parametrize(
    ("target", "installs"),
    [
        ("html", ["requirements/site.txt"]),
        ("serve", ["requirements/site.txt"]),
        ("publish", ["requirements/site.txt"]),
        ("test", ["requirements/test.txt"]),
        ("lint", ["requirements/test.txt"]),
    ],
)
def test_serving_installs_only_the_sites_requirements(tmp_path, target, installs):
    """`make html`/`serve`/`publish` set up the light environment; `make test` the full one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    dry = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert [line.split(" -r ")[1] for line in dry.splitlines() if "pip install" in line] == installs


def test_publishconf_reads_its_own_pelicanconf_after_another_sites(monkeypatch, tmp_path):
    """Pelican keeps each settings file it reads as a module named after the file: a process that
    read another site's pelicanconf.py first (a test suite, a script building two sites) must
    still get this site's settings under publishconf.py."""
    (tmp_path / "pelicanconf.py").write_text("SITENAME = 'Another site'\n", encoding="utf-8")
    read_settings(str(tmp_path / "pelicanconf.py"))
    settings = publish_settings(monkeypatch, "https://essay.example.org")
    assert settings["SITENAME"] == read_settings(str(ROOT / "pelicanconf.py"))["SITENAME"]
    assert "404" in settings["DIRECT_TEMPLATES"]
