"""Promised timeframes in words resolve to the dates a job seeker would expect."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.core.calendar import BusinessCalendar
from followthrough.core.timeframe import resolve
from followthrough.services.fastpath.promises import dateparser_fallback

TUESDAY = dt.date(2026, 11, 3)
FRIDAY = dt.date(2026, 11, 6)


@pytest.mark.parametrize(
    ("said", "anchor", "expected"),
    [
        ("two weeks", TUESDAY, "2026-11-17"),
        ("Two weeks.", TUESDAY, "2026-11-17"),
        ("in 3 weeks", TUESDAY, "2026-11-24"),
        ("within ten days", TUESDAY, "2026-11-13"),
        ("a month", TUESDAY, "2026-12-03"),
        ("in about a week", TUESDAY, "2026-11-10"),
        ("one to two weeks", TUESDAY, "2026-11-17"),
        ("a week or two", TUESDAY, "2026-11-17"),
        ("2-3 weeks", TUESDAY, "2026-11-24"),
        ("in two weeks' time", TUESDAY, "2026-11-17"),
        ("by Friday", TUESDAY, "2026-11-06"),
        ("by Friday", FRIDAY, "2026-11-13"),
        ("by Friday the 13th", FRIDAY, "2026-11-13"),
        ("next Friday", TUESDAY, "2026-11-13"),
        ("end of next week", TUESDAY, "2026-11-13"),
        ("by the end of the week", TUESDAY, "2026-11-06"),
        ("by the end of the month", TUESDAY, "2026-11-30"),
        ("end of next month", TUESDAY, "2026-12-31"),
        ("within 10 business days", TUESDAY, "2026-11-17"),
        ("within 10 working days", TUESDAY, "2026-11-17"),
        ("Dec 4", TUESDAY, "2026-12-04"),
        ("December 4th", TUESDAY, "2026-12-04"),
        ("4 December", TUESDAY, "2026-12-04"),
        ("12/04", TUESDAY, "2026-12-04"),
        ("2026-12-04", TUESDAY, "2026-12-04"),
        ("Friday, Dec 4", TUESDAY, "2026-12-04"),
        ("Jan 8", TUESDAY, "2027-01-08"),
        ("mid-December", TUESDAY, "2026-12-15"),
        ("tomorrow", TUESDAY, "2026-11-04"),
    ],
)
def test_our_grammar_resolves_what_interviewers_say(said: str, anchor: dt.date, expected: str) -> None:
    assert resolve(said, anchor) == dt.date.fromisoformat(expected)


def test_business_days_skip_the_countrys_holidays() -> None:
    # Thanksgiving (Thu 11-26) is not a working day in the US.
    assert resolve("within 5 business days", dt.date(2026, 11, 23), BusinessCalendar("US")) == dt.date(2026, 12, 1)
    assert resolve("within 5 business days", dt.date(2026, 11, 23)) == dt.date(2026, 11, 30)


@pytest.mark.parametrize("said", ["soon", "we'll be in touch", "", "when the budget is approved", "2026-02-30"])
def test_what_cannot_be_read_stays_unresolved(said: str) -> None:
    assert resolve(said, TUESDAY, fallback=dateparser_fallback) is None


def test_a_date_before_the_interview_is_not_a_promise() -> None:
    assert resolve("2026-10-01", TUESDAY) is None


def test_dateparser_is_only_the_fallback_for_other_phrasings() -> None:
    assert resolve("in a fortnight", TUESDAY) == dt.date(2026, 11, 17)  # ours
    assert resolve("in 1 week and 2 days", TUESDAY) is None
    assert resolve("in 1 week and 2 days", TUESDAY, fallback=dateparser_fallback) == dt.date(2026, 11, 12)
    assert resolve("the 4th of December 2026 at noon", TUESDAY, fallback=dateparser_fallback) == dt.date(2026, 12, 4)
