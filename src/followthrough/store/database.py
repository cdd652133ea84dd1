"""Where the data lives, and Django set up to reach it (SQLite file or PostgreSQL URL)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from followthrough.store import busy
from followthrough.store.location import DEFAULT_FILE, default_location, is_postgres, locate, masked, sqlite_file

__all__ = [
    "DEFAULT_FILE",
    "BadDatabase",
    "database_settings",
    "default_location",
    "is_postgres",
    "locate",
    "mask",
    "migrate",
    "sqlite_path",
]


class BadDatabase(ValueError):
    """A --db value that names no usable database."""


def mask(location: str) -> str:
    """The location as it may be shown: a URL's password (and any query, where libpq
    takes a password too) replaced by ***."""
    return masked(location)


def sqlite_path(location: str) -> Path:
    return Path(sqlite_file(location))


def database_settings(location: str) -> dict[str, Any]:
    """Django's DATABASES entry for a SQLite file or a PostgreSQL URL."""
    if is_postgres(location):
        url = urlsplit(location)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(url.path.lstrip("/")) or "postgres",
            "USER": unquote(url.username or ""),
            "PASSWORD": unquote(url.password or ""),
            "HOST": url.hostname or "",
            "PORT": str(url.port or ""),
            "CONN_MAX_AGE": 0,
            "ATOMIC_REQUESTS": False,
            "OPTIONS": {
                # Named in pg_stat_activity, so a command kept waiting can say who holds the
                # lock; and a lock waited on longer than SQLite's busy timeout is given up.
                "application_name": busy.program_name(),
                "options": f"-c lock_timeout={int(busy.busy_timeout() * 1000)}",
            },
        }
    if "://" in location and not location.startswith("sqlite:///"):
        raise BadDatabase(f"--db {masked(location)!r}: expected a file path or a postgresql:// URL")
    path = sqlite_path(location)
    if path.is_dir():
        raise BadDatabase(f"--db {location!r}: is a directory, expected a database file")
    if str(path) == default_location():
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():  # a mistyped --db should not quietly start a new search
        raise BadDatabase(f"--db {location!r}: the folder {str(path.parent)!r} does not exist")
    return sqlite_settings(str(path))


def sqlite_settings(name: str) -> dict[str, Any]:
    """Django's DATABASES entry for the SQLite file ``name``, unchecked."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two writers
            # queue on the busy timeout instead of failing mid-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": busy.busy_timeout(),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        },
    }


def migrate() -> None:
    """Bring the tables up to date; a no-op (one cheap check) when they are.

    Several processes may open a new database at once (cron's ``remind`` and the user's
    first command): the migrations run under a lock (``pg_advisory_lock`` on PostgreSQL,
    an exclusive ``flock`` on a file beside the SQLite database), and whoever gets it
    second finds them done when it checks again.
    """
    from django.core.management import call_command
    from django.db import connection

    # On SQLite the check waits for a migration under way (reading a database being made
    # waits for its writer, and gives up after the busy timeout): a shared lock, so checkers
    # do not wait for each other. PostgreSQL's readers never wait for the migrating writer.
    with _migration_lock(connection, shared=True):
        if not _pending(connection):
            return
    with _migration_lock(connection):
        if _pending(connection):
            call_command("migrate", verbosity=0, interactive=False)


def _pending(connection: Any) -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


MIGRATION_LOCK = 0x46544D49  # "FTMI": the advisory lock key the migrations are run under


@contextlib.contextmanager
def _migration_lock(connection: Any, shared: bool = False) -> Iterator[None]:
    """Held while the migrations run (exclusive), or while their state is read (shared, on
    SQLite only: nothing to wait for on PostgreSQL, and each command would pay for it)."""
    if connection.vendor == "postgresql" and shared:
        yield
        return
    if connection.vendor == "postgresql":
        # Whoever comes second waits for the migrations to end, however long a loaded
        # machine takes over them: a bounded job, not a writer to give up on after the busy
        # timeout (lock_timeout would cancel the wait, and the command would say "busy").
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lock_timeout')")
            (before,) = cursor.fetchone()
            cursor.execute("SET lock_timeout = 0")
            try:
                cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
            finally:
                cursor.execute("SELECT set_config('lock_timeout', %s, false)", [before])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
        return
    import fcntl  # not on Windows; SQLite's lock file is the only user

    descriptor = os.open(f"{connection.settings_dict['NAME']}.migrate-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)  # released when it closes, even on a crash
        yield
    finally:
        os.close(descriptor)
