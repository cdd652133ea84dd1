"""Several commands opening a new database at the same moment (cron's `remind` and the
user's first `add`): every one succeeds, the tables and the local owner are made once. Real processes,
released together by a barrier, on SQLite and on a fresh PostgreSQL database each round."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_SERVER, _pg_admin, unavailable

PROCESSES = 4
ROUNDS = 6

# Each racer loads everything it needs first, then waits at the barrier (a file appearing).
RACER = """
import os, sys, time
from followthrough.cli.main import cli
barrier, ready = sys.argv[1], sys.argv[2]
open(ready, "w").close()
while not os.path.exists(barrier):
    time.sleep(0.001)
cli(sys.argv[3:], prog_name="followthrough")
"""


def _race(tmp_path: Path, db: str, round_: int) -> list[subprocess.CompletedProcess[str]]:
    barrier = tmp_path / f"go-{round_}"
    ready = [tmp_path / f"ready-{round_}-{n}" for n in range(PROCESSES)]
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(barrier), str(ready[n]), "--db", db,
             *(["add", f"Company {n}", "Analyst", "--id", f"c{n}"] if n % 2 else ["list"])],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(PROCESSES)
    ]  # fmt: skip
    deadline = time.monotonic() + 60
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.005)
    barrier.touch()
    done = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(racer.args, racer.returncode, out, err))
    return done


def _check(done: list[subprocess.CompletedProcess[str]], db: str) -> None:
    failed = [f"exit {d.returncode}: {d.stderr.strip()[-300:]}" for d in done if d.returncode != 0]
    assert failed == [], failed
    listed = subprocess.run(
        [sys.executable, "-m", "followthrough", "--db", db, "list"], capture_output=True, text=True, check=True
    ).stdout
    assert all(f"c{n}" in listed for n in range(1, PROCESSES, 2)), listed
    # Every racer made sure of the local owner on opening: there is one, and it owns them all.
    owners = subprocess.run([sys.executable, "-c", COUNT_OWNERS, db], capture_output=True, text=True, check=True)
    assert owners.stdout.split() == ["1", "1"], owners.stdout + owners.stderr


COUNT_OWNERS = """
import sys
from followthrough import settings
settings.configure(sys.argv[1])
from django_scopes import scopes_disabled
from followthrough.store.models import Application, User
with scopes_disabled():
    print(User.objects.count(), Application.objects.values("owner").distinct().count())
"""


def test_commands_opening_a_new_sqlite_database_at_once_all_succeed(tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        db = str(folder / "new.sqlite3")
        _check(_race(tmp_path, db, round_), db)


@pytest.fixture
def fresh_postgres() -> Iterator[list[str]]:
    """Names for new PostgreSQL databases, made by the test; all dropped at the end."""
    made: list[str] = []
    try:
        with _pg_admin() as admin:
            admin.execute("SELECT 1")
    except Exception as error:  # no server: a CI failure, a loud local skip
        unavailable("PostgreSQL", f"unreachable at {PG_SERVER}: {error}")
    yield made
    with _pg_admin() as admin:
        for name in made:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_commands_opening_a_new_postgresql_database_at_once_all_succeed(
    tmp_path: Path, fresh_postgres: list[str]
) -> None:
    for round_ in range(ROUNDS):
        name = f"followthrough_race_{uuid.uuid4().hex[:10]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        fresh_postgres.append(name)
        db = f"{PG_SERVER}/{name}"
        _check(_race(tmp_path, db, round_), db)


def test_a_migration_lock_file_is_all_that_is_left_beside_a_new_sqlite_database(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    subprocess.run([sys.executable, "-m", "followthrough", "--db", str(db), "list"], check=True, capture_output=True)
    beside = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("new.sqlite3-"))  # -wal, -shm
    assert beside == ["new.sqlite3", "new.sqlite3.migrate-lock"]
    assert (tmp_path / "new.sqlite3.migrate-lock").stat().st_mode & 0o077 == 0, "readable by its owner only"
