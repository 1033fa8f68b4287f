"""`make help` is the contributor's map: every target a person may type is listed with one line."""

from __future__ import annotations

import re
import subprocess

from tests.support.sites import REPO

#: Targets that exist only as steps of others (stamps and install steps people never type).
INTERNAL: set[str] = set()


def phony_targets() -> set[str]:
    names: set[str] = set()
    for path in [REPO / "Makefile", *sorted((REPO / "mk").glob("*.mk"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(".PHONY:"):
                names.update(line.split(":", 1)[1].split())
    return names


def test_every_target_is_listed_with_a_description():
    shown = subprocess.run(
        ["make", "-s", "--no-print-directory", "help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = dict(re.findall(r"^  make (\S+)\s+(.+)$", shown, re.M))
    missing = sorted(phony_targets() - INTERNAL - set(listed) - {"help"})
    assert not missing, f"make help does not list: {', '.join(missing)} (add '## …' to its line)"
    assert all(len(text) > 10 for text in listed.values()), listed
    assert {"serve", "test", "test-quick"} <= set(listed)
