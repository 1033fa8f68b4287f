"""Which tests are this essay's editorial checks, and whether the essay is here to check.

The engine's tests (plugin, theme, publishing, media pipeline on fixtures) hold for any site built
with this repository. tests/content checks the essay "Hearing the Movies" itself: its outline,
facts, word counts and clip catalogue. Those checks follow the essay by its slug, ``essay``: a fork
that replaces it (docs/publishing.md, "Make it yours") skips them with a one-line reason.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
ESSAY_SLUG = "essay"
REASON = (
    f"editorial check of the essay 'Hearing the Movies' (slug `{ESSAY_SLUG}`), "
    "which this site's content does not have"
)


def _slug_of(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    try:
        meta = yaml.safe_load(text[4:].split("\n---\n", 1)[0]) or {}
    except yaml.YAMLError:
        return None
    return str(meta.get("slug") or path.stem) if isinstance(meta, dict) else None


@cache
def has_essay() -> bool:
    """Whether content/ holds the essay this repository ships (an article with slug ``essay``)."""
    return any(_slug_of(path) == ESSAY_SLUG for path in CONTENT.glob("*.md"))


#: ``pytestmark = editorial`` in a test module: skip it on a site without this essay.
editorial = pytest.mark.skipif(not has_essay(), reason=REASON)


class SkippedModule(pytest.Module):
    """A test module of editorial checks, not imported: it reads the essay when imported."""

    def collect(self):
        pytest.skip(f"{self.path.relative_to(REPO).as_posix()}: {REASON}")
