"""How the job search is going: answers, kept promises, waiting times, what is still open."""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import CharField
from django.db.models.functions import Cast

from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import DECISIONS
from followthrough.core.planner import promise_said_on
from followthrough.services.fastpath.promises import resolve
from followthrough.services.jobsearch.profile import get_profile
from followthrough.store.json_text import JsonText
from followthrough.store.models import Application, Event

# Days from the interview to the decision, in the buckets a chart shows.
WAIT_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("up to 1 week", 0, 7),
    ("1–2 weeks", 8, 14),
    ("2–4 weeks", 15, 28),
    ("4–8 weeks", 29, 56),
    ("over 8 weeks", 57, 10**6),
)


@dataclass(frozen=True)
class Statistics:
    applications: int
    active: int
    interviewed: int
    answered: int  # interviewed applications where the employer said anything at all
    promises_due: int  # promised dates that have passed or were answered
    promises_kept: int  # ... answered on or before the promised date
    days_to_answer: tuple[int, ...]  # interview to decision, one per decided application
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


@dataclass
class _App:
    status: str = "open"
    outcome: str | None = None
    playbook: str = "column"
    # on, position, type, and what the statistics read: timeframe, outcome, decision_by
    events: list[tuple[dt.date, int, str, str | None, str | None, str | None]] = field(default_factory=list)


@lru_cache(maxsize=8192)
def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Kept from one page to the next: a long search has a few phrases said on a few hundred days.
@lru_cache(maxsize=32768)
def _resolve(phrase: str, anchor: dt.date, calendar: BusinessCalendar) -> dt.date | None:

    return resolve(phrase, anchor, calendar)


def compute(today: dt.date, calendar: BusinessCalendar | None = None) -> Statistics:

    default = get_profile().playbook or "column"
    listed = Application.objects.annotate(book=JsonText("extra", "playbook")).values_list(
        "id", "status", "outcome", "book"
    )
    apps: dict[int, _App] = {pk: _App(status, outcome, book or default) for pk, status, outcome, book in listed}
    # Only the events that matter here, and only the fields they need: read in the database,
    # so 10,000 applications' worth of JSON is never decoded in Python. Dates come as text
    # (a few hundred distinct days, each parsed once) and each application's few events are
    # put in order here: both cost the database and Django more than they cost this loop.
    rows = (
        Event.objects.filter(type__in=("interview", "debrief", "response"))
        .annotate(
            day=Cast("on", CharField()),
            timeframe=JsonText("payload", "timeframe"),
            said=JsonText("payload", "outcome"),
            by=JsonText("payload", "decision_by"),
        )
        .order_by()
        .values_list("application_id", "position", "type", "day", "timeframe", "said", "by")
    )
    for app_id, position, kind, day, phrase, said, by in rows.iterator(chunk_size=5000):
        apps[app_id].events.append((_day(day), position, kind, phrase, said, by))
    cal = calendar or BusinessCalendar()
    resolved: dict[tuple[str, dt.date], dt.date | None] = {}  # in front of _resolve: no calendar to hash

    interviewed = answered = promises_due = promises_kept = 0
    waits: list[int] = []
    outcomes: Counter[str] = Counter()
    by_playbook: dict[str, list[int]] = {}
    for app in apps.values():
        outcomes[app.outcome or app.status] += 1
        counts = by_playbook.setdefault(app.playbook, [0, 0, 0])
        counts[0] += 1
        last_interview: dt.date | None = None
        interviews: list[dt.date] = []
        promises: dict[dt.date, tuple[int, dt.date]] = {}  # decide by -> (event index, said on), first said
        answers: list[tuple[int, dt.date]] = []  # (event index, date): events are in date, then file order
        decided = False
        if len(app.events) > 1:
            app.events.sort()  # by date, then as recorded: (on, position) is never the same twice
        for index, (on, _position, kind, phrase, said, decide_by) in enumerate(app.events):
            if kind == "interview":
                last_interview = on if last_interview is None or on > last_interview else last_interview
                interviews.append(on)
            elif kind == "debrief" and phrase:
                key = (phrase, promise_said_on(interviews, on))
                if key not in resolved:
                    resolved[key] = _resolve(*key, cal)
                by = resolved[key]
                if by is not None:
                    promises.setdefault(by, (index, on))  # the same promise recorded twice is one promise
            elif kind == "response" and said != "withdrawn":
                answers.append((index, on))
                if decide_by:
                    promises.setdefault(_day(decide_by), (index, on))
                if said in DECISIONS and not decided and last_interview and on >= last_interview:
                    decided = True
                    waits.append((on - last_interview).days)
        if last_interview is not None:
            interviewed += 1
            answered += bool(answers)
            counts[1] += 1
            counts[2] += bool(answers)
        for by, (said_at, _said_on) in promises.items():
            # The first answer recorded after the promise, the same day included (not the promise itself).
            answer = next((a for i, a in answers if i > said_at), None)
            if answer is None and by >= today:
                continue  # the promised day has not come yet
            promises_due += 1
            promises_kept += answer is not None and answer <= by
    return Statistics(
        applications=len(apps),
        active=outcomes.get("open", 0),
        interviewed=interviewed,
        answered=answered,
        promises_due=promises_due,
        promises_kept=promises_kept,
        days_to_answer=tuple(waits),
        outcomes=dict(outcomes),
        by_playbook={name: (a, i, r) for name, (a, i, r) in by_playbook.items()},
    )
