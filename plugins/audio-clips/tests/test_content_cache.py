"""Pelican's content cache: a warm rebuild reuses finished articles, and never stale ones.

The reader renders and places the figures, so the cache holds them. Each article carries a stamp
of what its clips were made from; when an audio file, a format beside it, the partial or the
plugin's settings change, the article is read again although its own file did not change.
"""

from __future__ import annotations

import os
import re

import pytest
from clipsite import GOOD_CLIP

from pelican.plugins.audio_clips import guest

CACHED = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


@pytest.fixture
def reads(monkeypatch):
    """Paths the wrapped readers actually read during the test (not served from the cache)."""
    seen: list[str] = []
    original = guest.may_list_clips  # the wrapped read's first step, for every file it reads

    def counting(source_path):
        seen.append(os.path.basename(source_path))
        return original(source_path)

    monkeypatch.setattr(guest, "may_list_clips", counting)
    return seen


def durations(html: str) -> list[str]:
    return re.findall(r'data-duration="([0-9.]+)"', html)


def cached_site(site, **settings):
    site.audio("clips/rag.opus", seconds=3.0)
    site.article(GOOD_CLIP)
    assert site.build(**CACHED, **settings) is None
    return site.page()


@pytest.mark.parametrize("relative", [False, True], ids=["absolute-urls", "relative-urls"])
@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_a_warm_rebuild_reads_nothing_and_writes_the_same_page(site, reads, layer, relative):
    """With RELATIVE_URLS the figures hold intrasite links, which a cached article must still
    resolve (the generator layer keeps the link table of the build that read it)."""
    first = cached_site(site, CONTENT_CACHING_LAYER=layer, RELATIVE_URLS=relative)
    assert reads == ["essay.md"]
    assert site.build(**CACHED, CONTENT_CACHING_LAYER=layer, RELATIVE_URLS=relative) is None
    assert reads == ["essay.md"], "the unchanged article was read again"
    assert site.page() == first
    assert 'id="clip-rag"' in first
    src = "../media/clips/rag.opus" if relative else "/media/clips/rag.opus"
    assert f'src="{src}"' in first and "{filename}" not in first


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_changed_audio_under_an_unchanged_article_is_read_again(site, reads, layer):
    first = cached_site(site, CONTENT_CACHING_LAYER=layer)
    assert durations(first) == ["3.000"]
    site.audio("clips/rag.opus", seconds=5.0)  # same name, new length
    assert site.build(**CACHED, CONTENT_CACHING_LAYER=layer) is None
    assert reads == ["essay.md", "essay.md"]
    assert durations(site.page()) == ["5.000"]


def test_a_new_format_beside_the_audio_is_offered(site, reads):
    first = cached_site(site)
    assert first.count("<source ") == 1
    site.audio("clips/rag.mp3", seconds=3.0)
    assert site.build(**CACHED) is None
    page = site.page()
    assert page.count("<source ") == 2
    assert 'type="audio/mpeg"' in page


def test_a_deleted_audio_file_fails_the_build_instead_of_serving_the_old_page(site, errors):
    cached_site(site)
    (site.media / "clips" / "rag.opus").unlink()
    failed = site.build(**CACHED)
    assert failed is not None
    assert any("clips/rag.opus" in message and "not found" in message for message in errors())


def test_a_changed_partial_re_renders_cached_articles(site, reads, tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    partial = overrides / "clip.html"
    partial.write_text('<figure id="{{ clip.anchor }}" class="v1">{{ clip.title }}</figure>')
    first = cached_site(site, THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert 'class="v1"' in first
    partial.write_text('<figure id="{{ clip.anchor }}" class="v2">{{ clip.title }}</figure>')
    os.utime(partial, ns=(partial.stat().st_atime_ns, partial.stat().st_mtime_ns + 10**9))
    assert site.build(**CACHED, THEME_TEMPLATES_OVERRIDES=[str(overrides)]) is None
    page = site.page()
    assert 'class="v2"' in page and 'class="v1"' not in page


def test_a_partial_that_now_shadows_the_theme_one_is_used(site, reads, tmp_path):
    """The theme's clip.html is unchanged, but an override now comes first in the search path."""
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    first = cached_site(site, THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert 'class="clip"' in first
    (overrides / "clip.html").write_text('<figure id="{{ clip.anchor }}" class="mine"></figure>')
    assert site.build(**CACHED, THEME_TEMPLATES_OVERRIDES=[str(overrides)]) is None
    assert 'class="mine"' in site.page()


def test_changed_plugin_settings_re_render_cached_articles(site, reads):
    first = cached_site(site)
    assert 'src="/media/clips/rag.opus"' in first
    assert site.build(**CACHED, AUDIO_CLIPS_OUTPUT_DIR="audio") is None
    assert reads == ["essay.md", "essay.md"]
    assert 'src="/audio/clips/rag.opus"' in site.page()


def test_articles_without_clips_stay_cached_when_audio_changes(site, reads):
    site.audio("clips/rag.opus", seconds=3.0)
    site.article(GOOD_CLIP)
    site.article("", name="plain.md", body="Title: Plain\nDate: 2026-11-25\n\nNo clips here.\n")
    assert site.build(**CACHED) is None
    assert sorted(reads) == ["essay.md", "plain.md"]
    site.audio("clips/rag.opus", seconds=4.0)
    assert site.build(**CACHED) is None
    assert sorted(reads) == ["essay.md", "essay.md", "plain.md"]


def test_a_missing_clip_template_is_named_before_anything_is_read(site, reads, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP)
    failed = site.build(AUDIO_CLIPS_TEMPLATE="no-such-clip.html")
    assert failed is not None
    assert reads == []
    assert any("no-such-clip.html" in message for message in errors())


def test_the_stamp_covers_every_template_the_partial_pulls_in(tmp_path):
    from jinja2 import DictLoader, Environment

    from pelican.plugins.audio_clips.freshness import template_files

    env = Environment(
        loader=DictLoader(
            {
                "clip.html": '{% include "notation.html" %}{% import "macros.html" as m %}',
                "notation.html": '{% from "icons.html" import icon %}{{ icon() }}',
                "macros.html": "{% macro x() %}x{% endmacro %}",
                "icons.html": "{% macro icon() %}i{% endmacro %}",
                "unrelated.html": "never used",
            }
        )
    )
    names = [name for name, _ in template_files(env, "clip.html")]
    assert names == ["clip.html", "icons.html", "macros.html", "notation.html"]
    # A name worked out while rendering cannot be known in advance: then every template counts.
    env.loader.mapping["clip.html"] = "{% include clip.partial %}"
    names = [name for name, _ in template_files(env, "clip.html")]
    assert "unrelated.html" in names
