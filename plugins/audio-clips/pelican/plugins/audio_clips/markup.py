"""Clip records → figure markup, rendered with the theme's partial and placed in their sections.

This runs inside the reader, so the HTML the reader returns is the finished article. Pelican's
content cache then holds the placed figures, and a warm rebuild renders nothing again
(``freshness`` says when a cached article must be read afresh).
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, Template
from markupsafe import Markup

from .comparisons import group
from .placement import Heading, paragraph_end, place, section_end
from .records import Clip, Comparison

PLUGIN_TEMPLATES = str(Path(__file__).with_name("templates"))
#: Shown in place of a clip that could not be published, when the build is not strict.
PROBLEM_TEMPLATE = "clip-problem.html"
#: Renders a comparison (``compare:``) around its versions, each rendered by the clip partial; a
#: theme may have its own (the plugin's shows every version, labelled, and needs no script).
COMPARE_TEMPLATE = "clip-compare.html"
#: The fallback partial's optional stylesheet and script (``AUDIO_CLIPS_STYLESHEET``,
#: ``AUDIO_CLIPS_SCRIPT``): published beside the media, linked from a page's first figure.
STYLESHEET = "audio-clips.css"
SCRIPT = "audio-clips.js"


def with_plugin_templates(
    env: Environment, cache_path: str | None = None, autoescape: bool = True
) -> Environment:
    """The generator's Jinja environment, falling back to the plugin's own templates, with
    autoescaping on.

    Every template the plugin renders (the clip partial and the credits page, the theme's or the
    fallback) escapes what it outputs unless it is marked safe, so a theme that forgets ``|e``
    is still safe; the sanitised caption is the one ``Markup`` value. Pelican leaves
    autoescaping off for its own pages, so this is an overlay, not a change to the theme's
    environment.

    With a cache folder, compiled templates are kept there between builds (Jinja checks each
    against its source), so a rebuild that renders the credits page does not compile it and the
    theme's base template again. ``autoescape`` is off only for a benchmark that measures what
    it costs (``AUDIO_CLIPS_BENCH_OFF``).
    """
    loader = ChoiceLoader([env.loader, FileSystemLoader(PLUGIN_TEMPLATES)])
    # Not cached without autoescaping: Jinja compiles escaping into the code it caches.
    if cache_path is None or not autoescape:
        return env.overlay(loader=loader, autoescape=autoescape)
    folder = Path(cache_path, "templates")
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK):  # a read-only cache folder must not break the build
        return env.overlay(loader=loader, autoescape=autoescape)
    return env.overlay(
        loader=loader, autoescape=autoescape, bytecode_cache=FileSystemBytecodeCache(str(folder))
    )


def uses_fallback(env: Environment, name: str) -> bool:
    """True when ``name`` is found among the plugin's templates, not the theme's."""
    filename = env.loader.get_source(env, name)[1] or ""
    return os.path.dirname(os.path.abspath(filename)) == PLUGIN_TEMPLATES


def fallback_assets(env: Environment, config) -> dict[str, str]:
    """The files the plugin's own partial links, when this build uses it: the context key the
    partial reads -> the file's name in the plugin's templates folder (and in the media output).

    A theme with its own ``clip.html`` gets none: it styles and scripts its figures itself."""
    if not uses_fallback(env, config.template):
        return {}
    wanted = {
        "audio_clips_stylesheet": (config.stylesheet, STYLESHEET),
        "audio_clips_script": (config.script, SCRIPT),
    }
    return {key: name for key, (on, name) in wanted.items() if on}


def render_figures(
    html: str,
    headings: Sequence[Heading],
    clips: Sequence[Clip],
    template: Template,
    context: Mapping[str, object],
    compare_template: Template | None = None,
) -> dict[int, list[str]]:
    """Each clip rendered by ``template``, under the offset of ``html`` it goes to: the end of
    its section, or the end of the paragraph its ``after`` names. ``placement.insert`` puts
    them there; the reader also reads the ids the plugin wrote from them (not the whole page).

    ``first_on_page`` tells the partial which figure comes first, so the fallback partial links
    its optional stylesheet and script once; ``heading_level`` is one below the level of the clip's section
    heading (at most 6), for a partial that makes the clip's title a heading.

    A comparison (``comparisons.group``) takes the place of its first version: ``compare_template``
    receives it as ``comparison`` with ``versions``, a list of (clip, rendered partial) pairs whose
    titles are one heading level below the comparison's.
    """
    figures: dict[int, list[str]] = defaultdict(list)
    first = min(clips, key=lambda c: (_order(headings, c.section), c.number), default=None)
    levels = {h.id: h.level for h in headings}
    for shown in group(clips):
        lead = shown.clips[0] if isinstance(shown, Comparison) else shown
        level = min(6, levels.get(lead.section, 2) + 1)
        if lead.after is None:
            at = section_end(html, headings, lead.section)
        else:  # checked by reader.misplaced before anything is rendered
            at = paragraph_end(html, headings, lead.section, lead.after)
        if isinstance(shown, Comparison) and compare_template is not None:
            versions = [
                (
                    clip,
                    Markup(
                        template.render(
                            clip=clip,
                            first_on_page=clip is first,
                            heading_level=min(6, level + 1),
                            comparison=shown,
                            **context,
                        )
                    ),
                )
                for clip in shown.clips
            ]
            figures[at].append(
                compare_template.render(
                    comparison=shown, versions=versions, heading_level=level, **context
                )
            )
            continue
        for clip in shown.clips if isinstance(shown, Comparison) else (shown,):
            figures[at].append(
                template.render(
                    clip=clip, first_on_page=clip is first, heading_level=level, **context
                )
            )
    return figures


def _order(headings: Sequence[Heading], section: str) -> int:
    return next((i for i, h in enumerate(headings) if h.id == section), len(headings))


class Renderer:
    """The partial and its context, shared by a generator's readers (Pelican makes one reader per
    file extension); the template is compiled on first use, so a warm rebuild never compiles it."""

    def __init__(self, env: Environment, template_name: str, context: Mapping[str, object]):
        self.env = env
        self.template_name = template_name
        self.context = dict(context)
        self._template: Template | None = None
        self._compare: Template | None = None

    def notices(
        self, html: str, headings: Sequence[Heading], placed: Mapping[str, Sequence[Sequence]]
    ) -> str:
        """``html`` with a notice for each clip that could not be shown (see ``PROBLEM_TEMPLATE``):
        at the end of its section, or at the top for problems that belong to no section."""
        template = self.env.get_template(PROBLEM_TEMPLATE)
        rendered = {
            section: [template.render(problems=group, **self.context) for group in groups]
            for section, groups in placed.items()
        }
        top = rendered.pop("", [])
        html = place(html, headings, rendered)
        return "\n".join([*top, html]) if top else html

    def figures(
        self, html: str, headings: Sequence[Heading], clips: Sequence[Clip]
    ) -> dict[int, list[str]]:
        """The rendered figures by offset (:func:`render_figures`), for ``placement.insert``."""
        if self._template is None:
            self._template = self.env.get_template(self.template_name)
        if self._compare is None and any(c.compare for c in clips):
            self._compare = self.env.get_template(COMPARE_TEMPLATE)
        return render_figures(html, headings, clips, self._template, self.context, self._compare)
