"""One path for every change to an application: lock, plan, check, record, re-plan, write.

Every use case that records something opens :func:`changing` on the application. It
runs one transaction that first locks the application (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's IMMEDIATE transaction holds the database's write lock from its
first statement), loads the application with its people, events and stored steps in
a fixed handful of queries, and plans it once. The use case checks its request against
*that* plan, so a second click on a step that the first click settled sees it settled,
whichever process it came from. :meth:`Change.record` then appends the event, plans
again and writes only the steps that changed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import Prefetch

from followthrough.core import codec, planner
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import Application, Contact, ContactRole, Event, Plan, Profile, Step
from followthrough.services.errors import Hint, Refusal, UserError
from followthrough.services.jobsearch.planning import Books, plan_for, playbook_for, to_domain, write_plan
from followthrough.services.jobsearch.profile import (
    business_calendar,
    holidays_kept,
    keep_readings,
    profile_and_playbooks,
    refresh_holidays,
    today,
)
from followthrough.store import models

log = logging.getLogger(__name__)


class ApplicationNotFound(Refusal):
    """No application has the id the user gave."""


class StepGone(Refusal):
    """No application holds a step with that id (any more)."""


@dataclass
class Change:
    """One application, locked for the length of a change, as the planner sees it."""

    row: models.Application
    application: Application
    plan: Plan
    profile: Profile
    calendar: BusinessCalendar
    today: dt.date
    books: Books = ({}, None)  # the job search's own playbooks, the default's name
    _stored: dict[str, models.Step] = field(default_factory=dict, repr=False)
    _contact_ids: dict[str, int] = field(default_factory=dict, repr=False)
    _next_position: int = 0

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.plan.steps if s.id == step_id), None)

    def contact(self, key: str | None) -> Contact | None:
        return self.application.contact(key)

    def record(self, event: Event) -> Plan:
        """Append ``event`` (checked as an imported one would be) and re-plan."""

        payload = codec.event_to_dict(event)
        keys = {c.key for c in self.application.contacts}
        try:  # the same checks an imported file gets: unknown contacts, bad values
            codec.event_from_dict(payload, "event", keys)
        except codec.InvalidData as error:
            raise contact_refusal(error, keys) from None
        recorded = replace(self.application, events=(*self.application.events, event))
        for fault in planner.faults(recorded, playbook_for(recorded, self.books)):  # playbook rule 7
            if fault.event == len(recorded.events) - 1:
                raise UserError(f"{fault.field}: {fault.message}")
        models.Event.objects.create(
            application=self.row, position=self._next_position, type=payload["type"], on=event.on, payload=payload
        )
        self._next_position += 1
        log.info("%s: recorded %s on %s", self.application.id, payload["type"], event.on)
        return self.replan(recorded)

    def replan(self, application: Application | None = None) -> Plan:
        """Plan ``application`` (by default as it stands) and write what changed."""
        if application is not None:
            self.application = application
        self.plan = plan_for(self.application, self.calendar, self.books)
        write_plan(self.row, self.plan, self._stored, self._contact_ids, self.application)
        return self.plan

    def contacts_changed(self) -> Plan:
        """The people were edited in the database: read them again and re-plan."""

        contacts = list(models.Contact.objects.filter(application=self.row))
        self._contact_ids = {c.key: c.id for c in contacts}
        domain = tuple(to_domain_contact(c) for c in contacts)
        return self.replan(replace(self.application, contacts=domain))


def to_domain_contact(row: models.Contact) -> Contact:
    return Contact(
        row.key,
        row.name,
        ContactRole(row.role),
        row.title,
        row.phone,
        row.email,
        row.relation,
        row.salutation,
        row.person,
    )


@contextmanager
def changing(slug: str | None = None, *, step: str | None = None) -> Iterator[Change]:
    """The application ``slug`` (or the one holding the step with the full id ``step``),
    locked, loaded and planned, inside one transaction."""

    with transaction.atomic():
        row = (
            models.Application.objects.select_for_update(of=("self",))
            .prefetch_related(
                Prefetch("contacts", queryset=models.Contact.objects.order_by("position", "id")),
                Prefetch("events", queryset=models.Event.objects.order_by("position")),
                "steps",
            )
            .filter(**({"slug": slug} if step is None else {"steps__id": step}))
            .first()
        )
        if row is None:
            if step is not None:
                raise StepGone(f"no step {step!r}", hint=Hint.SEE_AGENDA)
            raise no_application(str(slug))
        profile, own = profile_and_playbooks()
        if not holidays_kept(profile, today(profile)):  # once per country and package version
            refresh_holidays(today(profile))
        calendar, books = business_calendar(profile), (own, profile.playbook)
        application = to_domain(row)
        events = list(row.events.all())
        change = Change(
            row=row,
            application=application,
            plan=plan_for(application, calendar, books),
            profile=profile,
            calendar=calendar,
            today=today(profile),
            books=books,
            _stored={s.id: s for s in row.steps.all()},
            _contact_ids={c.key: c.id for c in row.contacts.all()},
            _next_position=1 + max((e.position for e in events), default=-1),
        )
        yield change
        keep_readings()


def no_application(slug: str) -> ApplicationNotFound:
    """The refusal for an id no application has: with the recent ones, or how to add one."""

    known = list(models.Application.objects.order_by("-id").values_list("slug", flat=True)[:5])
    if not known:
        return ApplicationNotFound(f"no application {slug!r}", hint=Hint.ADD_APPLICATION)
    return ApplicationNotFound(f"no application {slug!r} (recent: {', '.join(known)})")


def contact_refusal(error: codec.InvalidData, keys: set[str]) -> Refusal:
    """An event that names a person the application does not have: with the ones it has."""
    if not keys:
        return Refusal(f"{error.message} (no contacts yet)", hint=Hint.ADD_CONTACT)
    return Refusal(f"{error.message} (contacts: {', '.join(sorted(keys))})")
