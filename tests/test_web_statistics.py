"""Statistics: a same-day answer keeps a promise; one promise recorded twice is one promise."""

from __future__ import annotations

import datetime as dt

from followthrough.core.model import Debrief, Interview, Response, ResponseOutcome

SLUG = "acme-corp-data-analyst"
D = dt.date


def _app() -> None:
    from followthrough.services.jobsearch.applications import add_application, record_event

    add_application("Acme Corp", "Data Analyst")
    record_event(SLUG, Interview(D(2026, 11, 3)))


def test_an_answer_the_same_day_as_a_new_promise_keeps_it(db: str) -> None:
    from followthrough.services.jobsearch.applications import record_event
    from followthrough.services.pages.statistics import compute

    _app()
    record_event(SLUG, Response(D(2026, 11, 18), ResponseOutcome.NOT_DECIDED, decision_by=D(2026, 12, 1)))
    record_event(SLUG, Response(D(2026, 11, 18), ResponseOutcome.OFFER))
    found = compute(D(2026, 11, 20))
    assert (found.promises_due, found.promises_kept) == (1, 1)


def test_the_new_promise_itself_is_not_its_own_answer(db: str) -> None:
    from followthrough.services.jobsearch.applications import record_event
    from followthrough.services.pages.statistics import compute

    _app()
    record_event(SLUG, Response(D(2026, 11, 18), ResponseOutcome.NOT_DECIDED, decision_by=D(2026, 12, 1)))
    assert (compute(D(2026, 11, 20)).promises_due, compute(D(2026, 12, 5)).promises_kept) == (0, 0)
    assert compute(D(2026, 12, 5)).promises_due == 1


def test_the_same_debrief_recorded_twice_is_one_promise(db: str) -> None:
    from followthrough.services.jobsearch.applications import record_event
    from followthrough.services.pages.statistics import compute

    _app()
    record_event(SLUG, Debrief(D(2026, 11, 3), timeframe="two weeks"))
    record_event(SLUG, Debrief(D(2026, 11, 3), timeframe="two weeks"))
    found = compute(D(2026, 11, 25))
    assert (found.promises_due, found.promises_kept) == (1, 0)
    record_event(SLUG, Response(D(2026, 11, 17), ResponseOutcome.REJECTED))
    found = compute(D(2026, 11, 25))
    assert (found.promises_due, found.promises_kept) == (1, 1)
