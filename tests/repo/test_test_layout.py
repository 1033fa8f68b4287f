"""How the suite is laid out: each package's tests beside it, shared helpers in support modules
(never imported from another test module, so a test file can be moved, renamed or deleted on its
own)."""

from __future__ import annotations

import ast
import tomllib

from tests.support.sites import REPO

PACKAGES = sorted(path.parent for path in (REPO / "plugins").glob("*/pyproject.toml"))


def test_every_package_has_its_own_tests_and_the_suite_runs_them():
    testpaths = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "pytest"
    ]["ini_options"]["testpaths"]
    for package in PACKAGES:
        tests = package / "tests"
        assert any(tests.glob("test_*.py")), f"{package.name} has no tests of its own"
        assert tests.relative_to(REPO).as_posix() in testpaths, f"{tests} is not in testpaths"


def test_no_test_module_imports_another():
    offenders = []
    for module in sorted(
        [*REPO.glob("tests/**/test_*.py"), *REPO.glob("plugins/*/tests/test_*.py")]
    ):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.rsplit(".", 1)[-1].startswith("test_"):
                    offenders.append(f"{module.relative_to(REPO)} imports {name}")
    assert not offenders, "move shared helpers into a support module:\n" + "\n".join(offenders)
