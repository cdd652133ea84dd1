"""What is due: through the ORM on any database, or straight from SQLite when it can.

Light at import time (no Django, no dataclasses): the fast path imports this module.
"""

from __future__ import annotations

import datetime as dt

from followthrough.core.agenda import Agenda, AgendaEntry, in_order, split_flags, with_delivery

TYPE_CHECKING = False  # typing itself costs the fast path a few milliseconds
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Agenda", "AgendaWithReplies", "due_steps", "fast_agenda", "fast_due_steps"]


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

    def to_json(self) -> dict[str, object]:
        body = super().to_json()
        if self.possible:  # only when there are some: the documented shape stays as it was
            body["possible_responses"] = [p.to_json() for p in self.possible]
        return body


def _possible_responses(as_of: dt.date) -> list[Any]:
    """The ORM path's possible responses, equal to what the fast path reads."""
    from followthrough.core.model import ApplicationStatus, PossibleResponseStatus
    from followthrough.store.fast_agenda import PossibleResponse as Line
    from followthrough.store.models import PossibleResponse

    rows = PossibleResponse.objects.filter(
        status=PossibleResponseStatus.OPEN,
        application__status=ApplicationStatus.OPEN,
        received_on__lte=as_of,
        kind="reply",  # an out-of-office reply is no answer: the web app offers its snooze
    )
    return [
        Line(p.pk, p.application.slug, p.application.company, p.sender, p.subject, p.received_on, p.reason)
        for p in rows.select_related("application").order_by("received_on", "id")
    ]


def agenda_rows(steps: Any) -> Any:
    """Steps as an agenda shows them: with their application's names and the person's.

    The person's name is read by key for each step, never by joining the contacts: a
    seeker far behind has more steps due than the planner guesses, and a join then
    walked every contact of every seeker (20 ms for 247 steps among 150,000 contacts)."""
    from django.db.models import OuterRef, Subquery

    from followthrough.store.models import Contact

    name = Subquery(Contact.objects.filter(pk=OuterRef("contact_id")).values("name")[:1])
    shown = (
        "id",
        "kind",
        "contact_key",
        "due",
        "flags",
        "application__slug",
        "application__company",
        "application__role",
    )
    return steps.select_related("application").only(*shown).annotate(contact_name=name)


def entry_from_step(step: Any, last_send: str | None = None) -> AgendaEntry:
    """An agenda entry from a stored step (fetched through :func:`agenda_rows`)."""
    return AgendaEntry(
        step.id,
        step.application.slug,
        step.application.company,
        step.application.role,
        step.kind,
        step.contact_key,
        step.contact_name,
        step.due,
        with_delivery(split_flags(step.flags), last_send),
    )


def due_steps(as_of: dt.date) -> Agenda:
    """Every pending step due on or before ``as_of``, overdue first (the ORM path)."""
    from django.db.models import Min

    from followthrough.core.model import StepStatus
    from followthrough.services.sending import SENDABLE, uncertain_steps
    from followthrough.store.models import Step

    rows = list(agenda_rows(Step.objects.filter(status=StepStatus.PENDING, due__lte=as_of)))
    mails = {kind.value for kind in SENDABLE}
    in_doubt = uncertain_steps([s.id for s in rows if s.kind in mails])  # only mails are sent: often no query
    entries = [entry_from_step(s, "uncertain" if s.id in in_doubt else None) for s in rows]
    upcoming = None
    if not entries:  # only an empty day says when the next step comes
        upcoming = Step.objects.filter(status=StepStatus.PENDING, due__gt=as_of).aggregate(first=Min("due"))["first"]
    return AgendaWithReplies(as_of, in_order(entries), upcoming, _possible_responses(as_of))


def fast_agenda(db: str | None, as_of: dt.date | None) -> Agenda | None:
    """:func:`fast_due_steps` for the database a command names (--db, $FOLLOWTHROUGH_DB or
    the default)."""
    from followthrough.store.location import locate

    return fast_due_steps(locate(db), as_of)


def fast_due_steps(location: str, as_of: dt.date | None) -> Agenda | None:
    """The same answer read with the standard sqlite3 module, or None to take the ORM path.

    None when the database is PostgreSQL, missing, or not yet at this version's schema.
    """
    from followthrough.store import fast_agenda
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
            from followthrough import clock

            as_of = clock.today_in(zone)
        entries = fast_agenda.due_steps(connection, as_of)
        upcoming = None if entries else fast_agenda.next_due(connection, as_of)
        return AgendaWithReplies(as_of, entries, upcoming, fast_agenda.possible_responses(connection, as_of))
    except fast_agenda.NotReady:
        return None
    finally:
        connection.close()
