"""Duplicate ``id`` attributes on a written page.

Two elements with one id break every link and label that points at it (``#clip-x``, a contents
entry, ``aria-labelledby``), and nothing in a browser says so. The plugin checks the ids *it*
writes (its figures' and the heading ids it adds to articles with clips): on the written page of
each such article, each must be used once (:func:`repeated`). Other ids are the site's business;
a check of every id on every written page is opt-in (``AUDIO_CLIPS_CHECK_ALL_IDS``), with
:func:`may_repeat` and :func:`duplicate_ids`.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import defaultdict
from dataclasses import dataclass

_HIDDEN = re.compile(r"<!--.*?-->|<(script|style|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_TAG_WITH_ID = re.compile(
    r"""<([a-zA-Z][\w:-]*)\b[^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))[^>]*>""", re.S
)
_TAGS = re.compile(r"<[^>]*>")
#: Every id value, found with one cheap scan; the full pass runs only when one repeats.
_ANY_ID = re.compile(r"""\sid\s*=\s*["']?([^"'\s>]*)""")
#: The same on a page's bytes: the plain spelling of an id attribute, and anything that may be
#: one (also 'data-id=': that only sends a page to the careful scan). Both patterns start with a
#: literal, which the regex engine finds by fast search; one starting with '\s' is 8× slower.
_QUOTED_ID = re.compile(rb' id="([^"]*)"')
_ID_EQUALS = re.compile(rb"id\s*=")
#: The same two on text: for the ids of markup the plugin rendered (:func:`ids_in_markup`).
_QUOTED_ID_TEXT = re.compile(r' id="([^"]*)"')
_ID_EQUALS_TEXT = re.compile(r"id\s*=")
#: What makes the plain scan unsure: hidden parts (comments, scripts), which ``ids_in`` skips.
_HIDING = re.compile(r"<(?:!--|script|style|template)", re.I)


@dataclass(frozen=True)
class Carrier:
    """One element carrying an id: where it is and what it is."""

    line: int
    tag: str
    text: str

    def __str__(self) -> str:
        shown = f" “{self.text}”" if self.text else ""
        return f"line {self.line} <{self.tag}>{shown}"


def ids_in(html: str) -> list[str]:
    """Every id value of ``html`` (spelt any way), in order, entities decoded."""
    visible = _HIDDEN.sub("", html)
    return [
        html_lib.unescape(next(g for g in m.groups()[1:] if g is not None))
        for m in _TAG_WITH_ID.finditer(visible)
    ]


def ids_in_markup(html: str) -> list[str]:
    """``ids_in(html)`` for markup the plugin rendered (its figures), found with one literal
    scan when every id there is spelt ``id="…"`` as the first id of an opening tag and nothing
    is hidden (as partials write them); with ``ids_in`` otherwise. The same list either way."""
    found = list(_QUOTED_ID_TEXT.finditer(html))
    if len(_ID_EQUALS_TEXT.findall(html)) != len(found) or _HIDING.search(html):
        return ids_in(html)
    tag = -1
    for match in found:
        # The nearest '<' before it opens a tag (a letter follows) that has not closed since,
        # and holds no earlier id: ``ids_in`` reads the first id of each tag.
        opened = html.rfind("<", 0, match.start())
        name = html[opened + 1 : opened + 2]
        if (
            opened == tag
            or not (name.isascii() and name.isalpha())
            or html.rfind(">", 0, match.start()) > opened
        ):
            return ids_in(html)
        tag = opened
    return [html_lib.unescape(m.group(1)) if "&" in m.group(1) else m.group(1) for m in found]


def repeated(page: str, ours: tuple[str, ...]) -> dict[str, list[Carrier]]:
    """Those of the ids ``ours`` that ``page`` uses more than once, with the elements using them."""
    if not ours:
        return {}
    wanted = set(ours)
    return {k: v for k, v in duplicate_ids(page).items() if k in wanted}


def may_repeat(page: bytes) -> bool:
    """False when no id can repeat on ``page``: the test every written page gets, on its bytes.

    Pages are read back as bytes and decoded only when this says yes (one C-level scan, no
    decoding: it runs for every page of every build).
    """
    values = _QUOTED_ID.findall(page)
    # Other spellings (id='x', id = x) or other attributes (data-id) make the counts differ.
    if len(_ID_EQUALS.findall(page)) != len(values):
        return True
    return len(values) != len(set(values))


def duplicate_ids(page: str) -> dict[str, list[Carrier]]:
    """Every id used more than once on ``page``, with the elements that use it."""
    values = _ANY_ID.findall(page)
    if len(values) == len(set(values)):  # the common case: nothing repeats
        return {}
    visible = _HIDDEN.sub(lambda m: "\n" * m.group(0).count("\n"), page)
    found: dict[str, list[Carrier]] = defaultdict(list)
    for match in _TAG_WITH_ID.finditer(visible):
        value = html_lib.unescape(next(g for g in match.groups()[1:] if g is not None))
        line = visible.count("\n", 0, match.start()) + 1
        following = visible[match.end() : match.end() + 300]
        text = " ".join(html_lib.unescape(_TAGS.sub(" ", following.split("</", 1)[0])).split())
        found[value].append(Carrier(line, match.group(1).lower(), text[:40]))
    return {key: carriers for key, carriers in found.items() if len(carriers) > 1}


def describe(path: str, duplicates: dict[str, list[Carrier]]) -> list[str]:
    """One log line per duplicate id."""
    return [
        f"{path}: id '{key}' is used {len(carriers)} times: "
        + "; ".join(str(c) for c in carriers)
        + " — give one of them another id ('{#…}' after a Markdown heading, 'id:' on a clip)"
        for key, carriers in sorted(duplicates.items())
    ]
