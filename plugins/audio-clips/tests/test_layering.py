"""DEVELOPING.md's module table is the package's layering: a module imports only modules listed
below it. This reads every import of every module (lazy imports inside functions too) and the
table, so neither can drift from the other. Functions stay short enough to read in one go."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
MODULES = PACKAGE / "pelican" / "plugins" / "audio_clips"
#: Functions longer than the limit, each to be split by the change that is under way for it.
LONG_FOR_NOW: set[tuple[str, str]] = set()
LIMIT = 100


def table_order() -> list[set[str]]:
    """Module names by row of DEVELOPING.md's table, top row first (one row may name several)."""
    text = (PACKAGE / "DEVELOPING.md").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            rows.append(set(re.findall(r"`([\w]+)\.py`", first_cell)))
    return rows


def imports_of(module: str) -> set[str]:
    """Sibling modules ``module`` imports, anywhere in its code."""
    tree = ast.parse((MODULES / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "pelican.plugins.audio_clips."
        ):
            found.add(node.module.split(".")[3])
    return found


def test_every_module_is_in_the_table_once():
    rows = table_order()
    listed = [name for row in rows for name in row]
    on_disk = sorted(p.stem for p in MODULES.glob("*.py"))
    assert sorted(listed) == on_disk


def test_imports_only_go_down_the_table():
    rank = {name: index for index, row in enumerate(table_order()) for name in row}
    upward = [
        f"{module} imports {imported}"
        for module in rank
        for imported in sorted(imports_of(module))
        if imported in rank and rank[imported] <= rank[module] and imported != module
    ]
    assert upward == []


def test_no_function_is_longer_than_the_limit():
    long = []
    for path in sorted(MODULES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > LIMIT and (path.stem, node.name) not in LONG_FOR_NOW:
                    long.append(f"{path.stem}.{node.name}: {length} lines")
    assert long == []
