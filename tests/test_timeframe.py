"""Promised timeframes in words resolve to the dates a job seeker would expect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# -- issue 20, 14: promises people really make --------------------------------------------

METHOD = Path(__file__).resolve().parent.parent / "docs" / "method.md"


@pytest.mark.parametrize(
    ("said", "anchor", "country", "expected"),
    [
        ("within 48 hours", TUESDAY, None, "2026-11-05"),
        ("48h", TUESDAY, None, "2026-11-05"),
        ("in 24 hours", TUESDAY, None, "2026-11-04"),
        ("36 hours", TUESDAY, None, "2026-11-05"),  # a part of a day counts as a day
        ("within 48 business hours", FRIDAY, None, "2026-11-10"),
        ("by Christmas", TUESDAY, None, "2026-12-25"),
        ("by Xmas", TUESDAY, "DE", "2026-12-25"),
        ("by Christmas", TUESDAY, "RU", "2027-01-07"),  # the country's Christmas
        ("by Christmas 2027", TUESDAY, "US", "2027-12-25"),
        ("by Thanksgiving", TUESDAY, "US", "2026-11-26"),
        ("before Thanksgiving", TUESDAY, "US", "2026-11-25"),
        ("after New Year", TUESDAY, "US", "2027-01-04"),
        ("after New Year's", TUESDAY, "RU", "2027-01-11"),  # the New Year holidays run to 01-08
        ("right after Christmas", TUESDAY, "GB", "2026-12-29"),  # Boxing Day observed on Mon 12-28
        ("by Presidents' Day", TUESDAY, "US", "2027-02-15"),
        ("by Labour Day", TUESDAY, "US", "2027-09-06"),
        ("by Easter", TUESDAY, "GB", "2027-03-28"),
        ("first week of January", TUESDAY, None, "2027-01-08"),  # 01-01 is a Friday: the week after
        ("in the first week of December", TUESDAY, None, "2026-12-04"),
        ("end of the second week of February", TUESDAY, None, "2027-02-12"),
        ("last week of March", TUESDAY, None, "2027-03-31"),
        ("first week of Jan 2028", TUESDAY, None, "2028-01-07"),
        ("after the holidays", TUESDAY, None, "2027-01-04"),
        ("after the holidays", TUESDAY, "US", "2027-01-04"),
        ("after the holidays", TUESDAY, "ES", "2027-01-07"),  # Epiphany, 01-06
        ("not until after the Christmas break", TUESDAY, "RU", "2027-01-11"),
        ("before the holidays", TUESDAY, "US", "2026-12-24"),
    ],
)
def test_hours_holidays_and_weeks_of_a_month_are_read(
    said: str, anchor: dt.date, country: str | None, expected: str
) -> None:
    assert resolve(said, anchor, BusinessCalendar(country)) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("said", "anchor", "expected"),
    [
        ("by Christmas", dt.date(2026, 12, 26), "2027-12-25"),
        ("by Christmas", dt.date(2026, 12, 25), "2026-12-25"),
        ("after Thanksgiving", dt.date(2026, 11, 27), "2027-11-26"),
        ("after the holidays", dt.date(2027, 1, 5), "2028-01-03"),
        ("after the holidays", dt.date(2026, 12, 28), "2027-01-04"),
        ("first week of January", dt.date(2027, 1, 6), "2027-01-08"),
        ("first week of January", dt.date(2027, 1, 9), "2028-01-07"),
    ],
)
def test_a_holiday_or_week_already_past_means_the_next_one(said: str, anchor: dt.date, expected: str) -> None:
    assert resolve(said, anchor, BusinessCalendar("US")) == dt.date.fromisoformat(expected)


def test_a_week_of_a_month_ends_on_its_last_business_day() -> None:
    # Martin Luther King Jr. Day is Mon 2027-01-18; Good Friday 2027-03-26 in GB.
    assert resolve("last week of March", TUESDAY, BusinessCalendar("GB")) == dt.date(2027, 3, 31)
    assert resolve("fourth week of March", TUESDAY, BusinessCalendar("GB")) == dt.date(2027, 3, 25)
    assert resolve("fourth week of March", TUESDAY) == dt.date(2027, 3, 26)


@pytest.mark.parametrize(
    ("unread", "read", "country", "expected"),
    [
        ("by Thanksgiving", "by Christmas", None, "2026-12-25"),  # no country: no Thanksgiving to name
        ("after the holidays", "by Eid al-Fitr", "SA", "2027-03-09"),  # no public holiday in the season
        ("after Friday", "after Christmas", None, "2026-12-28"),  # a weekday is not a holiday
        ("by Christmas 2025", "by Christmas 2027", "US", "2027-12-25"),  # before the interview
        ("before Christmas 2025", "before Christmas 2027", "US", "2027-12-23"),  # 12-24 is observed
        ("after the holidays 0000", "after the holidays 2027", None, "2028-01-03"),
    ],
)
def test_only_a_holiday_the_calendar_knows_is_read(unread: str, read: str, country: str | None, expected: str) -> None:
    calendar = BusinessCalendar(country)
    assert (resolve(unread, TUESDAY, calendar), resolve(read, TUESDAY, calendar)) == (
        None,
        dt.date.fromisoformat(expected),
    )


def _method_readings() -> list[tuple[str, str, str, str]]:
    text = METHOD.read_text(encoding="utf-8")
    table = text[text.index("| said | on | country | reads as |") :].split("\n\n")[0]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]
    return [(said, on, country, reads) for said, on, country, reads in rows]


def test_the_readings_in_the_method_are_what_the_product_reads() -> None:
    readings = _method_readings()
    assert len(readings) >= 10
    for said, on, country, reads in readings:
        resolved = resolve(said, dt.date.fromisoformat(on), BusinessCalendar(country or None))
        assert resolved is not None and f"{resolved:%a %Y-%m-%d}" == reads, (said, on, country, resolved)


NEW_PHRASES = [
    "within 48 hours",
    "72 business hours",
    "by Christmas",
    "after New Year",
    "before the holidays",
    "after the holidays",
    "first week of January",
    "second week of February",
    "last week of March",
]


@settings(max_examples=150, deadline=None)
@given(
    said=st.sampled_from(NEW_PHRASES),
    anchor=st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2099, 12, 31)),  # the holidays package's years
    country=st.sampled_from([None, "US", "GB", "DE", "ES", "RU"]),
)
def test_every_new_phrase_reads_as_a_day_within_the_year_ahead(said: str, anchor: dt.date, country: str | None) -> None:
    calendar = BusinessCalendar(country)
    resolved = resolve(said, anchor, calendar)
    assert resolved is not None and anchor <= resolved <= anchor + dt.timedelta(days=400), resolved
    if said.startswith(("after", "before", "first", "second", "last")) and resolved > anchor:
        assert calendar.is_business_day(resolved), resolved


HOLIDAY_WORDS = [
    "before", "after", "by", "the", "holidays", "christmas", "new-year", "first", "last", "week", "of",
    "january", "hours", "48", "0000", "9999", "2199", "easter", "not", "until", "-", "'s",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(HOLIDAY_WORDS), max_size=6),
    anchor=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    country=st.sampled_from([None, "US", "RU"]),
)
def test_holiday_words_in_any_order_give_a_day_ahead_or_nothing(
    words: list[str], anchor: dt.date, country: str | None
) -> None:
    resolved = resolve(" ".join(words), anchor, BusinessCalendar(country))
    assert resolved is None or anchor <= resolved <= dt.date(2200, 12, 31), resolved
