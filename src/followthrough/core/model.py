"""The job search as plain data: what the user records and what the planner returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from followthrough.core.job import Job
from followthrough.core.playbook import Playbook


class ContactRole(StrEnum):
    HIRING_OFFICER = "hiring_officer"
    INTERVIEWER = "interviewer"
    INSIDE_CONTACT = "inside_contact"


class StepKind(StrEnum):
    THANK_YOU_NOTE = "thank_you_note"
    CALL_HIRING_OFFICER = "call_hiring_officer"
    CALL_INSIDE_CONTACT = "call_inside_contact"
    EMAIL_FOLLOW_UP = "email_follow_up"  # a follow-up by e-mail, when the playbook writes
    EMAIL_HIRING_OFFICER = "email_hiring_officer"  # the last resort
    MOVE_ON = "move_on"


CALL_KINDS = frozenset({StepKind.CALL_HIRING_OFFICER, StepKind.CALL_INSIDE_CONTACT})
# The follow-ups (by call or by e-mail) and inside-contact calls: the pest guard keeps
# these apart, per person (playbook rule 6).
GUARDED_KINDS = CALL_KINDS | {StepKind.EMAIL_FOLLOW_UP}


class ApplicationStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class PossibleResponseStatus(StrEnum):
    """A message the reply watcher found: waiting for the user's word, or given it."""

    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class ReminderState(StrEnum):
    """One reminder of one step on one channel: waiting, being delivered, delivered."""

    QUEUED = "queued"
    CLAIMED = "claimed"
    SENT = "sent"


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


# The employer's decisions: what an answer after an interview can be, but "not decided
# yet" and the user withdrawing.
DECISIONS = frozenset(
    o.value for o in (ResponseOutcome.OFFER, ResponseOutcome.REJECTED, ResponseOutcome.FILLED, ResponseOutcome.NO_HIRE)
)

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
    # Periods the user is away, both days included (playbook rule 10).
    away: tuple[AwayPeriod, ...] = ()
    playbook: str | None = None  # the default playbook's name; None: the column's


@dataclass(frozen=True, order=True)
class AwayPeriod:
    from_: dt.date
    until: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.from_ <= day <= self.until


@dataclass(frozen=True)
class Contact:
    key: str
    name: str
    role: ContactRole
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    relation: str | None = None
    salutation: str | None = None  # how a letter greets them ("Ann", "Dr. Lee"); None: first_name
    # Set by the user: contacts with the same key are one person to call (core.together).
    person: str | None = None

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def greeting(self) -> str:
        """How a draft greets them: their salutation, else their first name."""
        return self.salutation or self.first_name


@dataclass(frozen=True)
class CardReading:
    """What a business card says, as read from a photo: every field a guess for the user
    to check; ``lines`` is all the text read, top to bottom."""

    name: str | None = None
    title: str | None = None
    company: str | None = None
    phone: str | None = None
    email: str | None = None
    lines: tuple[str, ...] = ()


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
    nth: int | None = None  # aims at one step (playbook rule 7); None: rule 4 picks it


@dataclass(frozen=True)
class StepSkipped:
    on: dt.date
    kind: StepKind
    contact: str | None = None
    nth: int | None = None


@dataclass(frozen=True)
class StepSnoozed:
    """ "Remind me on ``until``": the step aimed at is due no earlier (playbook rule 9)."""

    on: dt.date
    kind: StepKind
    contact: str | None
    until: dt.date
    nth: int | None = None


@dataclass(frozen=True)
class Reopened:
    """The employer came back after a close: a fresh waiting phase (playbook rule 8)."""

    on: dt.date
    note: str | None = None


@dataclass(frozen=True)
class Response:
    on: dt.date
    outcome: ResponseOutcome
    from_: str | None = None
    decision_by: dt.date | None = None
    said: str | None = None  # the words ``decision_by`` was read from ("by the end of next week")


Event = Interview | Debrief | StepDone | StepSkipped | StepSnoozed | Response | Reopened
AimedEvent = StepDone | StepSkipped | StepSnoozed


@dataclass(frozen=True)
class Application:
    id: str
    company: str
    role: str
    applied_on: dt.date | None = None
    contacts: tuple[Contact, ...] = ()
    events: tuple[Event, ...] = ()
    domains: tuple[str, ...] = ()  # the company's mail domains, for the reply watcher
    playbook: str | None = None  # its playbook's name; None: the user's default
    # What its steps' ids are made with besides its id, so two job seekers' applications of
    # the same id never share a step id: empty for a local job search (not part of the data).
    steps_namespace: str = field(default="", compare=False)
    job: Job = field(default_factory=Job)  # the posting, the user's notes and tags, the stage before any interview

    def contact(self, key: str | None) -> Contact | None:
        return next((c for c in self.contacts if c.key == key), None)


@dataclass(frozen=True)
class JobSearch:
    """One whole job search, as the exchange format carries it."""

    profile: Profile | None
    applications: tuple[Application, ...] = ()
    playbooks: tuple[Playbook, ...] = ()  # the job search's own, beside the built-in ones


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
    by: str | None = None  # the key of who gave it: the hiring officer at a debrief, who answered after
    source: str = "debrief"  # "debrief" or "response" (a "not decided yet" with a new date)


@dataclass(frozen=True)
class Phase:
    """One waiting phase: what opened it, when the wait counts from, what was promised."""

    index: int
    opened_by: str  # "interview" | "response" (not decided) | "reopened"
    opened_on: dt.date
    anchor: dt.date  # D: the interview's date, the response's or the reopening's
    promised: dt.date | None = None  # T, resolved
    promise: Promise | None = None  # T as said, when a debrief gave it in words
    interview_on: dt.date | None = None  # the interview it follows (its own date, for one)
    current: bool = False


@dataclass(frozen=True)
class Fault:
    """An event that cannot be taken as recorded: ``event`` is its index in the
    application's events, ``field`` the field at fault."""

    event: int
    field: str
    message: str


@dataclass(frozen=True)
class Plan:
    application: str
    status: ApplicationStatus
    outcome: str | None
    steps: tuple[Step, ...]
    promises: tuple[Promise, ...] = ()
    phases: tuple[Phase, ...] = ()
    faults: tuple[Fault, ...] = ()
    playbook: str = "column"

    @property
    def pending(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.status is StepStatus.PENDING)

    @property
    def promised(self) -> dt.date | None:
        """The decision date promised for the current waiting phase (T, resolved)."""
        return next((p.promised for p in self.phases if p.current), None)

    @property
    def promise(self) -> Promise | None:
        """The promise the current wait counts from: the latest debrief's or "not decided
        yet, by …" answer's (None: the current wait has none, or there is no wait)."""
        return next((p.promise for p in self.phases if p.current), None)

    @property
    def earlier_promises(self) -> tuple[Promise, ...]:
        """Every other promise given, in the order given: the history of the current one."""
        given = [p.promise for p in self.phases if p.promise is not None and not p.current]
        given += [p for p in self.promises if p not in given and p != self.promise]
        return tuple(sorted(dict.fromkeys(given), key=lambda p: p.said_on))

    def promise_of(self, debrief: Debrief) -> Promise | None:
        """The promise the planner read from ``debrief``: its words, said at the interview it
        follows (on or before its date; the debrief may be written up days later)."""
        if debrief.timeframe is None:
            return None
        said = [p for p in self.promises if p.said == debrief.timeframe and p.said_on <= debrief.on]
        return max(said, key=lambda p: p.said_on, default=None)
