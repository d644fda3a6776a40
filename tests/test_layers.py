"""The package's import rules, read from the source with ``ast`` (lazy imports inside functions included).

- ``core/`` imports no MkDocs and none of the adapters (``site/``, ``mkdocs_plugin/``, ``cli/``, ...);
- ``core/public/`` imports nothing from ``core/knowledge/``: the public build cannot reach internal logic;
- ``core/records/`` and ``core/text/`` import no other room of ``core/``;
- ``site/`` imports no MkDocs; nothing imports a layer above its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sitebuild import REPO

PACKAGE = REPO / "plugins" / "incidentbook"
# Lower layers first; a module may import its own layer and the ones before it.
LAYERS = [
    ("core.text", "core.records"),
    ("core.public",),
    ("core.knowledge",),
    ("site",),
    ("notify", "trackers", "importers", "scaffold", "declare"),  # integrations: core and site below them, adapters above
    ("mkdocs_plugin", "cli"),
]
LAYER = {name: rank for rank, names in enumerate(LAYERS) for name in names}
# Rooms that may not see each other although the ranks would allow it.
FORBIDDEN = {
    "core.text": {"core.records"},
    "core.records": {"core.text"},
}
MKDOCS_FREE = ("core", "site")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, me: str) -> set[str]:
    """Every module the file of module ``me`` imports, as absolute names; ``from . import a`` names ``a`` too."""
    package = me.split(".") if path.name == "__init__.py" else me.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            name = ".".join(base + ([node.module] if node.module else []))
            found.add(f"incidentbook.{name}" if name else "incidentbook")
            found.update(f"incidentbook.{name}.{alias.name}".replace("incidentbook..", "incidentbook.") for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def room(name: str) -> str | None:
    """The layer entry of an own module name such as ``core.public.feeds`` (None for ``incidentbook`` itself)."""
    for candidate in sorted(LAYER, key=len, reverse=True):
        if name == candidate or name.startswith(candidate + "."):
            return candidate
    return None


def violations(path: Path, me: str) -> list[str]:
    """What the file of module ``me`` imports against the rules."""
    mine, found = room(me), []
    for target in sorted(imports(path, me)):
        if mine and mine.split(".")[0] in MKDOCS_FREE and target.split(".")[0] in ("mkdocs", "material"):
            found.append(f"{me} imports {target}")
        if not target.startswith("incidentbook.") or mine is None:
            continue
        theirs = room(target.removeprefix("incidentbook."))
        if theirs is None:
            continue
        if LAYER[theirs] > LAYER[mine] or theirs in FORBIDDEN.get(mine, set()):
            found.append(f"{me} imports {target}")
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path) -> None:
    assert violations(path, module_name(path)) == []


def test_every_module_is_in_a_layer() -> None:
    """A new package must be placed in LAYERS (and docs/architecture.md) before it is used."""
    unplaced = [module_name(p) for p in SOURCES if module_name(p) not in ("", "core") and room(module_name(p)) is None]
    assert unplaced == []


@pytest.mark.parametrize("me,source", [
    ("core.public.planted", "from ..knowledge import library\n"),
    ("core.public.planted", "def f():\n    from incidentbook.core.knowledge.metrics import compute\n"),
    ("core.records.planted", "from ..public.view import public_view\n"),
    ("core.records.planted", "import mkdocs.plugins\n"),
    ("site.planted", "from ..mkdocs_plugin import plugin\n"),
    ("core.text.planted", "from ..records import model\n"),
])
def test_the_rules_catch_a_planted_import(tmp_path: Path, me: str, source: str) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(source)
    assert violations(planted, me) != []
