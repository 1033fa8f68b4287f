"""The generator that publishes what the clips use: the audio and notation files, the credits
page, and the build's verdict.

Pelican runs it after the article and page generators, so every valid page is already written
when a strict build stops.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from pelican.generators import Generator

from . import settings
from .configs import config_for
from .credits import group_credits
from .errors import BuildFailed
from .links import PublishedFile, register_links
from .markup import PLUGIN_TEMPLATES, uses_fallback, with_plugin_templates
from .reader import PROBLEMS_KEY
from .records import Clip

logger = logging.getLogger(__name__)

#: The fallback partial's optional stylesheet, published beside the media when it is used.
STYLESHEET = "audio-clips.css"
#: Context key of the list that collects duplicate-id reports while pages are written.
DUPLICATES_KEY = "audio_clips_duplicate_ids"


class ClipsGenerator(Generator):
    """Publishes the media the clips use, writes the credits page, and fails a strict build last."""

    def generate_context(self):
        self.config = config_for(self.settings)
        self.clips_used = []
        self.all_clips = []
        for content in published(self.context):
            for clip in clips_of(content):
                self.clips_used.append((clip, content))
        self.with_problems = []
        for content in everything(self.context):
            self.all_clips.extend(clips_of(content))
            if clips_of(content) and self.config.relative_urls:
                # An article from Pelican's generator cache still points at the context of the
                # build that read it, so Pelican would resolve its links against that build's
                # page location; point it at this build's.
                content._context = self.context
            if content.metadata.get(PROBLEMS_KEY):
                self.with_problems.append(content.source_path)
        self.env = with_plugin_templates(self.env, self.config.cache_path)
        self.stylesheet = bool(
            self.all_clips
            and self.config.stylesheet
            and uses_fallback(self.env, self.config.template)
        )
        self._register_links()
        self.context["clips_used"] = self.clips_used
        self.context[DUPLICATES_KEY] = self.duplicate_ids = []
        self.context["clip_credits"] = group_credits(self.clips_used)

    def _register_links(self) -> None:
        """Make the clips' ``{filename}/@audio_clips/…`` links resolvable when pages are written."""
        links = self.context.setdefault("generated_content", {})
        register_links(links, self.all_clips, self.config)
        if self.stylesheet:
            links[settings.LINK_PREFIX + STYLESHEET] = PublishedFile(
                self.config.media_href(STYLESHEET)
            )

    def generate_output(self, writer):
        self._publish_media()
        if self.clips_used and self.config.credits_save_as and self.config.credits_template:
            writer.write_file(
                self.config.credits_save_as,
                self.env.get_template(self.config.credits_template),
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False),
                page_name=self.config.credits_url.rstrip("/") or "credits",
                url=self.config.credits_url,
            )
        failed = sorted(
            path
            for path, content in self.context.get("generated_content", {}).items()
            if content is None
        )
        if self.with_problems:  # not strict: published with notices in place of the bad clips
            logger.error(
                "%d page(s) show clip problems in place of their clips: %s",
                len(self.with_problems),
                ", ".join(sorted(self.with_problems)),
            )
        reasons = []
        if failed:
            reasons.append(f"{len(failed)} file(s) could not be published: {', '.join(failed)}")
        if self.duplicate_ids:
            reasons.append(f"{len(self.duplicate_ids)} id(s) used twice on the written pages")
        if reasons:
            summary = "; ".join(reasons) + " (see the errors above)"
            if self.config.strict:
                logger.error("Build failed: %s", summary)
                raise BuildFailed(f"Build failed: {summary}")
            logger.error("%s; serving the rest", summary)

    def _publish_media(self) -> None:
        """Copy every file a clip uses into the output (skipping ones already up to date)."""
        target_root = Path(self.output_path, self.config.output_dir)
        relatives = dict.fromkeys(relative for clip in self.all_clips for relative in clip.files)
        pairs = [(Path(self.config.media_path, r), target_root / r) for r in relatives]
        if self.stylesheet:
            pairs.append((Path(PLUGIN_TEMPLATES, STYLESHEET), target_root / STYLESHEET))
        folders: set[Path] = set()  # made once each, not once a file
        for origin, target in pairs:
            if target.is_file():
                here, there = origin.stat(), target.stat()
                if here.st_size == there.st_size and here.st_mtime_ns == there.st_mtime_ns:
                    continue
            _make_folder(target.parent, folders)
            _link_or_copy(origin, target)
        # A chapters file is named by its content, so clips that share one write it once.
        chapters = {c.chapters.path: c.chapters.text for c in self.all_clips if c.chapters}
        for relative, text in chapters.items():
            _write_if_changed(target_root / relative, text, folders)


def _make_folder(folder: Path, made: set[Path]) -> None:
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def _write_if_changed(target: Path, text: str, folders: set[Path]) -> None:
    """Write a generated file (a chapters track), leaving an identical one untouched."""
    data = text.encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        return
    _make_folder(target.parent, folders)
    target.write_bytes(data)


def _link_or_copy(origin: Path, target: Path) -> None:
    """Hard-link the file into the output (instant, no extra space), or copy it where links fail."""
    target.unlink(missing_ok=True)
    try:
        os.link(origin, target)
    except OSError:
        shutil.copy2(origin, target)


def clips_of(content) -> tuple[Clip, ...]:
    """The clip records of a content object; anything else under ``clips`` is not ours."""
    clips = getattr(content, "clips", None)
    if isinstance(clips, tuple) and all(isinstance(c, Clip) for c in clips):
        return clips
    return ()


def published(context):
    """Articles and pages that get a page of their own, with their translations."""
    return everything(context, ("articles", "pages"))


def everything(
    context,
    names=("articles", "pages", "drafts", "hidden_articles", "hidden_pages", "draft_pages"),
):
    """Content objects of the given context lists, with their translations, each once."""
    seen = set()
    for name in names:
        for item in context.get(name, ()):
            for each in (item, *getattr(item, "translations", ())):
                if id(each) not in seen:
                    seen.add(id(each))
                    yield each
