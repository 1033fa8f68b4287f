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

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    Template,
    meta,
)

from .placement import place
from .records import Clip

PLUGIN_TEMPLATES = str(Path(__file__).with_name("templates"))


def with_plugin_templates(env: Environment, cache_path: str | None = None) -> Environment:
    """The generator's Jinja environment, falling back to the plugin's own templates.

    With a cache folder, compiled templates are kept there between builds (Jinja checks each
    against its source), so a rebuild that renders the credits page does not compile it and the
    theme's base template again.
    """
    loader = ChoiceLoader([env.loader, FileSystemLoader(PLUGIN_TEMPLATES)])
    if cache_path is None:
        return env.overlay(loader=loader)
    folder = Path(cache_path, "templates")
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK):  # a read-only cache folder must not break the build
        return env.overlay(loader=loader)
    return env.overlay(loader=loader, bytecode_cache=FileSystemBytecodeCache(str(folder)))


def place_figures(
    html: str, clips: Sequence[Clip], template: Template, context: Mapping[str, object]
) -> str:
    """``html`` with each clip rendered by ``template`` at the end of its section, in list order."""
    figures: dict[str, list[str]] = defaultdict(list)
    for clip in clips:
        figures[clip.section].append(template.render(clip=clip, **context))
    return place(html, figures)


def template_files(env: Environment, name: str) -> tuple[tuple[str, str], ...]:
    """(name, file) of the partial and every template it includes, imports or extends.

    A cached figure is stale when one of these files changes; Jinja's own parser finds them, so
    a theme can split its partial however it likes. A name computed at render time cannot be
    known in advance, so then every template counts.
    """
    found: dict[str, str] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        source, filename, _ = env.loader.get_source(env, current)
        found[current] = filename or ""
        for ref in meta.find_referenced_templates(env.parse(source)):
            if ref is None:
                pending.extend(env.list_templates())
            else:
                pending.append(ref)
    return tuple(sorted(found.items()))


class Renderer:
    """The partial and its context, shared by a generator's readers (Pelican makes one reader per
    file extension); the template is compiled on first use, so a warm rebuild never compiles it."""

    def __init__(self, env: Environment, template_name: str, context: Mapping[str, object]):
        self.env = env
        self.template_name = template_name
        self.context = dict(context)
        self._template: Template | None = None

    def place(self, html: str, clips: Sequence[Clip]) -> str:
        if self._template is None:
            self._template = self.env.get_template(self.template_name)
        return place_figures(html, clips, self._template, self.context)
