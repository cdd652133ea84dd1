"""The services are grouped by capability: a newcomer finds a use case from the folder names."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import followthrough.services

SERVICES = Path(followthrough.services.__file__).parent


def test_the_top_of_services_holds_at_most_a_dozen_entries() -> None:
    entries = sorted(p.name for p in SERVICES.iterdir() if p.name not in ("__init__.py", "__pycache__"))
    assert len(entries) <= 12, entries
    packages = [p for p in SERVICES.iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert len(packages) >= 8, "the use cases are grouped in subpackages"


def test_every_package_face_says_what_it_holds_and_each_name_it_lists_loads() -> None:
    """A face lists its names (__all__), types them for the checkers, and loads each from
    its module when first asked for (PEP 562): a stale name fails here, not in a user's command."""
    for package in sorted(p for p in SERVICES.iterdir() if (p / "__init__.py").exists()):
        tree = ast.parse((package / "__init__.py").read_text())
        doc = ast.get_docstring(tree)
        assert doc and len(doc) > 20, f"{package.name} has no docstring saying what it holds"
        face = importlib.import_module(f"followthrough.services.{package.name}")
        listed = set(getattr(face, "__all__", ()))
        typed = {
            a.asname or a.name
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("followthrough.services.")
            for a in n.names
        }
        assert typed == listed, f"{package.name}: __all__ and the typed imports differ"
        for name in listed:  # read, not imported: the accounts' modules need the server's apps
            module, there = face._HOMES[name]
            assert there in _names_bound_in(package / f"{module}.py"), f"{package.name}.{name}: {module} has no {there}"
        modules = {p.stem for p in package.glob("*.py")}
        assert not (listed & modules), f"{package.name}: a face name hides a module: {listed & modules}"


def _names_bound_in(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return names
