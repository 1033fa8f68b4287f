"""Build the site exactly as the Pages workflow builds it (the command is read from pages.yml)."""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
PAGES_WORKFLOW = WORKFLOWS / "pages.yml"
REPO_NAME = "hearing-the-movies"
"""The sub-path the site is served under, as https://<owner>.github.io/<repo>/ would be."""


def load_workflow(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def build_step() -> dict:
    """The step of pages.yml that builds the site (the step with ``id: build``)."""
    steps = load_workflow(PAGES_WORKFLOW)["jobs"]["build"]["steps"]
    matches = [step for step in steps if step.get("id") == "build"]
    assert len(matches) == 1, "pages.yml: the build job needs exactly one step with `id: build`"
    return matches[0]


def build_like_the_workflow(output: Path, siteurl: str) -> subprocess.CompletedProcess:
    """Run the workflow's build command with its environment, into ``output``.

    The only differences from the runner: SITEURL is the local server's address instead of
    ``steps.pages.outputs.base_url``, and OUTPUTDIR points into a temporary folder so that the
    test never touches the developer's output/.
    """
    step = build_step()
    assert step.get("env") == {"SITEURL": "${{ steps.pages.outputs.base_url }}"}, (
        "pages.yml: the build step must take SITEURL from configure-pages' base_url, "
        f"and nothing else; it has env={step.get('env')!r}"
    )
    command = [*shlex.split(step["run"]), f"OUTPUTDIR={output}"]
    # A clean environment for make: no state of an outer make (make test), SITEURL as the runner's.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    env["SITEURL"] = siteurl
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"`{shlex.join(command)}` with SITEURL={siteurl} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    return result


@dataclass(frozen=True)
class Site:
    output: Path
    """The built site."""
    base_url: str
    """Where it is served: http://127.0.0.1:<port>/<repo>/ (ends with '/')."""
    siteurl: str
    """SITEURL as the workflow passes it: base_url without the trailing slash."""

    def url_of(self, path: Path) -> str:
        """The URL a file of the output is served at ('a/index.html' → '…/a/')."""
        rel = path.relative_to(self.output).as_posix()
        if rel == "index.html":
            rel = ""
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.base_url + rel

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))
