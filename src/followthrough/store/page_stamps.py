"""What a page drawn from a seeker's job search depends on, read in one small query
(PostgreSQL, the career-centre server): the stamp a kept page is filed under
(services.kept_pages).

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


def seeker_version(owner_id: int) -> str | None:
    """The stamp of the seeker's job search: its version, and the transaction that last
    wrote the row (``xmin``: a database emptied or restored under a running server gives
    the same seeker ids and versions again, never the same transactions). None where
    versions are not kept, or before the seeker's first dated change: nothing is kept."""
    if not keeps_summaries():  # the triggers that date changes are where summaries are kept
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, xmin::text FROM ft_seeker_summary WHERE owner_id = %s", [owner_id])
        row = cursor.fetchone()
    return f"{row[0]}:{row[1]}" if row else None


# Per consenting seeker, everything of theirs a caseload shows: who consents (the link,
# with full view or not, and the transaction that last wrote it) and the stamp of their
# job search, which the name they go by and their time zone are part of (the account and
# the profile are watched as the rest: store/summary_triggers.py). Each link's values are
# hashed to 64 bits and the hashes summed (as numeric: no overflow): a change to any of
# them changes the sum but with a chance of 2^-64, as good as a digest of the whole list,
# and half the database's time of an md5 over a sorted text of 1,000 links. None while a
# seeker has no row.
_CASELOAD = """
SELECT count(*), bool_and(s.owner_id IS NOT NULL), coalesce(sum(
    hashint8extended(l.seeker_id, s.version)
    # hashint8extended(l.xmin::text::bigint, s.xmin::text::bigint) # l.full_view::int)::text, '0')
FROM ft_coach_link l LEFT JOIN ft_seeker_summary s ON s.owner_id = l.seeker_id
WHERE l.coach_id = %s AND l.status = 'active'
"""


def caseload_stamp(coach_id: int) -> str | None:
    """A fingerprint of everything the coach's caseload is drawn from (the consenting
    seekers, their names, zones and versions), or None where versions are not kept or a
    seeker has no summary row yet (the look that draws the page gives them one)."""
    if not keeps_summaries():  # the triggers that date changes are where summaries are kept
        return None
    with connection.cursor() as cursor:
        cursor.execute(_CASELOAD, [coach_id])
        count, complete, digest = cursor.fetchone()
    if count and not complete:
        return None
    return f"{coach_id}:{count}:{digest}"
