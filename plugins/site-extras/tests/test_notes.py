"""The notes plugin (``pelican.plugins.site_extras.notes``): an article's footnotes moved to a page of
their own. The core on pages made by Python-Markdown's footnotes extension, then real Pelican
builds with Pelican's simple theme and the package's fallback template, each in its own process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pelican
import pytest
from bs4 import BeautifulSoup
from pelican.plugins.site_extras.notes import (
    NAME,
    NotesError,
    enabled,
    hrefs,
    move_notes,
    notes_url,
    opted_in,
    scan,
)

SIMPLE_THEME = Path(pelican.__file__).parent / "themes" / "simple"

TEXT = """\
Music steers feeling.[^one] Sound adds value.[^two] A third claim.[^3]

[^one]: Claudia Gorbman, *Unheard Melodies* (1987). See also [the page](../sources/).
[^two]: Michel Chion, *Audio-Vision* (1994); [back up](#intro).
[^3]: Kathryn Kalinak, *Settling the Score* (1992).
"""


def page_of(text: str) -> str:
    """A whole page around the article's HTML, as the theme writes it."""
    body = markdown.markdown(text, extensions=["footnotes"], output_format="html5")
    return (
        "<!doctype html>\n<html><head><title>T</title></head><body>\n<main>"
        f'<h2 id="intro">Intro</h2>\n<div class="essay-body">\n{body}\n</div>'
        "</main>\n<footer><p>Footer</p></footer></body></html>\n"
    )


LINKS = {"notes_href": "/essay/notes/", "article_href": "/essay/", "up": ".."}


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_the_notes_leave_the_article_and_every_reference_leads_to_its_note():
    moved = move_notes(page_of(TEXT), source="essay.md", **LINKS)
    article, notes = soup(moved.article), soup(moved.notes)
    assert article.select(".footnote") == [] and "Gorbman" not in moved.article
    assert moved.note_ids == ("fn:one", "fn:two", "fn:3")
    assert [li["id"] for li in notes.select("ol > li")] == list(moved.note_ids)
    refs = [a["href"] for a in article.select("a.footnote-ref")]
    assert refs == ["/essay/notes/#fn:one", "/essay/notes/#fn:two", "/essay/notes/#fn:3"]
    # The references keep their ids, and each note's back-link leads to its reference.
    assert [sup["id"] for sup in article.select("sup[id]")] == ["fnref:one", "fnref:two", "fnref:3"]
    backs = [a["href"] for a in notes.select("a.footnote-backref")]
    assert backs == ["/essay/#fnref:one", "/essay/#fnref:two", "/essay/#fnref:3"]
    # A link within the essay goes back to the essay; one relative to it, up one more folder.
    assert notes.find("a", string="back up")["href"] == "/essay/#intro"
    assert notes.find("a", string="the page")["href"] == "../../sources/"
    assert notes.find("hr") is None


def test_the_article_keeps_a_notes_section_where_the_notes_were_and_nothing_else_changes():
    page = page_of(TEXT)
    moved = move_notes(page, source="essay.md", **LINKS)
    article = soup(moved.article)
    heading = article.find("h2", string="Notes")
    pointer = heading.find_next_sibling("p")
    assert "3 notes" in pointer.get_text()
    assert pointer.a["href"] == "/essay/notes/"
    assert heading.find_parent(class_="essay-body") is not None
    # Outside the block and the references' hrefs the page is byte for byte what it was.
    block = re.search(r'<div class="footnote">.*?</ol>\n</div>', page, re.S).group(0)
    expected = page.replace(block, "").replace('href="#fn:', 'href="/essay/notes/#fn:')
    assert (
        moved.article.replace(
            re.search(r"<h2>Notes</h2>\n<p.*?</p>", moved.article, re.S).group(0), ""
        )
        == expected
    )


def test_a_reference_without_a_note_stops_with_the_article_and_the_label():
    text = TEXT + "\nA claim with no definition.[^missing] And `[^code]` is code.\n"
    with pytest.raises(NotesError) as caught:
        move_notes(page_of(text), source="content/essay.md", **LINKS)
    message = str(caught.value)
    assert "content/essay.md: [^missing] has no note" in message
    assert "[^missing]: …" in message  # what to write
    assert "code" not in message


def test_a_link_to_a_note_that_is_not_there_stops_the_build():
    page = page_of(TEXT).replace('href="#fn:3"', 'href="#fn:gone"')
    with pytest.raises(
        NotesError, match=r"essay.md: the note reference '#fn:gone' leads to no note"
    ):
        move_notes(page, source="essay.md", **LINKS)


def test_an_article_that_opts_in_without_notes_is_told_so():
    with pytest.raises(NotesError, match=r"essay.md: 'notes: page' .* has 0"):
        move_notes(page_of("No notes here.\n"), source="essay.md", **LINKS)


def test_scan_finds_the_notes_and_the_text_left_for_undefined_references():
    text = TEXT.replace("(1992).", "(1992), after [^z].")
    found = scan(page_of(text + "\nStray [^x] and <code>[^y]</code>.\n"))
    assert found.note_ids == ["fn:one", "fn:two", "fn:3"]
    assert sorted(found.undefined) == ["x", "z"]  # in the text and in a note; never in code
    assert len(found.blocks) == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [("essay/", "essay/notes/"), ("essay.html", "essay/notes/"), ("a/b/", "a/b/notes/")],
)
def test_the_notes_page_sits_below_the_article(url, expected):
    assert notes_url(url) == expected


def test_links_follow_the_sites_url_settings():
    assert hrefs({"SITEURL": "https://x.org/r", "RELATIVE_URLS": False}, "essay/") == {
        "notes_href": "https://x.org/r/essay/notes/",
        "article_href": "https://x.org/r/essay/",
        "up": "..",
    }
    assert hrefs({"SITEURL": "", "RELATIVE_URLS": True}, "essay/") == {
        "notes_href": "notes/",
        "article_href": "../",
        "up": "..",
    }
    relative = hrefs({"RELATIVE_URLS": True}, "essay.html")
    assert relative["notes_href"] == "essay/notes/"
    assert relative["article_href"] == "../../essay.html"


class Content:
    def __init__(self, metadata):
        self.metadata = metadata
        self.source_path = "content/essay.md"


def test_only_notes_page_opts_in_and_another_value_is_a_clear_error():
    assert opted_in(Content({"notes": "page"}))
    assert not opted_in(Content({}))
    with pytest.raises(NotesError, match=r"content/essay.md: notes: 'pages' is not a choice"):
        opted_in(Content({"notes": "pages"}))


def test_the_plugin_acts_only_for_builds_that_list_it():
    assert enabled({"PLUGINS": ["yaml_metadata", NAME]})
    assert not enabled({"PLUGINS": ["site_extras"]})
    assert not enabled({})


# --- real builds ------------------------------------------------------------------------------


def build(tmp_path: Path, articles: dict[str, str], **settings) -> subprocess.CompletedProcess:
    """A Pelican build of ``articles`` (file name -> Markdown) with the notes plugin, in a process
    of its own (Pelican's signals belong to a process)."""
    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (content / name).write_text(text, encoding="utf-8")
    values = {
        "PATH": str(content),
        "OUTPUT_PATH": str(tmp_path / "output"),
        "THEME": str(SIMPLE_THEME),
        "PLUGINS": [NAME],
        "ARTICLE_URL": "{slug}/",
        "ARTICLE_SAVE_AS": "{slug}/index.html",
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        **settings,
    }
    conf = tmp_path / "conf.py"
    conf.write_text("".join(f"{k} = {v!r}\n" for k, v in values.items()), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pelican", "--log-handler", "plain", "-s", str(conf)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def article(slug: str, body: str, *, opt_in: bool = True) -> str:
    head = f"Title: {slug.title()}\nDate: 2026-01-02\nSlug: {slug}\n"
    return head + ("Notes: page\n" if opt_in else "") + "\n" + body


def test_a_build_publishes_every_note_once_on_the_notes_page(tmp_path):
    result = build(
        tmp_path,
        {"essay.md": article("essay", TEXT), "plain.md": article("plain", TEXT, opt_in=False)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = tmp_path / "output"
    essay = soup((output / "essay" / "index.html").read_text(encoding="utf-8"))
    notes = soup((output / "essay" / "notes" / "index.html").read_text(encoding="utf-8"))
    labels = re.findall(r"^\[\^([^\]]+)\]:", TEXT, re.M)
    for label in labels:
        assert len(notes.select(f'li[id="fn:{label}"]')) == 1, label
        assert len(essay.select(f'a.footnote-ref[href="/essay/notes/#fn:{label}"]')) == 1, label
    targets = {a["href"].partition("#")[2] for a in essay.select("a.footnote-ref")}
    assert targets == {li["id"] for li in notes.select("li[id]")}
    assert essay.select(".footnote") == [] and essay.find("h2", string="Notes") is not None
    assert notes.find("a", string="Back to the article")["href"] == "/essay/"
    # An article that did not opt in keeps its notes.
    plain = (output / "plain" / "index.html").read_text(encoding="utf-8")
    assert 'class="footnote"' in plain and 'href="#fn:one"' in plain
    assert not (output / "plain" / "notes").exists()


def test_a_build_with_a_reference_without_a_note_fails_with_a_clear_message(tmp_path):
    body = TEXT + "\nOne more claim.[^nowhere]\n"
    result = build(tmp_path, {"essay.md": article("essay", body)})
    log = result.stdout + result.stderr
    assert result.returncode == 1, log
    assert "essay.md: [^nowhere] has no note" in log
    assert "Build failed: the notes of 1 page(s) could not be moved" in log
    assert "Traceback" not in log


def test_relative_urls_link_the_pages_relatively(tmp_path):
    result = build(tmp_path, {"essay.md": article("essay", TEXT)}, RELATIVE_URLS=True)
    assert result.returncode == 0, result.stdout + result.stderr
    output = tmp_path / "output"
    essay = soup((output / "essay" / "index.html").read_text(encoding="utf-8"))
    notes = soup((output / "essay" / "notes" / "index.html").read_text(encoding="utf-8"))
    assert essay.select_one("a.footnote-ref")["href"] == "notes/#fn:one"
    assert notes.select_one("a.footnote-backref")["href"] == "../#fnref:one"


def test_a_missing_note_does_not_end_pelicans_autoreload(tmp_path):
    """``pelican -r`` (``make devserver``): a broken note fails that build, and the loop waits
    for the fix instead of ending (a SystemExit ends Pelican's loop)."""
    import time

    body = TEXT + "\nOne more claim.[^nowhere]\n"
    assert build(tmp_path, {"essay.md": article("essay", body)}).returncode == 1
    essay = tmp_path / "content" / "essay.md"
    notes_page = tmp_path / "output" / "essay" / "notes" / "index.html"
    log = tmp_path / "pelican.log"
    with log.open("w") as out:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "pelican", "-r", "-s", str(tmp_path / "conf.py")],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def waits_for(condition, seconds: float = 60.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.2)
        return False

    try:
        assert waits_for(lambda: "has no note" in log.read_text()), log.read_text()
        time.sleep(3.0)  # long enough for the loop to end, or to build again at once
        assert watcher.poll() is None, "the autoreload loop ended:\n" + log.read_text()
        assert log.read_text().count("has no note") == 1, "it waits for a change:\n" + (
            log.read_text()
        )
        essay.write_text(article("essay", TEXT), encoding="utf-8")
        assert waits_for(notes_page.is_file), log.read_text()
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)
