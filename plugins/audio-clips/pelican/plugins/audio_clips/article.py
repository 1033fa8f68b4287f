"""One article, read: where its clips are listed, its headings, its clip records, its problems.

The build (``reader``) and ``pelican-audio-clips check`` both call :func:`read_article` and have
no reading steps of their own, so they cannot drift. Nothing here knows Pelican: the caller hands
in ``render``, which turns the article into ``(html, metadata)`` with the site's own registered
reader (for YAML front matter, the body alone).

An article that lists no clips costs a ``stat`` (for a sidecar) and, for Markdown, one scan of
its front matter for a ``clips:`` line; it comes back exactly as ``render`` returned it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from . import frontmatter
from .detect import front_matter_may_list, native_clips_key, sidecar_path
from .document import check_keys, clips_key, foreign_clips, read_text
from .errors import ClipError, Problem, clip_label, display_path
from .placement import Heading, find_headings, paragraph_end
from .sidecar import read_sidecar

Render = Callable[[str | None], tuple[str, Mapping]]


@dataclass
class Listing:
    """Where an article's clips are listed, parsed."""

    shown: str
    """The file holding the list (the article, or its sidecar), as messages name it."""
    parsed: frontmatter.FrontMatter
    key: str | None
    """The clips key as spelt there ('clips', 'Clips', …), None when it is missing."""
    in_front_matter: bool
    article: str = ""
    """The article itself, as messages name it."""


@dataclass
class Article:
    """What :func:`read_article` found. ``listing`` is None for an article without clips, whose
    ``html`` and ``metadata`` are exactly what ``render`` returned."""

    html: str = ""
    metadata: Mapping = field(default_factory=dict)
    listing: Listing | None = None
    headings: tuple[Heading, ...] = ()
    added_ids: tuple[str, ...] = ()
    """Ids the plugin gave headings that had none."""
    clips: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def data(self) -> dict:
        """The front matter without the clips (empty for a sidecar: the reader's metadata)."""
        if self.listing is None or not self.listing.in_front_matter:
            return {}
        key = self.listing.key
        return {k: v for k, v in self.listing.parsed.data.items() if k != key}


def read_article(source_path: str, render: Render, config, cache) -> Article:
    """Read one article: find its clips, render it, find its headings, validate its clips.

    Problems are returned, never raised; ``render`` raising (the site's reader failing) is left
    to the caller, as Pelican would see it without the plugin. ``cache`` is the probe cache, or
    a function that makes it: called only when there are clips to read (it loads mutagen).
    """
    try:
        listing = find_listing(source_path)
    except ClipError as error:
        return _unlisted(source_path, render, error.problems)
    if listing is None:
        html, metadata = render(None)
        key = native_clips_key(metadata)
        if key is None:
            return Article(html, metadata)
        shown = display_path(source_path)
        problem = foreign_clips(
            key, read_text(source_path, shown), shown, os.path.basename(sidecar_path(shown))
        )
        return Article(html, metadata, problems=[problem])
    html, metadata = render(listing.parsed.body if listing.in_front_matter else None)
    if not listing.in_front_matter and native_clips_key(metadata):
        problem = _two_places(listing, listing.article)
        return Article(html, metadata, listing, problems=[problem])
    html, headings, added = find_headings(html)
    article = Article(html, metadata, listing, headings, added)
    made = None
    try:
        made = cache() if callable(cache) else cache
        _validate(article, config, made)
    except Exception as error:
        article.problems.extend(_unexpected(article, error, config, made))
    return article


def _unlisted(source_path: str, render: Render, problems: Sequence[Problem]) -> Article:
    """An article whose clip list could not be read. When only its sidecar is broken, the
    article itself is rendered by the site's reader (a page published despite problems shows
    the notice in its place); a broken front matter leaves nothing to render."""
    shown_sidecar = sidecar_path(display_path(source_path))
    if not all(p.path == shown_sidecar for p in problems):
        return Article(problems=list(problems))
    html, metadata = render(None)
    html, headings, added = find_headings(html)
    return Article(html, metadata, None, headings, added, problems=list(problems))


def find_listing(source_path: str) -> Listing | None:
    """The article's clip list: in its YAML front matter or its sidecar; None when it has none.

    Cheap when there is none: one ``stat``, and for Markdown one read and one scan of the
    header. A ClipError when the list cannot be parsed or is in two places.
    """
    sidecar = sidecar_path(source_path)
    has_sidecar = os.path.isfile(sidecar)
    front = _front_matter_listing(source_path)
    if front is None and not has_sidecar:
        return None
    shown = display_path(source_path)
    if front is not None and has_sidecar:
        raise ClipError(_two_places(front, sidecar_path(shown)))
    if front is not None:
        return front
    shown_sidecar = sidecar_path(shown)
    parsed = read_sidecar(sidecar, shown_sidecar)
    return Listing(shown_sidecar, parsed, clips_key(parsed.data), False, shown)


def _front_matter_listing(source_path: str) -> Listing | None:
    """The clip list in a Markdown file's YAML header. Only the file's first bytes are read
    unless its header may have a ``clips:`` line (``detect``)."""
    if not front_matter_may_list(source_path):
        return None
    shown = display_path(source_path)
    try:
        text = read_text(source_path, shown)
    except ClipError:
        return None  # not UTF-8: the site's reader reports it, as without the plugin
    parsed = frontmatter.split(text, shown)
    if parsed is None:
        return None
    key = clips_key(parsed.data)
    if key is None and "clip" not in {str(k).casefold() for k in parsed.data}:
        return None
    return Listing(shown, parsed, key, True, shown)


def _two_places(listing: Listing, other: str) -> Problem:
    return Problem(
        listing.shown,
        f"clips are listed in two places: here and in '{other}'",
        field=listing.key or "clips",
        line=listing.parsed.line(listing.key) if listing.key else None,
        fix="keep one list: the front matter's or the sidecar file's",
    )


def _validate(article: Article, config, cache) -> None:
    """Check the listing's keys, then its clips against the headings and the HTML (for
    ``after:``); fill in the article's clips, problems and warnings."""
    from .assemble import build_clips  # with nh3 and mutagen: only when clips are read

    listing = article.listing
    parsed, shown, key = listing.parsed, listing.shown, listing.key
    raw = parsed.data.get(key) if key else None
    outcome = build_clips(
        raw,
        path=shown,
        config=config,
        headings=[h.id for h in article.headings if h.id],
        cache=cache,
        front_matter=parsed,
        key=key or "clips",
    )
    if "checks" in config.bench_off:  # a benchmark's switch (settings.BENCH_PARTS)
        problems, wrong = list(outcome.problems), []
    else:
        problems = check_keys(parsed, shown) if listing.in_front_matter else []
        problems += outcome.problems  # each carries its clip's index and id
        problems += id_clashes(listing, article.headings, outcome.clips)
        wrong = misplaced(listing, article.headings, outcome.clips, article.html)
        problems += wrong
    # A clip in the wrong place is left out (not strict: a notice takes its place).
    left_out = {p.index for p in wrong}
    article.clips = [c for c in outcome.clips if c.number - 1 not in left_out]
    article.problems.extend(problems)
    article.warnings.extend(outcome.warnings)


def misplaced(listing: Listing, headings, clips, html: str) -> list[Problem]:
    """``after:`` values that name no paragraph of the clip's section, or more than one, and
    ``after:`` on a comparison's later version (the comparison is placed by its first)."""
    from .comparisons import group
    from .records import Comparison

    key = listing.key or "clips"
    problems = []
    later = {
        c.id: shown_.clips[0].id
        for shown_ in group(clips)
        if isinstance(shown_, Comparison)
        for c in shown_.clips[1:]
    }

    def report(clip, message: str, fix: str) -> None:
        problems.append(
            Problem(
                listing.shown,
                message,
                clip=clip_label(clip.number, clip.id),
                field="after",
                fix=fix,
                line=listing.parsed.line(key, clip.number - 1, "after"),
                index=clip.number - 1,
                clip_id=clip.id,
            )
        )

    for clip in clips:
        if clip.after is None:
            continue
        if clip.id in later:
            report(
                clip,
                f"this clip is shown in the comparison of clip '{later[clip.id]}', which places it",
                f"move 'after:' to clip '{later[clip.id]}'",
            )
            continue
        try:
            paragraph_end(html, headings, clip.section, clip.after)
        except ClipError as error:
            report(clip, error.message, error.fix)
    return problems


def id_clashes(listing: Listing, headings: Sequence[Heading], clips) -> list[Problem]:
    """Headings of this article that share an id, and clips whose link ids a heading already
    uses: each breaks the links to one of them. Only articles with clips are checked, and only
    for ids the plugin relies on or writes."""
    problems = []
    parsed, shown = listing.parsed, listing.shown
    seen: dict[str, Heading] = {}
    for heading in headings:
        if heading.id and heading.id in seen:
            line = None
            if listing.in_front_matter:
                line = _line_of(parsed.body, f"#{heading.id}", parsed.body_line, skip=1)
            problems.append(
                Problem(
                    listing.article,
                    f"two headings have the id '{heading.id}' (“{seen[heading.id].title}” and "
                    f"“{heading.title}”)",
                    line=line,
                    fix="give one of them another id ('{#id}' after a Markdown heading)",
                )
            )
        seen.setdefault(heading.id, heading)
    for clip in clips:
        taken = next(
            (h for h in headings if h.id == clip.anchor or h.id.startswith(clip.anchor + "-")), None
        )
        if taken is not None:
            problems.append(
                Problem(
                    shown,
                    f"the heading “{taken.title}” already uses the id '{taken.id}', which this "
                    "clip's player needs",
                    clip=clip_label(clip.number, clip.id),
                    field="id",
                    line=parsed.line(listing.key or "clips", clip.number - 1),
                    fix="give the clip another 'id:' or the heading another id",
                    index=clip.number - 1,
                    clip_id=clip.id,
                )
            )
    return problems


def _line_of(body: str, needle: str, first_line: int, skip: int = 0) -> int | None:
    """Line (in the file) of the ``skip``-th further occurrence of ``needle`` in the body."""
    start = -1
    for _ in range(skip + 1):
        start = body.find(needle, start + 1)
        if start < 0:
            return None
    return first_line + body.count("\n", 0, start)


def _unexpected(article: Article, error: Exception, config, cache) -> list[Problem]:
    """An exception no check foresaw, as problems naming the file and, when one clip alone
    raises it, that clip: each clip is tried on its own to find out."""
    from .assemble import build_clips

    listing = article.listing
    raw = listing.parsed.data.get(listing.key) if listing.key else None
    reason = f"could not be read ({type(error).__name__}: {error})"
    fix = "this is a bug of pelican-audio-clips; please report it with this file"
    found = []
    for index, item in enumerate(raw if isinstance(raw, list) and cache is not None else ()):
        try:
            build_clips(
                [item],
                path=listing.shown,
                config=config,
                headings=[h.id for h in article.headings],
                cache=cache,
            )
        except Exception:
            from .fields import guess_id

            clip_id = (guess_id(item) if isinstance(item, dict) else None) or ""
            found.append(
                Problem(
                    listing.shown,
                    reason,
                    clip=clip_label(index + 1, clip_id),
                    fix=fix,
                    line=listing.parsed.line(listing.key, index),
                    index=index,
                    clip_id=clip_id,
                )
            )
    return found or [Problem(listing.shown, reason, field=listing.key or "", fix=fix)]


def notices(problems: Sequence[Problem], raw_clips, headings: Sequence[Heading]) -> dict:
    """Problems grouped where their notice goes: the failed clip's section when it names one of
    the article's headings, else the top of the article (key ''). Each problem knows its clip's
    index, so no label is read back."""
    ids = {h.id for h in headings}
    items = raw_clips if isinstance(raw_clips, list) else []
    by_clip: dict[object, list[Problem]] = {}
    for problem in problems:
        by_clip.setdefault(problem.index if problem.clip else problem.clip, []).append(problem)
    placed: dict[str, list[list]] = {}
    for index, group in by_clip.items():
        section = ""
        if isinstance(index, int) and index < len(items) and isinstance(items[index], dict):
            wanted = items[index].get("section")
            section = wanted if isinstance(wanted, str) and wanted in ids else ""
        placed.setdefault(section, []).append(group)
    return placed
