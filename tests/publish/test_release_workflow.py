"""release.yml: pelican-audio-clips is built on a tag and published with PyPI's trusted publishing.

Linted with the other workflows (test_publish_workflows.py: zizmor, actionlint, pinned actions);
here its shape, and its two shell steps run as the runner would run them (bash -e) on a copy of
the package.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from .site_build import ROOT, WORKFLOWS, load_workflow

RELEASE = WORKFLOWS / "release.yml"
PACKAGE = ROOT / "plugins" / "audio-clips"


def workflow() -> dict:
    return load_workflow(RELEASE)


def step(name_starts: str) -> dict:
    steps = workflow()["jobs"]["build"]["steps"]
    (found,) = [s for s in steps if s.get("name", "").startswith(name_starts)]
    return found


def uses(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s]


def test_a_tag_builds_then_a_second_job_publishes_with_trusted_publishing():
    release = workflow()
    triggers = release.get("on", release.get(True))  # PyYAML reads the key `on` as True
    assert triggers == {"push": {"tags": ["audio-clips-v*"]}}
    assert release["permissions"] == {}
    build, publish = release["jobs"]["build"], release["jobs"]["publish"]
    assert build["permissions"] == {"contents": "read"}
    assert uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
    ]
    assert "cache" not in build["steps"][1].get("with", {}), "no cache in a release build"
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}  # nothing else: no token, no write
    assert publish["environment"]["name"] == "pypi"
    assert uses(publish) == ["actions/download-artifact", "pypa/gh-action-pypi-publish"]
    assert "password" not in publish["steps"][-1].get("with", {})
    assert "python -m build --outdir dist plugins/audio-clips" in step("Build")["run"]


@pytest.fixture
def copy(tmp_path) -> Path:
    """A checkout holding only the package, as the build job sees it."""
    shutil.copytree(
        PACKAGE,
        tmp_path / "plugins" / "audio-clips",
        ignore=shutil.ignore_patterns("__pycache__", "tests"),
    )
    return tmp_path


def run_step(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def set_version(copy: Path, version: str) -> None:
    pyproject = copy / "plugins" / "audio-clips" / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    current = tomllib.loads(text)["project"]["version"]
    pyproject.write_text(text.replace(f'version = "{current}"', f'version = "{version}"'))


@pytest.mark.parametrize(
    ("version", "tag", "passes"),
    [
        ("1.1.0", "audio-clips-v1.1.0", True),
        ("1.1.0", "audio-clips-v1.2.0", False),
        ("1.1.0.dev0", "audio-clips-v1.1.0.dev0", False),
    ],
)
def test_the_tag_must_name_a_released_version(copy, version, tag, passes):
    set_version(copy, version)
    script = step("Check that the tag")["run"].replace("python -c", "python3 -c")
    result = run_step(script, copy, GITHUB_REF_NAME=tag)
    assert (result.returncode == 0) is passes, result.stdout + result.stderr


def test_the_package_is_not_released_as_it_stands(copy):
    """Today's version is a development one: a tag for it is refused."""
    version = tomllib.loads((PACKAGE / "pyproject.toml").read_text())["project"]["version"]
    script = step("Check that the tag")["run"].replace("python -c", "python3 -c")
    result = run_step(script, copy, GITHUB_REF_NAME=f"audio-clips-v{version}")
    assert result.returncode != 0 and "development version" in result.stdout


def test_the_release_writes_its_repository_into_the_links(copy):
    result = run_step(
        step("Write this repository")["run"], copy, GITHUB_REPOSITORY="acme/film-essay"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    package = copy / "plugins" / "audio-clips"
    urls = tomllib.loads((package / "pyproject.toml").read_text())["project"]["urls"]
    assert urls["Source"] == "https://github.com/acme/film-essay/tree/main/plugins/audio-clips"
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert (
        'pip install "pelican-audio-clips @ git+https://github.com/acme/film-essay'
        '#subdirectory=plugins/audio-clips"'
    ) in readme
    again = run_step(step("Write this repository")["run"], copy, GITHUB_REPOSITORY="x/y")
    assert again.returncode == 0, "a second run finds nothing left to write"
