"""``article.read_article``, the one reading path, and what the build does around it."""

from __future__ import annotations

import logging

from clipsite import GOOD_CLIP

from pelican.plugins.audio_clips import article, assemble, settings
from pelican.plugins.audio_clips.errors import Problem


def test_an_article_without_clips_is_what_the_site_reader_returned(tmp_path):
    """Same objects, not copies: nothing is added, nothing is changed."""
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: T\n---\n\n## Introduction\n\nText.\n", encoding="utf-8")
    returned = ("<h2>Introduction</h2>", {"title": "T"})
    found = article.read_article(str(path), lambda body: returned, config=None, cache=None)
    assert found.listing is None and not found.problems
    assert found.html is returned[0] and found.metadata is returned[1]


def test_an_unexpected_exception_is_a_problem_naming_file_and_clip(site, monkeypatch, caplog):
    site.audio("clips/rag.opus")
    site.audio("clips/other.opus")
    second = GOOD_CLIP.replace("clips:\n", "").replace("clips/rag.opus", "clips/other.opus")
    site.article(GOOD_CLIP + second)
    original = assemble.merge_tags

    def broken(values, tags, config, report):
        if "other" in str(values.get("src")):
            raise RuntimeError("surprise")
        return original(values, tags, config, report)

    monkeypatch.setattr(assemble, "merge_tags", broken)
    caplog.set_level(logging.ERROR)
    assert site.build() is not None
    found = [r.args[0] for r in caplog.records if r.args and isinstance(r.args[0], Problem)]
    assert [str(p) for p in found] == [
        "content/essay.md:19: clip 'other' (2nd): could not be read (RuntimeError: surprise) — "
        "this is a bug of pelican-audio-clips; please report it with this file"
    ]
    assert (found[0].index, found[0].clip_id) == (1, "other")
    assert "Traceback" not in caplog.text


def test_a_notice_goes_to_its_clips_section_by_index(site):
    """Not strict: the notice of a bad clip is shown in that clip's section; the problem knows
    its clip by index and id, no label is read back."""
    site.audio("clips/rag.opus")
    site.article(
        GOOD_CLIP.replace("section: silent-era", "section: coming-of-sound").replace(
            "license: CC0-1.0", "license: GPL"
        )
    )
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    page = site.page()
    notice = page.index("audio-clip-problem")
    assert page.index('id="coming-of-sound"') < notice
    assert "GPL" in page[notice:] and "is not allowed" in page[notice:]


def test_settings_are_validated_once_per_build(site, monkeypatch):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    calls = []
    original = settings.load

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(settings, "load", counting)
    assert site.build() is None
    assert len(calls) == 1
    assert site.build() is None  # a new settings object (as --autoreload makes): validated again
    assert len(calls) == 2
