"""What is due, through the ORM on any database (services.fastpath.agenda reads SQLite
straight when it can)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min, OuterRef, Subquery

from followthrough.core.agenda import Agenda, AgendaEntry, in_order, split_flags, with_delivery
from followthrough.core.model import ApplicationStatus, PossibleResponseStatus, StepStatus
from followthrough.services.fastpath.agenda import AgendaWithReplies
from followthrough.services.jobsearch.together import cards_due, joined_ids
from followthrough.services.mail.scheduled import Scheduled, sends_and_waiting
from followthrough.services.mail.sending import SENDABLE, latest_sends
from followthrough.store.fast_agenda import PossibleResponse as Line
from followthrough.store.models import Contact, PossibleResponse, Step

__all__ = ["Agenda", "AgendaWithReplies", "due_steps", "one_card_per_person"]


def _possible_responses(as_of: dt.date) -> list[Any]:
    """The ORM path's possible responses, equal to what the fast path reads."""

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


def one_card_per_person(entries: list[AgendaEntry], as_of: dt.date) -> list[AgendaEntry]:
    """The entries with calls to one person in several applications on one card: the
    lead names the others (``together``), which are not listed again."""
    found = cards_due([(e.id, e.application, e.kind, e.contact or "") for e in entries], as_of)
    if not found:
        return entries
    gone = joined_ids(found)
    for entry in entries:
        if entry.id in found:
            entry.together = found[entry.id].joined
    return [e for e in entries if e.id not in gone]


class AgendaWithWaiting(AgendaWithReplies):
    """The agenda, with the e-mails waiting for the employer's working hours (Today's)."""

    __slots__ = ("waiting",)

    def __init__(self, agenda: AgendaWithReplies, waiting: list[Scheduled]) -> None:
        super().__init__(agenda.as_of, agenda.entries, agenda.next_due, agenda.possible)
        self.waiting = waiting


def due_steps(as_of: dt.date, waiting: bool = False) -> Agenda:
    """Every pending step due on or before ``as_of``, overdue first (the ORM path);
    ``waiting``: with the e-mails waiting for working hours, read in the same query as
    the sends (an AgendaWithWaiting)."""

    rows = list(agenda_rows(Step.objects.filter(status=StepStatus.PENDING, due__lte=as_of)))
    mails = {kind.value for kind in SENDABLE}
    ids = [s.id for s in rows if s.kind in mails]
    held: list[Scheduled] = []
    if waiting:
        sends, held = sends_and_waiting(ids)
    else:
        sends = latest_sends(ids)  # only mails are sent: often no query
    entries = [entry_from_step(s, sends.get(s.id)) for s in rows]
    entries = one_card_per_person(entries, as_of)
    upcoming = None
    if not entries:  # only an empty day says when the next step comes
        upcoming = Step.objects.filter(status=StepStatus.PENDING, due__gt=as_of).aggregate(first=Min("due"))["first"]
    agenda = AgendaWithReplies(as_of, in_order(entries), upcoming, _possible_responses(as_of))
    return AgendaWithWaiting(agenda, held) if waiting else agenda
