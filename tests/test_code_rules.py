"""Rules of the code a reader relies on, checked over the source: what a module depends on
stands at its top, and no module reaches into another's private helpers."""

from __future__ import annotations

import ast
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import followthrough
from tests.conftest import Cli

SOURCE = Path(followthrough.__file__).parent

# The fast paths (the agenda, done and skip) pay for every import at each run: they import
# inside the functions that need a module, and say so in the module's docstring.
FAST_PATH = {
    "cli/entry.py",
    "cli/fast.py",
    "cli/render.py",
    "cli/possible.py",
    "cli/json_output.py",
    "services/fastpath/agenda.py",
    "services/fastpath/fast_settle.py",
    "services/fastpath/local_time.py",
    "services/fastpath/promises.py",
    "store/fast_agenda.py",
    "store/fast_write.py",
    "store/location.py",
    "store/busy.py",
    "store/sole_owner.py",
    "core/agenda.py",
}


def _modules() -> list[tuple[str, list[str], ast.Module]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        found.append((str(path.relative_to(SOURCE)), text.splitlines(), ast.parse(text)))
    return found


def _says_why(lines: list[str], node: ast.stmt) -> bool:
    """A comment on the import's line or the line above says why it is not at the top."""
    above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
    return "#" in lines[node.end_lineno - 1 if node.end_lineno else node.lineno - 1] or above.startswith("#")


def test_imports_of_the_project_stand_at_the_top_of_each_module() -> None:
    hidden = []
    for name, lines, tree in _modules():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                project = isinstance(node, ast.ImportFrom) and (node.module or "").startswith("followthrough")
                if project and name not in FAST_PATH and not _says_why(lines, node):
                    hidden.append(f"{name}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    assert not hidden, "imports inside functions, with no comment saying why:\n" + "\n".join(hidden)


def test_no_module_imports_another_module_s_private_names() -> None:
    reached = []
    for name, _lines, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("followthrough"):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                if private:
                    reached.append(f"{name}:{node.lineno}: {node.module} {private}")
    assert not reached, "private helpers used as an API:\n" + "\n".join(reached)


def test_the_fast_path_list_names_modules_that_exist() -> None:
    assert all((SOURCE / name).exists() for name in FAST_PATH), [n for n in FAST_PATH if not (SOURCE / n).exists()]


def test_rows_are_dated_by_the_one_clock(ft: Cli, pin_clock: Callable[..., None]) -> None:
    """A correction's journal entry is dated by followthrough's clock (pinned here), not
    by the machine's: the journal and the events it sits beside tell one time."""
    at = dt.datetime(2030, 6, 12, 9, 30, tzinfo=dt.UTC)
    pin_clock(at)
    ft("add", "Acme", "Data Analyst", "--id", "acme", "--applied-on", "2030-06-01")
    ft("contact", "add", "acme", "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    ft("interview", "acme", "--on", "2030-06-10", "--with", "ann")
    ft("event", "remove", "acme", "1")
    kept = json.loads(ft("journal", "--json").stdout)["journal"]
    assert [entry["at"] for entry in kept] == [at.isoformat(timespec="seconds")]
