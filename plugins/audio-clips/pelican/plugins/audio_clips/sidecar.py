"""Clips listed beside an article instead of inside it: ``post.clips.yaml`` next to ``post.rst``.

reStructuredText, HTML and Markdown with Pelican's own ``Key: value`` metadata have no place for
a list of mappings, so their clips live in a small YAML file named after the article, holding the
same ``clips:`` list that YAML front matter would. It is parsed by the same bounded parser
(``frontmatter.load``), so every problem names the sidecar and a line in it. Pelican never reads
it as content: no reader handles ``.yaml``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from . import frontmatter
from .detect import SIDECAR_LIKE as _SIDECAR_LIKE
from .detect import SUFFIX
from .document import clips_key, read_text
from .errors import ClipError, Problem, closest, did_you_mean


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


def stray_sidecars(
    files: Iterable[str], article_extensions: Iterable[str], shown: Callable[[str], str]
) -> list[Problem]:
    """Files named like a sidecar that no article reads: a near-miss name (``post.clips.yml``)
    or a sidecar with no article of its name beside it (``post_1.clips.yaml`` by ``post-1.md``).
    Their clips would never be shown, and nothing else would say so. ``shown`` turns a path
    into the path authors know."""
    files = list(files)
    candidates = [f for f in files if _SIDECAR_LIKE.search(f)]
    if not candidates:  # the usual case, decided at once
        return []
    extensions = {e.lower().lstrip(".") for e in article_extensions}
    articles = {
        os.path.splitext(f)[0]
        for f in files
        if os.path.splitext(f)[1].lower().lstrip(".") in extensions and not _SIDECAR_LIKE.search(f)
    }
    problems = []
    for path in sorted(candidates):
        stem = path[: _SIDECAR_LIKE.search(path).start()]
        if path.endswith(SUFFIX) and stem in articles:
            continue
        folder, name = os.path.split(stem)
        if stem in articles:
            message = f"is not read: a sidecar file's name is its article's with '{SUFFIX}'"
            fix = f"rename it '{name}{SUFFIX}'"
        else:
            beside = [os.path.basename(a) for a in articles if os.path.dirname(a) == folder]
            near = closest(name, beside)
            message = f"belongs to no article: no '{name}.<ext>' article is beside it"
            fix = (
                f"did you mean '{near}{SUFFIX}'?"
                if near
                else f"name it after its article ('post.md' -> 'post{SUFFIX}'), or delete it"
            )
        problems.append(Problem(shown(path), message, fix=fix))
    return problems
