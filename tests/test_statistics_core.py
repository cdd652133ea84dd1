"""The statistics page's counts, as a pure function of applications and their events: the
numbers a job seeker reads add up, a kept promise was answered in time, no wait is negative,
and nothing depends on the order the database happened to return the rows in."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from followthrough.core import timeframe
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import ApplicationStatus, ResponseOutcome
from followthrough.core.statistics import ApplicationRecord, EventRecord, Statistics, compute

CALENDAR = BusinessCalendar()
START = dt.date(2026, 9, 1)
PHRASES = ("two weeks", "ten days", "by Friday", "soon-ish", "2026-12-01", "")
OUTCOMES = [o.value for o in ResponseOutcome]
PLAYBOOKS = ("column", "email-first", "patient")


def read(phrase: str, said_on: dt.date) -> dt.date | None:
    return timeframe.resolve(phrase, said_on, CALENDAR)


def days(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


Facts = tuple[dt.date, str, str | None, str | None, dt.date | None]


def _event(kind: str, on: int, phrase: str, outcome: str, by: int | None) -> Facts:
    if kind == "debrief":
        return (days(on), kind, phrase, None, None)
    if kind == "response":
        decision_by = days(on + by) if by is not None and outcome == "not_decided" else None
        return (days(on), kind, None, outcome, decision_by)
    return (days(on), kind, None, None, None)


event_facts = st.builds(
    _event,
    st.sampled_from(("interview", "interview", "debrief", "response", "response", "step_done")),
    st.integers(0, 120),
    st.sampled_from(PHRASES),
    st.sampled_from(OUTCOMES),
    st.none() | st.integers(0, 30),
)


@st.composite
def applications(draw: st.DrawFn) -> ApplicationRecord:
    facts = draw(st.lists(event_facts, max_size=8))
    # Positions are the order recorded: never the same twice in one application.
    events = tuple(EventRecord(on, n, kind, *rest) for n, (on, kind, *rest) in enumerate(facts, start=1))
    closed = draw(st.booleans())
    outcome = draw(st.sampled_from([*OUTCOMES, "no_response"])) if closed else None
    status = ApplicationStatus.CLOSED.value if closed else ApplicationStatus.OPEN.value
    return ApplicationRecord(status, outcome, draw(st.sampled_from(PLAYBOOKS)), events)


searches = st.lists(applications(), max_size=12)
todays = st.integers(0, 200).map(days)


def counts(found: Statistics) -> tuple[int, ...]:
    return (found.applications, found.interviewed, found.answered, found.promises_due, found.promises_kept)


@given(searches, todays)
def test_the_counts_add_up(search: list[ApplicationRecord], today: dt.date) -> None:
    found = compute(search, today, read)
    assert found.applications == len(search) == sum(found.outcomes.values())
    assert found.active == found.outcomes.get("open", 0) == sum(a.status == "open" for a in search)
    assert found.answered <= found.interviewed <= found.applications
    assert found.promises_kept <= found.promises_due
    # one wait per decided application, and a decision is an answer after an interview
    assert len(found.days_to_answer) <= found.answered
    by_book = found.by_playbook.values()
    assert tuple(map(sum, zip(*by_book, strict=True))) == (
        (found.applications, found.interviewed, found.answered) if search else ()
    )
    assert sum(n for _bucket, n in found.wait_histogram()) == len(found.days_to_answer)


@given(searches, todays)
def test_waiting_times_are_never_negative(search: list[ApplicationRecord], today: dt.date) -> None:
    found = compute(search, today, read)
    assert all(wait >= 0 for wait in found.days_to_answer)
    assert found.median_days_to_answer is None or found.median_days_to_answer >= 0


@given(searches, applications(), todays)
def test_adding_an_application_never_lowers_a_count(
    search: list[ApplicationRecord], another: ApplicationRecord, today: dt.date
) -> None:
    before, after = compute(search, today, read), compute([*search, another], today, read)
    assert after.applications == before.applications + 1
    assert all(a >= b for a, b in zip(counts(after), counts(before), strict=True))
    assert not Counter(before.days_to_answer) - Counter(after.days_to_answer)


@given(searches, todays, st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_rows_are_read(
    search: list[ApplicationRecord], today: dt.date, random: Random
) -> None:
    shuffled = []
    for app in search:
        events = list(app.events)
        random.shuffle(events)
        shuffled.append(app._replace(events=tuple(events)))
    random.shuffle(shuffled)
    assert compute(shuffled, today, read) == compute(search, today, read)


@given(searches, todays, st.integers(1, 60))
def test_time_passing_never_lowers_the_promises_due(search: list[ApplicationRecord], today: dt.date, more: int) -> None:
    now, later = compute(search, today, read), compute(search, today + dt.timedelta(days=more), read)
    assert later.promises_due >= now.promises_due
    assert later.promises_kept == now.promises_kept  # whether a promise was kept does not change with time
    assert dataclasses.replace(later, promises_due=now.promises_due) == now


@given(st.integers(0, 40), st.integers(0, 30), st.none() | st.integers(0, 60), todays)
def test_a_promise_is_kept_only_by_an_answer_on_or_before_its_date(
    interviewed: int, wait: int, answered_after: int | None, today: dt.date
) -> None:
    interview = EventRecord(days(interviewed), 1, "interview")
    debrief = EventRecord(days(interviewed), 2, "debrief", days(interviewed + wait).isoformat())
    promised = read(debrief.timeframe or "", debrief.on)
    assert promised is not None
    events = [interview, debrief]
    if answered_after is not None:
        events.append(EventRecord(days(interviewed + answered_after), 3, "response", outcome="rejected"))
    found = compute([ApplicationRecord("open", None, "column", tuple(events))], today, read)
    answered_on = None if answered_after is None else days(interviewed + answered_after)
    assert found.promises_kept == (answered_on is not None and answered_on <= promised)
    # an unanswered promise counts once its day has passed; an answered one at once
    assert found.promises_due == (answered_on is not None or promised < today)
    if found.promises_kept:
        assert answered_on is not None and answered_on <= promised  # a kept promise is never late


@given(st.integers(0, 20), st.integers(0, 30), st.sampled_from(OUTCOMES))
def test_the_wait_runs_from_the_last_interview_to_the_first_decision(first: int, then: int, outcome: str) -> None:
    last = first + 7
    events = (
        EventRecord(days(first), 1, "interview"),
        EventRecord(days(last), 2, "interview"),
        EventRecord(days(last + then), 3, "response", outcome=outcome),
        EventRecord(days(last + then + 5), 4, "response", outcome="offer"),
    )
    found = compute([ApplicationRecord("open", None, "column", events)], days(200), read)
    decided = outcome in ("offer", "rejected", "filled", "no_hire")
    assert found.days_to_answer == ((then,) if decided else (then + 5,))
    assert (found.interviewed, found.answered) == (1, 1)
