"""The career-centre server's housekeeping, done by the workers between passes.

Sessions live in the database and django-axes writes a line for every sign-in: left
alone, both grow for ever. At most once an hour one worker (an advisory lock: the others
skip it) removes the sessions that have expired with their records of who signed in
with them, and the sign-in records and reset links older than
:data:`SIGN_IN_RECORDS_DAYS`. Failed
sign-ins are django-axes' own to forget (after the cool-off). Counts only are logged.

The worker runs with the command line's settings, where the server's own apps (sessions,
django-axes) are not installed: so this works on their tables directly, where the
database has them (a server's), and does nothing where it has not (a local job search).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from followthrough.store import outbox
from followthrough.store.account_models import ResetLink
from followthrough.store.models import SignedInSession

log = logging.getLogger("followthrough.worker")

SIGN_IN_RECORDS_DAYS = 90  # how long the record of a successful sign-in is kept
EVERY = dt.timedelta(hours=1)
# Django's sessions and django-axes' sign-in records: tables of apps the command line's
# settings do not install (a worker), so named here, not read from their models.
SESSIONS, SIGN_IN_RECORDS = "django_session", "axes_accesslog"
SERVER_TABLES = frozenset({SESSIONS, SIGN_IN_RECORDS, "ft_signed_in_session"})

_last: dt.datetime | None = None  # this process's last tidy-up


@dataclass(frozen=True)
class Tidied:
    sessions: int  # expired sessions removed
    sign_ins: int  # sign-in records older than SIGN_IN_RECORDS_DAYS removed
    reset_links: int = 0  # reset links used or ended more than SIGN_IN_RECORDS_DAYS ago removed


def server_tables() -> bool:
    """Whether the database is a career-centre server's (it has the sign-in tables)."""

    return set(connection.introspection.table_names()) >= SERVER_TABLES


def _names(model: Any) -> dict[str, str]:
    """A model's table (key "") and its columns by field name, for raw SQL."""
    return {"": model._meta.db_table, **{f.name: f.column for f in model._meta.concrete_fields}}


def tidy(now: dt.datetime) -> Tidied | None:
    """Do it now (None: not a server's database, or another worker is doing it)."""

    # Names from the models: a renamed table or column is renamed here too.
    signed_in, reset = _names(SignedInSession), _names(ResetLink)
    if not server_tables():
        return None
    with outbox.only_one("housekeeping") as mine:
        if not mine:
            return None
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {signed_in['']} WHERE {signed_in['session_key']} IN"
                f" (SELECT session_key FROM {SESSIONS} WHERE expire_date < %s)",
                [now],
            )
            cursor.execute(f"DELETE FROM {SESSIONS} WHERE expire_date < %s", [now])
            sessions = max(int(cursor.rowcount), 0)
        with transaction.atomic(), connection.cursor() as cursor:
            cutoff = now - dt.timedelta(days=SIGN_IN_RECORDS_DAYS)
            cursor.execute(f"DELETE FROM {SIGN_IN_RECORDS} WHERE attempt_time < %s", [cutoff])
            sign_ins = max(int(cursor.rowcount), 0)
            # The administrators' list of reset links reaches back as far as the sign-ins.
            cursor.execute(
                f"DELETE FROM {reset['']} WHERE COALESCE({reset['used_at']}, {reset['expires_at']}) < %s", [cutoff]
            )
            reset_links = max(int(cursor.rowcount), 0)
    if sessions or sign_ins or reset_links:
        log.info(
            "housekeeping: %d expired session(s), %d old sign-in record(s), %d old reset link(s) removed",
            sessions,
            sign_ins,
            reset_links,
        )
    return Tidied(sessions, sign_ins, reset_links)


def now_and_then(now: dt.datetime) -> Tidied | None:
    """:func:`tidy` if this process has not done it in the last hour. A failure is
    logged and tried again next time: housekeeping never stops a worker."""
    global _last
    if _last is not None and now - _last < EVERY:
        return None
    _last = now
    try:
        return tidy(now)
    except Exception as error:  # the database is away: the next pass tries again
        log.warning("housekeeping failed: %s (will retry)", str(error).strip().splitlines()[0] if str(error) else error)
        _last = None
        return None
