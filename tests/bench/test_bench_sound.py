"""bench/bench_sound.py: each format really is the one played, from a page that preloads nothing."""

from __future__ import annotations

import pytest
from bench_sound import FORMATS, only_format

from tests.bench._support import table_rows

PAGE = """<figure class="clip" id="clip-a">
  <audio controls preload="none">
    <source src="/media/clips/a.opus" type='audio/ogg; codecs="opus"'>
    <source src="/media/clips/a.mp3" type="audio/mpeg">
    <a href="/media/clips/a.mp3">Download</a>
  </audio>
</figure>"""


def test_only_format_keeps_one_source_and_the_download_link():
    opus = only_format(PAGE, ".opus")
    assert "a.opus" in opus
    assert '<source src="/media/clips/a.mp3"' not in opus
    mp3 = only_format(PAGE, ".mp3")
    assert "<source" in mp3
    assert "a.opus" not in mp3
    assert '<a href="/media/clips/a.mp3">' in mp3


@pytest.mark.browser
def test_quick_run_plays_each_format(run_bench):
    stdout, figures = run_bench("bench_sound.py", "--quick", timeout=180)
    assert set(figures["samples"]) == set(FORMATS)
    for name, extension in FORMATS.items():
        (trial,) = figures["samples"][name]
        assert trial["src"].endswith(extension)
        assert trial["seconds"] > 0
    rows = table_rows(stdout, "Time to sound")
    assert [row[0] for row in rows[1:]] == list(FORMATS)
