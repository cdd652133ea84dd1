"""The tests themselves: each can fail, none waits on a guess, one race harness.

Read from their source (the AST): a project module is imported, never skipped when
missing; no assertion holds whatever happens; a sleep is the behaviour under test and
says so on its line, every other wait polls a condition (tests/waiting.py); processes
that race are started by tests/racing.py alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parent
HARNESS = {TESTS / "racing.py", TESTS / "waiting.py"}


def _sources() -> Iterator[tuple[Path, list[str], ast.AST]]:
    for path in sorted(TESTS.rglob("*.py")):
        if "vendor" not in path.parts:
            text = path.read_text()
            yield path, text.splitlines(), ast.parse(text)


def _called(node: ast.AST) -> str:
    """'time.sleep' for a call of time.sleep(...), '' for anything else."""
    return ast.unparse(node.func) if isinstance(node, ast.Call) else ""


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(TESTS.parent)}:{getattr(node, 'lineno', '?')}"


def test_a_missing_project_module_fails_a_test_never_skips_it() -> None:
    skipped = [
        _where(path, node)
        for path, _, tree in _sources()
        for node in ast.walk(tree)
        if _called(node) == "pytest.importorskip" and "followthrough" in ast.unparse(node)
    ]
    assert skipped == []


def test_no_assertion_holds_whatever_happens() -> None:
    def always(test: ast.expr) -> bool:
        if isinstance(test, ast.Constant):
            return bool(test.value)
        return isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) and any(map(always, test.values))

    vacuous = [
        _where(path, node)
        for path, _, tree in _sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Assert) and always(node.test)
    ]
    assert vacuous == []


def test_an_assertion_error_is_never_swallowed() -> None:
    swallowed = [
        _where(path, handler)
        for path, _, tree in _sources()
        for handler in ast.walk(tree)
        if isinstance(handler, ast.ExceptHandler)
        and handler.type is not None
        and "AssertionError" in ast.unparse(handler.type)
        and not any(isinstance(n, ast.Raise) for n in ast.walk(handler))
        and not any(_called(n) == "pytest.fail" for n in ast.walk(handler))
    ]
    assert swallowed == []


def test_a_sleep_is_the_behaviour_under_test_and_says_so() -> None:
    """Waiting for something to happen is `wait_until(condition)`; a sleep left in a test is
    part of what it tests (a look that lasts, a kill at a random moment) and its line says so."""
    unexplained = [
        _where(path, node)
        for path, lines, tree in _sources()
        if path not in HARNESS
        for node in ast.walk(tree)
        if _called(node) in ("time.sleep", "asyncio.sleep", "sleep") and "#" not in lines[node.lineno - 1]
    ]
    assert unexplained == []


def test_processes_that_race_are_started_by_the_one_harness() -> None:
    started = [
        _where(path, node)
        for path, _, tree in _sources()
        if path not in HARNESS
        for node in ast.walk(tree)
        if _called(node).endswith(("get_context", ".Process", ".Barrier"))
    ]
    assert started == []
