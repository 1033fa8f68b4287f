"""Whether a content file may list clips, decided without reading it through.

The plugin wraps every reader of a build, so this test runs for every content file of every site
that lists the plugin, most of which have no clips. It costs one ``stat`` (for a sidecar) and, for
Markdown, a look at the first bytes of the header; it imports nothing but ``os`` and ``re``, so a
site without clips never loads the reading path, the templates or mutagen (issue 21's cost: at
most 1 % on a site without clips). A "maybe" is settled by ``article.find_listing``.

The metadata keys the reader writes live here too, so that the receivers that read them on every
page (``pelican_hooks``, ``generator``) need not import the reader.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

#: What follows the article's name (without its extension) in its sidecar's name.
SUFFIX = ".clips.yaml"
#: A sidecar's name, and the near misses an author types (``.clips.yml``, ``.clip.yaml``).
SIDECAR_LIKE = re.compile(r"\.clips?\.ya?ml$", re.IGNORECASE)
#: Extensions whose files may open with YAML front matter (Pelican's Markdown reader's).
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
#: A line that may list clips, looked for in the front matter only (``clip:`` is a near miss
#: that ``document.check_keys`` reports).
_CLIPS_LINE = re.compile(rb"(?:^|\r)clips?[ \t]*:", re.IGNORECASE | re.MULTILINE)
_HEADER_END = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
#: How much of a Markdown file is read to look for a ``clips:`` line in its header.
FIRST_BYTES = 16384

#: Metadata key holding the problems shown on a page published despite them (not strict).
PROBLEMS_KEY = "audio_clips_problems"
#: Metadata key holding the ids the plugin wrote into an article (checked on its written page).
IDS_KEY = "audio_clips_ids"


def sidecar_path(source_path: str) -> str:
    """Where the sidecar of ``source_path`` would be: ``a/post.rst`` -> ``a/post.clips.yaml``."""
    return os.path.splitext(source_path)[0] + SUFFIX


def looks_like_sidecar(name: str) -> bool:
    """Whether a file name is a sidecar's, or one of the near misses an author types."""
    return SIDECAR_LIKE.search(name) is not None


def front_matter_may_list(source_path: str) -> bool:
    """Whether a Markdown file's YAML header may hold a ``clips:`` line. Only the file's first
    bytes are read; False for any other file, and for one that cannot be opened (the site's
    reader meets it as it would without the plugin)."""
    if not source_path.lower().endswith(MARKDOWN_EXTENSIONS):
        return False
    try:  # the plain system calls: this runs for every Markdown file of every build
        descriptor = os.open(source_path, os.O_RDONLY)
        try:
            head = os.read(descriptor, FIRST_BYTES)
        finally:
            os.close(descriptor)
    except OSError:
        return False
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not stripped.startswith(b"---"):
        return False
    end = _HEADER_END.search(stripped, 3)
    if end is None and len(head) >= FIRST_BYTES:
        return True  # a header longer than what was read: the parser decides
    header = stripped[: end.start()] if end else stripped
    # A plain search for 'clip' first: the line pattern (case-insensitive) is most of what
    # this test costs, and a header without those four letters cannot have the line.
    return b"clip" in header.lower() and _CLIPS_LINE.search(header) is not None


def may_list_clips(source_path: str) -> bool:
    """Whether ``source_path`` has a sidecar or a front matter that may list clips."""
    return os.path.isfile(sidecar_path(source_path)) or front_matter_may_list(source_path)


def native_clips_key(metadata: Mapping) -> str | None:
    """A ``clips`` (or ``clip``) field in metadata a site's own reader produced."""
    return next(
        (k for k in metadata if isinstance(k, str) and k.casefold() in ("clips", "clip")), None
    )
