"""A stranger's site: the plugin touches nothing it did not make (issue 21).

Each case was a failure before: clip-less blogs whose posts repeat "## Introduction" failed the
build with ids "used 2 times" on index, category and author pages; a reST post without clips
whose section title matched a heading elsewhere failed the same way; the plugin's own reader
replaced the site's. Now a site without clips is built byte for byte as Pelican builds it alone.
"""

from __future__ import annotations

import filecmp
import logging
from pathlib import Path

import pytest
from clipsite import Site
from pelican import Pelican
from pelican.settings import read_settings

POST = """\
---
title: Post {n}
date: 2026-01-{day:02d} 10:{minute:02d}
category: {category}
tags: [notes, t{tag}]
author: {author}
summary: "Post {n}, *briefly*."
---

## Introduction

Opening paragraph of post {n}.

## Details

Some details: `code`, a [link](https://example.org/), and a list:

- one
- two

## Introduction

The same heading again, on purpose.
"""

REST = """\
A reStructuredText post
#######################

:date: 2026-02-01 09:00
:category: notes
:tags: rst

Introduction
============

A section whose title every Markdown post also uses.
"""


def write_blog(content: Path, posts: int) -> None:
    content.mkdir(parents=True, exist_ok=True)
    for n in range(posts):
        (content / f"post-{n:03d}.md").write_text(
            POST.format(
                n=n,
                day=n % 28 + 1,
                minute=n % 60,
                category=("a", "b", "c")[n % 3],
                tag=n % 7,
                author=("Ann", "Bo")[n % 2],
            ),
            encoding="utf-8",
        )
    (content / "rest-post.rst").write_text(REST, encoding="utf-8")


def build(root: Path, plugins: list[str], theme: str = "notmyidea", **more) -> Path:
    """Pelican's quickstart-like settings (default theme and Markdown), one output per plugin
    list; fails the test on any error logged."""
    output = root / ("out-" + "-".join(plugins or ["none"]) + "-" + theme)
    settings = read_settings(
        override={
            "PATH": str(root / "content"),
            "OUTPUT_PATH": str(output),
            "PLUGINS": plugins,
            "THEME": theme,
            "TIMEZONE": "UTC",
            "SITEURL": "",
            "CACHE_PATH": str(root / ("cache-" + "-".join(plugins or ["none"]))),
            **more,
        }
    )
    Pelican(settings).run()
    return output


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only, below two output folders."""
    found = []

    def walk(comparison: filecmp.dircmp, prefix: str = "") -> None:
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only)
        found.extend(prefix + name for name in comparison.diff_files)
        for name, sub in comparison.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(left, right, ignore=[]))
    # dircmp compares by stat signature first: confirm each common file by its bytes.
    for path in left.rglob("*"):
        twin = right / path.relative_to(left)
        if path.is_file() and twin.is_file() and path.read_bytes() != twin.read_bytes():
            found.append(str(path.relative_to(left)))
    return sorted(set(found))


@pytest.fixture
def no_errors(caplog):
    caplog.set_level(logging.WARNING)

    def check() -> None:
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert not errors, errors

    return check


def test_a_300_article_clipless_site_is_byte_identical_with_and_without_the_plugin(
    tmp_path, monkeypatch, no_errors
):
    monkeypatch.chdir(tmp_path)
    write_blog(tmp_path / "content", 300)
    alone = build(tmp_path, ["yaml_metadata"])
    guest = build(tmp_path, ["yaml_metadata", "audio_clips"])
    no_errors()
    assert len(list(alone.rglob("*.html"))) > 300
    # Nothing to add: no clips, so no credits page, no stylesheet, no media.
    assert differences(alone, guest) == []


@pytest.mark.parametrize("theme", ["notmyidea", "simple"])
@pytest.mark.parametrize("yaml_listed", [True, False], ids=["yaml-metadata", "plain-pelican"])
def test_two_posts_that_both_start_with_introduction_build_as_without_the_plugin(
    tmp_path, monkeypatch, no_errors, theme, yaml_listed
):
    monkeypatch.chdir(tmp_path)
    write_blog(tmp_path / "content", 2)
    (tmp_path / "content" / "rest-post.rst").unlink()
    base = ["yaml_metadata"] if yaml_listed else []
    alone = build(tmp_path, base, theme)
    guest = build(tmp_path, [*base, "audio_clips"], theme)
    no_errors()
    assert differences(alone, guest) == []


def test_a_clipless_rest_post_whose_section_matches_another_heading(
    tmp_path, monkeypatch, no_errors
):
    monkeypatch.chdir(tmp_path)
    write_blog(tmp_path / "content", 1)
    (tmp_path / "content" / "rest-two.rst").write_text(
        REST.replace("A reStructuredText post\n#######################", "Second\n######"),
        encoding="utf-8",
    )
    alone = build(tmp_path, ["yaml_metadata"])
    guest = build(tmp_path, ["yaml_metadata", "audio_clips"])
    no_errors()
    assert differences(alone, guest) == []
    assert 'id="introduction"' in (guest / "a-restructuredtext-post.html").read_text()


def test_the_page_wide_id_check_is_opt_in(tmp_path, monkeypatch, caplog):
    """The site's own repeated ids are reported only when the owner asks (they are not the
    plugin's); asked, the check names the page and the elements."""
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path, theme="notmyidea")
    site.article(
        "", body="---\ntitle: Twice\ndate: 2026-01-01\n---\n\n## A {#same}\n\n## B {#same}\n"
    )
    plugins = ["yaml_metadata", "audio_clips"]
    assert site.build(PLUGINS=plugins) is None
    caplog.set_level(logging.ERROR)
    failed = site.build(PLUGINS=plugins, AUDIO_CLIPS_CHECK_ALL_IDS=True)
    assert failed is not None
    assert any("id 'same' is used 2 times" in r.getMessage() for r in caplog.records)


#: What a build without clips must never import (issue 21's cost: at most 1 % of the build):
#: the reading path, the records, the templates' overlay, the tag readers.
READING_PATH = (
    "pelican.plugins.audio_clips.reader",
    "pelican.plugins.audio_clips.article",
    "pelican.plugins.audio_clips.records",
    "pelican.plugins.audio_clips.markup",
    "pelican.plugins.audio_clips.assemble",
    "pelican.plugins.audio_clips.freshness",
    "mutagen",
    "nh3",
)

_LOADED = """\
import json, sys
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings(override=json.loads(sys.argv[1]))
Pelican(settings).run()
print(json.dumps(sorted(sys.modules)))
"""


def modules_loaded_by_a_build(root: Path, content: Path, **more) -> set[str]:
    """The modules a fresh interpreter holds after building ``content`` with the plugin."""
    import json
    import subprocess
    import sys

    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(root / "out"),
        "CACHE_PATH": str(root / "cache"),
        "PLUGINS": ["yaml_metadata", "audio_clips"],
        "TIMEZONE": "UTC",
        "SITEURL": "",
        **more,
    }
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, json.dumps(override)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_site_without_clips_never_loads_the_reading_path(tmp_path):
    """Each file gets one cheap test (``detect``); the rest loads at a file that lists clips."""
    write_blog(tmp_path / "content", 5)
    loaded = modules_loaded_by_a_build(tmp_path, tmp_path / "content")
    assert "pelican.plugins.audio_clips.guest" in loaded  # the readers were wrapped
    assert [m for m in READING_PATH if m in loaded] == []


def test_one_file_with_clips_loads_it(tmp_path):
    """The same test, able to fail: a site with one sidecar reads through the reading path."""
    content = tmp_path / "content"
    write_blog(content, 5)
    (content / "rest-post.clips.yaml").write_text("clips: []\n", encoding="utf-8")
    loaded = modules_loaded_by_a_build(tmp_path, content, AUDIO_CLIPS_STRICT=False)
    assert "pelican.plugins.audio_clips.article" in loaded
