"""Django's settings for followthrough, built once per process by an entry point.

The front ends (the CLI, ``serve``, and later the shared server) call :func:`configure`
with the database the user named; it chooses the store and the web stack and sets Django
up. A process works on one database for its whole life: nothing here switches stores
afterwards, and nothing reaches into Django's private state.
"""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING, Any, Literal

from followthrough.server_settings import LOCAL_APPS, server_settings
from followthrough.store.database import BadDatabase, database_settings, is_postgres, locate, mask, sqlite_settings

if TYPE_CHECKING:
    from followthrough.server_settings import ServerOptions

__all__ = ["BadDatabase", "configure", "configured_location", "configured_mode"]

Mode = Literal["local", "server"]
_location: str | None = None
_mode: Mode | None = None
_provisional = False  # set up so that modules can load; no database chosen for good yet

# The local web app: loopback only, behind the launch token (web/middleware.py). Only
# strings and a fresh secret, so setting Django up for a CLI command costs nothing more.
LOCAL_WEB: dict[str, Any] = {
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
        "followthrough.web.middleware.local_owner",
        "followthrough.web.middleware.profile_read_once",
        "followthrough.web.middleware.BusyDatabase",
    ],
    "TEMPLATES": [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
        }
    ],
    # Sessions are signed cookies (no table) under a key made at each launch: they end
    # with the process.
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


def configure(
    db: str | None = None, mode: Mode = "local", server: ServerOptions | None = None, *, provisional: bool = False
) -> str:
    """Set Django up on the database the user named (``--db``: a SQLite path or a
    PostgreSQL URL), else ``$FOLLOWTHROUGH_DB``, else the file in their data directory.
    Returns its location.

    ``mode="server"`` is the career-centre server (``followthrough server``): PostgreSQL
    only, with accounts and sign-in instead of the launch token, set by ``server``
    (followthrough/server_settings.py).

    Called again with the same database and mode it does nothing; with another one it
    refuses: one process, one job search (or one server).

    ``provisional=True`` is the command line's: it sets Django up so that a command's
    module can load before the command's own ``--db`` is read, with no database chosen
    yet (only its kind, from the ``--db`` named so far): nothing is checked, created or
    opened, so a command's help touches no database. The first call without it chooses
    the database, of either kind: nothing has been read by then.
    """
    global _location, _mode, _provisional
    import django  # Django is set up here, from the database named; nothing else loads it first
    from django.conf import settings

    location: str | None
    if provisional:
        if settings.configured:
            return _location or ""
        # Nothing is checked or created yet: the command's own --db may name another
        # database, and a command's help opens none. Only the kind of database counts.
        named = db or os.environ.get("FOLLOWTHROUGH_DB") or ""
        location, database = None, database_settings(named) if is_postgres(named) else sqlite_settings("")
    else:
        location = locate(db)
        if mode == "server" and not is_postgres(location):
            raise BadDatabase(
                f"--db {mask(location)!r}: the server needs a postgresql:// database; "
                "SQLite is for 'followthrough serve'"
            )
        database = database_settings(location)
    if settings.configured:
        assert location is not None  # a provisional call returned above
        if _provisional and _location != location and _mode == mode:
            _move_to(location)
        if _location is not None and _location != location:
            raise RuntimeError(f"this process already works on {mask(_location)}, not {mask(location)}")
        if _mode is not None and _mode != mode:
            raise RuntimeError(f"this process already runs in {_mode} mode, not {mode}")
        _location, _mode = location, _mode or mode
        _provisional = False
        return location
    if mode == "server":
        if server is None:
            raise RuntimeError("server mode needs its ServerOptions")
        web = server_settings(server)
        # Each web thread keeps its connection between requests (checked before reuse):
        # opening one costs more than most pages (a backend started, SCRAM sign-in).
        database = {**database, "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}
    else:
        web = {"INSTALLED_APPS": LOCAL_APPS, "SECRET_KEY": secrets.token_urlsafe(50), **LOCAL_WEB}
    settings.configure(
        DATABASES={"default": database},
        # Accounts (Django's auth, with our own user model from the start) serve the shared
        # server; the local mode has one implicit owner (services/owners.py).
        AUTH_USER_MODEL="store.User",
        USE_TZ=True,
        TIME_ZONE="UTC",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        LOGGING_CONFIG=None,  # the entry points set logging up (followthrough.logs)
        **web,
    )
    django.setup()
    _location, _mode, _provisional = location, mode, provisional
    return location or ""


def _move_to(location: str) -> None:
    """Point a provisional setup at the database a command named, of any kind: no
    connection has been opened, so the next query opens the new one."""
    global _location
    from django.conf import settings
    from django.db import connections

    current = settings.DATABASES["default"]
    database = database_settings(location)
    if database["ENGINE"] == current["ENGINE"]:
        reopen(location)
        return
    for key, value in current.items():  # the defaults Django filled in (TIME_ZONE, TEST …)
        database.setdefault(key, value)
    connections.close_all()
    current.clear()
    current.update(database)
    del connections["default"]  # made again, for the new engine, at the next query
    _location = location


def configured_mode() -> Mode | None:
    """``local`` or ``server`` once configured."""
    return _mode


def configured_location() -> str | None:
    """The database this process works on, once configured."""
    return _location


def reopen(location: str) -> None:
    """Work on another database of the same kind from now on (tests, and tools that go
    through several SQLite files in one process). As Django's own test runner does when it
    creates its test database: close the connection, then point the settings at the new
    name; the next query opens it."""
    global _location
    from django.conf import settings
    from django.db import connections

    database = database_settings(location)
    current = settings.DATABASES["default"]
    if database["ENGINE"] != current["ENGINE"]:
        raise RuntimeError(f"this process works on {current['ENGINE']}, not {database['ENGINE']}")
    connections.close_all()
    current.update(database)
    _location = location
