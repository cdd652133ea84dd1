"""The workers keep the server's own tables from growing for ever: expired sessions, old
sign-in records and old reset links go, live sessions and recent records stay; one
worker does it at a time, at most once an hour."""

from __future__ import annotations

import datetime as dt

import psycopg

from tests.server.support import member, start

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def _session(key: str, expires: dt.datetime, user: object) -> None:
    from django.contrib.sessions.models import Session

    from followthrough.store.models import SignedInSession

    Session.objects.create(session_key=key, session_data="", expire_date=expires)
    SignedInSession.objects.create(session_key=key, user=user)


def _sign_in_record(username: str, at: dt.datetime) -> None:
    from axes.models import AccessLog

    AccessLog.objects.create(username=username, ip_address="127.0.0.1", user_agent="", attempt_time=NOW)
    AccessLog.objects.filter(username=username).update(attempt_time=at)  # attempt_time is set on creation


def test_expired_sessions_and_old_sign_in_records_go(server: str) -> None:
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session

    from followthrough.services.reminders import housekeeping
    from followthrough.store.models import ResetLink, SignedInSession

    admin = start()
    seeker = member(admin, "sam@example.org")
    _session("expired" + "x" * 30, NOW - dt.timedelta(minutes=1), seeker)
    _session("live" + "x" * 33, NOW + dt.timedelta(hours=3), seeker)
    _sign_in_record("old@example.org", NOW - dt.timedelta(days=housekeeping.SIGN_IN_RECORDS_DAYS + 1))
    _sign_in_record("recent@example.org", NOW - dt.timedelta(days=3))
    long_ago = NOW - dt.timedelta(days=housekeeping.SIGN_IN_RECORDS_DAYS + 1)
    for n, (used, expires) in enumerate([(long_ago, NOW), (None, long_ago), (NOW, long_ago), (None, NOW)]):
        ResetLink.objects.create(user=seeker, token_hash=f"{n:064}", expires_at=expires, used_at=used)

    assert housekeeping.tidy(NOW) == housekeeping.Tidied(sessions=1, sign_ins=1, reset_links=2)
    assert sorted(ResetLink.objects.values_list("token_hash", flat=True)) == [f"{2:064}", f"{3:064}"]
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live" + "x" * 33]
    assert list(SignedInSession.objects.values_list("session_key", flat=True)) == ["live" + "x" * 33]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent@example.org"]
    assert housekeeping.tidy(NOW) == housekeeping.Tidied(0, 0), "nothing more to do"


def test_one_worker_at_a_time_and_not_every_pass(server: str, monkeypatch: object) -> None:
    from axes.models import AccessLog

    from followthrough.services.reminders import housekeeping
    from followthrough.store.outbox import _lock_key

    _sign_in_record("old@example.org", NOW - dt.timedelta(days=housekeeping.SIGN_IN_RECORDS_DAYS + 1))
    other = psycopg.connect(server, autocommit=True)  # another worker, tidying now
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [_lock_key("housekeeping")])
        assert housekeeping.tidy(NOW) is None and AccessLog.objects.count() == 1, "left to the other worker"
    finally:
        other.close()
    housekeeping._last = None
    assert housekeeping.now_and_then(NOW) == housekeeping.Tidied(0, 1)
    _sign_in_record("old2@example.org", NOW - dt.timedelta(days=housekeeping.SIGN_IN_RECORDS_DAYS + 1))
    assert housekeeping.now_and_then(NOW + dt.timedelta(minutes=30)) is None, "done less than an hour ago"
    assert AccessLog.objects.count() == 1
    assert housekeeping.now_and_then(NOW + dt.timedelta(hours=1)) == housekeeping.Tidied(0, 1)


def test_the_real_worker_does_it_on_a_server_database(server: str) -> None:
    """`followthrough worker --once`, as the systemd unit runs it (the command line's
    settings, without the server's apps), tidies the server's tables."""
    import subprocess
    import sys

    from axes.models import AccessLog
    from django.contrib.sessions.models import Session
    from django.db import connections

    from followthrough.services.reminders import housekeeping
    from tests.server.support import clean_environment

    admin = start()
    seeker = member(admin, "sam@example.org")
    soon = dt.datetime.now(dt.UTC)  # noqa: TID251 - Django dates its sessions by the real time
    _session("expired" + "x" * 30, soon - dt.timedelta(minutes=1), seeker)
    _session("live" + "x" * 33, soon + dt.timedelta(hours=3), seeker)
    _sign_in_record("old@example.org", soon - dt.timedelta(days=housekeeping.SIGN_IN_RECORDS_DAYS + 1))
    connections.close_all()
    worker = subprocess.run(
        [sys.executable, "-m", "followthrough", "--db", server, "worker", "--once", "--no-desktop"],
        env=clean_environment(FOLLOWTHROUGH_LOG="info"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    assert "housekeeping: 1 expired session(s), 1 old sign-in record(s), 0 old reset link(s) removed" in worker.stderr
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live" + "x" * 33]
    assert not AccessLog.objects.exists()
