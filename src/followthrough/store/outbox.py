"""The reminder outbox in set-based SQL: a pass over a million steps is a handful of
statements per batch, never a Python object per row it does not deliver.

Each function is one transaction. The claim is one statement: on PostgreSQL the rows are
picked with ``FOR UPDATE SKIP LOCKED``, so workers running at once take disjoint batches
without waiting for each other; on SQLite the whole statement runs under the write lock
(IMMEDIATE transactions), which makes the conditional update the claim.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from followthrough.core.model import ReminderState, StepStatus

QUEUED, CLAIMED, SENT = ReminderState.QUEUED.value, ReminderState.CLAIMED.value, ReminderState.SENT.value


@dataclass(frozen=True)
class Claimed:
    """One outbox row a run holds."""

    id: int
    step_id: str


@dataclass(frozen=True)
class ClaimedStep:
    """A claimed row with its step as it is now (``status`` is None: the step is gone)."""

    row: int
    step_id: str
    status: str | None
    due: dt.date | None
    kind: str
    contact_key: str | None
    application: str
    company: str
    role: str
    contact_name: str | None


def _postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _among(column: str, values: Sequence[Any]) -> tuple[str, Any]:
    """``column`` is one of ``values``, as one parameter whatever their number (SQLite
    limits the parameters of a statement; a remind run may hold 100,000 rows)."""
    if _postgres():
        return f"{column} = ANY(%s)", list(values)
    return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(list(values))


def enqueue(channel: str, cutoff: dt.date) -> int:
    """An outbox row for every pending step due by ``cutoff`` that has none on ``channel``.

    The unique (step, channel) key keeps one row whoever races to insert it; on PostgreSQL
    enqueuers also take turns (a transaction-level advisory lock), so the second finds the
    first's rows instead of waiting on each of them in the unique index.
    """
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if _postgres():
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(f"enqueue:{channel}")])
        cursor.execute(
            "INSERT INTO ft_reminder (step_id, channel, state, claim_token, claimed_by, due, late, digest)"
            " SELECT s.id, %s, %s, '', '', s.due, FALSE, '' FROM ft_step s"
            " WHERE s.status = %s AND s.due <= %s"
            " AND NOT EXISTS (SELECT 1 FROM ft_reminder r WHERE r.step_id = s.id AND r.channel = %s)"
            " ON CONFLICT (step_id, channel) DO NOTHING",
            [channel, QUEUED, StepStatus.PENDING.value, connection.ops.adapt_datefield_value(cutoff), channel],
        )
        return max(int(cursor.rowcount), 0)


def claimers(channel: str) -> list[str]:
    """Who holds claims on ``channel`` now (host:pid), to spot the ones that died."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT claimed_by FROM ft_reminder WHERE state = %s AND channel = %s", [CLAIMED, channel]
        )
        return [by for (by,) in cursor.fetchall()]


def claim(
    channel: str,
    token: str,
    me: str,
    now: dt.datetime,
    stale_before: dt.datetime,
    dead: Sequence[str] = (),
    limit: int | None = None,
) -> list[Claimed]:
    """Claim up to ``limit`` rows of ``channel`` (all when None) for ``token``: the queued
    ones, and those claimed before ``stale_before`` or by a process in ``dead``."""
    from django.db import connection, transaction

    by_the_dead, dead_param = _among("claimed_by", dead)
    pick = (
        "SELECT id FROM ft_reminder WHERE channel = %s AND (state = %s OR (state = %s AND"
        f" (claimed_at IS NULL OR claimed_at < %s OR {by_the_dead})))"
    )
    at = connection.ops.adapt_datetimefield_value
    params: list[Any] = [channel, QUEUED, CLAIMED, at(stale_before), dead_param]
    if limit is not None:
        pick += " LIMIT %s"
        params.append(limit)
    if _postgres():
        pick += " FOR UPDATE SKIP LOCKED"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ft_reminder SET state = %s, claim_token = %s, claimed_by = %s, claimed_at = %s"
            f" WHERE id IN ({pick}) RETURNING id, step_id",
            [CLAIMED, token, me, at(now), *params],
        )
        return [Claimed(rid, sid) for rid, sid in cursor.fetchall()]


def claimed_steps(rows: Sequence[int]) -> list[ClaimedStep]:
    """The claimed rows with their steps, read again now (one statement)."""
    from django.db import connection

    among, param = _among("r.id", rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, r.step_id, s.status, s.due, s.kind, s.contact_key, a.slug, a.company, a.role, c.name"
            " FROM ft_reminder r LEFT JOIN ft_step s ON s.id = r.step_id"
            " LEFT JOIN ft_application a ON a.id = s.application_id"
            " LEFT JOIN ft_contact c ON c.id = s.contact_id"
            f" WHERE {among}",
            [param],
        )
        return [_claimed_step(*row) for row in cursor.fetchall()]


def _claimed_step(
    rid: int, sid: str, status: str | None, due: Any, kind: str | None, key: str | None, *rest: str | None
) -> ClaimedStep:
    slug, company, role, contact = rest
    if isinstance(due, str):  # SQLite through a raw cursor
        due = dt.date.fromisoformat(due)
    return ClaimedStep(rid, sid, status, due, kind or "", key, slug or "", company or "", role or "", contact)


def drop(rows: Sequence[int], token: str) -> None:
    """Rows whose step no longer wants a reminder: deleted (re-queued if it comes due again)."""
    from django.db import connection, transaction

    if not rows:
        return
    among, param = _among("id", rows)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM ft_reminder WHERE {among} AND claim_token = %s", [param, token])


def mark_sent(late: Sequence[int], on_time: Sequence[int], token: str, now: dt.datetime) -> int:
    """Delivered: the rows still claimed by ``token`` become sent (one transaction). A run
    that lost its claim to a takeover leaves them to the run that took them."""
    from django.db import connection, transaction

    changed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for rows, is_late in ((late, True), (on_time, False)):
            if not rows:
                continue
            among, param = _among("id", rows)
            cursor.execute(
                f"UPDATE ft_reminder SET state = %s, sent_at = %s, late = %s, digest = %s"
                f" WHERE {among} AND claim_token = %s AND state = %s",
                [SENT, connection.ops.adapt_datetimefield_value(now), is_late, token, param, token, CLAIMED],
            )
            changed += cursor.rowcount
    return changed


def release(token: str) -> None:
    """What ``token`` claimed and did not deliver goes back to the queue."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ft_reminder SET state = %s, claim_token = '', claimed_by = ''"
            " WHERE claim_token = %s AND state = %s",
            [QUEUED, token, CLAIMED],
        )


def _lock_key(name: str) -> int:
    return zlib.crc32(f"followthrough:{name}".encode()) - 2**31  # a signed 32-bit key


@contextlib.contextmanager
def only_one(name: str) -> Iterator[bool]:
    """True when this process is the one doing ``name`` now (a session advisory lock on
    PostgreSQL, held for the block); always True on SQLite, whose writes take turns anyway."""
    from django.db import connection

    if not _postgres():
        yield True
        return
    key = _lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (mine,) = cursor.fetchone()
    try:
        yield bool(mine)
    finally:
        if mine:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
