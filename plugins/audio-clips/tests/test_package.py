"""The package as a stranger meets it: built into a wheel, installed into a fresh virtual
environment with plain Pelican and nothing else from the repository it comes from, used on a
quickstart-style site with Pelican's default settings and theme."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from clipsite import QUICKSTART_PELICANCONF as PELICANCONF
from clipsite import write_audio

PACKAGE = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

PAYLOAD = '<img src=x onerror="alert(1)">'
ARTICLE = f"""\
---
title: My first post
date: 2026-11-30
clips:
  - src: clips/song.opus
    section: a-song-i-like
    title: '{PAYLOAD} A song'
    composer: Nobody in particular
    license: CC0-1.0
    caption: "A *short* tone. <script>alert(2)</script>"
    description: A steady tone at concert A.
    listen_for:
      - {{at: "0:01", text: "it keeps going"}}
---

Hello.

## A song I like

Listen.

## Afterwards

Bye.
"""


def run(*args, cwd=None, check=True):
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def lowest_versions() -> list[str]:
    """Every dependency the package declares, pinned at its declared lower bound."""
    declared = tomllib.loads((PACKAGE / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = [re.sub(r">=", "==", requirement) for requirement in declared]
    assert all("==" in pin for pin in pins), declared
    return pins


def other_pythons() -> list[str]:
    """The Python versions the package's classifiers claim, besides the one running the tests."""
    classifiers = tomllib.loads((PACKAGE / "pyproject.toml").read_text())["project"]["classifiers"]
    claimed = [c.rsplit(" :: ", 1)[1] for c in classifiers if re.fullmatch(r".* :: 3\.\d+", c)]
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert running in claimed, f"the tests run on Python {running}, which the classifiers omit"
    return [version for version in claimed if version != running]


def interpreter(version: str) -> str | None:
    """A working ``python<version>``: on the PATH, or installed by pyenv but not selected."""
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python{version}"))
    for candidate in filter(None, candidates):
        probe = run(candidate, "-c", "import sys; print(sys.version_info[:2])", check=False)
        if probe.returncode == 0 and probe.stdout.strip() == str(
            tuple(map(int, version.split(".")))
        ):
            return candidate
    return None


def readme_install_line() -> str:
    """The requirement the README's install line gives pip (inside its quotes)."""
    readme = (PACKAGE / "README.md").read_text(encoding="utf-8")
    match = re.search(r'^pip install "(pelican-audio-clips @ git\+[^"]+)"$', readme, re.M)
    assert match, "the README installs from the repository with one pip line"
    return match.group(1)


def local_repository(root: Path) -> Path:
    """A git repository holding this package at the path it has in its home repository."""
    repo = root / "repo"
    shutil.copytree(
        PACKAGE,
        repo / "plugins" / "audio-clips",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache", "build"),
    )
    git = ["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.org"]
    run("git", "init", "--quiet", repo)
    run(*git, "add", "-A")
    run(*git, "commit", "--quiet", "-m", "the package")
    return repo


def install_as_readme_says(python: Path, root: Path) -> None:
    """Install with the README's own line, its GitHub URL pointing at a local repository."""
    line = readme_install_line()
    assert "git+https://github.com/OWNER/REPO#subdirectory=plugins/audio-clips" in line, line
    # file://localhost/…: the packaging library of older pips wants a host in a URL.
    url = f"file://localhost{local_repository(root)}"
    local = line.replace("https://github.com/OWNER/REPO", url)
    run(python, "-m", "pip", "install", "--quiet", local)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> tuple[Path, Path]:
    """The wheel and the sdist `python -m build` makes of this folder: built once, as a release
    is, and installed by every stranger but the README's (pip builds that one from git)."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, PACKAGE)
    wheel = next(out.glob("pelican_audio_clips-*.whl"))
    return wheel, next(out.glob("pelican_audio_clips-*.tar.gz"))


@pytest.fixture(
    scope="module",
    params=["newest", "oldest", "readme", *(f"python{v}" for v in other_pythons())],
)
def stranger(request, tmp_path_factory, dist):
    """A fresh venv with the package and plain Pelican (the newest releases, or every dependency
    at the lowest version the package declares, or the newest on each other Python version the
    classifiers claim; or installed the README's way, from a git URL with a subdirectory); a
    quickstart site with one clip."""
    base = sys.executable
    if request.param.startswith("python"):
        base = interpreter(request.param.removeprefix("python"))
        if base is None:
            pytest.skip(f"no {request.param} on this machine to try the classifier's claim with")
    root = tmp_path_factory.mktemp(f"stranger-{request.param}")
    wheel, sdist = dist
    env = root / "venv"
    if base == sys.executable:
        venv.create(env, with_pip=True)
    else:
        run(base, "-m", "venv", env)
    python = env / "bin" / "python"
    if request.param == "readme":
        install_as_readme_says(python, root)
    else:
        versions = lowest_versions() if request.param == "oldest" else ["pelican"]
        run(python, "-m", "pip", "install", "--quiet", str(wheel), *versions)
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(PELICANCONF)
    (site / "content" / "first.md").write_text(ARTICLE)
    write_audio(site / "media" / "clips" / "song.opus", 3.0)
    write_audio(site / "media" / "clips" / "song.mp3", 3.0)
    return {"python": python, "site": site, "wheel": wheel, "sdist": sdist}


def pelican(stranger):
    return run(
        stranger["python"],
        "-m",
        "pelican",
        "content",
        "-s",
        "pelicanconf.py",
        "--log-handler",
        "plain",
        cwd=stranger["site"],
        check=False,
    )


def test_the_wheel_is_a_namespace_plugin_with_its_templates(stranger):
    names = zipfile.ZipFile(stranger["wheel"]).namelist()
    assert "pelican/plugins/audio_clips/__init__.py" in names
    assert "pelican/__init__.py" not in names and "pelican/plugins/__init__.py" not in names
    for template in (
        "clip.html",
        "clip-compare.html",
        "credits.html",
        "audio-clips.css",
        "audio-clips.js",
    ):
        assert f"pelican/plugins/audio_clips/templates/{template}" in names
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(stranger["wheel"]).read(metadata).decode()
    assert "Classifier: Framework :: Pelican :: Plugins" in text
    assert "Requires-Dist: mutagen" in text


def test_a_quickstart_site_gets_safe_complete_figures(stranger):
    result = pelican(stranger)
    assert result.returncode == 0, result.stdout + result.stderr
    output = stranger["site"] / "output"
    soup = BeautifulSoup((output / "my-first-post.html").read_text(), "html.parser")
    figure = soup.find("figure", id="clip-song")
    assert figure is not None, "no figure on the page"
    assert [s["src"] for s in figure.find_all("source")] == [
        "/media/clips/song.opus",
        "/media/clips/song.mp3",
    ]
    assert (output / "media" / "clips" / "song.opus").is_file()
    assert (output / "media" / "clips" / "song.mp3").is_file()
    assert not soup.find("img", src="x") and not soup.find_all(attrs={"onerror": True})
    assert not soup.find("script", string=lambda s: s and "alert" in s)
    assert PAYLOAD in figure.get_text()
    assert figure.find_previous("h2")["id"] == "a-song-i-like"
    assert figure.find_next("h2")["id"] == "afterwards"
    credits = (output / "credits" / "index.html").read_text()
    assert "A song" in credits and "my-first-post.html#clip-song" in credits


def test_a_missing_dependency_fails_the_build(stranger):
    run(stranger["python"], "-m", "pip", "uninstall", "--quiet", "--yes", "mutagen")
    try:
        result = pelican(stranger)
    finally:
        run(stranger["python"], "-m", "pip", "install", "--quiet", "mutagen")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "missing module 'mutagen'" in output
    assert "Traceback" not in output


def test_the_sdist_carries_the_tests_and_the_docs(stranger):
    import tarfile

    with tarfile.open(stranger["sdist"]) as sdist:
        names = sdist.getnames()
    for part in (
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "tests/test_package.py",
        "tests/clipsite.py",
    ):
        assert any(n.endswith("/" + part) for n in names), part


def test_the_readme_way_installs_this_version(stranger):
    """Whatever way it came, the installed package is the one in this folder."""
    shown = run(stranger["python"], "-m", "pip", "show", "pelican-audio-clips").stdout
    version = tomllib.loads((PACKAGE / "pyproject.toml").read_text())["project"]["version"]
    assert f"Version: {version}" in shown
    assert "Requires: " in shown and "pelican" in shown


REPO_ROOT = PACKAGE.parents[1]


def developing_steps() -> list[list[str]]:
    """The commands of DEVELOPING.md's "Tests" block, split as a shell would."""
    import shlex

    text = (PACKAGE / "DEVELOPING.md").read_text(encoding="utf-8")
    block = re.search(r"## Tests\s+```sh\n(.*?)```", text, re.S)
    assert block, "DEVELOPING.md has a 'Tests' section with a sh block"
    return [shlex.split(line) for line in block.group(1).splitlines() if line.strip()]


@pytest.mark.skipif(
    (REPO_ROOT / "plugins" / "audio-clips").resolve() != PACKAGE
    or not (REPO_ROOT / "pyproject.toml").is_file(),
    reason="DEVELOPING.md's paths start at the home repository's root",
)
def test_developings_steps_pass_in_a_fresh_venv(tmp_path):
    """Issue 21: `pip install -e 'plugins/audio-clips[test]'` then pytest, in a venv that has
    nothing else: the tests that need html5lib, pytest-timeout, Playwright and axe run, and
    every test module of the suite imports (collected) without a missing module.

    The whole suite is not run here (it would run this test again, and the machines are small):
    the tests run are those that use each extra, and the rest are collected. The browser tests
    run with one of Pelican's themes: each of them drives Playwright (and the axe ones axe) as
    the other theme's do, and the main run has both themes."""
    install, pytest_step = developing_steps()
    assert install[:2] == ["pip", "install"] and pytest_step[0] == "pytest", (install, pytest_step)
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    run(python, "-m", *install, cwd=REPO_ROOT)
    strict = ["-p", "no:cacheprovider", "-W", "error::pytest.PytestConfigWarning"]
    collected = run(python, "-m", *pytest_step, "--collect-only", "-q", *strict, cwd=REPO_ROOT)
    assert re.search(r"^\d+ tests collected", collected.stdout, re.M), collected.stdout[-2000:]
    tests = pytest_step[1]
    module = f"{tests}/test_any_theme_browser.py"
    nodes = [node for node in collected.stdout.split() if node.startswith(f"{module}::")]
    browser = [node for node in nodes if "[simple" in node]  # Playwright and axe, one theme
    assert browser and {n.split("[")[0] for n in browser} == {n.split("[")[0] for n in nodes}
    chosen = [
        f"{tests}/test_build.py",  # html5lib
        *browser,
        f"{tests}/test_distribution.py",
    ]
    result = run(python, "-m", "pytest", *chosen, "-q", *strict, cwd=REPO_ROOT, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]
