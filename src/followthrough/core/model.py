"""The job search as plain data: what the user records and what the planner returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class ContactRole(StrEnum):
    HIRING_OFFICER = "hiring_officer"
    INTERVIEWER = "interviewer"
    INSIDE_CONTACT = "inside_contact"


class StepKind(StrEnum):
    THANK_YOU_NOTE = "thank_you_note"
    CALL_HIRING_OFFICER = "call_hiring_officer"
    CALL_INSIDE_CONTACT = "call_inside_contact"
    EMAIL_HIRING_OFFICER = "email_hiring_officer"
    MOVE_ON = "move_on"


CALL_KINDS = frozenset({StepKind.CALL_HIRING_OFFICER, StepKind.CALL_INSIDE_CONTACT})


class StepStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class ResponseOutcome(StrEnum):
    """What the employer (or the user, withdrawing) said."""

    OFFER = "offer"
    REJECTED = "rejected"
    FILLED = "filled"
    NO_HIRE = "no_hire"
    WITHDRAWN = "withdrawn"
    NOT_DECIDED = "not_decided"


# Outcomes an application can close with: every decision, plus the user moving on.
NO_RESPONSE = "no_response"
CLOSING_OUTCOMES = frozenset(o.value for o in ResponseOutcome if o is not ResponseOutcome.NOT_DECIDED) | {NO_RESPONSE}


class CallOutcome(StrEnum):
    REACHED = "reached"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"


class CallPermission(StrEnum):
    OK = "ok"
    ASKED_NOT_TO_CALL = "asked_not_to_call"
    NOT_ASKED = "not_asked"


class Considered(StrEnum):
    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"


class Flag(StrEnum):
    """Why a step deserves a second look."""

    NO_HIRING_OFFICER = "no_hiring_officer"  # get that business card
    ASKED_NOT_TO_CALL = "asked_not_to_call"
    TIMEFRAME_UNRESOLVED = "timeframe_unresolved"


@dataclass(frozen=True)
class Profile:
    name: str = ""
    home_address: str = ""
    phone: str = ""
    email: str = ""
    timezone: str = "UTC"
    country: str | None = None


@dataclass(frozen=True)
class Contact:
    key: str
    name: str
    role: ContactRole
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    relation: str | None = None


@dataclass(frozen=True)
class Interview:
    on: dt.date
    with_: tuple[str, ...] = ()
    at: dt.time | None = None
    final: bool | None = None
    notes: str | None = None  # what was discussed: the thank-you notes can mention it


@dataclass(frozen=True)
class Debrief:
    """What the user took away from the on-site checklist (playbook section 1)."""

    on: dt.date
    timeframe: str | None = None
    call_permission: CallPermission | None = None
    considered: Considered | None = None
    how_did_i_do: str | None = None
    card: bool | None = None
    stated_interest: bool | None = None


@dataclass(frozen=True)
class StepDone:
    on: dt.date
    kind: StepKind
    contact: str | None = None
    outcome: CallOutcome | None = None
    note: str | None = None


@dataclass(frozen=True)
class StepSkipped:
    on: dt.date
    kind: StepKind
    contact: str | None = None


@dataclass(frozen=True)
class Response:
    on: dt.date
    outcome: ResponseOutcome
    from_: str | None = None
    decision_by: dt.date | None = None


Event = Interview | Debrief | StepDone | StepSkipped | Response


@dataclass(frozen=True)
class Application:
    id: str
    company: str
    role: str
    applied_on: dt.date | None = None
    contacts: tuple[Contact, ...] = ()
    events: tuple[Event, ...] = ()
    domains: tuple[str, ...] = ()  # the company's mail domains, for the reply watcher

    def contact(self, key: str | None) -> Contact | None:
        return next((c for c in self.contacts if c.key == key), None)


@dataclass(frozen=True)
class JobSearch:
    """One whole job search, as the exchange format carries it."""

    profile: Profile | None
    applications: tuple[Application, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    kind: StepKind
    contact: str | None
    due: dt.date
    status: StepStatus
    done_on: dt.date | None = None
    flags: frozenset[Flag] = field(default_factory=frozenset)
    phase: int = 0


@dataclass(frozen=True)
class Promise:
    """A decision date the employer gave, as said and as resolved."""

    said: str
    said_on: dt.date
    resolves_to: dt.date | None


@dataclass(frozen=True)
class Plan:
    application: str
    status: str  # "open" | "closed"
    outcome: str | None
    steps: tuple[Step, ...]
    promises: tuple[Promise, ...] = ()

    @property
    def pending(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.status is StepStatus.PENDING)
