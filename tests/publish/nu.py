"""The Nu HTML Checker (npm `vnu-jar`, run with the machine's Java), for HTML and CSS.

npm's vnu-jar follows the checker's releases, so it knows current CSS; `make npm-deps` (part of
`make test`) installs it from package.json into node_modules/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .site_build import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: The only CSS findings allowed: properties every current browser supports that the checker's
#: CSS grammar does not know. Each is (what the checker says, why the stylesheet uses it).
ALLOWED_CSS_FINDINGS = {
    "“vector-effect”: Property “vector-effect” doesn't exist.": (
        "SVG 2 `vector-effect: non-scaling-stroke` keeps the waveform's moment marks 1.5 px wide "
        "however far the waveform is stretched; Chrome, Firefox and Safari support it."
    ),
    "“pointer-events”: “bounding-box” is not a “pointer-events” value.": (
        "SVG 2 `pointer-events: bounding-box` makes a click anywhere in a note's box (head, stem, "
        "accidental) seek, not only on its ink; supported by Chrome and Safari, and Firefox "
        "falls back to the ink, which still works."
    ),
}


def run_vnu(paths, *options: str) -> list[dict]:
    """The checker's messages (its JSON report) for ``paths``."""
    java = shutil.which("java")
    assert java, "the Nu checker needs Java: install default-jre-headless (.ci/apt/publish.txt)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make npm-deps`"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *options]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    text = next(
        (line for line in (result.stderr + result.stdout).splitlines() if line.startswith("{")),
        None,
    )
    assert text, f"the Nu checker printed no JSON report:\n{result.stdout}\n{result.stderr}"
    return json.loads(text)["messages"]


def errors_in(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def file_of(message: dict) -> str:
    return message.get("url", "").removeprefix("file:")


def describe(message: dict, root: Path) -> str:
    where = file_of(message).removeprefix(str(root) + "/")
    return (
        f"{where}:{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: "
        f"{message.get('message')}  [{(message.get('extract') or '').strip()}]"
    )


def css_message(message: dict) -> str:
    """The finding without the checker's "CSS: " prefix, as ALLOWED_CSS_FINDINGS lists it."""
    return str(message.get("message", "")).removeprefix("CSS: ").strip()
