"""What a caseload summary counts, read set-wise: three aggregate queries for any number
of job seekers, from the applications and steps as the planner wrote them (their
promised date, interview count and latest event are kept with the plan: nothing is
planned and no event is read here).

Every query goes through the owned tables' managers, so it answers only for the owners
of the scope the caller entered (services.coaching.caseload.reading: the seekers it was given).
Each row names its owner's user id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.db.models import Count, F, Max, Min, Q, Value
from django.db.models.functions import Coalesce, Least

from followthrough.core.model import ApplicationStatus, StepKind, StepStatus
from followthrough.store.caseload_models import KeptSummary
from followthrough.store.models import Application, Step, User
from followthrough.store.owners import ScopeError, readable_owner_ids

FOLLOW_UPS = (StepKind.CALL_HIRING_OFFICER.value, StepKind.EMAIL_FOLLOW_UP.value)


def _owner(prefix: str = "") -> Any:
    """The owner's id, as a column of the query."""
    return F(f"{prefix}owner_id")


def stages(today: dt.date) -> Iterator[tuple[int, str, str | None, bool, int, dt.date | None]]:
    """(owner, status, outcome, interviewed, how many applications, the latest day
    something happened in them, up to today: an event, or the application sent)."""

    up_to_today = Least(Coalesce(F("last_event_on"), F("applied_on")), Value(today))
    rows = (
        Application.objects.order_by()
        .annotate(who=_owner(), interviewed=Q(interviews__gt=0))
        .values("who", "status", "outcome", "interviewed")
        .annotate(n=Count("id"), last=Max(up_to_today), applied=Max("applied_on"))
        .values_list("who", "status", "outcome", "interviewed", "n", "last", "applied")
    )
    for who, status, outcome, interviewed, n, last, applied in rows:
        latest = max((d for d in (last, applied) if d is not None and d <= today), default=None)
        yield who, status, outcome, bool(interviewed), n, latest


def late_steps(today: dt.date) -> Iterator[tuple[int, int, str, str, int, dt.date]]:
    """(owner, application, company, kind, how many, earliest due) of the pending steps
    due before today, by application and kind: the agenda's index finds them."""

    rows = (
        Step.objects.filter(status=StepStatus.PENDING.value, due__lt=today)
        .order_by()
        .annotate(who=_owner("application__"))
        .values("who", "application_id", "application__company", "kind")
        .annotate(n=Count("id"), first=Min("due"))
        .values_list("who", "application_id", "application__company", "kind", "n", "first")
    )
    yield from rows


def follow_ups_past_promise(
    today: dt.date,
) -> Iterator[tuple[int, int, str, dt.date | None, int, str, str, int]]:
    """(owner, application, company, promised date, phase, kind, status, how many) of the
    follow-ups (not cancelled) of open applications whose promised date has passed."""

    rows = (
        Step.objects.filter(
            application__status=ApplicationStatus.OPEN.value,
            application__promised_on__lt=today,
            kind__in=FOLLOW_UPS,
        )
        .exclude(status=StepStatus.CANCELLED.value)
        .order_by()
        .annotate(who=_owner("application__"))
        .values("who", "application_id", "application__company", "application__promised_on", "phase", "kind", "status")
        .annotate(n=Count("id"))
        .values_list(
            "who", "application_id", "application__company", "application__promised_on", "phase", "kind", "status", "n"
        )
    )
    yield from rows


# -- kept summaries (PostgreSQL: see store/caseload_models.py) -------------------------

# (owner, version, summary_of, day, attention, reasons, overdue, most overdue days, days quiet)
KeptRow = tuple[int, int, int, "dt.date | None", int, int, int, int, "int | None"]
_KEPT = ("owner", "version", "summary_of", "day", "attention", "reasons", "overdue", "most_overdue_days", "days_quiet")


def keeps_summaries() -> bool:
    """Whether this database keeps summaries (PostgreSQL, where triggers date them)."""

    return connection.vendor == "postgresql"


def _summaries() -> tuple[str, dict[str, str]]:
    """The kept summaries' table and its columns by field name (from the model's ``_meta``)."""

    meta = KeptSummary._meta
    return meta.db_table, {f.name: f.column for f in meta.concrete_fields}


def kept() -> list[KeptRow]:
    """The kept rows of the seekers of the scope (services.coaching.caseload.reading; ScopeError
    outside one); a seeker without one is given one first (committed, on its own), so the
    version read here is the one any later change moves on. A seeker whose account is gone
    (deleted since the caller read who to count) has none."""

    owner_ids = list(readable_owner_ids())
    table, column = _summaries()
    owner = column["owner"]
    select = f"SELECT {', '.join(column[f] for f in _KEPT)} FROM {table} WHERE {owner} = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(select, [owner_ids])
        rows: list[KeptRow] = cursor.fetchall()
        missing = sorted(set(owner_ids) - {row[0] for row in rows})
        if missing:
            # Only for accounts that still exist, held until the row is in: an account
            # deleted meanwhile is skipped (its deletion waited for, then seen), where a
            # row for it would fail the foreign key and the coach's whole page with it.
            users, user_id = User._meta.db_table, User._meta.pk.column
            cursor.execute(
                f"INSERT INTO {table} ({owner}) SELECT u.{user_id} FROM {users} u"
                f" WHERE u.{user_id} = ANY(%s) ORDER BY u.{user_id} FOR KEY SHARE ON CONFLICT DO NOTHING",
                [missing],
            )
            cursor.execute(select, [missing])
            rows += cursor.fetchall()
    return rows


def records() -> dict[int, tuple[str, dt.date]]:
    """The kept summaries (JSON) of the seekers of the scope that are current, with their
    day (ScopeError outside a scope)."""

    owner_ids = list(readable_owner_ids())
    table, c = _summaries()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {c['owner']}, {c['record']}, {c['day']} FROM {table}"
            f" WHERE {c['owner']} = ANY(%s) AND {c['summary_of']} = {c['version']} AND {c['record']} <> ''",
            [owner_ids],
        )
        return {who: (record, day) for who, record, day in cursor.fetchall()}


def keep(rows: list[tuple[KeptRow, str]]) -> int:
    """Keep these summaries (each its row and record), each only if its seeker's version
    is still the one it was counted from (a change committed since has moved it on: that count is not kept).
    How many were kept. Every row is of a seeker of the scope, or ScopeError.

    A row locked by someone else (a seeker's change committing, another coach keeping it)
    is left as it is, not waited for: keeping is only a saving, and two looks that lock
    overlapping seekers in different orders (the planner's, by table size) would
    otherwise deadlock, failing a coach's page. The next look counts that seeker again."""

    readable = set(readable_owner_ids())
    if not rows:
        return 0
    strangers = sorted({row[0] for row, _ in rows} - readable)
    if strangers:
        raise ScopeError(f"summaries of {strangers} kept outside their scope")
    columns = list(zip(*[(*row, record) for row, record in rows], strict=True))
    table, c = _summaries()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH free AS (SELECT {c['owner']} FROM {table} WHERE {c['owner']} = ANY(%s) FOR UPDATE SKIP LOCKED)"
            f" UPDATE {table} s SET {c['summary_of']} = v.version, {c['day']} = v.day,"
            f" {c['attention']} = v.attention, {c['reasons']} = v.reasons, {c['overdue']} = v.overdue,"
            f" {c['most_overdue_days']} = v.most, {c['days_quiet']} = v.quiet, {c['record']} = v.record"
            " FROM unnest(%s::bigint[], %s::bigint[], %s::date[], %s::int[], %s::int[], %s::int[], %s::int[],"
            " %s::int[], %s::text[]) AS v(owner, version, day, attention, reasons, overdue, most, quiet, record)"
            f" WHERE s.{c['owner']} = v.owner AND s.{c['version']} = v.version"
            f" AND s.{c['owner']} IN (SELECT {c['owner']} FROM free)",
            [list(columns[0]), list(columns[0]), list(columns[1]), *[list(values) for values in columns[3:]]],
        )
        return int(cursor.rowcount)
