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
    if str(path) == default_location():
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():  # a mistyped --db should not quietly start a new search
        raise BadDatabase(f"--db {location!r}: the folder {str(path.parent)!r} does not exist")
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


def web_settings() -> dict[str, Any]:
    """What the local web app needs; only strings and a fresh secret, so setting Django up
    for a CLI command stays as cheap as before (nothing here is imported until a request)."""
    import secrets

    return {
        # Made at each launch: sessions (signed cookies, no table) end with the process.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": False,
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
        "ROOT_URLCONF": "followthrough.web.urls",
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "followthrough.web.middleware.token_gate",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "followthrough.web.middleware.content_security_policy",
        ],
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
            }
        ],
        "SESSION_ENGINE": "django.contrib.sessions.backends.signed_cookies",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "CSRF_COOKIE_SAMESITE": "Strict",
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_TRUSTED_ORIGINS": [],
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "USE_I18N": False,
        "FOLLOWTHROUGH_TOKEN": None,  # set by 'followthrough serve' at each launch
    }


def use(location: str) -> None:
    """Point Django at the database, setting Django up on first use."""
    import django
    from django.conf import settings

    database = django_settings(location)
    if not settings.configured:
        settings.configure(
            DATABASES={"default": database},
            INSTALLED_APPS=["followthrough.store", "followthrough.web"],
            USE_TZ=True,
            TIME_ZONE="UTC",
            DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
            LOGGING_CONFIG=None,
            **web_settings(),
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
