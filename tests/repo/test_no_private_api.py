"""No code of ours uses another package's private API (the developers' guide; issue 21 found
``pelican.plugins._utils`` and pelican-yaml-metadata's ``_parse_yaml_metadata`` in use).

Private means a module or a name that starts with one underscore, imported from a package that
is not this repository's own: it may change in any release without notice.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: Where our Python lives (tests are included: they must not lean on internals either).
ROOTS = ("plugins", "tools", "bench", "tests", "pelicanconf.py", "publishconf.py")
#: Our own packages: their underscored names are ours to use.
OURS = (
    "pelican.plugins.audio_clips",
    "pelican.plugins.site_extras",
    "pelican.plugins.theme_assets",
)


def private(dotted: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in dotted.split("."))


def ours(module: str) -> bool:
    top = module.split(".", maxsplit=1)[0]
    local = (REPO / top).exists() or (REPO / "bench" / f"{top}.py").exists()
    return module.startswith(OURS) or local


def findings(path: Path, root: Path = REPO) -> list[str]:
    """Each private import of ``path``, as ``file:line: statement`` (the file relative to ``root``)."""
    found = []
    shown = path.relative_to(root)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if ours(node.module):
                continue
            names = [a.name for a in node.names]
            if private(node.module) or any(private(n) for n in names):
                found.append(f"{shown}:{node.lineno}: from {node.module} import {', '.join(names)}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if private(alias.name) and not ours(alias.name):
                    found.append(f"{shown}:{node.lineno}: import {alias.name}")
    return found


def python_files() -> list[Path]:
    files = []
    for root in ROOTS:
        where = REPO / root
        files.extend([where] if where.is_file() else sorted(where.rglob("*.py")))
    return [f for f in files if ".venv" not in f.parts and "node_modules" not in f.parts]


def test_the_check_finds_a_private_import(tmp_path):
    # Written outside the repository: another worker may be scanning it at the same moment.
    sample = tmp_path / "sample.py"
    sample.write_text("from pelican.plugins._utils import plugin_enabled\n", encoding="utf-8")
    assert findings(sample, tmp_path) == [
        "sample.py:1: from pelican.plugins._utils import plugin_enabled"
    ]


def test_no_private_api_of_another_package():
    found = [line for path in python_files() for line in findings(path)]
    assert found == []
