"""The career-centre server's housekeeping, done by the workers between passes.

Sessions live in the database and django-axes writes a line for every sign-in: left
alone, both grow for ever. At most once an hour one worker (an advisory lock: the others
skip it) removes the sessions that have expired with their records of who signed in
with them, and the sign-in records older than :data:`SIGN_IN_RECORDS_DAYS`. Failed
sign-ins are django-axes' own to forget (after the cool-off). Counts only are logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

log = logging.getLogger("followthrough.worker")

SIGN_IN_RECORDS_DAYS = 90  # how long the record of a successful sign-in is kept
EVERY = dt.timedelta(hours=1)

_last: dt.datetime | None = None  # this process's last tidy-up


@dataclass(frozen=True)
class Tidied:
    sessions: int  # expired sessions removed
    sign_ins: int  # sign-in records older than SIGN_IN_RECORDS_DAYS removed


def server_mode() -> bool:
    from django.apps import apps

    return apps.is_installed("django.contrib.sessions") and apps.is_installed("axes")


def tidy(now: dt.datetime) -> Tidied | None:
    """Do it now (None: not a server, or another worker is doing it)."""
    from django.contrib.sessions.models import Session
    from django.db import transaction

    from followthrough.store import outbox
    from followthrough.store.models import SignedInSession

    if not server_mode():
        return None
    from axes.models import AccessLog

    with outbox.only_one("housekeeping") as mine:
        if not mine:
            return None
        with transaction.atomic():
            expired = Session.objects.filter(expire_date__lt=now).values("session_key")
            SignedInSession.objects.filter(session_key__in=expired).delete()
            sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
        cutoff = now - dt.timedelta(days=SIGN_IN_RECORDS_DAYS)
        sign_ins, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    done = Tidied(sessions, sign_ins)
    if sessions or sign_ins:
        log.info("housekeeping: %d expired session(s), %d old sign-in record(s) removed", sessions, sign_ins)
    return done


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
