"""docs/authoring.md cannot rot: every example in it is run through the plugin here."""

from __future__ import annotations

import re

import pytest
from mutagen.oggopus import OggOpus

from pelican.plugins.audio_clips import frontmatter
from pelican.plugins.audio_clips import settings as plugin_settings
from pelican.plugins.audio_clips.assemble import build_clips
from pelican.plugins.audio_clips.media import ProbeCache
from tests.support.audio import write_audio
from tests.support.sites import REPO

GUIDE = REPO / "docs" / "authoring.md"
EXAMPLE_RE = re.compile(r"<!-- check: (ok|error: (.*?)) -->\n```yaml\n(.*?)```", re.DOTALL)
HEADER = "---\ntitle: The essay\ndate: 2026-11-25\nslug: essay\nsummary: x\n"
BODY = (
    "\n## The silent era {#silent-era}\n\nText.\n\n## Branding {#branding}\n\nText.\n"
    "\n## Source music and underscore {#source-and-underscore}\n\nText.\n"
)


def examples():
    text = GUIDE.read_text(encoding="utf-8")
    found = EXAMPLE_RE.findall(text)
    assert len(found) >= 5
    return [(kind, expected, yaml_text) for kind, expected, yaml_text in found]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    root = tmp_path_factory.mktemp("guide")
    (root / "content").mkdir()
    clips = root / "media" / "clips"
    opus = write_audio(clips / "photoplay-agitato.opus", 20.0)
    tagged = OggOpus(opus)
    tagged["TITLE"], tagged["LICENSE"] = "Photoplay agitato", "CC0-1.0"
    tagged.save()
    write_audio(clips / "photoplay-agitato.mp3", 20.0)
    write_audio(clips / "hyperrogue-excerpt.opus", 5.0)
    write_audio(clips / "newsreel-voice.opus", 8.0)  # the transcript example
    for name in ("waltz-source", "waltz-underscore"):  # the comparison example's two versions
        waltz = OggOpus(write_audio(clips / f"{name}.opus", 17.0))
        waltz["TITLE"], waltz["LICENSE"] = f"Waltz ({name.split('-')[1]})", "CC0-1.0"
        waltz.save()
    return plugin_settings.load({"PATH": str(root / "content")})


def check(config, yaml_text):
    parsed = frontmatter.split(HEADER + yaml_text + "---\n" + BODY, "content/essay.md")
    return build_clips(
        parsed.data["clips"],
        path="content/essay.md",
        config=config,
        headings=["silent-era", "branding", "source-and-underscore"],
        cache=ProbeCache(None),
        front_matter=parsed,
    )


@pytest.mark.parametrize(("kind", "expected", "yaml_text"), examples())
def test_guide_example_behaves_as_the_guide_says(config, kind, expected, yaml_text):
    outcome = check(config, yaml_text)
    messages = [str(p) for p in outcome.problems]
    if kind == "ok":
        assert not messages
        assert outcome.clips
    else:
        assert any(expected in m for m in messages), messages


def test_printed_message_is_exactly_what_the_plugin_says(config):
    text = GUIDE.read_text(encoding="utf-8")
    yaml_text = next(e for e in examples() if e[0] != "ok")[2]
    shown = re.search(
        re.escape(yaml_text) + r"```\n\ngives\n\n```text\n(.*?)\n```", text, re.DOTALL
    )
    assert shown, "the first error example is followed by the message it gives"
    assert [str(p) for p in check(config, yaml_text).problems] == [shown.group(1)]


def test_message_table_matches_the_plugin_source():
    text = GUIDE.read_text(encoding="utf-8")
    table = text.split("The messages you may meet", 1)[1].split("## Checking", 1)[0]
    source = "\n".join(
        p.read_text()
        for p in (REPO / "plugins" / "audio-clips" / "pelican" / "plugins" / "audio_clips").glob(
            "*.py"
        )
    )
    fragments = re.findall(r"^\| (.*?) \|", table, re.MULTILINE)[2:]
    assert len(fragments) >= 10
    for cell in fragments:
        for quoted in re.findall(r"`([^`]+)`", cell):
            for raw in re.split(r"…|'…'", quoted):
                piece = raw.strip(" '")
                if len(piece) > 3:
                    assert piece in source, f"guide mentions {piece!r}, which the plugin never says"
