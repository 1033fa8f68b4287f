"""The Markdown reader: pelican-yaml-metadata's, made strict, plus clip validation and placement.

Validating here, while the file is read, means an article with a bad clip is never turned into a
page: Pelican records it as failed, and the build fails at the end (see ``pelican_hooks``). Valid
articles carry ``clips`` as a tuple of :class:`~audio_clips.records.Clip`, their HTML already
holds the rendered figures, and their metadata a stamp that tells whether Pelican's content cache
may reuse them (``freshness``).
"""

from __future__ import annotations

import copy
import logging
import os
import re
from collections.abc import Mapping, Sequence

from markdown import Markdown
from pelican.plugins.yaml_metadata import YAMLMetadataReader
from pelican.readers import MarkdownReader
from pelican.utils import truncate_html_paragraphs, truncate_html_words

try:  # Pelican 4.12+ also strips contents lists out of automatic summaries
    from pelican.utils import strip_toc_elements_from_html
except ImportError:  # pragma: no cover - older Pelican

    def strip_toc_elements_from_html(html: str) -> str:
        return html


from . import frontmatter, settings
from .document import check_keys, clips_key, plain_problems, read_text
from .errors import ClipError, Problem, clip_label
from .freshness import STAMP_KEY, Stamper
from .links import register_links
from .markup import Renderer
from .placement import Heading, from_toc_tokens, paragraph_end

TOC = "markdown.extensions.toc"
#: Metadata key holding the problems shown on a page published despite them (not strict).
PROBLEMS_KEY = "audio_clips_problems"
_ID_ATTRIBUTE = re.compile(r"""\s+id\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)""")


def markdown_settings(pelican_settings: Mapping) -> dict:
    """The site's ``MARKDOWN`` settings as the plugin converts with them: YAML front matter
    instead of the ``meta`` extension, and the ``toc`` extension always on.

    ``toc`` gives every heading an id (``{#id}`` from attr_list wins) and lists the headings
    (``toc_tokens``), which is how clips find their sections; Pelican's defaults leave it off.
    A site's own ``toc`` configuration is kept as it is. The build and ``check`` both use this.
    """
    md = copy.deepcopy(dict(pelican_settings.get("MARKDOWN") or {}))
    configs = dict(md.get("extension_configs") or {})
    extensions = list(md.get("extensions") or [])
    named = {str(getattr(e, "__module__", e)) for e in extensions} | set(configs)
    if not any(name in (TOC, "toc") for name in named):
        configs[TOC] = {}
    extensions += [name for name in configs if name not in extensions]
    md["extensions"] = [e for e in extensions if e != "markdown.extensions.meta"]
    md["extension_configs"] = configs
    return md


logger = logging.getLogger(__name__)


def display_path(path: str) -> str:
    """A path as authors know it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


class AudioClipsReader(YAMLMetadataReader):
    """Reads Markdown with YAML front matter; fails loudly on bad YAML or bad clips."""

    _config = None
    _cache = None
    _renderer: Renderer | None = None
    _stamper: Stamper | None = None

    def __init__(self, *args, **kwargs):
        # MarkdownReader's set-up only: pelican-yaml-metadata's __init__ would build a converter
        # that this reader replaces. Pelican makes a reader per extension and generator, and most
        # never read a file, so the converter is made on first use.
        MarkdownReader.__init__(self, *args, **kwargs)
        self._converter: Markdown | None = None

    @property
    def _md(self) -> Markdown:
        """The converter: the site's Markdown settings with ``toc`` ensured (``markdown_settings``)."""
        if self._converter is None:
            self._converter = Markdown(**markdown_settings(self.settings))
        return self._converter

    @_md.setter
    def _md(self, value: Markdown) -> None:  # MarkdownReader.read assigns its own
        self._converter = value

    _links: dict | None = None

    def prepare(self, renderer: Renderer, stamper: Stamper, links: dict) -> None:
        """Give the reader the generator's partial, stamper and Pelican's table of link targets
        (``pelican_hooks.prepare``)."""
        self._renderer = renderer
        self._stamper = stamper
        self._links = links

    @property
    def config(self):
        """Validated settings, loaded on first use: Pelican makes a reader per file extension
        per generator, and most of them never read a file."""
        if self._config is None:
            self._config = settings.load(self.settings)
        return self._config

    def flush(self) -> None:
        """Save new probe results (called once all files are read)."""
        if self._cache is not None:
            self._cache.flush()

    @property
    def cache(self):
        """The probe cache (``media.ProbeCache``), imported on first read: a warm rebuild reads
        nothing, so it never loads mutagen."""
        if self._cache is None:
            from .media import ProbeCache

            self._cache = ProbeCache(self.config.cache_path)
        return self._cache

    def read(self, source_path):
        shown = display_path(source_path)
        try:
            text = read_text(source_path, shown)
            parsed = frontmatter.split(text, shown)
        except ClipError as error:
            _log(error.problems, [])
            raise
        if parsed is None:  # no YAML header: plain Pelican Markdown metadata
            ours = self._md
            try:
                content, metadata = MarkdownReader.read(self, source_path)
            finally:
                self._md = ours  # MarkdownReader.read replaces the converter with its own
            problems = plain_problems(metadata, text, shown)
            if problems:
                _log(problems, [])
                raise ClipError(problems)
            return content, metadata
        key = clips_key(parsed.data)
        content = self._md.reset().convert(parsed.body)
        headings = from_toc_tokens(getattr(self._md, "toc_tokens", ()))
        outcome = validate(parsed, headings, shown, self.config, self.cache, content)
        _log(outcome.problems, outcome.warnings)
        file_level = any(not p.clip and p.field != key for p in outcome.problems)
        if outcome.problems and (self.config.strict or file_level or not self._renderer):
            raise ClipError(outcome.problems)
        metadata = self._parse_yaml_metadata(
            {k: v for k, v in parsed.data.items() if k != key and isinstance(k, str)}, source_path
        )
        self._md.Meta = {k: [str(v)] for k, v in metadata.items()}
        metadata["headings"] = headings
        if "summary" not in metadata:
            # Pelican would cut its automatic summary from the finished HTML, players, heading
            # ids and all, and themes show it on the article's own page; cut it from the prose.
            metadata["summary"] = self._summary(content)
        if key is None:
            return content, metadata
        if self._renderer is None or self._stamper is None:
            raise RuntimeError(
                "audio_clips: the reader was not prepared with the theme's templates; it "
                "runs inside Pelican's article and page generators"
            )
        clips = tuple(outcome.clips)
        if outcome.problems:
            # Not strict (``make serve``): the page is published with a notice in place of each
            # clip that could not be shown, so the rest of the article stays readable.
            metadata[PROBLEMS_KEY] = tuple(str(p) for p in outcome.problems)
            content = self._renderer.notices(
                content, headings, notices(outcome.problems, parsed.data.get(key), headings)
            )
        content = self._renderer.place(content, headings, clips)
        if self._links is not None:
            # Registered now, not later: an article in Pelican's generator cache keeps the link
            # table of the build that read it.
            register_links(self._links, clips, self.config)
        metadata["clips"] = clips
        # A page showing problems is never reused from Pelican's cache: what fixes it may be a
        # file the stamp cannot name (an audio file added under the name the clip asked for).
        metadata[STAMP_KEY] = None if outcome.problems else self._stamper.stamp(clips)
        return content, metadata

    def _summary(self, html: str) -> str:
        """Pelican's automatic summary (``Content.get_summary``), of the HTML before figures."""
        max_paragraphs = self.settings.get("SUMMARY_MAX_PARAGRAPHS")
        if max_paragraphs is not None:
            html = truncate_html_paragraphs(html, max_paragraphs)
        if self.settings.get("SUMMARY_MAX_LENGTH") is not None:
            html = truncate_html_words(
                html, self.settings["SUMMARY_MAX_LENGTH"], self.settings["SUMMARY_END_SUFFIX"]
            )
        # A summary is shown beside or inside the article's own page (a lede, an index card):
        # its headings' ids would be the article's ids a second time.
        return _ID_ATTRIBUTE.sub("", strip_toc_elements_from_html(html))


def validate(
    parsed: frontmatter.FrontMatter,
    headings: Sequence[Heading],
    shown: str,
    config,
    cache,
    html: str = "",
):
    """Check one parsed file: its top-level keys, then its clips against its headings and its
    converted Markdown ``html`` (for ``after:``), giving an ``assemble.Outcome``. The build and
    ``check`` both call this, with the Markdown converted by the same settings."""
    from .assemble import build_clips  # with nh3: only when something is read

    key = clips_key(parsed.data)
    outcome = build_clips(
        parsed.data.get(key) if key else None,
        path=shown,
        config=config,
        headings=[h.id for h in headings if h.id],
        cache=cache,
        front_matter=parsed,
        key=key or "clips",
    )
    outcome.problems[:0] = check_keys(parsed, shown)
    outcome.problems.extend(id_clashes(parsed, headings, outcome.clips, shown))
    wrong = misplaced(parsed, headings, outcome.clips, shown, html)
    if wrong:
        outcome.problems.extend(wrong)
        # Not strict: a notice takes the clip's place, rather than the clip in the wrong place.
        labels = {p.clip for p in wrong}
        outcome.clips = [c for c in outcome.clips if clip_label(c.number, c.id) not in labels]
    return outcome


def misplaced(parsed: frontmatter.FrontMatter, headings, clips, shown: str, html: str):
    """``after:`` values that name no paragraph of the clip's section, or more than one, and
    ``after:`` on a comparison's later version (the comparison is placed by its first)."""
    from .comparisons import group
    from .records import Comparison

    key = clips_key(parsed.data) or "clips"
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
                shown,
                message,
                clip=clip_label(clip.number, clip.id),
                field="after",
                fix=fix,
                line=parsed.line(key, clip.number - 1, "after"),
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


def id_clashes(
    parsed: frontmatter.FrontMatter, headings: Sequence[Heading], clips, shown: str
) -> list[Problem]:
    """Headings that share an id, and clips whose link ids a heading already uses: each breaks
    the links to one of them. (The build also checks every written page; this names the line.)"""
    problems = []
    first_line = parsed.body_line
    seen: dict[str, Heading] = {}
    for heading in headings:
        if heading.id and heading.id in seen:
            problems.append(
                Problem(
                    shown,
                    f"two headings have the id '{heading.id}' (“{seen[heading.id].title}” and "
                    f"“{heading.title}”)",
                    field="",
                    line=_line_of(parsed.body, f"#{heading.id}", first_line, skip=1),
                    fix="give one of them another '{#id}'",
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
                    line=parsed.line(clips_key(parsed.data) or "clips", clip.number - 1),
                    fix="give the clip another 'id:' or the heading another '{#id}'",
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


def notices(problems, raw_clips, headings: Sequence[Heading]) -> dict[str, list[list]]:
    """Problems grouped where their notice goes: the failed clip's section when it names one of
    the article's headings, else the top of the article (key '')."""
    ids = {h.id for h in headings}
    by_label: dict[str, list] = {}
    for problem in problems:
        by_label.setdefault(problem.clip, []).append(problem)
    placed: dict[str, list[list]] = {}
    items = raw_clips if isinstance(raw_clips, list) else []
    for label, group in by_label.items():
        section = ""
        number = _number(label)
        if number and number <= len(items) and isinstance(items[number - 1], dict):
            wanted = items[number - 1].get("section")
            section = wanted if isinstance(wanted, str) and wanted in ids else ""
        placed.setdefault(section, []).append(group)
    return placed


def _number(label: str) -> int | None:
    match = re.search(r"\((\d+)(?:st|nd|rd|th)\)$|^clip (\d+)$", label)
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def _log(problems, warnings) -> None:
    for warning in warnings:
        logger.warning("%s", warning)
    for problem in problems:
        logger.error("%s", problem)
