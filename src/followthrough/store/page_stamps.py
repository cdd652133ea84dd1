"""What a page drawn from a seeker's job search depends on, read in one small query
(PostgreSQL, the career-centre server): the stamp a kept page is filed under
(services.pages.kept_pages).

A seeker's job search has a ``version`` the database moves on at the commit of every
transaction that changes it (store/summary_triggers.py: applications, steps, contacts,
events, profile, mail). Read before the page's data, an unchanged version means nothing
the page shows has changed since: a change committed later moves it on, and the page
read then is filed under the new version. SQLite (the local app, one person, no
triggers) has no stamps: its pages are always drawn afresh.
"""

from __future__ import annotations

from django.db import connection

from followthrough.store.caseload import keeps_summaries
from followthrough.store.caseload_models import KeptSummary
from followthrough.store.consent_models import CoachLink
from followthrough.store.owners import acting_owner_id


def seeker_version() -> str | None:
    """The stamp of the acting seeker's job search (ScopeError outside a scope): its
    version, and the transaction that last wrote the row (``xmin``: a database emptied or
    restored under a running server gives the same seeker ids and versions again, never
    the same transactions). None where versions are not kept, or before the seeker's first
    dated change: nothing is kept."""
    owner_id = acting_owner_id()
    if not keeps_summaries():  # the triggers that date changes are where summaries are kept
        return None
    summaries, version, owner = _summary_columns()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {version}, xmin::text FROM {summaries} WHERE {owner} = %s", [owner_id])
        row = cursor.fetchone()
    return f"{row[0]}:{row[1]}" if row else None


def _summary_columns() -> tuple[str, str, str]:
    """The kept summaries' table, its version column and its owner column (``_meta``)."""
    column = {f.name: f.column for f in KeptSummary._meta.concrete_fields}
    return KeptSummary._meta.db_table, column["version"], column["owner"]


# Per consenting seeker, everything of theirs a caseload shows: who consents (the link,
# with full view or not, and the transaction that last wrote it) and the stamp of their
# job search, which the name they go by and their time zone are part of (the account and
# the profile are watched as the rest: store/summary_triggers.py). Each link's values are
# hashed to 64 bits and the hashes summed (as numeric: no overflow): a change to any of
# them changes the sum but with a chance of 2^-64, as good as a digest of the whole list,
# and half the database's time of an md5 over a sorted text of 1,000 links. None while a
# seeker has no row.
# The seekers are those whose link to the coach is active, in the statement itself: it
# reads no summary of anyone else.
_CASELOAD = """
SELECT count(*), bool_and(s.{owner} IS NOT NULL), coalesce(sum(
    hashint8extended(l.{seeker}, s.{version})
    # hashint8extended(l.xmin::text::bigint, s.xmin::text::bigint) # l.{full_view}::int)::text, '0')
FROM {links} l LEFT JOIN {summaries} s ON s.{owner} = l.{seeker}
WHERE l.{coach} = %s AND l.{status} = %s
"""


def _caseload_query() -> str:
    summaries, version, owner = _summary_columns()
    link = CoachLink._meta
    columns = {f.name: f.column for f in link.concrete_fields if f.name in ("seeker", "coach", "status", "full_view")}
    return _CASELOAD.format(summaries=summaries, version=version, owner=owner, links=link.db_table, **columns)


def caseload_stamp(coach_id: int) -> str | None:
    """A fingerprint of everything the coach's caseload is drawn from (the consenting
    seekers, their names, zones and versions), or None where versions are not kept or a
    seeker has no summary row yet (the look that draws the page gives them one)."""
    if not keeps_summaries():  # the triggers that date changes are where summaries are kept
        return None
    with connection.cursor() as cursor:
        cursor.execute(_caseload_query(), [coach_id, CoachLink.Status.ACTIVE.value])
        count, complete, digest = cursor.fetchone()
    if count and not complete:
        return None
    return f"{coach_id}:{count}:{digest}"
