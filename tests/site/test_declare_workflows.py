"""The declare and incident-issues workflows, run as the publish workflow is tested.

Their ``run:`` steps (all but checkout, setup-python and the install) run with bash in a git copy of
the example repository, against recorded GitHub event payloads: the dispatch form's inputs, an issue
form's body and ``/incident`` comments. ``gh`` is a fake on PATH that logs its arguments, so the
reply and the publish dispatch are seen; ``git push`` goes to a bare repository standing for GitHub.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from sitebuild import REPO, init_repository

WORKFLOWS = REPO / ".github" / "workflows"
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "declare-incident.yml"
SCAFFOLD = REPO / "plugins" / "incidentbook" / "scaffold" / "files" / "github"
BIN = Path(sys.executable).parent
NOW = "2026-11-23T12:00:00Z"
EVIL_TITLE = '"; rm -rf / # $(touch /tmp/PWNED) `touch /tmp/PWNED`'
EVIL_MESSAGE = "$(id) and $(touch /tmp/PWNED) ${HOME} '; touch /tmp/PWNED; '"
REPOSITORY = {"full_name": "acme/incidents", "name": "incidents", "default_branch": "main", "owner": {"login": "acme"}}
FAKE_GH = """#!/bin/bash
printf 'gh %s\\n' "$*" >> "$GH_LOG"
while [ $# -gt 0 ]; do
  if [ "$1" = --body-file ]; then printf -- '--- body\\n' >> "$GH_LOG"; cat "$2" >> "$GH_LOG"; fi
  shift
done
"""


def flow(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def the_job(name: str) -> dict[str, Any]:
    [job] = flow(name)["jobs"].values()
    return job


# -- recorded payloads, shaped like GitHub's -----------------------------------------------------

def dispatch(**inputs: str) -> dict[str, Any]:
    return {"inputs": inputs, "ref": "refs/heads/main", "repository": REPOSITORY, "sender": {"login": "ana", "id": 1001},
            "workflow": ".github/workflows/declare.yml"}


def form_body(title: str, severity: str = "major", components: str = "web-app=partial_outage",
              visibility: str = "public", message: str | None = None) -> str:
    """An issue form's body as GitHub renders it: one ``### Label`` section per field."""
    values = [("Title", title), ("Severity", severity), ("Components", components or "_No response_"),
              ("Visibility", visibility), ("Message", message or "_No response_")]
    return "\n\n".join(f"### {label}\n\n{value}" for label, value in values)


def issue(number: int = 42, body: str | None = None, login: str = "ana", association: str = "MEMBER") -> dict[str, Any]:
    return {"number": number, "title": "[Incident]: checkout", "body": body or form_body("Checkout down"),
            "user": {"login": login, "id": 1001}, "author_association": association,
            "labels": [{"name": "incident"}], "state": "open"}


def opened(**kwargs: Any) -> dict[str, Any]:
    found = issue(**kwargs)
    return {"action": "opened", "issue": found, "repository": REPOSITORY, "sender": found["user"]}


def comment(body: str, login: str = "ben", association: str = "COLLABORATOR", number: int = 42) -> dict[str, Any]:
    return {"action": "created", "comment": {"id": 9, "body": body, "user": {"login": login, "id": 1002},
                                             "author_association": association},
            "issue": issue(number=number), "repository": REPOSITORY, "sender": {"login": login, "id": 1002}}


# -- running a workflow's steps -----------------------------------------------------------------

@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git copy of the example repository with ``origin``, a bare repository standing for GitHub."""
    work = tmp_path / "repo"
    shutil.copytree(REPO / "incidents", work / "incidents")
    for name in ("mkdocs.yml", "mkdocs.public.yml"):
        shutil.copy(REPO / name, work / name)
    shutil.copytree(REPO / "plugins" / "incidentbook" / "schemas", work / "plugins" / "incidentbook" / "schemas")
    git(work.parent, "init", "--quiet", "-b", "main", str(work))
    git(work, "add", ".")
    git(work, "-c", "user.name=Setup", "-c", "user.email=setup@example.com", "commit", "--quiet", "-m", "examples")
    git(tmp_path, "clone", "--quiet", "--bare", str(work), str(tmp_path / "github.git"))
    git(work, "remote", "add", "origin", str(tmp_path / "github.git"))
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "gh").write_text(FAKE_GH)
    (tmp_path / "bin" / "gh").chmod(0o755)
    (tmp_path / "home").mkdir()
    (tmp_path / "temp").mkdir()
    return work


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd.parent / "home") if (cwd.parent / "home").is_dir() else os.environ.get("HOME", "/tmp")}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def lookup(path: str, contexts: dict[str, Any]) -> Any:
    value: Any = contexts
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def expand(text: str, contexts: dict[str, Any]) -> str:
    """``${{ a.b.c }}`` in an ``env:`` value: these workflows use plain context paths only."""
    def one(match: re.Match[str]) -> str:
        value = lookup(match.group(1), contexts)
        return "" if value is None else str(value)
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", one, text)


def condition(expression: str | None, contexts: dict[str, Any], failed: bool) -> bool:
    """A step's ``if:``: terms joined by && of always(), PATH == 'text' and PATH != 'text'."""
    if expression is None:
        return not failed
    always = False
    for term in (t.strip() for t in expression.split("&&")):
        if term == "always()":
            always = True
            continue
        match = re.fullmatch(r"([\w.-]+) (==|!=) '([^']*)'", term)
        assert match, f"the test does not know the condition {term!r}: extend it"
        equal = str(lookup(match.group(1), contexts) or "") == match.group(3)
        if equal != (match.group(2) == "=="):
            return False
    return always or not failed


def run_workflow(name: str, event: str, payload: dict[str, Any], repo: Path, actor: str = "ana",
                 actor_id: str = "1001") -> dict[str, Any]:
    """Run the job's own steps as GitHub would, after checkout and install; returns what happened."""
    root = repo.parent
    event_path = root / "event.json"
    event_path.write_text(json.dumps(payload), encoding="utf-8")
    gh_log = root / "gh.log"
    gh_log.write_text("")
    contexts: dict[str, Any] = {"github": {"event": payload, "event_name": event, "token": "ghs_fake", "actor": actor},
                                "steps": {}}
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GIT_", "RUNNER_"))}
    base.update(
        GITHUB_EVENT_NAME=event, GITHUB_EVENT_PATH=str(event_path), GITHUB_ACTOR=actor, GITHUB_ACTOR_ID=actor_id,
        GITHUB_REPOSITORY="acme/incidents", GITHUB_SERVER_URL="https://github.com", GITHUB_RUN_ID="77",
        RUNNER_TEMP=str(root / "temp"), GH_LOG=str(gh_log), HOME=str(root / "home"), GIT_CONFIG_NOSYSTEM="1",
        INCIDENTBOOK_NOW=NOW, PATH=f"{root / 'bin'}{os.pathsep}{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    failed, results = False, []
    for step in the_job(name)["steps"]:
        if "run" not in step or step["run"].startswith("pip install"):
            continue
        if not condition(step.get("if"), contexts, failed):
            if "id" in step:
                contexts["steps"][step["id"]] = {"outcome": "skipped", "outputs": {}}
            continue
        output = root / "temp" / f"output-{len(results)}"
        output.write_text("")
        env = {**base, "GITHUB_OUTPUT": str(output)}
        env.update({key: expand(str(value), contexts) for key, value in (step.get("env") or {}).items()})
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo,
                                env=env, capture_output=True, text=True, timeout=300)
        assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        if "id" in step:
            contexts["steps"][step["id"]] = {"outcome": "success" if result.returncode == 0 else "failure",
                                             "outputs": outputs}
        failed = failed or result.returncode != 0
        results.append((step.get("name"), result))
    return {"steps": results, "failed": failed, "gh": gh_log.read_text(), "reply": (root / "temp" / "reply.md").read_text()
            if (root / "temp" / "reply.md").exists() else ""}


def pushed(repo: Path) -> list[tuple[str, str]]:
    """(author, subject) of each commit GitHub received after the examples."""
    log = git(repo.parent / "github.git", "log", "--format=%an <%ae>%x09%s", "main")
    return [tuple(line.split("\t", 1)) for line in log.splitlines()][:-1]  # type: ignore[misc]


def new_record(repo: Path) -> Path:
    changed = git(repo, "diff", "--name-only", "HEAD~1", "HEAD").split()
    [path] = changed
    return repo / path


def check(repo: Path) -> None:
    result = subprocess.run([str(BIN / "incidentbook"), "check", "incidents"], cwd=repo, capture_output=True,
                            text=True, env={**os.environ, "INCIDENTBOOK_NOW": NOW})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(autouse=True)
def no_planted_file() -> Any:
    Path("/tmp/PWNED").unlink(missing_ok=True)
    yield
    assert not Path("/tmp/PWNED").exists(), "a title or message was executed"


# -- the workflow files -------------------------------------------------------------------------

def test_the_dispatch_form_has_the_inputs_and_the_job_writes_only_what_it_must() -> None:
    declare = flow("declare.yml")
    on = declare["on"] if "on" in declare else declare[True]
    inputs = on["workflow_dispatch"]["inputs"]
    assert set(on) == {"workflow_dispatch"}
    assert {"action", "title", "severity", "components", "visibility", "record", "status", "message"} == set(inputs)
    assert all(inputs[name]["type"] == "choice" for name in ("action", "severity", "visibility", "status"))
    assert inputs["action"]["options"] == ["declare", "update", "resolve"]
    assert declare["concurrency"] == flow("incident-issues.yml")["concurrency"]
    assert declare["concurrency"]["cancel-in-progress"] is False


def test_issue_workflow_triggers_and_skips_other_comments() -> None:
    issues = flow("incident-issues.yml")
    on = issues["on"] if "on" in issues else issues[True]
    assert on == {"issues": {"types": ["opened", "edited"]}, "issue_comment": {"types": ["created"]}}
    gate = issues["jobs"]["incident"]["if"]
    assert "startsWith(github.event.comment.body, '/incident')" in gate
    assert "!github.event.issue.pull_request" in gate
    assert "contains(github.event.issue.labels.*.name, 'incident')" in gate


def test_untrusted_text_reaches_the_steps_only_through_the_environment() -> None:
    for name in ("declare.yml", "incident-issues.yml"):
        for step in the_job(name)["steps"]:
            assert "${{" not in step.get("run", ""), (name, step.get("name"))
            for value in (step.get("env") or {}).values():
                assert not re.search(r"inputs\.|\.title|\.body|\.message", str(value)), (name, value)
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        assert "incidentbook github-event" in text and "gh workflow run publish.yml" in text


def test_the_issue_form_asks_what_the_parser_reads() -> None:
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    assert form["name"] == "Declare an incident" and form["labels"] == ["incident"]
    labels = {item["attributes"]["label"]: item for item in form["body"] if item["type"] != "markdown"}
    assert list(labels) == ["Title", "Severity", "Components", "Visibility", "Message"]
    assert labels["Severity"]["type"] == labels["Visibility"]["type"] == "dropdown"


def test_init_writes_the_same_workflows_and_form(tmp_path: Path) -> None:
    repo = init_repository(tmp_path / "acme")
    for name in ("declare.yml", "incident-issues.yml"):
        written = (repo / ".github" / "workflows" / name).read_text(encoding="utf-8")
        ours = (WORKFLOWS / name).read_text(encoding="utf-8")
        assert "pip install \"incidentbook==" in written and "-e ." not in written
        normalise = lambda text: re.sub(r"pip install .*|.*cache.*\n", "", text)  # noqa: E731
        assert normalise(written) == normalise(ours), name
    assert (repo / ".github" / "ISSUE_TEMPLATE" / "declare-incident.yml").read_text() == FORM.read_text()


def test_zizmor_has_no_findings_at_all_in_the_record_edit_workflows() -> None:
    exe = shutil.which("zizmor", path=str(BIN)) or shutil.which("zizmor")
    assert exe, "zizmor is missing: pip install -e '.[test]'"
    for folder in (WORKFLOWS, SCAFFOLD / "workflows"):
        files = [str(folder / "declare.yml"), str(folder / "incident-issues.yml")]
        result = subprocess.run([exe, "--offline", "--persona", "auditor", "--format", "json", "--no-exit-codes", *files],
                                capture_output=True, text=True, timeout=300, cwd=REPO)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == [], result.stdout[:3000]


# -- the steps, run ---------------------------------------------------------------------------------

def test_dispatch_declares_commits_as_the_actor_and_publishes(repo: Path) -> None:
    ran = run_workflow("declare.yml", "workflow_dispatch", dispatch(
        action="declare", title=EVIL_TITLE, severity="major", components="web-app=partial_outage public-api=degraded_performance",
        visibility="public", record="", status="investigating", message=EVIL_MESSAGE), repo)
    assert not ran["failed"], [r.stderr for _, r in ran["steps"]]
    [(author, subject)] = pushed(repo)
    assert author == "ana <1001+ana@users.noreply.github.com>" and subject.startswith("Declare incident 2026-11-23-")
    record = new_record(repo)
    data = yaml.safe_load(record.read_text(encoding="utf-8").split("---\n")[1])
    assert data["title"] == EVIL_TITLE and data["updates"][0]["message"] == EVIL_MESSAGE
    assert data["components"] == {"web-app": "partial_outage", "public-api": "degraded_performance"}
    assert data["visibility"] == "public" and data["severity"] == "major"
    assert ran["gh"].splitlines() == ["gh workflow run publish.yml --ref main"]
    check(repo)


def test_dispatch_updates_and_resolves_a_record(repo: Path) -> None:
    run_workflow("declare.yml", "workflow_dispatch", dispatch(action="declare", title="API slow", severity="minor",
                                                              components="", visibility="internal", message=""), repo)
    record_id = new_record(repo).stem
    ran = run_workflow("declare.yml", "workflow_dispatch", dispatch(
        action="update", record=record_id, status="identified", components="public-api=degraded_performance",
        message="A bad index; we are rebuilding it.", title="", severity="major", visibility="internal"), repo)
    assert not ran["failed"]
    ran = run_workflow("declare.yml", "workflow_dispatch", dispatch(action="resolve", record=record_id, message="",
                                                                    status="investigating"), repo, actor="ben", actor_id="1002")
    assert not ran["failed"]
    subjects = [s for _, s in pushed(repo)]
    assert subjects == [f"Resolve incident {record_id}: resolved", f"Update incident {record_id}: identified",
                        f"Declare incident {record_id}"]
    assert pushed(repo)[0][0] == "ben <1002+ben@users.noreply.github.com>"
    data = yaml.safe_load(new_record(repo).read_text(encoding="utf-8").split("---\n")[1])
    assert data["status"] == "resolved" and [u["status"] for u in data["updates"]] == ["investigating", "identified", "resolved"]
    check(repo)


def test_a_malformed_dispatch_fails_and_changes_nothing(repo: Path) -> None:
    ran = run_workflow("declare.yml", "workflow_dispatch", dispatch(action="declare", title="X", severity="major",
                                                                    components="web-app=on_fire"), repo)
    assert ran["failed"] and pushed(repo) == [] and ran["gh"] == ""
    assert "COMPONENT=STATUS" in ran["steps"][0][1].stderr


def test_the_issue_form_declares_and_comments_update_and_resolve(repo: Path) -> None:
    body = form_body(EVIL_TITLE, message=EVIL_MESSAGE, components="web-app=major_outage")
    ran = run_workflow("incident-issues.yml", "issues", opened(body=body), repo)
    assert not ran["failed"], [r.stderr for _, r in ran["steps"]]
    record = new_record(repo)
    text = record.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert data["title"] == EVIL_TITLE and data["updates"][0]["message"] == EVIL_MESSAGE
    assert data["x-github-issue"] == 42 and data["components"] == {"web-app": "major_outage"}
    assert pushed(repo)[0][0] == "ana <1001+ana@users.noreply.github.com>"
    gh = ran["gh"]
    assert "gh workflow run publish.yml --ref main" in gh
    assert "gh issue comment 42 --repo acme/incidents --body-file" in gh
    assert f"Declared incident `{record.stem}`" in gh and f"https://status.paperkite.com/incidents/{record.stem}/" in gh

    ran = run_workflow("incident-issues.yml", "issue_comment",
                       comment("/incident update identified We rolled back the deploy"), repo, actor="ben", actor_id="1002")
    assert not ran["failed"]
    data = yaml.safe_load(record.read_text(encoding="utf-8").split("---\n")[1])
    assert data["status"] == "identified" and data["updates"][-1]["message"] == "We rolled back the deploy"
    assert pushed(repo)[0] == ("ben <1002+ben@users.noreply.github.com>", f"Update incident {record.stem}: identified")
    assert f"Posted `identified` to `{record.stem}`" in ran["gh"]

    ran = run_workflow("incident-issues.yml", "issue_comment", comment("/incident resolve"), repo, actor="ben", actor_id="1002")
    assert not ran["failed"]
    data = yaml.safe_load(record.read_text(encoding="utf-8").split("---\n")[1])
    assert data["status"] == "resolved" and data["resolved"]
    assert len(pushed(repo)) == 3
    check(repo)


def test_untrusted_authors_get_a_polite_reply_and_change_nothing(repo: Path) -> None:
    ran = run_workflow("incident-issues.yml", "issues", opened(body=form_body(EVIL_TITLE), login="mallory",
                                                               association="NONE"), repo, actor="mallory")
    assert not ran["failed"] and pushed(repo) == []
    assert git(repo, "status", "--porcelain") == ""
    assert "publish.yml" not in ran["gh"] and "gh issue comment 42" in ran["gh"]
    assert "Thank you for the report, @mallory" in ran["gh"] and "nothing was changed" in ran["gh"]

    run_workflow("incident-issues.yml", "issues", opened(), repo)  # a member declares issue 42
    before = pushed(repo)
    ran = run_workflow("incident-issues.yml", "issue_comment", comment("/incident resolve", login="mallory",
                                                                       association="CONTRIBUTOR"), repo, actor="mallory")
    assert not ran["failed"] and pushed(repo) == before and "nothing was changed" in ran["gh"]


def test_a_login_trusted_in_the_catalog_may_declare(repo: Path) -> None:
    catalog = repo / "incidents" / "catalog.yml"
    catalog.write_text(catalog.read_text() + "declare:\n  trusted: [oncall-vendor]\n")
    git(repo, "-c", "user.name=Setup", "-c", "user.email=setup@example.com", "commit", "--quiet", "-am", "trust")
    git(repo, "push", "--quiet", "origin", "HEAD:main")
    ran = run_workflow("incident-issues.yml", "issues", opened(login="Oncall-Vendor", association="NONE"), repo,
                       actor="Oncall-Vendor")
    assert not ran["failed"] and pushed(repo)[0][1].startswith("Declare incident")
    check(repo)


def test_a_malformed_comment_gets_the_syntax(repo: Path) -> None:
    run_workflow("incident-issues.yml", "issues", opened(), repo)
    before = pushed(repo)
    ran = run_workflow("incident-issues.yml", "issue_comment", comment("/incident update fixed it"), repo, actor="ben")
    assert ran["failed"] and pushed(repo) == before
    assert "/incident update <status>" in ran["gh"] and "/incident resolve [message]" in ran["gh"]


def test_the_push_is_retried_after_a_rebase(repo: Path) -> None:
    other = repo.parent / "other"
    git(repo.parent, "clone", "--quiet", str(repo.parent / "github.git"), str(other))
    (other / "NOTES.md").write_text("someone else pushed meanwhile\n")
    git(other, "add", "NOTES.md")
    git(other, "-c", "user.name=Zoe", "-c", "user.email=zoe@example.com", "commit", "--quiet", "-m", "notes")
    git(other, "push", "--quiet", "origin", "HEAD:main")
    ran = run_workflow("declare.yml", "workflow_dispatch", dispatch(action="declare", title="Late push", severity="minor"), repo)
    assert not ran["failed"], [r.stderr for _, r in ran["steps"]]
    assert [s for _, s in pushed(repo)][:2][1] == "notes" and "publish.yml" in ran["gh"]
