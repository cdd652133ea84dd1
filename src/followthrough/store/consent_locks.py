"""The consent a coach's look depends on, held until the look is over.

PostgreSQL: ``FOR SHARE`` on the active links. Looks do not wait for each other; a
revocation (an UPDATE of the row) waits until every look holding it has committed, and
a look that starts after the revocation committed finds the row no longer active (the
row is read again once the lock is granted). SQLite: the look's transaction already
holds the write lock (IMMEDIATE), so a revocation cannot commit in between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connection

from followthrough.store.consent_models import AccessLogEntry
from followthrough.store.models import CoachLink


def active_seekers(coach_id: int, seeker_ids: Sequence[int], full_view: bool = False) -> set[int]:
    """The seekers among ``seeker_ids`` whose consent to ``coach_id`` is active (with full
    view, if asked), their consent held against revocation until the transaction ends."""

    if not seeker_ids:
        return set()
    rows = CoachLink.objects.filter(coach_id=coach_id, seeker_id__in=list(seeker_ids), status="active")
    if full_view:
        rows = rows.filter(full_view=True)
    if connection.vendor != "postgresql":
        return set(rows.values_list("seeker_id", flat=True))
    sql, params = rows.values_list("seeker_id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} FOR SHARE", params)
        return {row[0] for row in cursor.fetchall()}


def looks_in_one_statement() -> bool:
    """Whether a look can hold consent and write its log in one statement (PostgreSQL);
    elsewhere it takes a transaction of its own (services.coaching.consent.looking)."""

    return connection.vendor == "postgresql"


def look_logged(coach_id: int, seeker_ids: Sequence[int], coach_name: str, at: dt.datetime, page: str) -> set[int]:
    """PostgreSQL: in one statement, the seekers among ``seeker_ids`` who consent to
    ``coach_id`` now (their consent held against revocation while it runs, a revocation
    committed first seen), and the look written to each one's access log."""

    links, log = CoachLink._meta.db_table, AccessLogEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH still AS (SELECT seeker_id FROM {links} WHERE coach_id = %s AND seeker_id = ANY(%s)"
            " AND status = 'active' FOR SHARE)"
            f" INSERT INTO {log} (seeker_id, coach_id, coach_name, at, page)"
            " SELECT seeker_id, %s, %s, %s, %s FROM still RETURNING seeker_id",
            [coach_id, list(seeker_ids), coach_id, coach_name, at, page],
        )
        return {row[0] for row in cursor.fetchall()}
