"""tests/content holds this essay's editorial checks (see tests/editorial.py).

On a site without the essay, their modules are skipped before they are imported: several read
the essay at import time to parametrize their tests.
"""

from __future__ import annotations

from tests.editorial import SkippedModule, has_essay


def pytest_pycollect_makemodule(module_path, parent):
    if not has_essay():
        return SkippedModule.from_parent(parent, path=module_path)
    return None
