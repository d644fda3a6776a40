"""The GitHub workflows: triggers, permissions, pins, what each job builds, and the commands they run.

The commands in the workflows' ``run:`` steps run here too, in a copy of this repository with the
example records and a fixed build clock, so CI cannot drift from what the tests prove. zizmor audits
the workflow files offline.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from sitebuild import REPO, init_repository

WORKFLOWS = REPO / ".github" / "workflows"
NOW = "2026-11-23T12:00:00Z"
BIN = Path(sys.executable).parent
MAJORS = {  # REFERENCE.md section 6
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
    "actions/upload-artifact": "v7",
}
OVERDUE = "incidentbook actions --overdue --format github"
# Jobs that run nothing of the repository (they talk to GitHub only), so they check nothing out.
NO_CHECKOUT = {("publish.yml", "deploy"), ("internal-site.yml", "visibility")}
# Workflows that act on an event's payload (a dispatch form, an issue, a comment): their commands run
# against recorded payloads in tests/site/test_declare_workflows.py.
EVENT_WORKFLOWS = {"declare.yml", "incident-issues.yml"}
# The jobs that write: Pages, and the record edits (push the record, start publish, reply on issues).
WRITERS = {
    ("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("declare.yml", "declare"): {"contents": "write", "actions": "write"},
    ("incident-issues.yml", "incident"): {"contents": "write", "actions": "write", "issues": "write"},
}
SHA = re.compile(r"[0-9a-f]{40}")
PUBLIC_BUILD = re.compile(r"mkdocs build\b.*(?:-f|--config-file)[ =]mkdocs\.public\.yml")


def workflow(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def all_workflows() -> dict[str, dict[str, Any]]:
    return {path.name: workflow(path.name) for path in sorted(WORKFLOWS.glob("*.yml"))}


def triggers(flow: dict[str, Any]) -> dict[str, Any]:
    """The ``on:`` mapping; YAML 1.1 (PyYAML) reads the key ``on`` as the boolean True."""
    value = flow["on"] if "on" in flow else flow[True]
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list):
        return dict.fromkeys(value)
    return value


def jobs() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, flow in all_workflows().items():
        for job_id, job in flow["jobs"].items():
            yield name, job_id, job


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job.get("steps", []) if "uses" in step]


def step_using(job: dict[str, Any], action: str) -> dict[str, Any] | None:
    return next((s for s in job.get("steps", []) if s.get("uses", "").split("@")[0] == action), None)


def shell_text(job: dict[str, Any]) -> str:
    """Every command a job runs: its ``run:`` steps plus the scripts under scripts/ that they call."""
    runs = [step["run"] for step in job.get("steps", []) if "run" in step]
    scripts = {s for run in runs for s in re.findall(r"scripts/[\w.-]+", run)}
    texts = runs + [(REPO / s).read_text(encoding="utf-8") for s in sorted(scripts)]
    lines = [line.strip() for text in texts for line in text.splitlines()]
    return "\n".join(line for line in lines if line and not line.startswith("#"))


def mkdocs_builds(job: dict[str, Any]) -> list[str]:
    return [line for line in shell_text(job).splitlines() if "mkdocs build" in line]


# -- triggers -------------------------------------------------------------------------------------

def cron_minutes(expression: str) -> list[int]:
    minute = expression.split()[0]
    assert re.fullmatch(r"\d+(,\d+)*", minute), f"{expression}: list the minutes, no */n"
    return [int(m) for m in minute.split(",")]


def test_pull_requests_check_and_never_use_pull_request_target() -> None:
    assert set(triggers(workflow("pull-request.yml"))) == {"pull_request"}
    for name, flow in all_workflows().items():
        assert "pull_request_target" not in triggers(flow), name


def test_publish_runs_on_push_to_main_on_a_schedule_and_by_hand() -> None:
    on = triggers(workflow("publish.yml"))
    assert set(on) == {"push", "schedule", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    minutes = sorted(m for entry in on["schedule"] for m in cron_minutes(entry["cron"]))
    assert [entry["cron"].split()[1:] for entry in on["schedule"]] == [["*"] * 4]
    assert len(minutes) == 4 and all(b - a == 15 for a, b in zip(minutes, minutes[1:]))


def test_every_schedule_avoids_round_minutes() -> None:
    """Scheduled runs are delayed and dropped most at :00 and other round minutes everyone picks."""
    for name, flow in all_workflows().items():
        for entry in triggers(flow).get("schedule") or []:
            assert all(m % 5 != 0 for m in cron_minutes(entry["cron"])), (name, entry)


def test_overdue_report_runs_daily_with_the_agreed_command() -> None:
    flow = workflow("overdue-actions.yml")
    on = triggers(flow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    [entry] = on["schedule"]
    minute, hour, *days = entry["cron"].split()
    assert hour.isdigit() and days == ["*", "*", "*"] and int(minute) % 5 != 0
    runs = [step["run"] for job in flow["jobs"].values() for step in job["steps"] if "run" in step]
    assert OVERDUE in runs


# -- job conditions -----------------------------------------------------------------------------------

# Event payloads as GitHub sends them (trimmed): a scheduled run's payload names the schedule and the
# workflow and nothing else, so github.event.repository is null there.
REPOSITORY = {"full_name": "acme/incidents", "name": "incidents", "owner": {"login": "acme"}}
PAYLOADS: dict[str, dict[str, Any]] = {
    "schedule": {"schedule": "13 5 * * *", "workflow": ".github/workflows/internal-site.yml"},
    "push": {"ref": "refs/heads/main", "before": "0" * 40, "after": "1" * 40, "repository": REPOSITORY,
             "pusher": {"name": "ana"}, "sender": {"login": "ana"}},
    "workflow_dispatch": {"inputs": {}, "ref": "refs/heads/main", "repository": REPOSITORY, "sender": {"login": "ana"},
                          "workflow": ".github/workflows/internal-site.yml"},
}
_TOKEN = re.compile(r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||!|\(|\))"
                    r"|(?P<path>[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*))")


def _tokens(expression: str) -> list[tuple[str, str]]:
    text = expression.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    found, at = [], 0
    while text[at:].strip():
        match = _TOKEN.match(text, at)
        assert match, f"the test's evaluator does not know {text[at:]!r}: extend it"
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        at = match.end()
    return found


def _loose_equal(a: object, b: object) -> bool:
    """GitHub's ==: strings compare ignoring case, other mixed types as numbers."""
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    if type(a) is type(b):
        return a == b

    def number(value: object) -> float:
        if value is None or isinstance(value, bool):
            return float(bool(value))
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return float("nan")

    return number(a) == number(b)


def evaluate(expression: str, contexts: dict[str, Any]) -> object:
    """The value of a workflow expression made of context paths, literals, ! == != && || and brackets.

    A path through a missing property is null, as in GitHub; an expression using anything else (a
    function such as contains()) fails the test, so the evaluator is extended rather than guessing.
    """
    tokens = _tokens(expression)
    at = 0

    def peek() -> str | None:
        return tokens[at][1] if at < len(tokens) and tokens[at][0] == "op" else None

    def primary() -> object:
        nonlocal at
        kind, text = tokens[at]
        at += 1
        if text == "(":
            value = either()
            assert peek() == ")", expression
            at += 1
            return value
        if text == "!":
            return not primary()
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if kind == "number":
            return float(text)
        if text in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[text]
        assert kind == "path", expression
        value: Any = contexts
        for part in text.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def comparison() -> object:
        nonlocal at
        left = primary()
        while peek() in ("==", "!="):
            op = peek()
            at += 1
            equal = _loose_equal(left, primary())
            left = equal if op == "==" else not equal
        return left

    def both() -> object:
        nonlocal at
        left = comparison()
        while peek() == "&&":
            at += 1
            right = comparison()
            left = right if left else left
        return left

    def either() -> object:
        nonlocal at
        left = both()
        while peek() == "||":
            at += 1
            right = both()
            left = left if left else right
        return left

    value = either()
    assert at == len(tokens), f"{expression!r}: unexpected {tokens[at][1]!r}"
    return value


def job_runs(job: dict[str, Any], event: str, private: bool) -> bool:
    """Whether a job's ``if:`` holds for ``event`` in a private or a public repository, its needs done.

    Visibility reaches a job two ways: the event payload's repository (absent on schedules) and the
    ``visibility`` job's output, which asks the API and so is there on every event.
    """
    payload = PAYLOADS[event]
    if "repository" in payload:
        payload = {**payload, "repository": {**payload["repository"], "private": private}}
    contexts = {
        "github": {"event_name": event, "event": payload, "repository": "acme/incidents", "repository_owner": "acme"},
        "needs": {"visibility": {"result": "success", "outputs": {"private": "true" if private else "false"}}},
    }
    return bool(evaluate(job["if"], contexts)) if "if" in job else True


def test_the_evaluator_sees_why_the_old_gate_skipped_every_scheduled_run() -> None:
    old = {"if": "github.event.repository.private"}
    assert job_runs(old, "push", private=True) and job_runs(old, "workflow_dispatch", private=True)
    assert not job_runs(old, "schedule", private=True)
    assert evaluate("github.event_name != 'pull_request' && (needs.visibility.outputs.private == 'TRUE')",
                    {"github": {"event_name": "push"}, "needs": {"visibility": {"outputs": {"private": "true"}}}})


@pytest.mark.parametrize("private", [True, False], ids=["private", "public"])
def test_every_job_of_a_scheduled_workflow_decides_alike_for_every_trigger(private: bool) -> None:
    """A gate that reads what a schedule's payload lacks skips scheduled runs for ever, silently."""
    scheduled = {name: flow for name, flow in all_workflows().items() if "schedule" in triggers(flow)}
    assert set(scheduled) == {"internal-site.yml", "overdue-actions.yml", "publish.yml"}
    for name, flow in scheduled.items():
        events = [event for event in triggers(flow) if event in PAYLOADS]
        assert "schedule" in events
        for job_id, job in flow["jobs"].items():
            decisions = {event: job_runs(job, event, private) for event in events}
            expected = private or (name, job_id) != ("internal-site.yml", "internal-site")
            assert decisions == dict.fromkeys(events, expected), (name, job_id, job.get("if"))


# -- permissions and hardening ------------------------------------------------------------------------

def test_workflows_read_only_except_the_pages_deploy_and_record_edit_jobs() -> None:
    for name, flow in all_workflows().items():
        assert flow["permissions"] == {"contents": "read"}, name
    writers = {(name, job_id): job["permissions"] for name, job_id, job in jobs() if "permissions" in job}
    assert writers == WRITERS
    deploy = workflow("publish.yml")["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy) == ["actions/deploy-pages"] and all("run" not in step for step in deploy["steps"])


def test_a_pages_deployment_is_never_cancelled() -> None:
    concurrency = workflow("publish.yml")["concurrency"]
    assert concurrency["cancel-in-progress"] is False and concurrency["group"]


def test_actions_are_pinned() -> None:
    seen = set()
    for name, job_id, job in jobs():
        for step in job.get("steps", []):
            if "uses" not in step:
                continue
            action, _, ref = step["uses"].partition("@")
            seen.add(action)
            if action.startswith("actions/"):
                major = MAJORS[action]
                assert ref == major or ref.startswith(major + ".") or SHA.fullmatch(ref), (name, job_id, step)
            else:
                assert SHA.fullmatch(ref), f"{name}/{job_id}: pin third-party {action} to a full commit SHA"
    assert seen == set(MAJORS)


def test_checkout_and_python_setup() -> None:
    for name, job_id, job in jobs():
        checkout = step_using(job, "actions/checkout")
        python = step_using(job, "actions/setup-python")
        if (name, job_id) in NO_CHECKOUT:
            assert checkout is None and python is None
            continue
        assert checkout and checkout["with"]["persist-credentials"] in (False, "false"), (name, job_id)
        assert python and python["with"]["cache"] == "pip", (name, job_id)
        assert python["with"]["cache-dependency-path"] == "pyproject.toml", (name, job_id)


def test_installs() -> None:
    for name, job_id, job in jobs():
        if (name, job_id) in NO_CHECKOUT:
            continue
        runs = [step["run"] for step in job["steps"] if "run" in step]
        expected = "pip install -e '.[test]'" if job_id == "test" else "pip install -e ."
        assert runs[0] == expected, (name, job_id)
    test_runs = [s["run"] for s in workflow("pull-request.yml")["jobs"]["test"]["steps"] if "run" in s]
    assert any(run.startswith("python -m pytest") for run in test_runs)


def test_no_expressions_in_run_steps() -> None:
    for name, job_id, job in jobs():
        for step in job.get("steps", []):
            assert "${{" not in step.get("run", ""), (name, job_id, step)


# -- what is built and where it goes ---------------------------------------------------------------

def test_pages_jobs_build_only_the_public_site_and_scan_it() -> None:
    pages_jobs = [(name, job_id, job) for name, job_id, job in jobs() if "actions/upload-pages-artifact" in uses(job)]
    assert [(name, job_id) for name, job_id, _ in pages_jobs] == [("publish.yml", "build")]
    for _, _, job in pages_jobs:
        builds = mkdocs_builds(job)
        assert builds and all(PUBLIC_BUILD.search(line) for line in builds), builds
        assert "--strict" in builds[0]
        text = shell_text(job)
        assert text.index("mkdocs build") < text.index("incidentbook leakscan")
        call = next(s["run"] for s in job["steps"] if "scripts/build-public-site.sh" in s.get("run", ""))
        assert call == "scripts/build-public-site.sh site-public"
        assert step_using(job, "actions/upload-pages-artifact")["with"]["path"] == "site-public"
    assert workflow("publish.yml")["jobs"]["deploy"]["needs"] == "build"


def test_the_internal_site_never_reaches_pages() -> None:
    internal_jobs = 0
    for name, job_id, job in jobs():
        internal = any(not PUBLIC_BUILD.search(line) for line in mkdocs_builds(job))
        if not internal:
            continue
        internal_jobs += 1
        assert not {"actions/upload-pages-artifact", "actions/deploy-pages"} & set(uses(job)), (name, job_id)
        assert "permissions" not in job, (name, job_id)
        for other_id, other in workflow(name)["jobs"].items():
            needs = other.get("needs", [])
            assert job_id not in ([needs] if isinstance(needs, str) else needs), (name, other_id)
    assert internal_jobs == 2
    assert "pages: write" not in (WORKFLOWS / "internal-site.yml").read_text(encoding="utf-8")


def test_the_internal_site_is_an_artifact_of_private_repositories_only() -> None:
    flow = workflow("internal-site.yml")
    job = flow["jobs"]["internal-site"]
    assert job["needs"] == "visibility" and job["if"] == "needs.visibility.outputs.private == 'true'"
    visibility = flow["jobs"]["visibility"]
    assert "if" not in visibility and visibility["outputs"] == {"private": "${{ steps.repository.outputs.private }}"}
    [ask] = visibility["steps"]
    assert ask["id"] == "repository" and ask["env"] == {"GH_TOKEN": "${{ github.token }}"}
    assert ask["run"] == 'echo "private=$(gh api "repos/$GITHUB_REPOSITORY" --jq .private)" >> "$GITHUB_OUTPUT"'
    assert mkdocs_builds(job) == ["mkdocs build --strict -d site"]
    upload = step_using(job, "actions/upload-artifact")["with"]
    assert upload["path"] == "site" and 1 <= int(upload["retention-days"]) <= 7


def test_pull_requests_upload_only_the_public_preview() -> None:
    flow = workflow("pull-request.yml")
    assert set(flow["jobs"]) == {"check", "public-site", "internal-site", "test"}
    uploads = [(job_id, step_using(job, "actions/upload-artifact")) for job_id, job in flow["jobs"].items()]
    assert [(job_id, step["with"]["path"]) for job_id, step in uploads if step] == [("public-site", "site-public")]
    assert mkdocs_builds(flow["jobs"]["internal-site"]) == ["mkdocs build --strict -d site"]
    assert "incidentbook check --format github" in shell_text(flow["jobs"]["check"])


# -- the commands themselves ------------------------------------------------------------------------

def workflow_commands() -> list[str]:
    """Every distinct ``run:`` command, except installing the package, the test run itself and the
    commands of jobs that only ask GitHub (they need its API, not the repository)."""
    commands: list[str] = []
    for name, job_id, job in jobs():
        if (name, job_id) in NO_CHECKOUT or name in EVENT_WORKFLOWS:
            continue
        for step in job.get("steps", []):
            run = step.get("run", "").strip()
            if run and not run.startswith(("pip install", "python -m pytest")) and run not in commands:
                commands.append(run)
    return commands


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository as actions/checkout leaves it, so builds never touch the shared tree."""
    target = tmp_path_factory.mktemp("checkout") / "repo"

    def skip(folder: str, names: list[str]) -> set[str]:
        local = {".git", ".venv", "site", "site-public", "test-artifacts", ".pytest_cache", ".hypothesis"}
        return {n for n in names if n == "__pycache__" or (Path(folder) == REPO and n in local)}

    shutil.copytree(REPO, target, ignore=skip, symlinks=True)
    return target


def run_step(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a ``run:`` step as GitHub does (bash -eo pipefail), with the example records' build clock."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    env.update(INCIDENTBOOK_NOW=NOW, NO_MKDOCS_2_WARNING="1", PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("command", workflow_commands())
def test_workflow_command_succeeds_on_the_example_records(command: str, checkout: Path) -> None:
    result = run_step(command, checkout)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    # The overdue report may exit 1 to turn the daily run red when actions are overdue.
    allowed = {0, 1} if command == OVERDUE else {0}
    assert result.returncode in allowed, output[-3000:]
    if "build-public-site.sh" in command:
        assert "no internal data in site-public" in result.stderr


def test_the_example_public_build_catches_a_planted_leak(checkout: Path) -> None:
    """The real public build of the examples passes the scan; the same site with one drill title planted fails."""
    built = run_step("scripts/build-public-site.sh planted-site", checkout)
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    drill = next(p for p in (checkout / "incidents").rglob("*.md") if re.search(r"^drill: true$", p.read_text(), re.M))
    title = re.search(r"^title: (.+)$", drill.read_text(encoding="utf-8"), re.M).group(1).strip().strip('"')
    with (checkout / "planted-site" / "index.html").open("a", encoding="utf-8") as handle:
        handle.write(f"<p>{title}</p>")
    scanned = run_step("incidentbook leakscan planted-site --records incidents", checkout)
    assert scanned.returncode == 1
    assert "index.html: internal record title" in scanned.stdout and title not in scanned.stdout


def zizmor(folder: Path) -> list[dict[str, Any]]:
    """zizmor's findings for a workflows folder, offline, with the broadest persona."""
    exe = shutil.which("zizmor", path=str(BIN)) or shutil.which("zizmor")
    assert exe, "zizmor is missing: pip install -e '.[test]'"
    result = subprocess.run([exe, "--offline", "--persona", "auditor", "--format", "json", "--no-exit-codes",
                             str(folder)], capture_output=True, text=True, timeout=300, cwd=folder)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def high(findings: list[dict[str, Any]]) -> list[str]:
    return [
        f"{f['ident']} at {Path(f['locations'][0]['symbolic']['key']['Local']['verbatim_path']).name}:"
        f"{f['locations'][0]['concrete']['location']['start_point']['row'] + 1}"
        for f in findings if f["determinations"]["severity"] == "High"
    ]


def test_zizmor_finds_nothing_of_high_severity() -> None:
    assert high(zizmor(WORKFLOWS)) == []


def test_zizmor_would_catch_an_injection(tmp_path: Path) -> None:
    """The audit above really looks: an unsafe workflow next to ours is reported."""
    folder = tmp_path / ".github" / "workflows"
    shutil.copytree(WORKFLOWS, folder)
    shutil.copy(REPO / ".github" / "zizmor.yml", tmp_path / ".github" / "zizmor.yml")
    (folder / "unsafe.yml").write_text(
        "on: pull_request\npermissions: {contents: read}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    assert [item.split(" at ")[0] for item in high(zizmor(folder))] == ["template-injection"]


def test_zizmor_finds_nothing_in_the_workflows_init_writes(tmp_path: Path) -> None:
    """The workflows of a repository made by ``incidentbook init`` pass the same audit as ours."""
    repo = init_repository(tmp_path / "acme")
    assert high(zizmor(repo / ".github" / "workflows")) == []
