"""Adoption as a new team does it: the built wheel in a fresh virtual environment (no editable install,
nothing of this repository on the path), `incidentbook init` in an empty folder, a first incident,
`check`, both builds with --strict and the leak scan; the company's own site, pinned workflows, a
`$schema` that validates, and labels and a language from the adopted repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import jsonschema
import yaml
from sitebuild import REPO

NOW = "2026-11-23T12:00:00Z"
COMPONENTS = ["Storefront/Checkout@Payments", "Storefront/Search@Discovery", "Public API"]


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def build_dist(out: Path) -> Path:
    """The wheel and sdist of this checkout, built as a release is (python -m build)."""
    # --no-isolation: the test extra's setuptools builds it, as an isolated build would fetch it
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)], REPO, {**os.environ})
    return out


def adopt(dist: Path, work: Path) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment with the wheel installed, and a repository made by init with it."""
    work.mkdir()
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(work), "INCIDENTBOOK_NOW": NOW,
           "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           **{k: v for k, v in os.environ.items() if k.startswith(("PIP_", "SSL_", "REQUESTS_", "CURL_"))}}
    wheel = next(dist.glob("incidentbook-*.whl"))
    run([str(env_dir / "bin" / "pip"), "install", "-q", "--no-compile", str(wheel)], work, env)
    repo = work / "acme-incidents"
    repo.mkdir()
    logo = work / "acme-logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>\n')
    init = ["incidentbook", "init", "--name", "Acme Rockets", "--url", "https://status.acme.test/", "--logo", str(logo),
            "--homepage", "https://acme.test/", "--contact", "mailto:help@acme.test", "--no-input"]
    for component in COMPONENTS:
        init += ["--component", component]
    run(init, repo, env)
    return repo, env


def step_the_wheel_and_sdist_carry_templates_schemas_locales_and_the_scaffold(dist: Path) -> None:
    names = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    for needed in ("incidentbook/schemas/record.schema.json", "incidentbook/templates/incidentbook/status.html",
                   "incidentbook/locales/en/status.json", "incidentbook/scaffold/files/github/workflows/publish.yml",
                   "incidentbook/theme/partials/source.html"):
        assert needed in names
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        assert any(n.endswith("scaffold/files/mkdocs.yml") for n in sdist.getnames())


def step_init_then_declare_check_build_and_scan(adopted: tuple[Path, dict[str, str]]) -> None:
    repo, env = adopted
    created = run(["incidentbook", "new", "Checkout down for everyone", "--severity", "critical",
                   "--component", "checkout=major_outage", "--visibility", "public",
                   "--public-title", "Checkout unavailable"], repo, env)
    assert created.stdout.strip() == "incidents/2026/2026-11-23-checkout-unavailable.md"
    run(["incidentbook", "check"], repo, env)
    run(["mkdocs", "build", "--strict"], repo, env)
    run(["mkdocs", "build", "--strict", "-f", "mkdocs.public.yml"], repo, env)
    run(["incidentbook", "leakscan", "site-public", "--records", "incidents"], repo, env)
    page = (repo / "site-public" / "index.html").read_text()
    assert "Acme Rockets status" in page
    assert "Checkout" in page and "Search" in page and "Public API" in page and "Storefront" in page
    assert "Checkout unavailable" in page
    assert 'src="assets/logo.svg"' in page and (repo / "site-public" / "assets" / "logo.svg").is_file()
    assert 'href="mailto:help@acme.test"' in page and 'href="https://acme.test/"' in page
    assert "Made with" not in page
    assert not (repo / "site-public" / "handbook").exists()  # the team's own pages stay internal
    home = (repo / "site" / "index.html").read_text()
    assert "2026-11-23-checkout-unavailable" in home


def step_every_workflow_installs_the_pinned_release(adopted: tuple[Path, dict[str, str]]) -> None:
    repo, env = adopted
    version = run(["python", "-c", "from importlib.metadata import version; print(version('incidentbook'))"], repo, env).stdout.strip()
    workflows = sorted((repo / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["declare.yml", "incident-issues.yml", "internal-site.yml", "overdue-actions.yml",
                                          "publish.yml", "pull-request.yml"]
    for workflow in workflows:
        steps = [s for job in yaml.safe_load(workflow.read_text())["jobs"].values() for s in job.get("steps", [])]
        installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
        assert installs and all(f'pip install "incidentbook=={version}"' in i for i in installs), workflow.name
        assert "-e ." not in workflow.read_text()


def step_the_schema_reference_resolves_and_validates(adopted: tuple[Path, dict[str, str]]) -> None:
    repo, _ = adopted
    for record in (repo / "incidents").rglob("*.md"):
        text = record.read_text()
        line = next(line for line in text.splitlines() if line.startswith("# yaml-language-server: $schema="))
        schema_file = (record.parent / line.split("=", 1)[1]).resolve()
        assert schema_file.is_file() and repo in schema_file.parents
        front = yaml.load(text.split("---\n")[1], Loader=yaml.BaseLoader)  # timestamps stay strings, as records read
        jsonschema.validate(front, json.loads(schema_file.read_text()))
    catalog = (repo / "incidents" / "catalog.yml").read_text()
    schema_file = (repo / "incidents" / catalog.splitlines()[0].split("=", 1)[1]).resolve()
    data = yaml.safe_load(catalog)
    jsonschema.validate(data, json.loads(schema_file.read_text()))


def step_a_stale_schema_copy_fails_check_until_it_is_written_again(adopted: tuple[Path, dict[str, str]]) -> None:
    repo, env = adopted
    copy = repo / "schemas" / "record.schema.json"
    original = copy.read_text()
    copy.write_text(original.replace('"maxLength": 200', '"maxLength": 201', 1))
    result = subprocess.run(["incidentbook", "check"], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "schemas/record.schema.json:1:1: differs from the schema" in result.stdout
    run(["incidentbook", "schema", "--write"], repo, env)
    assert copy.read_text() == original


def step_labels_and_a_new_language_from_the_repository(adopted: tuple[Path, dict[str, str]]) -> None:
    repo, env = adopted
    (repo / "locales" / "en").mkdir(parents=True, exist_ok=True)
    (repo / "locales" / "en" / "labels.json").write_text(json.dumps({"status_incident_history": "Everything that happened"}))
    (repo / "locales" / "nl").mkdir(exist_ok=True)
    (repo / "locales" / "nl" / "status.json").write_text(json.dumps({"status_incident_history": "Eerdere storingen"}))
    (repo / "mkdocs.nl.yml").write_text("INHERIT: mkdocs.public.yml\nsite_dir: site-nl\ntheme:\n  language: nl\n")
    run(["mkdocs", "build", "--strict", "-f", "mkdocs.public.yml"], repo, env)
    run(["mkdocs", "build", "--strict", "-f", "mkdocs.nl.yml"], repo, env)
    assert "Everything that happened" in (repo / "site-public" / "index.html").read_text()
    assert "Eerdere storingen" in (repo / "site-nl" / "index.html").read_text()
    run(["incidentbook", "leakscan", "site-nl", "--records", "incidents"], repo, env)


def step_init_refuses_to_overwrite_unless_forced(adopted: tuple[Path, dict[str, str]]) -> None:
    repo, env = adopted
    before = (repo / "mkdocs.yml").read_text()
    result = subprocess.run(["incidentbook", "init", "--name", "Other", "--url", "https://x.test/", "--no-input"],
                            cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "nothing was written (--force overwrites them)" in result.stderr
    assert (repo / "mkdocs.yml").read_text() == before


def test_a_team_adopts_incidentbook_from_the_wheel(tmp_path: Path) -> None:
    """One test, so that the wheel and the virtual environment (about 40 s) are made once per run."""
    dist = build_dist(tmp_path / "dist")
    step_the_wheel_and_sdist_carry_templates_schemas_locales_and_the_scaffold(dist)
    adopted = adopt(dist, tmp_path / "adopter")
    step_init_then_declare_check_build_and_scan(adopted)
    step_every_workflow_installs_the_pinned_release(adopted)
    step_the_schema_reference_resolves_and_validates(adopted)
    step_a_stale_schema_copy_fails_check_until_it_is_written_again(adopted)
    step_labels_and_a_new_language_from_the_repository(adopted)
    step_init_refuses_to_overwrite_unless_forced(adopted)
