"""Shared fixtures: every store, service and CLI test runs on SQLite and on PostgreSQL.

PostgreSQL comes from the machine: $FOLLOWTHROUGH_TEST_PG (a URL without a database; .ci/run
sets it to a role with a password, so a server that does not trust local connections works
too), else postgres@127.0.0.1 with trust. When it cannot be reached, tests that need it fail
under CI (CI=true) and are skipped, loudly, on a developer's machine.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner, Result

from followthrough import clock

# The suite's "now", in this process and in every process a test starts (the command
# line, workers, `serve`): years after every fixture's dates, so a test that reads "today"
# without saying which day it means fails, whatever day and hour the suite runs. A test
# that needs another instant pins it (the `pin_clock` fixture).
SUITE_NOW = dt.datetime(2031, 3, 14, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session", autouse=True)
def suite_clock() -> Iterator[None]:
    os.environ[clock.ENVIRONMENT] = SUITE_NOW.isoformat()
    with clock.pin(SUITE_NOW):
        yield


@pytest.fixture(autouse=True)
def test_clock(suite_clock: None) -> Iterator[None]:
    """Each test starts at the suite's instant; a pin of its own ends with it."""
    with clock.pin(SUITE_NOW):
        yield


@pytest.fixture
def pin_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Pin the clock at an instant for the rest of the test, here and in the processes
    it starts from then on; ``running=True``: the clock runs on from there, in step in
    every process (for races that tell which came first by when it was written)."""

    def pin(at: dt.datetime, running: bool = False) -> None:
        assert at.tzinfo is not None, "an instant: say its zone"
        clock.pin(at, running)
        monkeypatch.setenv(clock.ENVIRONMENT, clock.environment())

    return pin


PG_SERVER = os.environ.get("FOLLOWTHROUGH_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


def unavailable(what: str, problem: str) -> NoReturn:
    """A real server or tool a test needs is missing: a failure under CI (CI=true), a
    loud skip on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI and missing: {problem}")
    pytest.skip(f"{what} MISSING — its tests did NOT RUN: {problem}")


def need_tool(name: str, package: str | None = None) -> str:
    """The path of a command-line tool the test drives (khal, khard, openssl…)."""
    path = shutil.which(name)
    if path is None:
        unavailable(name, f"not on PATH (apt-get install {package or name})")
    return path


def _pg_admin():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5)


# One database engine per test process, as in production (a process works on one
# database): `make test` runs the suite on SQLite, then its database tests again on
# PostgreSQL with FOLLOWTHROUGH_TEST_DATABASE=postgresql.
ENGINE = os.environ.get("FOLLOWTHROUGH_TEST_DATABASE", "sqlite")
if ENGINE not in ("sqlite", "postgresql"):
    raise pytest.UsageError(f"FOLLOWTHROUGH_TEST_DATABASE={ENGINE!r}: expected sqlite or postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the tests of this run's database: a test parametrised by `db` runs on its
    engine's run; PostgreSQL's run also takes the tests of PostgreSQL alone, SQLite's
    everything else."""
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("db") if callspec else None
        if engine is None:
            engine = "postgresql" if "postgres_url" in getattr(item, "fixturenames", ()) else "sqlite"
        (keep if engine == ENGINE else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    name = f"followthrough_test_{uuid.uuid4().hex[:10]}"
    try:
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # no server: a CI failure, a loud local skip
        unavailable("PostgreSQL", f"unreachable at {PG_SERVER}: {error}")
    yield f"{PG_SERVER}/{name}"
    from django.db import connections

    connections.close_all()
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def use_database(location: str) -> None:
    """Point this process at ``location``: configured on first use, then reopened."""
    from django.conf import settings as django_settings

    from followthrough import settings

    if django_settings.configured:
        settings.reopen(location)
    else:
        settings.configure(location)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test: migrating once is enough."""
    from followthrough.store import database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    use_database(str(path))
    database.migrate()
    from followthrough.services.owners import local_owner

    local_owner()  # made when a local job search is first opened
    from django.db import connections

    connections.close_all()
    return path


@pytest.fixture(scope="session")
def postgres_db(postgres_url: str) -> str:
    """This run's PostgreSQL database, migrated once."""
    from followthrough.store import database

    use_database(postgres_url)
    database.migrate()
    return postgres_url


def _empty_tables() -> None:
    from django.db import connection

    from followthrough.services.owners import forget_local_owner

    forget_local_owner()  # its row goes too: made again on next need

    tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def acting_locally() -> Iterator[None]:
    """The test works on the local owner's job search, as the command line and the local
    web app do (the owner is read afresh: the database was just emptied or copied)."""
    from followthrough.services.owners import acting_locally, forget_local_owner

    forget_local_owner()
    with acting_locally():
        yield


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The location of an empty, migrated database, in use by Django, the test acting as
    its local owner."""
    if request.param == "sqlite":
        location = str(tmp_path / "followthrough.sqlite3")
        shutil.copy(request.getfixturevalue("sqlite_template"), location)
        use_database(location)
    else:
        location = request.getfixturevalue("postgres_db")
        use_database(location)
        _empty_tables()
    for _ in acting_locally():
        yield location


@pytest.fixture
def another_db(db: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A second empty database of the same kind as `db` (to restore a backup into, say).
    Not in use until a `Cli` on it runs (or `use_database`)."""
    if not db.startswith("postgres"):
        location = str(tmp_path / "another.sqlite3")
        shutil.copy(request.getfixturevalue("sqlite_template"), location)
        return location
    location = request.getfixturevalue("another_postgres_db")
    use_database(location)
    _empty_tables()
    use_database(db)
    return location


@pytest.fixture(scope="session")
def another_postgres_db(postgres_db: str) -> Iterator[str]:
    name = f"followthrough_test_{uuid.uuid4().hex[:10]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    location = f"{PG_SERVER}/{name}"
    from followthrough.store import database

    use_database(location)
    database.migrate()
    use_database(postgres_db)
    yield location
    from django.db import connections

    connections.close_all()
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """An empty SQLite database only (for what is SQLite's alone: the fast agenda)."""
    location = str(tmp_path / "followthrough.sqlite3")
    shutil.copy(sqlite_template, location)
    use_database(location)
    for _ in acting_locally():
        yield location


def run_followthrough(*args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    """The real `followthrough` command in a process of its own (for a database this
    test process does not work on, or anything that must start from scratch)."""
    result = subprocess.run([sys.executable, "-m", "followthrough", *args], capture_output=True, text=True)
    assert result.returncode == code, f"exit {result.returncode} for {args}:\n{result.stdout}{result.stderr}"
    return result


def shown_db(location: str) -> list[str]:
    """`--db LOCATION` as a command followthrough prints shows it: left out when the
    location holds a password (CI's PostgreSQL has one)."""
    from urllib.parse import urlsplit

    return [] if "://" in location and urlsplit(location).password else ["--db", location]


def command_words(line: str, prefix: str = "To record it again: ") -> list[str]:
    """The arguments of a `followthrough …` command a line prints, without the program's
    name and `--db` (a test's `Cli` adds its own)."""
    import shlex

    words = shlex.split(line.removeprefix(prefix))
    assert words[0] == "followthrough", line
    words = words[1:]
    return words[2:] if words[:1] == ["--db"] else words


@dataclass
class Cli:
    """The followthrough command, run in-process against one database."""

    location: str

    def __call__(self, *args: str, code: int = 0) -> Result:
        from followthrough.cli.main import cli

        use_database(self.location)

        result = CliRunner().invoke(cli, ["--db", self.location, *args], catch_exceptions=False)
        assert result.exit_code == code, f"exit {result.exit_code} for {args}:\n{result.output}"
        return result

    def contact(self, application: str, name: str, role: str, **options: str) -> Result:
        """`contact add APPLICATION --name NAME --role ROLE --key … --email …`."""
        extra = [arg for option, value in options.items() for arg in (f"--{option}", value)]
        return self("contact", "add", application, "--name", name, "--role", role, *extra)


@pytest.fixture
def ft(db: str) -> Cli:
    return Cli(db)
