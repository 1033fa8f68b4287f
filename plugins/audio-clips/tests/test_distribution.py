"""The package as a stranger reads it before installing (fast checks; test_package.py installs
it): what its messages tell them to run, how the README installs it, what its metadata says,
and whether its `test` extra holds what its own tests import."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
SOURCE = PACKAGE / "pelican" / "plugins" / "audio_clips"
PROJECT = tomllib.loads((PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
README = (PACKAGE / "README.md").read_text(encoding="utf-8")
#: Commands that exist only in the plugin's home repository (its Makefile and tools/).
HOME_ONLY = re.compile(
    r"\bmake\s+(clips|notation|serve|html|check|test|publish|bench|lint|venv)\b|\btools/"
)
#: The README's install line while no release is on a package index.
INSTALL = re.compile(
    r'pip install "pelican-audio-clips @ git\+https://github\.com/OWNER/REPO'
    r'#subdirectory=plugins/audio-clips"'
)


def messages(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string a module can show: its literals, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_message_names_a_command_only_the_home_repository_has():
    """A stranger told to "run 'make clips'" has no such command: say what to do instead."""
    found = [
        f"{path.name}:{line}: {text}"
        for path in sorted(SOURCE.glob("*.py"))
        for line, text in messages(path)
        if HOME_ONLY.search(text)
    ]
    for template in sorted((SOURCE / "templates").glob("*.html")):
        shown = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        found += [f"{template.name}: {m.group(0)}" for m in HOME_ONLY.finditer(shown)]
    assert not found, "\n".join(found)


def test_the_home_only_pattern_finds_what_it_must():
    assert HOME_ONLY.search("run 'make clips' to engrave it")
    assert HOME_ONLY.search("see tools/notation")
    assert not HOME_ONLY.search("make every format from the same master")


def test_the_readme_installs_from_the_repository_until_a_release_exists():
    """`pip install pelican-audio-clips` fails while no release is on a package index."""
    assert INSTALL.search(README), "the README's install line"
    assert "\npip install pelican-audio-clips\n" not in README
    assert "OWNER/REPO" in README.split(INSTALL.search(README).group(0), 1)[1][:1200], (
        "the README must say what OWNER/REPO stands for, next to the install line"
    )


def test_the_version_says_unreleased_while_the_changelog_does():
    """1.0.0 with a large "Unreleased" section claims a release that does not exist."""
    changelog = (PACKAGE / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = re.search(r"^## (.+)$", changelog, re.M).group(1)
    version = PROJECT["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+)?", version), version
    if "Unreleased" in newest:
        assert version.endswith(".dev0"), f"{version} while the changelog's newest is {newest!r}"
        assert newest.startswith(version.removesuffix(".dev0") + " "), (version, newest)
    else:
        assert newest.startswith(version), (version, newest)


def test_the_project_urls_name_the_repository_the_release_fills_in():
    urls = PROJECT["urls"]
    assert {"Homepage", "Source", "Changelog", "Issues"} <= set(urls)
    for name, url in urls.items():
        assert url.startswith("https://github.com/OWNER/REPO"), (name, url)
    assert urls["Changelog"].endswith("plugins/audio-clips/CHANGELOG.md")


#: Import name -> distribution, for what the tests import from outside the standard library.
DISTRIBUTIONS = {
    "bs4": "beautifulsoup4",
    "yaml": "pyyaml",
    "axe_playwright_python": "axe-playwright-python",
}
#: Modules of the suite itself, and of the home repository (imported only when present).
LOCAL = {"clipsite", "sidecars", "browsing", "conftest", "pelican", "tools", "recording_fixture"}


def declared() -> set[str]:
    # DEVELOPING.md installs the `test` and `prepare` extras (the prepare tests measure audio).
    extras = PROJECT["optional-dependencies"]
    names = [*PROJECT["dependencies"], *extras["test"], *extras["prepare"]]
    return {re.split(r"[<>=!~\[; ]", name, maxsplit=1)[0].lower() for name in names}


def test_the_test_extra_holds_everything_the_tests_use():
    """DEVELOPING.md's `pip install -e 'plugins/audio-clips[test]'` must be enough to run them:
    every module they import, html5lib (a parser named by string) and pytest-timeout (the
    `timeout` option of the home repository's pytest settings)."""
    imported = set()
    for path in (PACKAGE / "tests").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    third_party = {
        name
        for name in imported
        if name not in sys.stdlib_module_names
        and name not in LOCAL
        and not name.startswith("test_")
    }
    needed = {DISTRIBUTIONS.get(name, name).lower().replace("_", "-") for name in third_party}
    needed |= {"html5lib", "pytest-timeout"}
    assert needed - declared() == set()
