"""A stranger's site, checked before it is built: `pelican-audio-clips check` says what the build
says about one recording declared with two licences (issue 21's stranger run, after the merge).

Before: the build failed with "the recording 'clips/tone.opus' has license 'CC0-1.0' here but
'CC-BY-4.0' at …", while `check` on the same site said "0 problems" and exited 0. And which place
was "here" followed the order Pelican listed the articles in (dates, then the file system's
order), so two machines could name the places the other way round.
"""

from __future__ import annotations

from clipsite import ARTICLE, GOOD_CLIP

from pelican.plugins.audio_clips.check import check_tree

CC_BY = GOOD_CLIP.replace("license: CC0-1.0", "license: CC-BY-4.0\n    source: https://x.org/r")


def article(site, name: str, front: str, date: str) -> None:
    text = ARTICLE.format(front=front.strip())
    text = text.replace("slug: essay", f"slug: {name}").replace("date: 2026-11-25", f"date: {date}")
    (site.content / f"{name}.md").write_text(text, encoding="utf-8")


def conflict_site(site) -> None:
    """b.md (the newest, listed first by Pelican) and a.md disagree on the licence."""
    site.audio("clips/rag.opus")
    article(site, "a", GOOD_CLIP, "2026-11-01")
    article(site, "b", CC_BY, "2026-11-20")


def recording_errors(messages) -> list[str]:
    return sorted(str(m) for m in messages if "the recording 'clips/rag.opus'" in str(m))


def test_check_reports_a_recording_declared_with_two_licences(site):
    conflict_site(site)
    problems, _, _, _ = check_tree(site.content, site.settings())
    found = recording_errors(problems)
    assert len(found) == 2, [str(p) for p in problems]  # the licence and the source differ
    assert any("CC-BY-4.0" in e and "CC0-1.0" in e for e in found), found


def test_check_and_the_build_say_the_same_about_it(site, errors):
    conflict_site(site)
    problems, _, _, _ = check_tree(site.content, site.settings())
    assert site.build() is not None
    assert recording_errors(problems) == recording_errors(errors())


def test_the_later_file_by_name_is_reported_naming_the_earlier(site, errors):
    """As the README's example: `content/b.md:…: … at content/a.md:…`, whatever the dates."""
    conflict_site(site)
    assert site.build() is not None
    (licence,) = [e for e in recording_errors(errors()) if "CC-BY-4.0" in e]
    assert "b.md:" in licence.split(":")[0] + ":", licence
    assert "at " in licence and "a.md:" in licence.split(" at ")[1], licence


def test_check_lets_a_translation_translate_the_title(site):
    """Translations share their slug; they may translate credits but not change the rights."""
    site.audio("clips/rag.opus")
    article(site, "essay", GOOD_CLIP, "2026-11-25")
    text = ARTICLE.format(front=GOOD_CLIP.replace("title: A rag", "title: Un rag").strip())
    (site.content / "essay-fr.md").write_text(text.replace("summary:", "lang: fr\nsummary:"))
    problems, _, _, _ = check_tree(site.content, site.settings())
    assert recording_errors(problems) == [], [str(p) for p in problems]
