"""The services are grouped by capability: a newcomer finds a use case from the folder names."""

from __future__ import annotations

import ast
from pathlib import Path

import followthrough.services

SERVICES = Path(followthrough.services.__file__).parent


def test_the_top_of_services_holds_at_most_a_dozen_entries() -> None:
    entries = sorted(p.name for p in SERVICES.iterdir() if p.name not in ("__init__.py", "__pycache__"))
    assert len(entries) <= 12, entries
    packages = [p for p in SERVICES.iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert len(packages) >= 8, "the use cases are grouped in subpackages"


def test_every_package_face_says_what_it_holds_and_exports_only_what_it_lists() -> None:
    for package in sorted(p for p in SERVICES.iterdir() if (p / "__init__.py").exists()):
        tree = ast.parse((package / "__init__.py").read_text())
        doc = ast.get_docstring(tree)
        assert doc and len(doc) > 20, f"{package.name} has no docstring saying what it holds"
        imported = {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
        listed: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
                listed = {ast.literal_eval(e) for e in node.value.elts}  # type: ignore[attr-defined]
        assert imported == listed, f"{package.name}: __all__ and the imports differ"
        modules = {p.stem for p in package.glob("*.py")}
        assert not (listed & modules), f"{package.name}: a face name hides a module: {listed & modules}"
