"""Any run of done, skip and undo leaves the same database whether done and skip took the
sqlite3 fast path or the ORM path: every row of every table, the events, the steps, the
facts kept with each application, the journal and the caseload's summaries alike.

The columns left out are the ones a model stamps with the wall clock as a row is written
(``auto_now`` / ``auto_now_add``, read from the models): the journal's ``at`` when an
undo takes an event out, for instance. The two databases are written a few milliseconds
apart, so those differ by design, not by path.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import sqlite3
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough import clock
from tests.conftest import Cli, use_database

Action = tuple[str, int, int]  # (done | skip | undo, which pending step or application, how)
actions = st.lists(
    st.tuples(st.sampled_from(["done", "done", "skip", "undo"]), st.integers(0, 50), st.integers(0, 3)),
    min_size=1,
    max_size=6,
)
APPLICATIONS = ("acme-0", "acme-1")


def _search(ft: Cli) -> None:
    """Two applications with a US calendar: thank-you notes due, calls to come."""
    today = clock.today_in("America/Chicago")
    ft("profile", "set", "--name", "Jordan", "--timezone", "America/Chicago", "--country", "US")
    for n, weeks in enumerate((1, 3)):
        slug = APPLICATIONS[n]
        ft("add", f"Acme {n}", "Data Analyst", "--id", slug)
        ft.contact(slug, "Ann Lee", "hiring_officer", key="ann")
        ft.contact(slug, "Bo Park", "interviewer", key="bo")
        on = (today - dt.timedelta(weeks=weeks)).isoformat()
        ft("interview", slug, "--on", on, "--with", "ann", "--with", "bo")
        ft("debrief", slug, "--on", on, "--timeframe", "a week")


def _orm(location: str, *args: str) -> int:
    """The full command (Click and the ORM, never the fast path), in this process."""
    from followthrough.cli.main import cli

    use_database(location)
    return CliRunner().invoke(cli, ["--db", location, *args], catch_exceptions=False).exit_code


def _stamped_columns() -> dict[str, set[str]]:
    """Table -> the columns the models stamp with the wall clock as a row is written."""
    from django.apps import apps

    stamped: dict[str, set[str]] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                stamped.setdefault(model._meta.db_table, set()).add(field.column)
    return stamped


def _dump(location: str, stamped: dict[str, set[str]]) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(location) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")]
        dump = {}
        for table in tables:
            columns = [r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')]
            kept = ", ".join(f'"{c}"' for c in columns if c not in stamped.get(table, set()))
            dump[table] = connection.execute(f'SELECT {kept} FROM "{table}" ORDER BY 1').fetchall()
    return dump


def _pending(location: str) -> list[tuple[str, str]]:
    with sqlite3.connect(location) as connection:
        return connection.execute("SELECT id, kind FROM ft_step WHERE status = 'pending' ORDER BY id").fetchall()


def _settle_words(command: str, step: str, kind: str, how: int) -> list[str]:
    """done/skip STEP, with an outcome for a call and a date some days back, as people type them."""
    words = [command, step]
    if command == "done" and kind.startswith("call_") and how:
        words += ["--outcome", ("reached", "voicemail", "no_answer")[how - 1]]
    if how == 3:
        words += ["--on", (clock.today_in("America/Chicago") - dt.timedelta(days=1)).isoformat()]
    return words


def _fast(location: str, words: list[str]) -> int | None:
    """done/skip down the fast path, as the console script runs it: None when it answered
    (exit 0), else the full command's exit code (the fast path left it to the ORM path)."""
    from followthrough.core.model import CallOutcome, StepStatus
    from followthrough.services.fastpath.fast_settle import settle

    command, step, *options = words
    given_options = dict(zip(options[::2], options[1::2], strict=True))
    outcome = CallOutcome(given_options["--outcome"]) if "--outcome" in given_options else None
    on = dt.date.fromisoformat(given_options["--on"]) if "--on" in given_options else None
    status = StepStatus.DONE if command == "done" else StepStatus.SKIPPED
    if settle(location, step, status, on, outcome) is not None:
        return None
    return _orm(location, *words)


def test_done_skip_and_undo_leave_the_same_tables_down_the_fast_path_and_the_orm_path(sqlite_db: str) -> None:
    from django.db import connections

    _search(Cli(sqlite_db))
    connections.close_all()  # everything in the file itself before it is copied
    stamped = _stamped_columns()
    assert stamped.get("ft_journal") == {"at"}  # the left-out columns are what the docstring says
    taken = {"fast": 0, "orm": 0}
    with tempfile.TemporaryDirectory() as folder:
        numbers = itertools.count()

        @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(actions)
        def run(steps: list[Action]) -> None:
            n = next(numbers)
            fast, orm = (str(Path(folder) / f"{n}-{path}.sqlite3") for path in ("fast", "orm"))
            shutil.copy(sqlite_db, fast)
            shutil.copy(sqlite_db, orm)
            for command, which, how in steps:
                if command == "undo":
                    slug = APPLICATIONS[which % len(APPLICATIONS)]
                    assert _orm(fast, "undo", slug) == _orm(orm, "undo", slug)
                else:
                    pending = _pending(fast)
                    assert pending == _pending(orm)
                    if not pending:
                        continue
                    step, kind = pending[which % len(pending)]
                    words = _settle_words(command, step, kind, how)
                    code = _fast(fast, words)
                    taken["fast" if code is None else "orm"] += 1
                    assert (code or 0) == _orm(orm, *words), words
                assert _dump(fast, stamped) == _dump(orm, stamped), steps
            connections.close_all()

        run()
    assert taken["fast"] > 0  # the fast path did write, not only leave everything to the ORM path
