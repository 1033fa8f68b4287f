"""The generator that publishes what the clips use: the audio and notation files, the credits
page, and the build's verdict.

Pelican runs it after the article and page generators, so every valid page is already written
when a strict build stops. On a build without clips it only looks for stray sidecars and gives its
verdict: what publishing clips needs (templates, credits, links) is imported when there are clips.
"""

from __future__ import annotations

import logging
import os
import shutil
from fnmatch import fnmatch
from pathlib import Path

from pelican.generators import Generator

from . import settings
from .configs import config_for
from .detect import PROBLEMS_KEY, looks_like_sidecar
from .errors import display_path, stop_build

logger = logging.getLogger(__name__)

#: Context key of the list that collects duplicate-id reports while pages are written.
DUPLICATES_KEY = "audio_clips_duplicate_ids"


class ClipsGenerator(Generator):
    """Publishes the media the clips use, writes the credits page, and fails a strict build last."""

    def generate_context(self):
        self.config = config_for(self.settings)
        files = self._content_files()
        self.strays = []
        if any(looks_like_sidecar(os.path.basename(f)) for f in files):
            from .sidecar import stray_sidecars

            self.strays = stray_sidecars(files, self.readers.extensions, display_path)
        for problem in self.strays:
            logger.error("%s", problem)
        self.clips_used = [
            (clip, content) for content in published(self.context) for clip in clips_of(content)
        ]
        self.all_clips = []
        self.with_problems = []
        for content in everything(self.context):
            clips = clips_of(content)
            self.all_clips.extend(clips)
            if clips and self.config.relative_urls:
                # An article from Pelican's generator cache still points at the context of the
                # build that read it, so Pelican would resolve its links against that build's
                # page location; point it at this build's.
                content._context = self.context
            if content.metadata.get(PROBLEMS_KEY):
                self.with_problems.append(display_path(content.source_path))
        self.assets = ()
        self.context["clips_used"] = self.clips_used
        self.context[DUPLICATES_KEY] = self.duplicate_ids = []
        self.context["clip_credits"] = []
        if self.all_clips:
            self._with_clips()

    def _with_clips(self) -> None:
        """What a build with clips adds: the site-wide licence check, the plugin's templates,
        the fallback partial's assets, the clips' links and the credits."""
        from .consistency import one_licence_per_recording
        from .credits import group_credits
        from .markup import fallback_assets, with_plugin_templates

        one_licence_per_recording(everything(self.context), self.config)
        self.env = with_plugin_templates(self.env, self.config.cache_path)
        # The fallback partial's stylesheet and script, published when a figure may link them.
        self.assets = tuple(fallback_assets(self.env, self.config).values())
        self._register_links()
        self.context["clip_credits"] = group_credits(self.clips_used)
        if self.writes_credits:
            # For a theme's menu: {{ SITEURL }}/{{ audio_clips_credits_url }} (README, "Credits").
            self.context["audio_clips_credits_url"] = self.config.credits_url

    @property
    def writes_credits(self) -> bool:
        """A credits page is written when a published page plays a clip and it is not off."""
        config = self.config
        return bool(self.clips_used and config.credits_save_as and config.credits_template)

    def _register_links(self) -> None:
        """Make the clips' ``{filename}/@audio_clips/…`` links resolvable when pages are written."""
        from .links import PublishedFile, register_links

        links = self.context.setdefault("generated_content", {})
        register_links(links, self.all_clips, self.config)
        for name in self.assets:
            links[settings.LINK_PREFIX + name] = PublishedFile(self.config.media_href(name))

    unwritable = ""

    def generate_output(self, writer):
        self._publish_media()
        self._publish_assets()
        credits_clash = self._write_credits(writer) if self.writes_credits else ""
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
        if credits_clash:
            reasons.append(credits_clash)
        if self.unwritable:
            reasons.append(f"the media could not be written to {self.unwritable}")
        if self.strays:
            reasons.append(
                f"{len(self.strays)} file(s) named like a sidecar are read by no article"
            )
        if failed:
            reasons.append(f"{len(failed)} file(s) could not be published: {', '.join(failed)}")
        if self.duplicate_ids:
            reasons.append(f"{len(self.duplicate_ids)} id(s) used twice on the written pages")
        if reasons:
            summary = "; ".join(reasons) + " (see the errors above)"
            if self.config.strict:
                logger.error("Build failed: %s", summary)
                stop_build(f"Build failed: {summary}")
                return  # under Pelican's autoreload: logged, waiting for the next change
            logger.error("%s; serving the rest", summary)

    def _content_files(self) -> list[str]:
        """Every file below the article and page folders, as Pelican walks them: folders in
        ``IGNORE_FILES`` skipped, and sidecar-like files it ignores (matching the patterns
        against every name would cost more than the rest of the walk)."""
        ignores = self.settings["IGNORE_FILES"]
        found = []
        for folder in dict.fromkeys(
            [*self.settings["ARTICLE_PATHS"], *self.settings["PAGE_PATHS"]]
        ):
            root = os.path.join(self.path, folder) if folder else self.path
            for here, folders, names in os.walk(root, followlinks=True):
                folders[:] = [d for d in folders if not any(fnmatch(d, i) for i in ignores)]
                found.extend(
                    os.path.join(here, name)
                    for name in names
                    if not (looks_like_sidecar(name) and any(fnmatch(name, i) for i in ignores))
                )
        return list(dict.fromkeys(found))

    def _write_credits(self, writer) -> str:
        """Write the credits page; a page already written at its address (``slug: credits``)
        is one error naming both and the setting to change, not Pelican's traceback."""
        try:
            from pelican.writers import FileOverwriteFailedError
        except ImportError:  # Pelican before 4.11 raises a plain RuntimeError for it
            FileOverwriteFailedError = RuntimeError

        save_as = self.config.credits_save_as
        try:
            writer.write_file(
                save_as,
                self.env.get_template(self.config.credits_template),
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False),
                page_name=self.config.credits_url.rstrip("/") or "credits",
                url=self.config.credits_url,
            )
        except FileOverwriteFailedError:
            owner = next(
                (
                    getattr(content, "source_path", "")
                    for content in published(self.context)
                    if getattr(content, "save_as", None) == save_as
                ),
                "another page",
            )
            logger.error(
                "audio_clips: the credits page and %s are both written to %s — give that page "
                "another slug, or move the credits with AUDIO_CLIPS_CREDITS_SAVE_AS and "
                "AUDIO_CLIPS_CREDITS_URL (or set AUDIO_CLIPS_CREDITS_SAVE_AS = '' to leave "
                "the credits page out)",
                owner,
                save_as,
            )
            return f"the credits page clashes with {owner} at {save_as}"
        return ""

    def _publish_media(self) -> None:
        """Copy every file a clip uses into the output (skipping ones already up to date).

        A file that cannot be written (an output folder without permission, a full disk) is one
        logged line naming it, and the build's verdict counts it; it is never a traceback.
        """
        target_root = Path(self.output_path, self.config.output_dir)
        relatives = dict.fromkeys(relative for clip in self.all_clips for relative in clip.files)
        pairs = [(Path(self.config.media_path, r), target_root / r) for r in relatives]
        folders: set[Path] = set()  # made once each, not once a file
        # A chapters file is named by its content, so clips that share one write it once.
        chapters = {c.chapters.path: c.chapters.text for c in self.all_clips if c.chapters}
        try:
            for origin, target in pairs:
                if not _up_to_date(origin, target):
                    _make_folder(target.parent, folders)
                    _link_or_copy(origin, target)
            for relative, text in chapters.items():
                _write_if_changed(target_root / relative, text, folders)
        except OSError as error:
            where = error.filename or target_root
            logger.error(
                "audio_clips: cannot write %s (%s) — check that the output folder is writable "
                "and the disk has room",
                where,
                error.strerror or type(error).__name__,
            )
            self.unwritable = str(where)

    def _publish_assets(self) -> None:
        """Write the fallback partial's stylesheet and script beside the media, when changed."""
        if not self.assets:
            return
        from .markup import PLUGIN_TEMPLATES

        folders: set[Path] = set()
        for name in self.assets:
            text = Path(PLUGIN_TEMPLATES, name).read_text(encoding="utf-8")
            _write_if_changed(Path(self.output_path, self.config.output_dir, name), text, folders)


def _up_to_date(origin: Path, target: Path) -> bool:
    """The fast path of a rebuild: same size and modification time (copies keep the source's),
    and a file of its own (a hard link left by an older build shares the source's inode, so
    it is replaced by a copy)."""
    try:
        here, there = origin.stat(), target.stat()
    except FileNotFoundError:
        return False
    return (
        here.st_size == there.st_size
        and here.st_mtime_ns == there.st_mtime_ns
        and (here.st_dev, here.st_ino) != (there.st_dev, there.st_ino)
    )


def _make_folder(folder: Path, made: set[Path]) -> None:
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def _write_if_changed(target: Path, text: str, folders: set[Path]) -> None:
    """Write a generated file (a chapters track, a stylesheet), leaving an identical one
    untouched."""
    data = text.encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        return
    _make_folder(target.parent, folders)
    target.write_bytes(data)


def _link_or_copy(origin: Path, target: Path) -> None:
    """Put a copy of ``origin`` at ``target``: a reflink where the file system shares blocks
    (Btrfs, XFS, APFS through copy_file_range), else a plain copy, with the source's times.

    Never a hard link: a tool that edits output/ (a tagger, an optimiser, a deploy step) would
    edit the repository's media through it. The copy is written beside the target and renamed
    over it, so a server reading the old file never sees half of the new one.
    """
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.unlink(missing_ok=True)
        with origin.open("rb") as source, partial.open("wb") as copy:
            cloned = _reflink(source, copy)
        if not cloned:
            shutil.copyfile(origin, partial)  # sendfile(2) on Linux: the bytes stay in the kernel
        shutil.copystat(origin, partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _reflink(source, copy) -> bool:
    """Clone the file's blocks (FICLONE) when the file system can; False when it cannot."""
    try:
        import fcntl

        fcntl.ioctl(copy.fileno(), _FICLONE, source.fileno())
    except (ImportError, OSError):
        return False
    return True


#: Linux's ioctl that makes a file share another's blocks (copy-on-write).
_FICLONE = 0x40049409


def clips_of(content) -> tuple:
    """The clip records (``records.Clip``) of a content object; anything else under ``clips``
    is not ours. The records are imported only when there is something to look at."""
    clips = getattr(content, "clips", None)
    if not clips or not isinstance(clips, tuple):
        return ()
    from .records import Clip

    return clips if all(isinstance(c, Clip) for c in clips) else ()


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
