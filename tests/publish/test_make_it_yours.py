"""docs/publishing.md, "Make it yours", run for real: a clean copy of the repository with this
essay replaced by a minimal one-clip essay passes the tests that read the site, and this essay's
editorial checks skip there with their one-line reason.

Why this is still a proof without running the suite twice: the guide's steps change only the
site's own inputs (``SITE_INPUTS``: ``content/`` and the settings files), which
``test_the_guide_changes_only_the_site_inputs`` asserts on the real copy. A test that reads only
code, media or content of its own (the plugin's throwaway sites, the fixture site of the browser
tests) has byte-identical inputs in the copy, so its result there is the result the main run
already has. The tests that read the site's inputs run again in the copy: the modules in
``SITE_MODULES`` whole, and the browser tests that tests/conftest.py marks ``reads_site`` because
they take the real site, each in one of its variants (width, colour scheme, pointer): a test
that assumes this essay fails in any of them, and every variant of the theme, which the copy does
not change, runs in the main run. ``test_every_test_that_reads_the_site_runs_in_the_fork`` fails
when a test module starts reading the site any other way without being listed.

(The fixture site is built with this checkout's settings, whose only changes in the fork are the
site's name, author and subtitle: printed as text, which the publish tests check on the fork's
own pages.)

The copy holds the files git knows (``git ls-files``), with their times, and shares this checkout's
virtual environment and node_modules, so the Makefile's install stamps stay valid and nothing is
installed (the plugins installed editable still load from this checkout, whose code is the same).
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.editorial import REASON

from .site_build import ROOT
from .site_readers import MARKED, SITE_MODULES

GUIDE = ROOT / "docs" / "publishing.md"
STEP = re.compile(r"<!-- make-it-yours: (settings|file|run) ?(\S*) -->\n```\w*\n(.*?)```", re.S)
INNER = "MAKE_IT_YOURS_COPY"
"""Set in the copy's environment, so that this test does not run again inside the copy."""

#: What "Make it yours" may change: the site's own content and settings, nothing of the engine.
SITE_INPUTS = ("content/", "pelicanconf.py", "publishconf.py")

#: How a test module shows that it reads the site other than through the marked fixtures.
READS_SITE = re.compile(r"site_build|REPO / \"content\"|ROOT / \"content\"|reuse")


def steps() -> list[tuple[str, str, str]]:
    found = STEP.findall(GUIDE.read_text(encoding="utf-8"))
    kinds = [kind for kind, _, _ in found]
    assert kinds.count("settings") == 1 and kinds.count("file") >= 2 and "run" in kinds, kinds
    return found


def apply_step(root: Path, kind: str, target: str, body: str) -> None:
    """Do what one block of the guide says, in ``root``."""
    if kind == "file":
        (root / target).write_text(body, encoding="utf-8")
    elif kind == "settings":
        path = root / target
        text = path.read_text(encoding="utf-8")
        for line in body.strip().splitlines():
            name = line.split("=", 1)[0].strip()
            text, count = re.subn(rf"^{name} = .*$", lambda _m, line=line: line, text, flags=re.M)
            assert count == 1, f"{target}: the guide changes {name}, which is set {count} times"
        path.write_text(text, encoding="utf-8")
    else:
        subprocess.run(["bash", "-euo", "pipefail", "-c", body], cwd=root, check=True)


def tracked_files() -> list[str]:
    """The files a clone has: git's list, or (in a copy without .git, as this test makes) every
    file but the installed tools and the build's output."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0 and (ROOT / ".git").exists():
        names = [n.decode() for n in listed.stdout.split(b"\0") if n]
        return [name for name in names if (ROOT / name).is_file()]
    skipped = {".venv", "node_modules", "output", "cache", "test-artifacts", ".hypothesis"}
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*")
        if path.is_file()
        and not skipped & set(path.relative_to(ROOT).parts)
        and "__pycache__" not in path.parts
    )


def clean_copy(destination: Path, names: list[str] | None = None) -> Path:
    """The repository as a fresh clone has it (tracked and new files), times kept."""
    for name in tracked_files() if names is None else names:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    if names is None:
        for shared in (".venv", "node_modules"):
            if (ROOT / shared).exists():
                (destination / shared).symlink_to(ROOT / shared)
    return destination


def changed_files(original: Path, copy: Path) -> set[str]:
    """Paths (relative) that differ between two trees of git-known files, both ways."""
    mine = {p.relative_to(original).as_posix() for p in original.rglob("*") if p.is_file()}
    theirs = {p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()}
    both = mine & theirs
    differ = {name for name in both if not filecmp.cmp(original / name, copy / name, shallow=False)}
    return differ | (mine ^ theirs)


def test_the_guide_steps_are_written_to_be_run():
    for kind, target, body in steps():
        assert body.strip(), (kind, target)
        if kind != "run":
            assert (ROOT / target).is_file(), f"the guide replaces {target}, which does not exist"


def test_the_steps_can_be_replayed_on_a_fork_that_followed_them(tmp_path):
    """A site owner who already did what the guide says runs `make test`: the fork test replays
    the steps on that fork, so every step must succeed again and change nothing more."""
    names = ["pelicanconf.py", "publishconf.py", *(t for k, t, _ in steps() if k == "file")]
    names += [n for n in tracked_files() if n.startswith("content/")]
    root = clean_copy(tmp_path / "fork", sorted(set(names)))
    for step in steps():
        apply_step(root, *step)
    once = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    for step in steps():
        apply_step(root, *step)
    again = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert again == once


def test_every_test_that_reads_the_site_runs_in_the_fork():
    listed = [ROOT / name for name in SITE_MODULES]
    unlisted = []
    for module in sorted((ROOT / "tests").rglob("test_*.py")):
        if module.name == Path(__file__).name or any(
            module == path or path in module.parents for path in listed
        ):
            continue
        if READS_SITE.search(module.read_text(encoding="utf-8")):
            unlisted.append(module.relative_to(ROOT).as_posix())
    assert not unlisted, f"these tests read the site but would not run in the fork: {unlisted}"
    assert all(path.exists() for path in listed), [p for p in listed if not p.exists()]
    assert all((ROOT / path).exists() for path in MARKED)


def test_the_modules_that_read_the_site_are_marked_for_the_fork(request):
    """The copy chooses its tests by the ``reads_site`` mark, which tests/conftest.py gives every
    test in ``SITE_MODULES`` (this module is one), not only those with the site's fixtures."""
    assert request.node.get_closest_marker("reads_site")


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    """A clean copy of this checkout with the guide's steps done."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    # The shared environment must be current, so that `make` in the copy installs nothing.
    subprocess.run(["make", "-s", "venv", "venv-test"], cwd=ROOT, env=env, check=True)
    root = clean_copy(tmp_path_factory.mktemp("make-it-yours") / "fork")
    for kind, target, body in steps():
        apply_step(root, kind, target, body)
    return root, env


@pytest.mark.skipif(bool(os.environ.get(INNER)), reason="already inside the make-it-yours copy")
def test_the_guide_changes_only_the_site_inputs(fork, tmp_path):
    root, _ = fork
    original = clean_copy(tmp_path / "original", tracked_files())
    changed = changed_files(original, root)
    assert "content/essay.md" in changed
    engine = sorted(name for name in changed if not name.startswith(SITE_INPUTS))
    assert not engine, f"the guide changes files outside the site's inputs: {engine}"


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.skipif(bool(os.environ.get(INNER)), reason="already inside the make-it-yours copy")
def test_a_fork_with_its_own_one_clip_essay_passes_the_site_tests(fork, tmp_path):
    root, env = fork
    assert "slug: essay" not in (root / "content" / "essay.md").read_text(encoding="utf-8")
    python = str(ROOT / ".venv" / "bin" / "python")
    pytest_args = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfEs", "-n", "2"]
    # One run: the modules that read the site whole, and the browser tests that take the real
    # site, each of those in one of its variants (tests/conftest.py, --one-variant).
    selection = ["-m", "reads_site", "--one-variant", *SITE_MODULES, *MARKED]
    result = subprocess.run(
        [*pytest_args, *selection],
        cwd=root,
        env={**env, INNER: "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=1500,
    )
    failures = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    report = "\n".join(failures) + "\n" + result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert re.search(r"\b\d+ passed\b", result.stdout), report
    # This essay's checks skipped, each module with the one-line reason; nothing else failed.
    skipped = [line for line in result.stdout.splitlines() if REASON in line]
    for module in sorted((ROOT / "tests" / "content").glob("test_*.py")):
        name = module.relative_to(ROOT).as_posix()
        assert any(name in line for line in skipped), f"{name} did not skip:\n{report}"
    built = subprocess.run(
        ["make", "-s", "html", f"OUTPUTDIR={tmp_path / 'out'}"], cwd=root, env=env, check=False
    )
    assert built.returncode == 0
    page = (tmp_path / "out" / "the-chase" / "index.html").read_text(encoding="utf-8")
    assert "Listening Notes" in page and 'id="clip-photoplay-agitato"' in page
