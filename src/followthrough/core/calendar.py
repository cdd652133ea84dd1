"""Business days: Monday to Friday, less the public holidays of the user's country.

The user's calendar also leaves out the days they are away (playbook rule 10); the
employer's does not, so "within 10 business days" means the same whoever is on holiday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

ONE_DAY = dt.timedelta(days=1)


@cache
def _holiday_lookup(country: str) -> Callable[[dt.date], bool]:
    import holidays  # imported on first need: it is the slowest part of planning

    table = holidays.country_holidays(country)  # years fill in lazily as dates are asked
    return lambda day: day in table


def is_known_country(country: str) -> bool:
    import holidays

    return country.upper() in holidays.list_supported_countries()


@dataclass(frozen=True)
class HolidayTable:
    """A country's public holidays for a span of years, computed once and kept as data, so
    a write need not import the ``holidays`` package (a tenth of a second on its own)."""

    country: str
    first_year: int
    last_year: int
    days: frozenset[dt.date]

    def covers(self, day: dt.date) -> bool:
        return self.first_year <= day.year <= self.last_year


def holiday_table(country: str, first_year: int, last_year: int) -> HolidayTable:
    import holidays

    table = holidays.country_holidays(country.upper(), years=range(first_year, last_year + 1))
    return HolidayTable(country.upper(), first_year, last_year, frozenset(table.keys()))


@dataclass(frozen=True)
class BusinessCalendar:
    country: str | None = None
    _extra_holidays: frozenset[dt.date] = field(default_factory=frozenset)
    known: HolidayTable | None = None  # the country's holidays as data, for the years it covers
    # (first day, last day) of each period the user is away, both included.
    away: tuple[tuple[dt.date, dt.date], ...] = ()

    def employer(self) -> BusinessCalendar:
        """The same calendar without the user's away days: the employer's business days."""
        return replace(self, away=()) if self.away else self

    def is_away(self, day: dt.date) -> bool:
        return any(first <= day <= last for first, last in self.away)

    def is_holiday(self, day: dt.date) -> bool:
        if day in self._extra_holidays:
            return True
        if self.country is None:
            return False
        known = self.known
        if known is not None and known.country == self.country.upper() and known.covers(day):
            return day in known.days
        return _holiday_lookup(self.country.upper())(day)

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day) and not self.is_away(day)

    def roll(self, day: dt.date) -> dt.date:
        """The day itself when it is a business day, else the next business day."""
        while not self.is_business_day(day):
            day += ONE_DAY
        return day

    def next_business_day_after(self, day: dt.date) -> dt.date:
        return self.roll(day + ONE_DAY)

    def add_business_days(self, day: dt.date, count: int) -> dt.date:
        while count > 0:
            day += ONE_DAY
            if self.is_business_day(day):
                count -= 1
        return day
