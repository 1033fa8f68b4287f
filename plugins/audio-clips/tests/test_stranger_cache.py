"""A reST article's sidecar edited between two builds with Pelican's content cache on (issue 21's
stranger run, after the merge).

Before: Pelican keys a cached article on its own source file, and the plugin's stamp named the
audio, waveform, notation and templates but not the sidecar: after editing `post.clips.yaml`,
the next build reused the old page (the old description; a sidecar broken meanwhile still built
with exit status 0), and a sidecar added to a cached clip-less article was not read at all.
"""

from __future__ import annotations

import os

import pytest
from clipsite import TONE_POST, tone_sidecar

LAYERS = ["reader", "generator"]


def cached(layer: str) -> dict:
    return {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": layer}


def write_sidecar(site, section="the-tone", description="A steady tone.") -> None:
    path = site.content / "essay.clips.yaml"
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(tone_sidecar(section, description), encoding="utf-8")
    # a later mtime even on a file system with coarse timestamps
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


@pytest.fixture
def rest_site(site):
    site.audio("clips/rag.opus")
    (site.content / "essay.rst").write_text(TONE_POST, encoding="utf-8")
    return site


@pytest.mark.parametrize("layer", LAYERS)
def test_an_edited_sidecar_is_read_again(rest_site, errors, layer):
    write_sidecar(rest_site)
    assert rest_site.build(**cached(layer)) is None, errors()
    write_sidecar(rest_site, description="Now the words are new.")
    assert rest_site.build(**cached(layer)) is None, errors()
    assert "Now the words are new." in rest_site.page()


@pytest.mark.parametrize("layer", LAYERS)
def test_a_sidecar_broken_since_the_last_build_fails_it(rest_site, errors, layer):
    write_sidecar(rest_site)
    assert rest_site.build(**cached(layer)) is None, errors()
    write_sidecar(rest_site, section="nowhere")
    assert rest_site.build(**cached(layer)) is not None
    assert any(e.startswith("content/essay.clips.yaml:3: ") for e in errors()), errors()


@pytest.mark.parametrize("layer", LAYERS)
def test_a_sidecar_added_to_a_cached_article_is_read(rest_site, errors, layer):
    assert rest_site.build(**cached(layer)) is None, errors()
    assert "<audio" not in rest_site.page()
    write_sidecar(rest_site)
    assert rest_site.build(**cached(layer)) is None, errors()
    assert "<audio" in rest_site.page()


@pytest.mark.parametrize("layer", LAYERS)
def test_a_removed_sidecar_takes_its_clips_away(rest_site, errors, layer):
    write_sidecar(rest_site)
    assert rest_site.build(**cached(layer)) is None, errors()
    (rest_site.content / "essay.clips.yaml").unlink()
    assert rest_site.build(**cached(layer)) is None, errors()
    assert "<audio" not in rest_site.page()
