"""Clips listed beside an article instead of inside it: ``post.clips.yaml`` next to ``post.rst``.

reStructuredText, HTML and Markdown with Pelican's own ``Key: value`` metadata have no place for
a list of mappings, so their clips live in a small YAML file named after the article, holding the
same ``clips:`` list that YAML front matter would. It is parsed by the same bounded parser
(``frontmatter.load``), so every problem names the sidecar and a line in it. Pelican never reads
it as content: no reader handles ``.yaml``.
"""

from __future__ import annotations

import os

from . import frontmatter
from .document import clips_key, read_text
from .errors import ClipError, Problem, did_you_mean

#: What follows the article's name (without its extension) in its sidecar's name.
SUFFIX = ".clips.yaml"


def sidecar_path(source_path: str) -> str:
    """Where the sidecar of ``source_path`` would be: ``a/post.rst`` -> ``a/post.clips.yaml``."""
    return os.path.splitext(source_path)[0] + SUFFIX


def read_sidecar(path: str, shown: str) -> frontmatter.FrontMatter:
    """The sidecar's parsed document; a ClipError unless it is a mapping holding ``clips:`` only."""
    parsed = frontmatter.load(read_text(path, shown), shown)
    key = clips_key(parsed.data)
    others = [k for k in parsed.data if k != key]
    problems = [
        Problem(
            shown,
            f"unknown key '{other}': a sidecar file holds only the article's clips",
            field=str(other),
            line=parsed.line(other),
            fix=did_you_mean(str(other), ["clips"])
            or "list the clips under 'clips:'; other metadata stays in the article",
        )
        for other in others
    ]
    if key is None and not others:
        problems.append(
            Problem(
                shown,
                "lists no clips",
                field="clips",
                line=1,
                fix="list the clips under 'clips:', or delete the file",
            )
        )
    if problems:
        raise ClipError(problems)
    return parsed
