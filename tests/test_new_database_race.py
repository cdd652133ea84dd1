"""Several commands opening a new database at the same moment (cron's `remind` and the
user's first `add`): every one succeeds, the tables and the local owner are made once. Real processes,
released together by a barrier, on SQLite and on a fresh PostgreSQL database each round."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from followthrough.store.database import MIGRATION_LOCK
from tests.conftest import PG_SERVER, _pg_admin, unavailable
from tests.racing import commands_at_once
from tests.waiting import wait_until

PROCESSES = 4
ROUNDS = 6


def _race(db: str) -> list[subprocess.CompletedProcess[str]]:
    """The racers, loaded and released together (tests/racing.py): `list` and `add`."""
    racers = commands_at_once(
        [
            ["--db", db, *(["add", f"Company {n}", "Analyst", "--id", f"c{n}"] if n % 2 else ["list"])]
            for n in range(PROCESSES)
        ]
    )
    done = []
    for racer in racers:
        out, err = racer.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(racer.args, racer.returncode, out, err))
    return done


def _check(done: list[subprocess.CompletedProcess[str]], db: str) -> None:
    failed = [f"exit {d.returncode}: {d.stderr.strip()[-300:]}" for d in done if d.returncode != 0]
    assert failed == [], failed
    # Every racer made sure of the local owner on opening: there is one, and it owns them all.
    assert _found(db) == [f"c{n}" for n in range(1, PROCESSES, 2)]


def _found(db: str) -> list[str]:
    """The applications in the database at ``db``, once it is checked that one owner was
    made and owns them all."""
    found = subprocess.run([sys.executable, "-c", FOUND, db], capture_output=True, text=True, check=True)
    owners, owners_of_applications, *applications = found.stdout.split()
    assert (owners, owners_of_applications) == ("1", "1"), found.stdout + found.stderr
    return sorted(applications)


FOUND = """
import sys
from followthrough import settings
settings.configure(sys.argv[1])
from django_scopes import scopes_disabled
from followthrough.store.models import Application, User
with scopes_disabled():
    print(User.objects.count(), Application.objects.values("owner").distinct().count())
    print(*Application.objects.values_list("slug", flat=True))
"""


def test_commands_opening_a_new_sqlite_database_at_once_all_succeed(tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        db = str(folder / "new.sqlite3")
        _check(_race(db), db)


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


def test_commands_opening_a_new_postgresql_database_at_once_all_succeed(fresh_postgres: list[str]) -> None:
    for _ in range(ROUNDS):
        name = f"followthrough_race_{uuid.uuid4().hex[:10]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        fresh_postgres.append(name)
        db = f"{PG_SERVER}/{name}"
        _check(_race(db), db)


def test_a_migration_lock_file_is_all_that_is_left_beside_a_new_sqlite_database(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    subprocess.run([sys.executable, "-m", "followthrough", "--db", str(db), "list"], check=True, capture_output=True)
    beside = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("new.sqlite3-"))  # -wal, -shm
    assert beside == ["new.sqlite3", "new.sqlite3.migrate-lock"]
    assert (tmp_path / "new.sqlite3.migrate-lock").stat().st_mode & 0o077 == 0, "readable by its owner only"


HOLD_FLOCK = """
import fcntl, sys
with open(sys.argv[1], "w") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    print("held", flush=True)
    sys.stdin.read()
"""


def _waiting_for_the_advisory_lock(db: str) -> bool:
    with _pg_admin() as admin:
        waiting = admin.execute(
            "SELECT count(*) FROM pg_locks JOIN pg_database d ON d.oid = database "
            "WHERE locktype = 'advisory' AND NOT granted AND d.datname = %s",
            [db.rsplit("/", 1)[1]],
        ).fetchone()
    return bool(waiting and waiting[0])


def _waiting_for_the_flock(db: str) -> bool:
    """A process is blocked on the migration lock of the SQLite file ``db`` (Linux's
    /proc/locks)."""
    inode = f":{Path(f'{db}.migrate-lock').stat().st_ino} "
    locks = Path("/proc/locks").read_text().splitlines()
    return any("->" in line and "FLOCK" in line and inode in line for line in locks)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_command_waits_for_a_migration_that_outlasts_the_busy_timeout(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Another command is migrating the new database (on a loaded machine that can take
    longer than the busy timeout): this one waits for it, then works. It does not give up
    and call the database busy: the migration is a job that ends, not a writer gone astray."""
    if engine == "sqlite":
        db = str(tmp_path / "new.sqlite3")
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_FLOCK, f"{db}.migrate-lock"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    else:
        name = f"followthrough_race_{uuid.uuid4().hex[:10]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        request.getfixturevalue("fresh_postgres").append(name)
        db = f"{PG_SERVER}/{name}"
        holding = psycopg.connect(db, autocommit=True)
        holding.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
    env = {**os.environ, "FOLLOWTHROUGH_BUSY_TIMEOUT": "0.5"}
    command = subprocess.Popen(
        [sys.executable, "-m", "followthrough", "--db", db, "add", "Acme", "Analyst", "--id", "acme"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        waiting = _waiting_for_the_flock if engine == "sqlite" else _waiting_for_the_advisory_lock
        wait_until(lambda: command.poll() is not None or waiting(db), what="the command at the migration lock")
        # The migration goes on past the busy timeout, four times over (what is under test);
        # the command is still waiting, as it should.
        with contextlib.suppress(subprocess.TimeoutExpired):
            command.wait(timeout=2)
    finally:
        if engine == "sqlite":
            holder.communicate("")
        else:
            holding.close()
        out, err = command.communicate(timeout=300)
    assert command.returncode == 0, out + err
    assert _found(db) == ["acme"]
