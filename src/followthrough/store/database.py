"""Where the data lives, and Django set up to reach it (SQLite file or PostgreSQL URL)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from followthrough.store.location import DEFAULT_FILE, default_location, is_postgres, locate, sqlite_file

__all__ = ["DEFAULT_FILE", "BadDatabase", "default_location", "is_postgres", "locate", "sqlite_path", "use"]


class BadDatabase(ValueError):
    """A --db value that names no usable database."""


def sqlite_path(location: str) -> Path:
    return Path(sqlite_file(location))


def django_settings(location: str) -> dict[str, Any]:
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
        }
    if "://" in location and not location.startswith("sqlite:///"):
        raise BadDatabase(f"--db {location!r}: expected a file path or a postgresql:// URL")
    path = sqlite_path(location)
    if path.is_dir():
        raise BadDatabase(f"--db {location!r}: is a directory, expected a database file")
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two writers
            # queue on the busy timeout instead of failing mid-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        },
    }


def use(location: str) -> None:
    """Point Django at the database, setting Django up on first use."""
    import django
    from django.conf import settings

    database = django_settings(location)
    if not settings.configured:
        settings.configure(
            DATABASES={"default": database},
            INSTALLED_APPS=["followthrough.store"],
            USE_TZ=True,
            TIME_ZONE="UTC",
            DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
            LOGGING_CONFIG=None,
        )
        django.setup()
        return
    if settings.DATABASES["default"] == database:
        return
    # Another database in the same process (tests, a server switching stores): drop the
    # old connections and let Django read the new settings.
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"] = database
    connections.__dict__.pop("settings", None)
    for alias in list(connections):
        with contextlib.suppress(AttributeError):
            delattr(connections._connections, alias)  # type: ignore[attr-defined]


def migrate() -> None:
    """Bring the tables up to date; a no-op (one cheap check) when they are."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)
