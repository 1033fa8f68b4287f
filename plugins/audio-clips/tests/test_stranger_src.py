"""A careless author's `src:` that starts with the media folder's own name (issue 21's stranger
run, after the merge).

Before: `src: media/clips/rag.opus` was "not found under media/ — folder 'media/media/clips'
does not exist", which shows the doubled folder but not the fix. Now the fix names the `src:`
to write.
"""

from __future__ import annotations

from clipsite import GOOD_CLIP


def test_a_src_that_repeats_the_media_folder_is_told_the_src_to_write(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP.replace("src: clips/rag.opus", "src: media/clips/rag.opus"))
    assert site.build() is not None
    (found,) = [e for e in errors() if "src:" in e]
    assert "write 'src: clips/rag.opus'" in found, found


def test_a_src_in_a_missing_folder_still_says_the_folder_is_missing(site, errors):
    site.audio("clips/rag.opus")
    site.article(GOOD_CLIP.replace("src: clips/rag.opus", "src: clipz/rag.opus"))
    assert site.build() is not None
    (found,) = [e for e in errors() if "src:" in e]
    assert "folder 'media/clipz' does not exist" in found, found
