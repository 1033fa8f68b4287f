"""The command lines an author runs: `pelican` (make html) and `pelican-audio-clips check`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from clipsite import GOOD_CLIP, theme_path

SETTINGS = """\
PATH = "content"
OUTPUT_PATH = "output"
PLUGINS = ["audio_clips"]
THEME = {theme!r}
TIMEZONE = "UTC"
ARTICLE_URL = "{{slug}}/"
ARTICLE_SAVE_AS = "{{slug}}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_PATH = "cache"
"""


@pytest.fixture
def project(site):
    (site.root / "pelicanconf.py").write_text(SETTINGS.format(theme=theme_path("repo")))
    site.audio("clips/rag.opus")
    site.audio("clips/rag.mp3")
    return site


def run(project, *args):
    env = {"PATH": "/usr/bin:/bin"}  # the installed package, as an author's shell has it
    return subprocess.run(
        [sys.executable, *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def pelican(project):
    return run(
        project, "-m", "pelican", "content", "-s", "pelicanconf.py", "--log-handler", "plain"
    )


def check(project):
    return run(
        project, "-m", "pelican.plugins.audio_clips", "check", "content", "-s", "pelicanconf.py"
    )


def test_good_site_builds_and_checks_clean(project):
    project.article(GOOD_CLIP)
    built = pelican(project)
    assert built.returncode == 0, built.stderr + built.stdout
    checked = check(project)
    assert checked.returncode == 0, checked.stderr
    assert "0 problems" in checked.stdout
    assert "1 clips checked" in checked.stdout


def test_bad_clip_fails_build_without_traceback_and_check_says_the_same(project):
    project.article(GOOD_CLIP.replace("license: CC0-1.0", "license: CC-BY-NC-4.0"))
    built = pelican(project)
    output = built.stdout + built.stderr
    assert built.returncode == 1
    assert "Traceback" not in output
    expected = "clip 'rag' (1st): license: 'CC-BY-NC-4.0' is not allowed here"
    assert expected in " ".join(output.split())
    checked = check(project)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr
    lines = checked.stderr.splitlines()
    assert any(line.startswith("content/essay.md:") and expected in line for line in lines)
    assert "1 problem, 0 warnings in 1 file" in checked.stderr


def test_check_reports_every_problem_with_a_count(project):
    project.article(GOOD_CLIP.replace("section: silent-era", "section: nope"))
    (project.content / "broken.md").write_text("---\ntitle: [x\nclips: []\n---\n")
    (project.content / "latin.md").write_bytes("Title: Jos\xe9\n\nText\n".encode("latin-1"))
    (project.content / "clipless.md").write_text("---\ndate: 2026-01-01\n---\nText\n")
    checked = check(project)
    assert checked.returncode == 1
    assert "content/broken.md:3: front matter is not valid YAML" in checked.stderr
    # An unreadable file is named, never skipped; a clip-less file is the site's business.
    assert "content/latin.md: cannot be read by the site's reader" in checked.stderr
    assert "clipless.md" not in checked.stderr
    assert "no heading with id 'nope'" in checked.stderr
    assert "3 problems" in checked.stderr


def test_bad_settings_stop_with_one_clear_message(project):
    project.article(GOOD_CLIP)
    with (project.root / "pelicanconf.py").open("a") as handle:
        handle.write("AUDIO_CLIPS_FORMATS = 'opus'\n")
    built = pelican(project)
    assert built.returncode == 1
    output = built.stdout + built.stderr
    assert "Traceback" not in output
    assert "AUDIO_CLIPS_FORMATS" in output
    checked = check(project)
    assert checked.returncode == 2
    assert "AUDIO_CLIPS_FORMATS: must be a list" in checked.stderr


def test_check_usage_errors(project):
    assert check(project).returncode == 0  # empty content folder is fine
    missing = run(
        project, "-m", "pelican.plugins.audio_clips", "check", "nowhere", "-s", "pelicanconf.py"
    )
    assert missing.returncode == 2
    assert "content folder not found" in missing.stderr
