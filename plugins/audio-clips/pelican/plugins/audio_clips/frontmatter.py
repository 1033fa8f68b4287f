"""Strict YAML front matter that remembers where each value came from.

pelican-yaml-metadata logs a YAML error and carries on with no metadata at all, so an article could
lose its title or clips without failing the build. Here a header that does not parse, or that is not
a mapping, or that repeats a key, is a :class:`~audio_clips.errors.ClipError` naming the line.

Parsing is bounded: anchors and aliases are refused (a few hundred bytes of nested aliases expand
into gigabytes, and a self-referencing one into a structure without end), and so are very deep
nesting and very large headers. The tokens are scanned first, in linear time, before anything is
built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .errors import ClipError, Problem

#: Same header shape as pelican-yaml-metadata: '---' line, YAML, then '---' or '...'.
HEADER_RE = re.compile(
    r"\s*^---[ \t]*$(?P<metadata>.+?)^(?:---|\.\.\.)[ \t]*$(?P<content>.*)",
    re.MULTILINE | re.DOTALL,
)
#: libyaml's loader when PyYAML has it (several times faster), with the same nodes and marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENING_RE = re.compile(r"\s*^---[ \t]*$", re.MULTILINE)
#: Limits of a header: nesting levels, and characters.
MAX_DEPTH = 32
MAX_CHARS = 200_000
_OPENERS = {
    "BlockMappingStartToken",
    "BlockSequenceStartToken",
    "FlowMappingStartToken",
    "FlowSequenceStartToken",
}
_CLOSERS = {"BlockEndToken", "FlowMappingEndToken", "FlowSequenceEndToken"}
_INDENT_RE = re.compile(r"^([ \t]*)\S", re.MULTILINE)
_BRACKETS_RE = re.compile(r"[\[\]{}]")


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter, the Markdown body, and a map from value paths to line numbers."""

    data: dict
    body: str
    lines: dict[tuple, int] = field(default_factory=dict)
    body_line: int = 1
    """Line of the file where the body starts (its first character's line)."""

    def line(self, *path) -> int | None:
        """Line of the value at ``path`` (e.g. ``('clips', 1, 'license')``), or of its nearest parent."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def split(text: str, path: str) -> FrontMatter | None:
    """Parse the YAML header of ``text``; None when the file has no header at all."""
    match = HEADER_RE.fullmatch(text)
    if not match:
        if _OPENING_RE.match(text):
            raise ClipError(
                Problem(
                    path,
                    "front matter starts with '---' but never ends",
                    line=1,
                    fix="close it with a line holding only '---'",
                )
            )
        return None
    header = match.group("metadata")
    first_line = text[: match.start("metadata")].count("\n") + 1
    data, lines = _load(header, path, first_line, "front matter")
    body_line = text[: match.start("content")].count("\n") + 1
    return FrontMatter(data=data, body=match.group("content"), lines=lines, body_line=body_line)


def load(text: str, path: str) -> FrontMatter:
    """A whole YAML document (a sidecar file), parsed with the same limits and line map."""
    data, lines = _load(text, path, 1, "the file")
    return FrontMatter(data=data, body="", lines=lines, body_line=1)


def _line_at(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _load(header: str, path: str, first_line: int, what: str) -> tuple[dict, dict[tuple, int]]:
    """The mapping in ``header`` (which starts at line ``first_line`` of ``path``) and the line
    of every value in it; a ClipError naming the line for anything else."""
    if len(header) > MAX_CHARS:
        raise ClipError(
            Problem(
                path,
                f"{what} is {len(header):,} characters long",
                line=first_line,
                fix=f"keep it under {MAX_CHARS:,}: long text belongs in the article's body",
            )
        )
    loader = None
    try:
        _check_shape(header, path, first_line)
        loader = _Loader(header)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context = getattr(error, "context_mark", None)
        if context is not None and (mark is None or mark.index >= len(header.rstrip())):
            mark = context  # the error surfaced at the end: point at what was left open
        line = first_line + mark.line if mark else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        fix = "check indentation, and quote values that contain ': ' or start with '{', '[', '*' or '&'"
        if mark and "\t" in _line_at(header, mark.line):
            fix = "indent with spaces: YAML does not allow tabs, and this line has one"
        raise ClipError(
            Problem(path, f"{what} is not valid YAML: {problem}", line=line, fix=fix)
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise ClipError(
            Problem(
                path,
                f"{what} must be a mapping of keys to values "
                f"(found {type(data).__name__ if data is not None else 'nothing'})",
                line=first_line + _first_text_line(header),
                fix="write 'key: value' lines"
                + (" between the '---' lines" if what == "front matter" else ""),
            )
        )
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    _index(node, (), first_line, lines, problems, path)
    if problems:
        raise ClipError(problems)
    return data, lines


def _surely_shallow(header: str) -> bool:
    """True when the header can hold no anchor and cannot nest too deeply, so the token scan
    can be skipped (it costs about as much as parsing). A block level needs more indentation
    than its parent and a flow level a bracket, so distinct indentations plus the deepest
    bracket nesting bound the depth; quoted brackets only make the bound larger, never smaller.
    Without an anchor, an alias is an error YAML reports itself."""
    if "&" in header:
        return False
    indents = {len(m) for m in _INDENT_RE.findall(header)}
    depth = deepest = 0
    for bracket in _BRACKETS_RE.findall(header):
        depth = depth + 1 if bracket in "[{" else depth - 1
        deepest = max(deepest, depth)
    return len(indents) + deepest <= MAX_DEPTH


def _check_shape(header: str, path: str, first_line: int) -> None:
    """Refuse anchors, aliases and deep nesting before the document is built."""
    if _surely_shallow(header):
        return
    depth = 0
    for token in yaml.scan(header, Loader=_Loader):
        kind = type(token).__name__
        if kind in ("AnchorToken", "AliasToken"):
            sign = "&" if kind == "AnchorToken" else "*"
            raise ClipError(
                Problem(
                    path,
                    f"front matter uses a YAML {'anchor' if sign == '&' else 'alias'} "
                    f"('{sign}{token.value}'), which this site does not read",
                    line=first_line + token.start_mark.line,
                    fix="write the value out in full where it is needed",
                )
            )
        if kind in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise ClipError(
                    Problem(
                        path,
                        f"front matter nests more than {MAX_DEPTH} levels deep",
                        line=first_line + token.start_mark.line,
                        fix="flatten it: clips need three levels at most",
                    )
                )
        elif kind in _CLOSERS:
            depth -= 1


def _first_text_line(header: str) -> int:
    """Index of the first line of ``header`` holding something other than blanks or comments."""
    for number, text in enumerate(header.split("\n")):
        if text.strip() and not text.lstrip().startswith("#"):
            return number
    return 0


def _clip_of(at: tuple) -> str:
    """'clip 2' when ``at`` lies inside the second item of the clips list, else ''."""
    if len(at) >= 2 and str(at[0]).casefold() == "clips" and isinstance(at[1], int):
        return f"clip {at[1] + 1}"
    return ""


def _index(node, at: tuple, offset: int, lines: dict, problems: list, path: str) -> None:
    """Record the line of every value; report keys that a mapping repeats."""
    lines[at] = offset + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(
                    Problem(
                        path,
                        f"key '{key}' appears twice",
                        clip=_clip_of(at),
                        line=offset + key_node.start_mark.line,
                        field=str(key),
                        fix="keep one of them",
                    )
                )
            seen.add(key)
            _index(value_node, (*at, key), offset, lines, problems, path)
            lines[(*at, key)] = offset + key_node.start_mark.line
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            _index(item, (*at, number), offset, lines, problems, path)
