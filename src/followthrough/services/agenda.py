"""What is due: through the ORM on any database, or straight from SQLite when it can."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from followthrough.core.agenda import AgendaEntry, in_order, split_flags


@dataclass(frozen=True)
class Agenda:
    as_of: dt.date
    entries: list[AgendaEntry]
    next_due: dt.date | None  # when the next step comes due, for a calm empty state


def due_steps(as_of: dt.date) -> Agenda:
    """Every pending step due on or before ``as_of``, overdue first (the ORM path)."""
    from django.db.models import Min

    from followthrough.store.models import Step

    rows = Step.objects.filter(status="pending", due__lte=as_of).select_related("application", "contact")
    entries = [
        AgendaEntry(
            s.id,
            s.application.slug,
            s.application.company,
            s.application.role,
            s.kind,
            s.contact_key,
            s.contact.name if s.contact else None,
            s.due,
            split_flags(s.flags),
        )
        for s in rows
    ]
    upcoming = Step.objects.filter(status="pending", due__gt=as_of).aggregate(first=Min("due"))["first"]
    return Agenda(as_of, in_order(entries), upcoming)


def fast_due_steps(location: str, as_of: dt.date | None) -> Agenda | None:
    """The same answer read with the standard sqlite3 module, or None to take the ORM path.

    None when the database is PostgreSQL, missing, or not yet at this version's schema.
    """
    import zoneinfo

    from followthrough.store import database, fast_agenda

    if database.is_postgres(location) or "://" in location.replace("sqlite:///", ""):
        return None
    try:
        connection = fast_agenda.connect(database.sqlite_path(location))
    except fast_agenda.NotReady:
        return None
    try:
        if as_of is None:
            zone = fast_agenda.profile_timezone(connection)
            if zone is None:
                return None
            as_of = dt.datetime.now(zoneinfo.ZoneInfo(zone)).date()
        return Agenda(as_of, fast_agenda.due_steps(connection, as_of), fast_agenda.next_due(connection, as_of))
    except fast_agenda.NotReady:
        return None
    finally:
        connection.close()
