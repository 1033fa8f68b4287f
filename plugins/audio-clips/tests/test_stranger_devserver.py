"""A stranger's `make devserver` (`pelican -lr`) or `make regenerate` (`pelican -r`), with the
quickstart's one `pelicanconf.py` and the plugin's default strict builds (issue 21's stranger
run, after the merge).

Before: the first build with a bad clip ended Pelican's autoreload loop (a strict build ends with
``SystemExit``, which the loop does not catch): with `-lr` the server went on serving the old
pages, the author fixed the clip and saved, and nothing was ever rebuilt. (An ordinary exception
is no better: that loop builds again at once after one, without waiting for a change.) Under the
loop the plugin now logs the failure and lets it wait for the next change; a plain `pelican` run
still ends with exit status 1.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from clipsite import GOOD_CLIP

SETTINGS = """\
PATH = "content"
OUTPUT_PATH = "output"
PLUGINS = ["audio_clips"]
THEME = "simple"
TIMEZONE = "UTC"
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_PATH = "cache"
"""
BAD = GOOD_CLIP.replace("section: silent-era", "section: nowhere")


def wait_for(condition, seconds: float = 90.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_a_failed_build_does_not_end_pelicans_autoreload(site):
    (site.root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    site.audio("clips/rag.opus")
    essay = site.article(BAD)
    log = site.root / "pelican.log"
    page = site.output / "essay" / "index.html"
    with log.open("w") as out:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "pelican", "-r", "content", "-s", "pelicanconf.py"],
            cwd=site.root,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        assert wait_for(lambda: "Build failed" in log.read_text()), log.read_text()
        time.sleep(3.0)  # let the loop start watching again (or end, or build again)
        assert watcher.poll() is None, "the autoreload loop ended:\n" + log.read_text()
        assert log.read_text().count("Build failed") == 1, "it waits for a change:\n" + (
            log.read_text()
        )
        essay.write_text(essay.read_text().replace("section: nowhere", "section: silent-era"))
        assert wait_for(lambda: page.is_file() and "<audio" in page.read_text()), log.read_text()
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)


def test_a_plain_run_still_fails_with_exit_status_1(site):
    (site.root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    site.audio("clips/rag.opus")
    site.article(BAD)
    done = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py"],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not Path(site.output / "essay" / "index.html").exists()
