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
from typing import Any, NamedTuple

from django.db import connection, transaction

from followthrough.core.model import ReminderState, StepStatus
from followthrough.store.owners import acting_owner_id
from followthrough.store.tables import sql

QUEUED, CLAIMED, SENT = ReminderState.QUEUED.value, ReminderState.CLAIMED.value, ReminderState.SENT.value
# The condition of the open-rows index, written out in each query that reads by it: SQLite
# uses a partial index only when the query states its condition word for word.
OPEN = f"{{Reminder.state}} IN ('{QUEUED}', '{CLAIMED}')"  # a template for tables.sql


@dataclass(frozen=True)
class Claimed:
    """One outbox row a run holds."""

    id: int
    step_id: str


class ClaimedStep(NamedTuple):
    """A claimed row with its step as it is now (``status`` is None: the step is gone).
    A tuple: a pass makes a million of them."""

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
    return connection.vendor == "postgresql"


def _among(column: str, values: Sequence[Any]) -> tuple[str, Any]:
    """``column`` is one of ``values``, as one parameter whatever their number (SQLite
    limits the parameters of a statement; a remind run may hold 100,000 rows)."""
    if _postgres():
        return f"{column} = ANY(%s)", list(values)
    return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(list(values))


ENQUEUE_CHUNK = 20_000  # rows per transaction of a PostgreSQL enqueue

_INSERT = (
    "INSERT INTO {Reminder} ({Reminder.owner}, {Reminder.step_id}, {Reminder.channel}, {Reminder.state},"
    " {Reminder.claim_token}, {Reminder.claimed_by}, {Reminder.due}, {Reminder.late}, {Reminder.digest})"
    " SELECT a.{Application.owner}, s.{Step.id}, %s, %s, '', '', s.{Step.due}, FALSE, ''"
    " FROM {Step} s JOIN {Application} a ON a.{Application.id} = s.{Step.application}"
    " WHERE a.{Application.owner} = %s AND s.{Step.status} = %s AND s.{Step.due} <= %s"
    " AND NOT EXISTS (SELECT 1 FROM {Reminder} r WHERE r.{Reminder.step_id} = s.{Step.id}"
    " AND r.{Reminder.channel} = %s)"
)


def enqueue(channel: str, cutoff: dt.date) -> int | None:
    """An outbox row for every pending step of the acting owner due by ``cutoff`` that has
    none on ``channel``; how many were added.

    The unique (step, channel) key keeps one row whoever races to insert it. On PostgreSQL
    one process enqueues a channel at a time (an advisory lock), in chunks of
    :data:`ENQUEUE_CHUNK` steps, each committed: the other workers claim and deliver the
    first chunks while the rest are written. For them this returns None: claim what is
    there, and :func:`wait_for_enqueue` before taking an empty queue for the end.
    """

    owner = acting_owner_id()
    values: list[Any] = [
        channel,
        QUEUED,
        owner,
        StepStatus.PENDING.value,
        connection.ops.adapt_datefield_value(cutoff),
        channel,
    ]
    if not _postgres():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql(_INSERT + " ON CONFLICT ({Reminder.step_id}, {Reminder.channel}) DO NOTHING"), values)
            return max(int(cursor.rowcount), 0)
    key = _lock_key(f"enqueue:{owner}:{channel}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (mine,) = cursor.fetchone()
    if not mine:
        return None
    added, after = 0, ""
    try:
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                # Steps in key order, each looked up in the outbox's unique index: never a
                # scan of ft_reminder, which on a table the statistics call empty would be
                # repeated for every step and read the rows this statement inserted.
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(
                    # No ON CONFLICT: nobody else inserts while the lock is held, and the
                    # speculative insertion it needs costs a fifth of the statement.
                    sql(_INSERT + " AND s.{Step.id} > %s ORDER BY s.{Step.id} LIMIT %s RETURNING {Reminder.step_id}"),
                    [*values, after, ENQUEUE_CHUNK],
                )
                chunk = [sid for (sid,) in cursor.fetchall()]
            if not chunk:
                return added
            added += len(chunk)
            after = max(chunk)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def wait_for_enqueue(channel: str) -> None:
    """Until whoever is enqueuing ``channel`` has finished (PostgreSQL). Waiting for a
    bounded job, not for a lock to give up on after the busy timeout."""

    if not _postgres():
        return
    key = _lock_key(f"enqueue:{acting_owner_id()}:{channel}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        (before,) = cursor.fetchone()
        cursor.execute("SET lock_timeout = 0")
        try:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        finally:
            cursor.execute("SELECT set_config('lock_timeout', %s, false)", [before])


def claimers(channel: str) -> list[str]:
    """Who holds claims on ``channel`` now (host:pid), to spot the ones that died."""

    with connection.cursor() as cursor:
        cursor.execute(
            sql(
                "SELECT DISTINCT {Reminder.claimed_by} FROM {Reminder} WHERE {Reminder.owner} = %s"
                f" AND {{Reminder.channel}} = %s AND {{Reminder.state}} = %s AND {OPEN}"
            ),
            [acting_owner_id(), channel, CLAIMED],
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
    """Claim up to ``limit`` rows of ``channel`` (all when None) for ``token``, in one
    transaction: first claims made before ``stale_before`` or by a process in ``dead``
    (taken over), then queued rows.

    Two statements, each on one value of the (state, channel) index, so a batch stops
    reading after ``limit`` rows: one condition over both states would read every queued
    row for each batch, and a pass over a million rows would take time squared.
    """

    owner = acting_owner_id()
    at = connection.ops.adapt_datetimefield_value
    by_the_dead, dead_param = _among(sql("{Reminder.claimed_by}"), dead)
    state, claimed_at = sql("{Reminder.state}"), sql("{Reminder.claimed_at}")
    stale = (
        f"{state} = %s AND ({claimed_at} IS NULL OR {claimed_at} < %s OR {by_the_dead})",
        [CLAIMED, at(stale_before), dead_param],
    )
    claimed: list[Claimed] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for condition, params in (stale, (f"{state} = %s", [QUEUED])):
            wanted = None if limit is None else limit - len(claimed)
            if wanted is not None and wanted <= 0:
                break
            pick = sql(
                "SELECT {Reminder.id} FROM {Reminder} WHERE {Reminder.owner} = %s AND {Reminder.channel} = %s"
                f" AND {OPEN}"
            )
            pick += f" AND {condition}"
            if wanted is not None:
                pick += f" LIMIT {int(wanted)}"
            if _postgres():
                pick += " FOR UPDATE SKIP LOCKED"
            cursor.execute(
                sql(
                    "UPDATE {Reminder} SET {Reminder.state} = %s, {Reminder.claim_token} = %s,"
                    " {Reminder.claimed_by} = %s, {Reminder.claimed_at} = %s WHERE {Reminder.id} IN"
                )
                + f" ({pick}) "
                + sql("RETURNING {Reminder.id}, {Reminder.step_id}"),
                [CLAIMED, token, me, at(now), owner, channel, *params],
            )
            claimed += [Claimed(rid, sid) for rid, sid in cursor.fetchall()]
    return claimed


def claimed_steps(rows: Sequence[Claimed]) -> list[ClaimedStep]:
    """The claimed rows with their steps as they are now (one statement, by the steps' keys)."""

    owner = acting_owner_id()  # outside a scope: ScopeError
    if not rows:
        return []
    among, param = _among(sql("s.{Step.id}"), [row.step_id for row in rows])
    with connection.cursor() as cursor:
        cursor.execute(
            sql(
                "SELECT s.{Step.id}, s.{Step.status}, s.{Step.due}, s.{Step.kind}, s.{Step.contact_key},"
                " a.{Application.slug}, a.{Application.company}, a.{Application.role}, c.{Contact.name}"
                " FROM {Step} s JOIN {Application} a ON a.{Application.id} = s.{Step.application}"
                " LEFT JOIN {Contact} c ON c.{Contact.id} = s.{Step.contact}"
                " WHERE a.{Application.owner} = %s AND "
            )
            + among,
            [owner, param],
        )
        found = {row[0]: row for row in cursor.fetchall()}
    gone = (None, None, "", None, "", "", "", None)
    steps = [ClaimedStep(row.id, row.step_id, *found.get(row.step_id, (row.step_id, *gone))[1:]) for row in rows]
    if steps and not _postgres():  # SQLite's raw cursor gives dates as text
        steps = [s._replace(due=dt.date.fromisoformat(s.due)) if isinstance(s.due, str) else s for s in steps]
    return steps


def drop(rows: Sequence[int], token: str) -> None:
    """Rows whose step no longer wants a reminder: deleted (re-queued if it comes due again)."""

    if not rows:
        return
    among, param = _among(sql("{Reminder.id}"), rows)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            sql("DELETE FROM {Reminder} WHERE ") + among + sql(" AND {Reminder.claim_token} = %s"), [param, token]
        )


def mark_sent(late: Sequence[int], on_time: Sequence[int], token: str, now: dt.datetime) -> int:
    """Delivered: the rows still claimed by ``token`` become sent (one transaction). A run
    that lost its claim to a takeover leaves them to the run that took them."""

    sent_at = connection.ops.adapt_datetimefield_value(now)
    with transaction.atomic(), connection.cursor() as cursor:
        if _postgres():  # one statement: each row with its own late flag
            # The keys go as one text each (a list is dumped element by element in Python:
            # a second per million rows).
            cursor.execute(
                sql(
                    "UPDATE {Reminder} r SET {Reminder.state} = %s, {Reminder.sent_at} = %s,"
                    " {Reminder.late} = v.late, {Reminder.digest} = %s"
                    " FROM (SELECT unnest(string_to_array(%s, ',')::bigint[]) AS id, TRUE AS late"
                    " UNION ALL SELECT unnest(string_to_array(%s, ',')::bigint[]), FALSE) AS v"
                    " WHERE r.{Reminder.id} = v.id AND r.{Reminder.claim_token} = %s AND r.{Reminder.state} = %s"
                ),
                [SENT, sent_at, token, ",".join(map(str, late)), ",".join(map(str, on_time)), token, CLAIMED],
            )
            return int(cursor.rowcount)
        changed = 0
        for rows, is_late in ((late, True), (on_time, False)):
            if rows:
                among, param = _among(sql("{Reminder.id}"), rows)
                cursor.execute(
                    sql(
                        "UPDATE {Reminder} SET {Reminder.state} = %s, {Reminder.sent_at} = %s, {Reminder.late} = %s,"
                        " {Reminder.digest} = %s WHERE "
                    )
                    + among
                    + sql(" AND {Reminder.claim_token} = %s AND {Reminder.state} = %s"),
                    [SENT, sent_at, is_late, token, param, token, CLAIMED],
                )
                changed += cursor.rowcount
        return changed


def release(token: str) -> None:
    """What ``token`` claimed and did not deliver goes back to the queue."""

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            sql(
                "UPDATE {Reminder} SET {Reminder.state} = %s, {Reminder.claim_token} = '',"
                " {Reminder.claimed_by} = '' WHERE {Reminder.claim_token} = %s AND {Reminder.state} = %s AND " + OPEN
            ),
            [QUEUED, token, CLAIMED],
        )


def _lock_key(name: str) -> int:
    return zlib.crc32(f"followthrough:{name}".encode()) - 2**31  # a signed 32-bit key


@contextlib.contextmanager
def only_one(name: str) -> Iterator[bool]:
    """True when this process is the one doing ``name`` now (a session advisory lock on
    PostgreSQL, held for the block); always True on SQLite, whose writes take turns anyway."""

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


def claim_due(
    channel: str, cutoff: dt.date, token: str, me: str, now: dt.datetime, after: str, limit: int | None
) -> tuple[list[ClaimedStep], str | None]:
    """PostgreSQL: the next due pending steps of the acting owner after step ``after`` (in
    key order) that have no row on ``channel``, each given its row already claimed by
    ``token``, and read as they are, in one statement and one transaction; with the last
    step key looked at (None: no step after ``after`` wanted a row).

    The batch is chosen by locking the steps ``FOR NO KEY UPDATE SKIP LOCKED``: workers
    running at once take disjoint batches without waiting, and a row is written twice in
    all (claimed, then sent) instead of three times (queued, claimed, sent). The unique
    (step, channel) key still decides a race with a worker that committed in between.
    The steps are read under that lock, so they need no second look before delivery.
    """

    owner = acting_owner_id()
    picked = (
        sql(
            "SELECT a.{Application.owner} AS owner_id, s.{Step.id} AS id, s.{Step.status} AS status,"
            " s.{Step.due} AS due, s.{Step.kind} AS kind, s.{Step.contact_key} AS contact_key,"
            " a.{Application.slug} AS slug, a.{Application.company} AS company, a.{Application.role} AS role,"
            " c.{Contact.name} AS name"
            " FROM {Step} s JOIN {Application} a ON a.{Application.id} = s.{Step.application}"
            " LEFT JOIN {Contact} c ON c.{Contact.id} = s.{Step.contact}"
            " WHERE a.{Application.owner} = %s AND s.{Step.status} = %s AND s.{Step.due} <= %s AND s.{Step.id} > %s"
            " AND NOT EXISTS (SELECT 1 FROM {Reminder} r WHERE r.{Reminder.step_id} = s.{Step.id}"
            " AND r.{Reminder.channel} = %s) ORDER BY s.{Step.id}"
        )
        + ("" if limit is None else f" LIMIT {int(limit)}")
        + " FOR NO KEY UPDATE OF s SKIP LOCKED"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Steps in key order from the cursor, each looked up in the outbox's unique index
        # (see enqueue): a merge anti-join would read the outbox from its start each batch.
        for plan in ("enable_seqscan", "enable_mergejoin", "enable_hashjoin"):
            cursor.execute(f"SET LOCAL {plan} = off")
        cursor.execute(
            f"WITH picked AS ({picked}), added AS ("
            + sql(
                " INSERT INTO {Reminder} ({Reminder.owner}, {Reminder.step_id}, {Reminder.channel}, {Reminder.state},"
                " {Reminder.claim_token}, {Reminder.claimed_by}, {Reminder.claimed_at}, {Reminder.due},"
                " {Reminder.late}, {Reminder.digest})"
                " SELECT owner_id, id, %s, %s, %s, %s, %s, due, FALSE, '' FROM picked"
                " ON CONFLICT ({Reminder.step_id}, {Reminder.channel}) DO NOTHING"
                " RETURNING {Reminder.id} AS id, {Reminder.step_id} AS step_id)"
            )
            # The steps as read, then the rows added (joined here, nested loops would be slow).
            + " SELECT NULL::bigint, id, status, due, kind, contact_key, slug, company, role, name FROM picked"
            " UNION ALL SELECT id, step_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM added",
            [
                owner,
                StepStatus.PENDING.value,
                connection.ops.adapt_datefield_value(cutoff),
                after,
                channel,
                channel,
                CLAIMED,
                token,
                me,
                connection.ops.adapt_datetimefield_value(now),
            ],
        )
        found = cursor.fetchall()
    steps = {row[1]: row[2:] for row in found if row[0] is None}
    added = [ClaimedStep(row[0], row[1], *steps[row[1]]) for row in found if row[0] is not None]
    return added, max(steps, default=None)


def states_now(steps: Sequence[ClaimedStep]) -> dict[str, tuple[str, dt.date]]:
    """The status and due date, read again now, of steps claimed by :func:`claim_due` (a
    step gone is not in the answer): one scan of their key range, as they were claimed in
    key order."""

    owner = acting_owner_id()  # outside a scope: ScopeError, never everyone's steps
    if not steps:
        return {}
    keys = [s.step_id for s in steps]
    with connection.cursor() as cursor:
        # Step ids are hashes: the key range holds other owners' steps too, left out here
        # by the owner's condition (each step's application found by its key).
        cursor.execute(
            sql(
                "SELECT s.{Step.id}, s.{Step.status}, s.{Step.due}"
                " FROM {Step} s JOIN {Application} a ON a.{Application.id} = s.{Step.application}"
                " WHERE a.{Application.owner} = %s AND s.{Step.id} >= %s AND s.{Step.id} <= %s"
            ),
            [owner, min(keys), max(keys)],
        )
        return {sid: (status, due) for sid, status, due in cursor.fetchall()}


class DueSteps:
    """PostgreSQL: due steps claimed straight into the outbox with :func:`claim_due`,
    walking the steps in key order. When the walk ends it is made once more from the
    start, so a step skipped while another worker held it, and that worker then rolled
    back, is not missed."""

    def __init__(self, channel: str, cutoff: dt.date) -> None:
        self.channel, self.cutoff = channel, cutoff
        self.after: str | None = ""
        self.walks = 0

    def claim(self, token: str, me: str, now: dt.datetime, limit: int | None) -> list[ClaimedStep]:
        """Up to ``limit`` due steps claimed (committed); none once both walks are done."""
        while self.after is not None:
            rows, last = claim_due(self.channel, self.cutoff, token, me, now, self.after, limit)
            if last is None:  # nothing after the cursor: walk again from the start, once
                self.walks += 1
                self.after = "" if self.walks < 2 else None
            else:
                self.after = last
            if rows:
                return rows
        return []


def postgres() -> bool:
    """Whether the outbox is on PostgreSQL (where due steps are claimed without queueing)."""
    return _postgres()
