"""How the job search is going: answers, kept promises, waiting times, what is still open.

A pure function of plain records: the services read the rows, this counts them. "Today"
and the way a promised timeframe is read (the planner's grammar, with whatever fallback
the caller allows) are passed in.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from followthrough.core.model import DECISIONS
from followthrough.core.planner import promise_said_on

__all__ = [
    "DECISIONS",
    "OUTCOME_ORDER",
    "WAIT_BUCKETS",
    "ApplicationRecord",
    "EventRecord",
    "ReadTimeframe",
    "Statistics",
    "compute",
]

# Where applications stand, in the order the page and the command show them.
OUTCOME_ORDER = ("open", "offer", "rejected", "filled", "no_hire", "withdrawn", "no_response")

# Days from the interview to the decision, in the buckets a chart shows.
WAIT_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("up to 1 week", 0, 7),
    ("1–2 weeks", 8, 14),
    ("2–4 weeks", 15, 28),
    ("4–8 weeks", 29, 56),
    ("over 8 weeks", 57, 10**6),
)

# The date a promised timeframe ends, counted from the day it was said (None: not understood).
ReadTimeframe = Callable[[str, dt.date], dt.date | None]


# The records in are named tuples, not dataclasses: a long search has tens of thousands of
# events, and a tuple is built several times faster (the statistics page has a time budget).
class EventRecord(NamedTuple):
    """One interview, debrief or response, with only what the statistics read."""

    on: dt.date
    position: int  # the order recorded: (on, position) is never the same twice in an application
    type: str  # "interview", "debrief" or "response"; others are ignored
    timeframe: str | None = None  # a debrief's promise, in the employer's words
    outcome: str | None = None  # a response's outcome
    decision_by: dt.date | None = None  # a "not decided yet" response's new promised date


class ApplicationRecord(NamedTuple):
    status: str  # "open" or "closed"
    outcome: str | None
    playbook: str
    events: tuple[EventRecord, ...] = ()


@dataclass(frozen=True)
class Statistics:
    applications: int
    active: int
    interviewed: int
    answered: int  # interviewed applications where the employer said anything at all
    promises_due: int  # promised dates that have passed or were answered
    promises_kept: int  # ... answered on or before the promised date
    days_to_answer: tuple[int, ...]  # interview to decision, one per decided application, shortest first
    outcomes: dict[str, int] = field(default_factory=dict)  # open, offer, rejected, ..., no_response
    # playbook name -> (applications, interviewed, answered): a method's response rate
    by_playbook: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def playbook_rates(self) -> list[tuple[str, int, int, int]]:
        """(playbook, applications, interviewed, answered), most used first, when more than
        one playbook is in use (else nothing to compare)."""
        if len(self.by_playbook) < 2:
            return []
        rows = [(name, *counts) for name, counts in self.by_playbook.items()]
        return sorted(rows, key=lambda row: (-row[1], row[0]))

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.interviewed if self.interviewed else None

    @property
    def promises_kept_share(self) -> float | None:
        return self.promises_kept / self.promises_due if self.promises_due else None

    @property
    def median_days_to_answer(self) -> float | None:
        return stats.median(self.days_to_answer) if self.days_to_answer else None

    def wait_histogram(self) -> list[tuple[str, int]]:
        return [(label, sum(lo <= d <= hi for d in self.days_to_answer)) for label, lo, hi in WAIT_BUCKETS]


_in_order = itemgetter(0, 1)  # (on, position): by date, then as recorded


def compute(applications: Iterable[ApplicationRecord], today: dt.date, read_timeframe: ReadTimeframe) -> Statistics:
    """The statistics of these applications on ``today`` (a promise whose day has not come
    and that has no answer yet is not counted)."""
    resolved: dict[tuple[str, dt.date], dt.date | None] = {}  # a few phrases said on a few hundred days
    total = interviewed = answered = promises_due = promises_kept = 0
    waits: list[int] = []
    outcomes: Counter[str] = Counter()
    by_playbook: dict[str, list[int]] = {}
    # One loop, no helper per application: a long search has ten thousand of them.
    for status, outcome, playbook, events in applications:
        total += 1
        outcomes[outcome or status] += 1
        counts = by_playbook.setdefault(playbook, [0, 0, 0])
        counts[0] += 1
        last_interview: dt.date | None = None
        interviews: list[dt.date] = []
        promises: dict[dt.date, int] = {}  # decide by -> index of the event that said it first
        answers: list[tuple[int, dt.date]] = []  # (event index, date), in the order they happened
        decided = False
        for index, (on, _position, kind, phrase, said, decide_by) in enumerate(
            sorted(events, key=_in_order) if len(events) > 1 else events
        ):
            if kind == "interview":
                last_interview = on if last_interview is None or on > last_interview else last_interview
                interviews.append(on)
            elif kind == "debrief" and phrase:
                key = (phrase, promise_said_on(interviews, on))
                if key not in resolved:
                    resolved[key] = read_timeframe(*key)
                by = resolved[key]
                if by is not None:
                    promises.setdefault(by, index)  # the same promise recorded twice is one promise
            elif kind == "response" and said != "withdrawn":
                answers.append((index, on))
                if decide_by:
                    promises.setdefault(decide_by, index)
                if said in DECISIONS and not decided and last_interview and on >= last_interview:
                    decided = True
                    waits.append((on - last_interview).days)
        if last_interview is not None:
            interviewed += 1
            answered += bool(answers)
            counts[1] += 1
            counts[2] += bool(answers)
        for by, said_at in promises.items():
            # The first answer recorded after the promise, the same day included (not the promise itself).
            answer = next((a for i, a in answers if i > said_at), None)
            if answer is None and by >= today:
                continue  # the promised day has not come yet
            promises_due += 1
            promises_kept += answer is not None and answer <= by
    return Statistics(
        applications=total,
        active=outcomes.get("open", 0),
        interviewed=interviewed,
        answered=answered,
        promises_due=promises_due,
        promises_kept=promises_kept,
        days_to_answer=tuple(sorted(waits)),
        outcomes=dict(outcomes),
        by_playbook={name: (a, i, r) for name, (a, i, r) in by_playbook.items()},
    )
