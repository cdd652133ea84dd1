"""The on-site checklist after the final interview: what it gave, in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from followthrough.core.model import ContactRole, Debrief, Plan, Promise
from followthrough.services.errors import UserError
from followthrough.services.fastpath import promises
from followthrough.services.jobsearch.applications import add_contact, application_row, check_one_line, record_event
from followthrough.services.jobsearch.profile import business_calendar


@dataclass(frozen=True)
class BusinessCard:
    """The hiring officer's card, typed in or read from a vCard."""

    name: str
    title: str | None = None
    phone: str | None = None
    email: str | None = None


def resolve_timeframe(phrase: str, said_on: dt.date) -> dt.date | None:
    """The date a promised timeframe ends, as the planner will read it (None: not understood)."""
    return promises.resolve(phrase, said_on, business_calendar())


@dataclass(frozen=True)
class DebriefSaved:
    """The new plan, and what the business card did to the people of the application."""

    plan: Plan
    promise: Promise | None = None  # what this debrief's timeframe resolved to, as the planner read it
    officer: str | None = None  # the card's person: now the hiring officer
    added: bool = False  # ... added as a new person (else an existing one, updated)
    changed: bool = False  # ... was not the hiring officer before the card
    previous: tuple[str, ...] = ()  # hiring officers before the card: now interviewers
    no_interview: bool = False  # no interview is recorded on or before its date: nothing planned from it


def interview_on_or_before(plan: Plan, on: dt.date) -> bool:
    """Whether an interview on or before ``on`` is recorded: a debrief belongs to one, and
    plans nothing without it."""
    return any(p.opened_by == "interview" and p.anchor <= on for p in plan.phases)


def record_debrief(slug: str, debrief: Debrief, card: BusinessCard | None = None) -> DebriefSaved:
    """Record the debrief; a card makes its person THE hiring officer, in the same transaction.

    The card is the hiring officer's (playbook section 1): a hiring officer on file who is
    someone else becomes an interviewer, so the calls and the e-mail go to the card's person.
    """

    with transaction.atomic():
        if card is None:
            plan = record_event(slug, debrief)
            alone = not interview_on_or_before(plan, debrief.on)
            return DebriefSaved(plan, plan.promise_of(debrief), no_interview=alone)
        name = card.name.strip()
        if not name:
            raise UserError("the business card needs a name")
        check_one_line(name=card.name, title=card.title, phone=card.phone, email=card.email)
        row = application_row(slug, lock=True)
        previous = []
        for other in row.contacts.filter(role=ContactRole.HIRING_OFFICER.value).exclude(name__iexact=name):
            other.role = ContactRole.INTERVIEWER.value
            other.save()
            previous.append(other.name)
        known = row.contacts.filter(name__iexact=name).first()
        changed = known is None or known.role != ContactRole.HIRING_OFFICER.value
        if known is None:
            add_contact(  # the card's person, added as they gave it, whoever else they work with
                slug,
                name,
                ContactRole.HIRING_OFFICER,
                anyway=True,
                title=card.title or None,
                phone=card.phone or None,
                email=card.email or None,
            )
        else:
            for attr in ("title", "phone", "email"):
                if getattr(card, attr):
                    setattr(known, attr, getattr(card, attr))
            known.role = ContactRole.HIRING_OFFICER.value
            known.save()
        plan = record_event(slug, debrief)
        alone = not interview_on_or_before(plan, debrief.on)
        return DebriefSaved(plan, plan.promise_of(debrief), name, known is None, changed, tuple(previous), alone)
