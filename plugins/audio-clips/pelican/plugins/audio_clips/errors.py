"""The plugin's one exception type, and the problem records it carries.

Every content mistake becomes a :class:`Problem` naming the file, the clip and the field, plus what
would fix it. Problems are collected for the whole site; :class:`ClipError` carries one or more.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace

_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def display_path(path: str) -> str:
    """A path as authors know it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def ordinal(n: int) -> str:
    """1 -> '1st', 12 -> '12th', 22 -> '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


def clip_label(number: int | None, clip_id: str | None = None) -> str:
    """How a clip is named in messages: "clip 'maple-leaf-rag' (2nd)" or "clip 2"."""
    if number is None:
        return ""
    if clip_id:
        return f"clip '{clip_id}' ({ordinal(number)})"
    return f"clip {number}"


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, transpositions.

    Authors swap letters ('lisence'), which difflib's ratio scores poorly.
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


def closest(word: str, choices, cutoff: float = 0.6) -> str | None:
    """The choice most like ``word`` (case-insensitive), or None when none is close."""
    import difflib  # only when a word is misspelt: the build of a correct site never loads it

    word = str(word).casefold()
    best, best_score = None, 0.0
    for choice in choices:
        candidate = str(choice)
        folded = candidate.casefold()
        distance = edit_distance(word, folded)
        score = max(
            difflib.SequenceMatcher(None, word, folded).ratio(),
            1 - distance / max(len(word), len(folded), 1),
        )
        if score > best_score:
            best, best_score = candidate, score
    return best if best_score >= cutoff else None


def did_you_mean(word: str, choices, cutoff: float = 0.6) -> str:
    """ "did you mean 'x'?" when a choice is close to ``word``, else ''."""
    match = closest(word, choices, cutoff)
    return f"did you mean '{match}'?" if match else ""


@dataclass(frozen=True)
class Problem:
    """One mistake: where it is, which clip and field, what is wrong and how to fix it.

    Code that knows only the value it checks (a field parser, the prober) leaves ``path``,
    ``clip`` and ``line`` empty and says where in the clip the value sits (``where``); the code
    that knows the file fills them in with :meth:`located`.
    """

    path: str
    """File the mistake is in, relative to the working directory where possible."""
    message: str
    """What is wrong."""
    clip: str = ""
    """The clip, as :func:`clip_label` names it ('' for file-level problems)."""
    field: str = ""
    """The front-matter key (or setting) at fault ('' when the whole clip or file is)."""
    fix: str = ""
    """What would fix it."""
    line: int | None = None
    """1-based line in the file, when known."""
    where: tuple = ()
    """Keys and indexes of the value inside its clip, e.g. ``('listen_for', 2, 'at')``: how the
    line is found once the file is known."""
    index: int | None = None
    """0-based position of the clip in its ``clips:`` list (None for file-level problems): how a
    notice finds its clip's section without reading the label back."""
    clip_id: str = ""
    """The clip's id, when it has one."""

    def located(
        self, path: str, clip: str = "", line_of=None, index: int | None = None, clip_id: str = ""
    ) -> Problem:
        """This problem in ``path``, for ``clip``; ``line_of(where)`` gives the line."""
        line = self.line
        if line is None and line_of is not None:
            line = line_of(self.where or ((self.field,) if self.field else ()))
        return replace(
            self,
            path=path or self.path,
            clip=clip or self.clip,
            line=line,
            index=self.index if index is None else index,
            clip_id=clip_id or self.clip_id,
        )

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        parts = [where] if where else []
        if self.clip:
            parts.append(self.clip)
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        return f"{text} — {self.fix}" if self.fix else text


class ClipError(Exception):
    """The plugin's one exception: bad clips, bad front matter, unreadable media, bad settings.

    Carries every :class:`Problem` found, so one run reports them all.
    """

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def message(self) -> str:
        return self.problems[0].message

    @property
    def fix(self) -> str:
        return self.problems[0].fix

    def located(self, path: str, clip: str = "", line_of=None) -> list[Problem]:
        """Every problem, placed in ``path`` and ``clip`` (see :meth:`Problem.located`)."""
        return [problem.located(path, clip, line_of) for problem in self.problems]


def bad(message: str, fix: str = "", field: str = "", where: tuple = ()) -> ClipError:
    """A problem with one value, before the file and clip are known (raise the result)."""
    return ClipError(Problem("", message, field=field, fix=fix, where=where))


class BuildFailed(SystemExit):
    """Ends a strict build with exit status 1 once every page that could be written was written.

    A ``SystemExit`` so that Pelican's command line does not print a traceback for an author's
    mistake; the problems themselves were already logged one per line.
    """

    def __init__(self, summary: str):
        super().__init__(summary)
        self.summary = summary
        self.code = 1

    def __str__(self) -> str:
        return self.summary


def stop_build(summary: str) -> None:
    """End a failed strict build, once its errors are logged: exit status 1 from ``pelican``.

    Under Pelican's autoreload loop (``pelican -r``, ``make devserver``) the build returns
    instead, so the loop waits for the next change: it ends on a ``SystemExit`` (with ``-lr``
    the server then serves old pages that are never rebuilt), and after any other exception it
    builds again at once, without waiting.
    """
    if _under_autoreload():
        logging.getLogger(__name__).warning(
            "audio_clips: pelican -r: fix the problems above and save: the site is rebuilt"
        )
        return
    raise BuildFailed(summary)


def _under_autoreload() -> bool:
    """Whether Pelican's public ``pelican.autoreload`` loop is running this build."""
    import inspect

    import pelican

    loop = getattr(getattr(pelican, "autoreload", None), "__code__", None)
    frame = inspect.currentframe()
    while frame is not None and loop is not None:
        if frame.f_code is loop:
            return True
        frame = frame.f_back
    return False
