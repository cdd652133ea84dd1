"""Shared pieces of the playbook review tests: the cast, and short ways to read a plan."""

from __future__ import annotations

import datetime as dt

from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import (
    Application,
    Contact,
    ContactRole,
    Event,
    Plan,
    StepKind,
    StepStatus,
)
from followthrough.core.planner import plan
from followthrough.core.playbook import Playbook

ANN = Contact("ann", "Ann Lee", ContactRole.HIRING_OFFICER)
BO = Contact("bo", "Bo Park", ContactRole.INTERVIEWER)
CY = Contact("cy", "Cy Diaz", ContactRole.INSIDE_CONTACT)
DEE = Contact("dee", "Dee Fox", ContactRole.INTERVIEWER)
EVE = Contact("eve", "Eve Ng", ContactRole.INSIDE_CONTACT)
ACME = (ANN, BO, CY)

NOTE = StepKind.THANK_YOU_NOTE
CALL = StepKind.CALL_HIRING_OFFICER
INSIDE = StepKind.CALL_INSIDE_CONTACT
EMAIL = StepKind.EMAIL_HIRING_OFFICER
MOVE_ON = StepKind.MOVE_ON

D = dt.date(2026, 11, 3)  # a Tuesday, the worked examples' interview


def day(text: str) -> dt.date:
    """'11-18' is in 2026; anything longer is a full ISO date."""
    return dt.date.fromisoformat(f"2026-{text}" if len(text) == 5 else text)


def run(
    *events: Event,
    contacts: tuple[Contact, ...] = ACME,
    country: str | None = None,
    playbook: Playbook | None = None,
) -> Plan:
    app = Application("acme", "Acme Corp", "Analyst", None, contacts, events)
    if playbook is None:
        return plan(app, calendar=BusinessCalendar(country))
    return plan(app, playbook, calendar=BusinessCalendar(country))


def dues(result: Plan, kind: StepKind, status: StepStatus = StepStatus.PENDING) -> list[str]:
    return [s.due.isoformat() for s in result.steps if s.kind is kind and s.status is status]


def rows(result: Plan, kind: StepKind) -> list[tuple[str | None, str, str]]:
    return [(s.contact, s.due.isoformat(), s.status.value) for s in result.steps if s.kind is kind]


def waiting(result: Plan) -> dict[str, list[str]]:
    """The pending waiting-phase steps, as dates: calls, inside calls, e-mail, move on."""
    return {
        "calls": dues(result, CALL),
        "inside": dues(result, INSIDE),
        "email": dues(result, EMAIL),
        "move_on": dues(result, MOVE_ON),
    }


def expect(calls: str, inside: str, email: str, move_on: str) -> dict[str, list[str]]:
    return {"calls": calls.split(), "inside": inside.split(), "email": [email], "move_on": [move_on]}
