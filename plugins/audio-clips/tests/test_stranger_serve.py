"""A stranger's reStructuredText site under a development server (`AUDIO_CLIPS_STRICT = False`),
and a settings file that does not load (issue 21's stranger run, after the merge).

Before: the notice shown in place of a bad clip of a reST article said "Fix the front matter",
which a reST article with a `.clips.yaml` sidecar does not have; the log line listing the pages
with notices gave absolute paths where every other line gives `content/…`; and
`pelican-audio-clips check -s publish.py`, with a settings file that fails to import, printed a
Python traceback.
"""

from __future__ import annotations

import logging
import subprocess
import sys

from bs4 import BeautifulSoup
from clipsite import TONE_POST, tone_sidecar


def rest_site(site):
    site.audio("clips/rag.opus")
    (site.content / "essay.rst").write_text(TONE_POST, encoding="utf-8")
    (site.content / "essay.clips.yaml").write_text(tone_sidecar("nowhere"), encoding="utf-8")


def test_the_notice_of_a_sidecar_clip_does_not_speak_of_front_matter(site):
    rest_site(site)
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    notice = BeautifulSoup(site.page(), "html5lib").find(class_="audio-clip-problem")
    assert notice is not None
    text = " ".join(notice.get_text().split())
    assert "content/essay.clips.yaml:3" in text, text
    assert "front matter" not in text, text


def test_the_pages_with_notices_are_named_as_authors_know_them(site, caplog):
    rest_site(site)
    caplog.set_level(logging.ERROR)
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    (line,) = [r.getMessage() for r in caplog.records if "show clip problems" in r.getMessage()]
    assert line.endswith(": content/essay.rst"), line


def test_check_with_a_settings_file_that_does_not_load_says_so_in_one_line(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "publish.py").write_text("from pelicanconf import *\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.audio_clips", "check", "-s", "publish.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("publish.py: ") and "pelicanconf" in line, line
