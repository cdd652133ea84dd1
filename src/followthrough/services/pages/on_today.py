"""What a Today card needs to act where it is shown: the number to dial and what was said
on the last call to that person; what the reply watcher found (answers to confirm, and
out-of-office replies whose return date moves that person's next step).

Reading only, in a fixed number of queries, except :func:`snooze_while_away`: one
change, confirmed by the user, through the snooze service (playbook rule 9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KT

from followthrough import clock
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import CALL_KINDS, PossibleResponseStatus, StepStatus
from followthrough.core.records import PossibleResponse
from followthrough.core.working_hours import EmployerClock
from followthrough.interop.phone import tel_uri
from followthrough.services.corrections.pauses import snooze
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.profile import business_calendar, get_profile, today
from followthrough.services.mail import watch
from followthrough.services.mail.watch import OUT_OF_OFFICE, possible_responses
from followthrough.store.models import Contact, Event
from followthrough.store.models import Step as StepRow

_CALLS = frozenset(k.value for k in CALL_KINDS)


@dataclass(frozen=True)
class CallHelp:
    phone: str | None  # as the user typed it
    tel: str | None  # the tel: link, read for the profile's country
    last_note: str | None  # what the user noted on the last call to that person
    last_note_on: dt.date | None
    # The employer's clock (playbook.md section 6): their local time now, when they keep
    # another time zone than the user's, and whether it is outside their working hours.
    their_time: dt.datetime | None = None  # on their wall clock (naive: shown as it is)
    their_zone: str | None = None
    outside_hours: bool = False


def call_help(entries: Iterable[Any]) -> dict[str, CallHelp]:
    """For each call among ``entries`` (agenda entries): the person's phone number and the
    note of the latest call to them that has one. One query, whatever the number."""

    calls = [e for e in entries if e.kind in _CALLS and e.contact]
    if not calls:
        return {}

    # One query: each person's phone, and the note and date of the latest call to them with a note.
    noted = (
        Event.objects.annotate(call_contact=KT("payload__contact"), call_note=KT("payload__note"))
        .filter(application=OuterRef("application"), type="step_done", call_contact=OuterRef("key"))
        .filter(payload__kind__in=sorted(_CALLS), payload__has_key="note")
        .exclude(payload__note="")
        .exclude(payload__note=None)
        .order_by("-on", "-position")
    )
    people = Contact.objects.filter(
        application__slug__in={e.application for e in calls}, key__in={e.contact for e in calls}
    ).annotate(last_note=Subquery(noted.values("call_note")[:1]), last_on=Subquery(noted.values("on")[:1]))
    known = {
        (slug, key): (phone, note, on, zone, where)
        for slug, key, phone, note, on, zone, where in people.values_list(
            "application__slug", "key", "phone", "last_note", "last_on", "application__timezone", "application__country"
        )
    }
    profile = get_profile()
    now = clock.now()
    found = {}
    for entry in calls:
        phone, note, on, zone, where = known.get((entry.application, entry.contact), (None,) * 5)
        note = (note or "").strip() or None
        when = dt.date.fromisoformat(on) if isinstance(on, str) else on
        employer = EmployerClock(zone or profile.timezone, BusinessCalendar(where or profile.country))
        found[entry.id] = CallHelp(
            phone or None,
            tel_uri(phone, profile.country),
            note,
            when if note else None,
            employer.local(now).replace(tzinfo=None) if zone and zone != profile.timezone else None,
            zone,
            not employer.is_working_hours(now),
        )
    return found


# --- what the reply watcher found ------------------------------------------------------


@dataclass(frozen=True)
class AwayNotice:
    """An out-of-office reply, and what confirming it would do."""

    possible: PossibleResponse
    contact_name: str | None
    step_id: str | None  # that person's next pending step
    step_kind: str | None
    step_due: dt.date | None
    until: dt.date | None  # the first business day after they are back
    moves: bool  # whether snoozing changes anything (a step due later stays where it is)
    back_already: bool = False  # the first business day after their return has come


def found_in_mail() -> tuple[list[PossibleResponse], list[AwayNotice]]:
    """Open possible answers, and open out-of-office replies with what each would move."""

    found = possible_responses()
    answers = [p for p in found if p.kind != OUT_OF_OFFICE]
    away = [p for p in found if p.kind == OUT_OF_OFFICE]
    return answers, _notices(away)


def _notices(away: list[PossibleResponse]) -> list[AwayNotice]:
    if not away:
        return []
    slugs = {p.application for p in away}
    names = {
        (slug, key): name
        for slug, key, name in Contact.objects.filter(application__slug__in=slugs).values_list(
            "application__slug", "key", "name"
        )
    }
    pending: dict[tuple[str, str], tuple[dt.date, str, str]] = {}
    rows = StepRow.objects.filter(application__slug__in=slugs, status=StepStatus.PENDING.value).exclude(
        contact_key=None
    )
    for slug, key, due, step_id, kind in rows.values_list("application__slug", "contact_key", "due", "id", "kind"):
        where = (str(slug), str(key))
        if where not in pending or (due, step_id) < pending[where][:2]:
            pending[where] = (due, step_id, kind)
    profile = get_profile()
    calendar, now = business_calendar(profile), today(profile)
    notices = []
    for item in away:
        where = (item.application, item.contact or "")
        step = pending.get(where)
        until = calendar.next_business_day_after(item.back_on) if item.back_on else None
        moves = bool(step and until and step[0] < until and until >= now)
        notices.append(
            AwayNotice(
                item, names.get(where), step[1] if step else None, step[2] if step else None,
                step[0] if step else None, until, moves, bool(until and until < now),
            )
        )  # fmt: skip
    return notices


def snooze_while_away(possible_id: int, step_id: str) -> Any:
    """The user confirms an out-of-office reply: the person's next step (the one the page
    showed, ``step_id``) waits for the first business day after they are back."""

    with transaction.atomic():
        row = watch.locked_open(possible_id, application_open=True)
        if row.kind != watch.OUT_OF_OFFICE:
            raise UserError(f"possible response {possible_id} is not an out-of-office reply")
        notice = _notices([watch.as_possible(row)])[0]
        if notice.step_id != step_id:
            raise UserError("that step is no longer their next one: the page was out of date")
        if not notice.moves or notice.until is None:
            raise UserError("nothing to move: their next step is already due after they are back")
        done = snooze(step_id, notice.until)
        row.status = PossibleResponseStatus.CONFIRMED
        row.save(update_fields=["status"])
    return done
