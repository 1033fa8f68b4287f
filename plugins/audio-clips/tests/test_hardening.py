"""Nothing in a content file or a media folder can crash, hang, leak or silently drop: bounded
front matter, links out of the media folder, file names that bend URLs, pages kept while serving,
and random whole documents."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from urllib.parse import unquote

import pytest
import yaml
from bs4 import BeautifulSoup
from clipsite import ARTICLE, GOOD_CLIP, TUNE_CLIP, Site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.audio_clips.errors import Problem

PATHOLOGICAL = {
    "alias-bomb": "a: &a [x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ),
    "self-alias": "a: &a [*a]\n",
    "deep-flow": "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-block": "".join("  " * i + f"k{i}:\n" for i in range(2_000)) + "  " * 2_000 + "v: 1\n",
    "long-header": "x: '" + "y" * 5_000_000 + "'\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_front_matter_is_refused_within_a_second_and_100_mb(name, tmp_path):
    """Measured in a process of its own: CPU time and the growth of its peak memory."""
    source = tmp_path / "doc.md"
    source.write_text("---\ntitle: t\n" + PATHOLOGICAL[name] + "---\nBody\n", encoding="utf-8")
    probe = textwrap.dedent(f"""
        import json, resource, time
        from pelican.plugins.audio_clips import frontmatter
        from pelican.plugins.audio_clips.errors import ClipError
        text = open({str(source)!r}, encoding="utf-8").read()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.process_time()
        try:
            frontmatter.split(text, "content/doc.md")
            outcome = "parsed"
        except ClipError as error:
            outcome = str(error)
        print(json.dumps({{"cpu": time.process_time() - started, "outcome": outcome,
            "grew_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before}}))
    """)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["outcome"].startswith("content/doc.md:"), result["outcome"]
    assert result["cpu"] < 1.0, result
    assert result["grew_kb"] < 100 * 1024, result


def test_percent_and_spaces_in_file_names_reach_the_player_intact(site):
    name = "a #1 50% ?.opus"
    site.audio(f"clips/{name}")
    site.article(GOOD_CLIP.replace("src: clips/rag.opus", f"src: 'clips/{name}'\n    id: odd"))
    assert site.build() is None
    figure = BeautifulSoup(site.page(), "html.parser").find(id="clip-odd")
    src = figure.find("source")["src"]
    assert "#" not in src and "?" not in src and " " not in src
    assert unquote(src) == f"/media/clips/{name}"
    assert (site.output / "media" / "clips" / name).is_file()


def test_serving_keeps_the_page_with_a_notice_and_fixing_restores_the_figure(site):
    """Not strict (`make serve`): a bad clip becomes a notice with file, line, field and fix;
    the article and its other clips stay published; fixing the file brings the figure back."""
    site.audio("clips/rag.opus")
    site.audio("clips/tune.opus")
    front = GOOD_CLIP.replace("license: CC0-1.0", "license: CC-BY-NC-4.0") + TUNE_CLIP
    site.article(front)
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    soup = BeautifulSoup(site.page(), "html.parser")
    notice = soup.find(class_="audio-clip-problem")
    assert notice is not None and notice.get("role") == "alert"
    text = " ".join(notice.get_text(" ").split())
    assert "content/essay.md:" in text and "license" in text and "is not allowed here" in text
    assert notice.find_previous("h2")["id"] == "silent-era"  # in place of the figure
    assert soup.find(id="clip-tune") is not None  # the good clip is still there
    assert soup.find(id="clip-rag") is None

    site.article(front.replace("CC-BY-NC-4.0", "CC0-1.0"))
    assert site.build(AUDIO_CLIPS_STRICT=False) is None
    soup = BeautifulSoup(site.page(), "html.parser")
    assert soup.find(class_="audio-clip-problem") is None
    assert soup.find(id="clip-rag") is not None


def test_a_strict_build_still_writes_every_valid_page(site):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP.replace("CC0-1.0", "CC-BY-NC-4.0"))
    other = ARTICLE.format(front="").replace("slug: essay", "slug: other")
    site.article("", name="other.md", body=other)
    failed = site.build()
    assert failed is not None and failed.code == 1
    assert (site.output / "other" / "index.html").is_file()
    assert not (site.output / "essay" / "index.html").exists()


def test_duplicate_ids_anywhere_on_a_page_fail_a_strict_build(tmp_path, monkeypatch, errors):
    """A theme's own id clashing with an article's heading (notmyidea's article is
    ``<section id="content">``) is caught where only the page shows it: the page-wide check
    names both elements."""
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path, theme="notmyidea")
    site.audio("clips/rag.opus")
    body = ARTICLE.format(front=textwrap.dedent(GOOD_CLIP).strip()).replace(
        "{#cue-sheets}", "{#content}"
    )
    site.article("", body=body)
    assert site.build() is None, "the site's own ids are checked only when asked"
    failed = site.build(AUDIO_CLIPS_CHECK_ALL_IDS=True)
    assert failed is not None
    lines = [e for e in errors() if "id 'content'" in e]
    assert lines, errors()
    assert lines[0].count("line ") == 2 and "<h3> “Cue sheets”" in lines[0]


# --- random whole documents ------------------------------------------------------------------

KEYS = ["title", "Title", "TITLE", "date", "slug", "summary", "tags", "clips", "Clips", "clip", "x"]
CLIP_KEYS = ["src", "section", "title", "license", "description", "listen_for", "id", "SRC", "at"]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["clips/rag.opus", "silent-era", "CC0-1.0", "0:01", "2026-11-25", "-0"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(CLIP_KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=15,
)
documents = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), values, max_size=7)


@pytest.fixture(scope="module")
def random_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("random")
    site = Site(root, theme="simple")
    site.audio("clips/rag.opus")
    valid = ARTICLE.format(front=textwrap.dedent(GOOD_CLIP).strip()).replace(
        "slug: essay", "slug: unrelated"
    )
    site.article("", name="unrelated.md", body=valid)
    return site


@pytest.mark.slow  # sixty random documents, each built: make test, not test-quick
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=documents)
def test_random_documents_give_a_page_or_our_error_never_a_crash(random_site, data, caplog):
    try:
        front = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return
    random_site.article("", name="random.md", body=f"---\n{front}---\n\n## S {{#silent-era}}\n")
    os.chdir(random_site.root)
    caplog.clear()
    caplog.set_level(logging.ERROR)
    random_site.build()  # a BuildFailed is an outcome; any other exception fails the test
    assert (random_site.output / "unrelated" / "index.html").is_file(), "an unrelated page was lost"
    ours = [r.args[0] for r in caplog.records if r.args and isinstance(r.args[0], Problem)]
    could_not = [r for r in caplog.records if "Could not process" in r.getMessage()]
    listed = any(str(k).casefold() in ("clips", "clip") for k in data)
    if could_not and listed:  # refused with clips listed: refused by us, with file and line
        assert ours, [r.getMessage() for r in caplog.records]
        assert all(p.path.endswith("random.md") for p in ours)
        assert any(p.line for p in ours)
