"""The on-site checklist after the final interview: what it gave, in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from followthrough.core.model import ContactRole, Debrief, Plan, Promise
from followthrough.services import promises
from followthrough.services.applications import _plain, _row, add_contact, record_event
from followthrough.services.errors import Field, UserError
from followthrough.services.profile import business_calendar


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


def resolve_decision_date(phrase: str, said_on: dt.date, field: Field = Field.DECISION_BY) -> dt.date:
    """A new promised date ("by Dec 4", "two weeks") for a not-decided answer, or a refusal."""
    return promises.decision_date(phrase, said_on, business_calendar(), field)


@dataclass(frozen=True)
class DebriefSaved:
    """The new plan, and what the business card did to the people of the application."""

    plan: Plan
    promise: Promise | None = None  # what this debrief's timeframe resolved to, as the planner read it
    officer: str | None = None  # the card's person: now the hiring officer
    added: bool = False  # ... added as a new person (else an existing one, updated)
    changed: bool = False  # ... was not the hiring officer before the card
    previous: tuple[str, ...] = ()  # hiring officers before the card: now interviewers


def record_debrief(slug: str, debrief: Debrief, card: BusinessCard | None = None) -> DebriefSaved:
    """Record the debrief; a card makes its person THE hiring officer, in the same transaction.

    The card is the hiring officer's (playbook section 1): a hiring officer on file who is
    someone else becomes an interviewer, so the calls and the e-mail go to the card's person.
    """
    from django.db import transaction

    with transaction.atomic():
        if card is None:
            plan = record_event(slug, debrief)
            return DebriefSaved(plan, _promise_of(plan, debrief))
        name = card.name.strip()
        if not name:
            raise UserError("the business card needs a name")
        _plain(name=card.name, title=card.title, phone=card.phone, email=card.email)
        row = _row(slug, lock=True)
        previous = []
        for other in row.contacts.filter(role=ContactRole.HIRING_OFFICER.value).exclude(name__iexact=name):
            other.role = ContactRole.INTERVIEWER.value
            other.save()
            previous.append(other.name)
        known = row.contacts.filter(name__iexact=name).first()
        changed = known is None or known.role != ContactRole.HIRING_OFFICER.value
        if known is None:
            add_contact(
                slug,
                name,
                ContactRole.HIRING_OFFICER,
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
        return DebriefSaved(plan, _promise_of(plan, debrief), name, known is None, changed, tuple(previous))


def _promise_of(plan: Plan, debrief: Debrief) -> Promise | None:
    """The promise the planner read from ``debrief``: its words, said at the interview it
    follows (on or before its date; the debrief may be written up days later)."""
    if debrief.timeframe is None:
        return None
    said = [p for p in plan.promises if p.said == debrief.timeframe and p.said_on <= debrief.on]
    return max(said, key=lambda p: p.said_on, default=None)
