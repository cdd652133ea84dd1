"""A coach's caseload: who needs attention first, and why, in words.

The inputs are what the store can count without planning anything: each job seeker's
applications by stage, the late steps (already materialized by the planner), the
applications waiting past a promised date with how many follow-ups were made, and the
day something last happened. From them come a summary per seeker, reasons a coach can
read ("thank-you note to Initech 4 days late") and an order: most urgent first.

Pure: no I/O, no clock ("today" is passed in). A summary carries company names and
counts only: never a person's name, a note, a draft or an address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from followthrough.core.model import CLOSING_OUTCOMES, Application, Interview, Plan, StepKind

# Open applications, by how far they went; closed ones go by their outcome.
APPLIED = "applied"  # no interview recorded yet
INTERVIEWED = "interviewed"  # an interview recorded, no decision yet
STAGES = (APPLIED, INTERVIEWED, *sorted(CLOSING_OUTCOMES))
STAGE_WORDS = {
    APPLIED: "applied",
    INTERVIEWED: "interviewed, waiting",
    "offer": "offer",
    "rejected": "rejected",
    "filled": "position filled",
    "no_hire": "no hire",
    "withdrawn": "withdrawn",
    "no_response": "moved on (no answer)",
}

QUIET_DAYS = 14  # a job search with nothing recorded for this long is worth a word
FOLLOW_UP_KINDS = frozenset({StepKind.CALL_HIRING_OFFICER, StepKind.EMAIL_FOLLOW_UP})

# How much a day of lateness weighs, by what is late: a thank-you note loses its point
# within days; a call a few days late still does its job; moving on can wait.
_WEIGHT = {
    StepKind.THANK_YOU_NOTE: 3,
    StepKind.CALL_HIRING_OFFICER: 2,
    StepKind.EMAIL_FOLLOW_UP: 2,
    StepKind.CALL_INSIDE_CONTACT: 2,
    StepKind.EMAIL_HIRING_OFFICER: 2,
    StepKind.MOVE_ON: 1,
}


# What an application row keeps beside its steps, so a caseload is counted without
# reading events or planning: (status, outcome, promised date, interviews, last event).
RowFacts = tuple[str, "str | None", "dt.date | None", int, "dt.date | None"]


def row_facts(application: Application, plan: Plan) -> RowFacts:
    """The application row's columns that follow from its events and its plan."""
    interviews = sum(1 for e in application.events if isinstance(e, Interview))
    last_event = max((e.on for e in application.events), default=None)
    return (plan.status.value, plan.outcome, plan.promised, interviews, last_event)


@dataclass(frozen=True)
class LateSteps:
    """The pending steps of one kind at one application, due before today."""

    application: int
    company: str
    kind: StepKind
    count: int
    due: dt.date  # the earliest one's


@dataclass(frozen=True)
class Waiting:
    """An open application past its promised decision date: the current waiting phase's
    follow-ups to the hiring officer, made and planned (skipped ones count as not made)."""

    application: int
    company: str
    promised: dt.date
    made: int
    planned: int
    by_email: bool = False  # the playbook follows up by e-mail, not by phone


@dataclass(frozen=True)
class SeekerFacts:
    """What the store counted for one job seeker."""

    seeker: int
    name: str
    stages: Mapping[str, int] = field(default_factory=dict)
    last_activity: dt.date | None = None
    late: Sequence[LateSteps] = ()
    waiting: Sequence[Waiting] = ()


@dataclass(frozen=True, order=True)
class Reason:
    """One reason a seeker needs attention: the higher ``urgency``, the sooner."""

    urgency: int
    words: str


@dataclass(frozen=True)
class SeekerSummary:
    seeker: int
    name: str
    stages: Mapping[str, int]
    last_activity: dt.date | None
    days_quiet: int | None  # days since the last activity; None: nothing recorded
    overdue: int  # pending steps due before today
    most_overdue_days: int  # of the latest of them; 0 when none
    late_thank_you_notes: int
    waiting_past_promise: int
    reasons: tuple[Reason, ...]  # most urgent first

    @property
    def attention(self) -> int:
        """How urgently the seeker needs a word: the sum of the reasons' urgencies."""
        return sum(r.urgency for r in self.reasons)

    @property
    def active(self) -> int:
        return self.stages.get(APPLIED, 0) + self.stages.get(INTERVIEWED, 0)

    @property
    def applications(self) -> int:
        return sum(self.stages.values())

    def outcomes(self) -> dict[str, int]:
        return {s: n for s, n in self.stages.items() if s in CLOSING_OUTCOMES and n}


def days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _times(n: int) -> str:
    return "1 time" if n == 1 else f"{n} times"


def late_words(late: LateSteps, today: dt.date) -> str:
    """ "thank-you note to Initech 4 days late", "2 calls to Acme's hiring officer, the
    first 9 days overdue"."""
    n, company, kind = late.count, late.company, late.kind
    age = days((today - late.due).days)
    if kind is StepKind.THANK_YOU_NOTE:
        what = "thank-you note" if n == 1 else f"{n} thank-you notes"
        return f"{what} to {company} {age} late" if n == 1 else f"{what} to {company}, the first {age} late"
    subject = {
        StepKind.CALL_HIRING_OFFICER: ("call", f"to {company}'s hiring officer"),
        StepKind.EMAIL_FOLLOW_UP: ("follow-up e-mail", f"to {company}'s hiring officer"),
        StepKind.CALL_INSIDE_CONTACT: ("call", f"to an inside contact at {company}"),
        StepKind.EMAIL_HIRING_OFFICER: ("last-resort e-mail", f"to {company}'s hiring officer"),
    }.get(kind)
    if subject is None:  # move on
        return f"deciding whether to move on from {company}: {age} overdue"
    noun, where = subject
    if n == 1:
        return f"{noun} {where} {age} overdue"
    plural = "calls" if noun == "call" else f"{noun}s"
    return f"{n} {plural} {where}, the first {age} overdue"


def waiting_words(waiting: Waiting, today: dt.date) -> str:
    """ "called Acme's hiring officer 0 of 3 times since the promised date, 12 days ago"."""
    ago = (today - waiting.promised).days
    since = "since the promised date, " + ("yesterday" if ago == 1 else f"{days(ago)} ago")
    who = f"{waiting.company}'s hiring officer"
    if waiting.planned == 0:
        return f"no answer from {waiting.company} {since}"
    verb = "wrote to" if waiting.by_email else "called"
    return f"{verb} {who} {waiting.made} of {_times(waiting.planned)} {since}"


def quiet_words(days_quiet: int | None) -> str:
    return "nothing recorded yet" if days_quiet is None else f"no activity for {days(days_quiet)}"


def _late_urgency(late: LateSteps, today: dt.date) -> int:
    return (today - late.due).days * _WEIGHT.get(late.kind, 1) * late.count


def summarise(facts: SeekerFacts, today: dt.date) -> SeekerSummary:
    """One seeker's summary, with the reasons to look at them, most urgent first."""
    reasons: list[Reason] = []
    waiting_apps = {w.application for w in facts.waiting}
    # Late follow-ups of an application past its promise are told in its waiting line.
    behind: dict[int, int] = {}
    for late in facts.late:
        if late.application in waiting_apps and late.kind in FOLLOW_UP_KINDS:
            behind[late.application] = behind.get(late.application, 0) + _late_urgency(late, today)
        else:
            reasons.append(Reason(_late_urgency(late, today), late_words(late, today)))
    for waiting in facts.waiting:
        ago = (today - waiting.promised).days
        # Past the promise with nothing made is worth a word even before a call is late.
        urgency = behind.get(waiting.application, 0) + (ago if waiting.made == 0 else 0)
        reasons.append(Reason(max(urgency, 1), waiting_words(waiting, today)))
    quiet = None if facts.last_activity is None else max((today - facts.last_activity).days, 0)
    if quiet is not None and quiet >= QUIET_DAYS:
        reasons.append(Reason(quiet - QUIET_DAYS + 1, quiet_words(quiet)))
    elif quiet is None:
        reasons.append(Reason(1, quiet_words(None)))
    reasons.sort(key=lambda r: (-r.urgency, r.words))
    overdue_days = [(today - late.due).days for late in facts.late]
    return SeekerSummary(
        seeker=facts.seeker,
        name=facts.name,
        stages={s: n for s, n in facts.stages.items() if n},
        last_activity=facts.last_activity,
        days_quiet=quiet,
        overdue=sum(late.count for late in facts.late),
        most_overdue_days=max(overdue_days, default=0),
        late_thank_you_notes=sum(late.count for late in facts.late if late.kind is StepKind.THANK_YOU_NOTE),
        waiting_past_promise=len(facts.waiting),
        reasons=tuple(reasons),
    )


class Rank(NamedTuple):
    """What the caseload's orders compare: small enough that a page of a thousand seekers
    is sorted without reading (or decoding) their summaries."""

    seeker: int
    name: str
    attention: int
    reasons: int
    overdue: int
    most_overdue_days: int
    days_quiet: int | None


def rank(summary: SeekerSummary) -> Rank:
    return Rank(
        summary.seeker, summary.name, summary.attention, len(summary.reasons), summary.overdue,
        summary.most_overdue_days, summary.days_quiet,
    )  # fmt: skip


def _by_attention(r: Rank) -> tuple[Any, ...]:
    """Most urgent first; then the one with more reasons; then by name (a stable order)."""
    return (-r.attention, -r.reasons, r.name.casefold(), r.seeker)


def _by_overdue(r: Rank) -> tuple[Any, ...]:
    return (-r.most_overdue_days, -r.overdue, r.name.casefold(), r.seeker)


def _by_quiet(r: Rank) -> tuple[Any, ...]:
    """Nothing recorded at all first, then the longest without activity."""
    return (-(10**6 if r.days_quiet is None else r.days_quiet), r.name.casefold(), r.seeker)


def _by_name(r: Rank) -> tuple[Any, ...]:
    return (r.name.casefold(), r.seeker)


# The caseload's orders, by the name a page asks for; the first is the default.
ORDERS: dict[str, Callable[[Rank], tuple[Any, ...]]] = {
    "attention": _by_attention,
    "overdue": _by_overdue,
    "quiet": _by_quiet,
    "name": _by_name,
}


def ordered(summaries: Iterable[SeekerSummary], order: str = "attention") -> list[SeekerSummary]:
    key = ORDERS.get(order, _by_attention)
    return sorted(summaries, key=lambda s: key(rank(s)))


def attention_first(summaries: Iterable[SeekerSummary]) -> list[SeekerSummary]:
    return ordered(summaries, "attention")


def to_record(summary: SeekerSummary) -> dict[str, Any]:
    """A summary as plain data, to keep (the name is left out: it is read afresh)."""
    return {
        "stages": dict(summary.stages),
        "last_activity": summary.last_activity.isoformat() if summary.last_activity else None,
        "days_quiet": summary.days_quiet,
        "overdue": summary.overdue,
        "most_overdue_days": summary.most_overdue_days,
        "late_thank_you_notes": summary.late_thank_you_notes,
        "waiting_past_promise": summary.waiting_past_promise,
        "reasons": [[r.urgency, r.words] for r in summary.reasons],
    }


def from_record(seeker: int, name: str, record: Mapping[str, Any]) -> SeekerSummary:
    last = record["last_activity"]
    return SeekerSummary(
        seeker=seeker,
        name=name,
        stages={str(k): int(v) for k, v in record["stages"].items()},
        last_activity=dt.date.fromisoformat(last) if last else None,
        days_quiet=record["days_quiet"],
        overdue=int(record["overdue"]),
        most_overdue_days=int(record["most_overdue_days"]),
        late_thank_you_notes=int(record["late_thank_you_notes"]),
        waiting_past_promise=int(record["waiting_past_promise"]),
        reasons=tuple(Reason(int(u), str(w)) for u, w in record["reasons"]),
    )


def stage_words(stage: str) -> str:
    return STAGE_WORDS.get(stage, stage.replace("_", " "))


@dataclass(frozen=True)
class OrganisationCounts:
    """What an administrator sees: counts for the whole organisation, no one's details."""

    seekers: int
    active_searches: int  # seekers with at least one open application
    applications: int
    interviewed: int
    answered: int  # interviewed applications with a decision recorded
    outcomes: Mapping[str, int]

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.interviewed if self.interviewed else None
