"""The agenda read straight from a SQLite file with the standard sqlite3 module.

Light at import time (no Django, no dataclasses, no typing): `followthrough agenda` runs
this and nothing else when it can. Its imports sit in the functions that need them.
"""

from __future__ import annotations

import datetime as dt

from followthrough.core.agenda import Agenda, AgendaEntry

TYPE_CHECKING = False  # typing itself costs the fast path a few milliseconds
if TYPE_CHECKING:
    from typing import Any

__all__ = ["AgendaWithReplies", "fast_agenda", "fast_due_steps"]


class AgendaWithReplies(Agenda):
    """The agenda, plus the reply watcher's possible responses waiting to be confirmed."""

    __slots__ = ("possible",)

    def __init__(
        self, as_of: dt.date, entries: list[AgendaEntry], next_due: dt.date | None, possible: list[Any] | None = None
    ) -> None:
        super().__init__(as_of, entries, next_due)
        self.possible = possible or []

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and self.possible == getattr(other, "possible", [])

    __hash__ = None


def fast_agenda(db: str | None, as_of: dt.date | None) -> Agenda | None:
    """:func:`fast_due_steps` for the database a command names (--db, $FOLLOWTHROUGH_DB or
    the default)."""
    from followthrough.store.location import locate

    return fast_due_steps(locate(db), as_of)


def fast_due_steps(location: str, as_of: dt.date | None) -> Agenda | None:
    """The same answer read with the standard sqlite3 module, or None to take the ORM path.

    None when the database is PostgreSQL, missing, or not yet at this version's schema.
    """
    from followthrough.store import fast_agenda  # the fast path's only imports, paid for when it runs
    from followthrough.store import location as where

    if where.is_postgres(location) or "://" in location.replace("sqlite:///", ""):
        return None
    try:
        connection = fast_agenda.connect(where.sqlite_file(location))
    except fast_agenda.NotReady:
        return None
    try:
        if as_of is None:
            zone = fast_agenda.profile_timezone(connection)
            if zone is None:
                return None
            from followthrough import clock  # the agenda reads the clock only without --as-of

            as_of = clock.today_in(zone)
        entries = fast_agenda.due_steps(connection, as_of)
        if any(e.kind.startswith("call_") for e in entries) and fast_agenda.shares_a_person(connection, as_of):
            return None  # one person, one call: the ORM path joins their calls on one card
        upcoming = None if entries else fast_agenda.next_due(connection, as_of)
        return AgendaWithReplies(as_of, entries, upcoming, fast_agenda.possible_responses(connection, as_of))
    except fast_agenda.NotReady:
        return None
    finally:
        connection.close()
