"""One Markdown converter per ``Reading`` for the body of an article with clips in YAML front
matter: for exactly Pelican's ``MarkdownReader`` and yaml-metadata's ``YAMLMetadataReader`` the
body skips the temporary file, and what comes back must be what ``reader.read`` of that file
gives; a subclass still goes through its own ``read``."""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG, read_settings

from pelican.plugins.audio_clips import reader as reader_module
from pelican.plugins.audio_clips.reader import Reading

REPO = Path(__file__).resolve().parents[3]


def _essay_body() -> str:
    text = (REPO / "content" / "essay.md").read_text(encoding="utf-8")
    first, front, body = text.split("---\n", 2)
    assert first == "" and "clips:" in front
    return body


FOOTNOTES = "\nA claim.[^one] Another.[^two]\n\n[^one]: The first note.\n[^two]: The second.\n"
BODIES = [
    _essay_body(),
    FOOTNOTES,
    "\n## Scoring the silence {#silence}\n\nText.\n\n## Scoring the silence\n\nAgain.\n\n"
    "## Other {#other .wide}\n\n[TOC]\n",
    "\n| Film | Year |\n|------|-----:|\n| *Psycho* | 1960 |\n| Jaws | 1975 |\n",
    '\n```python\nprint("theme")\n```\n\n    indented code\n    block\n\nDone.\n',
    "\n\"Quoted,\" she said -- it's 'the' theme... --- really.\n",
    FOOTNOTES,  # a second time: numbering and toc state must not carry over
    "\r\nWindows line endings.\r\n\r\n## A heading\r\n\r\nText[^n].\r\n\r\n[^n]: Note.\r\n",
    "Title-less body: no blank first line.\n\nMore.\n",
    "\n---\n\nafter: a rule\n\n---\n\nBelow.\n",  # yaml-metadata would see a header: no fast path
]


def _settings(markdown: dict | None) -> dict:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    if markdown is not None:
        settings["MARKDOWN"] = copy.deepcopy(markdown)
    return settings


def _read_through_file(reader, body: str) -> tuple:
    """What the temporary file route gives: the reader's own ``read`` on the body's file."""
    text = body if body.startswith(("\n", "\r")) else "\n" + body
    handle, path = tempfile.mkstemp(suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        return reader.read(path)
    finally:
        os.unlink(path)


def _reader_classes():
    classes = [MarkdownReader]
    yaml_metadata = pytest.importorskip("pelican.plugins.yaml_metadata")
    classes.append(yaml_metadata.YAMLMetadataReader)
    return classes


MARKDOWN_SETTINGS = {
    "pelicanconf": read_settings(str(REPO / "pelicanconf.py"))["MARKDOWN"],
    "pelican defaults": None,
}


@pytest.mark.parametrize("markdown", MARKDOWN_SETTINGS.values(), ids=MARKDOWN_SETTINGS.keys())
@pytest.mark.parametrize("kind", ["MarkdownReader", "YAMLMetadataReader"])
def test_reused_converter_gives_what_the_readers_read_gives(markdown, kind, monkeypatch):
    cls = {c.__name__: c for c in _reader_classes()}[kind]
    by_file = cls(_settings(markdown))
    expected = [_read_through_file(by_file, body) for body in BODIES]

    files = []
    real_mkstemp = tempfile.mkstemp

    def counting_mkstemp(*args, **kwargs):
        files.append(args or kwargs)
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(reader_module.tempfile, "mkstemp", counting_mkstemp)
    site_reader = cls(_settings(markdown))
    reading = Reading(site_reader.settings)
    got = [
        reader_module._render_body(site_reader.read, body, "article.md", site_reader, reading)
        for body in BODIES
    ]
    for body, want, have in zip(BODIES, expected, got, strict=True):
        assert have == want, body[:60]
    # Only the body opening with a rule went through a file.
    assert len(files) == sum(b.lstrip().startswith("---") for b in BODIES)
    assert expected[1][0] == expected[6][0] and 'id="fn:one"' in expected[1][0]


def test_a_subclass_goes_through_its_own_read(monkeypatch):
    class Decorating(MarkdownReader):
        def read(self, source_path):
            html, metadata = super().read(source_path)
            return "<!-- decorated -->" + html, {**metadata, "read_by": "subclass"}

    site_reader = Decorating(_settings(None))
    reading = Reading(site_reader.settings)
    html, metadata = reader_module._render_body(
        site_reader.read, FOOTNOTES, "article.md", site_reader, reading
    )
    assert html.startswith("<!-- decorated -->") and 'id="fn:one"' in html
    assert metadata == {"read_by": "subclass"}


def test_footnotes_unique_ids_keep_a_converter_per_file():
    markdown = {"extension_configs": {"markdown.extensions.footnotes": {"UNIQUE_IDS": True}}}
    by_file = MarkdownReader(_settings(markdown))
    expected = [_read_through_file(by_file, FOOTNOTES) for _ in range(2)]
    site_reader = MarkdownReader(_settings(markdown))
    reading = Reading(site_reader.settings)
    got = [
        reader_module._render_body(site_reader.read, FOOTNOTES, "a.md", site_reader, reading)
        for _ in range(2)
    ]
    assert got == expected
