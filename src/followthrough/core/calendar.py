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


@cache
def _english(country: str) -> str | None:
    """The language to ask the holidays package for, so a holiday is named in English
    ("Christmas Day", not "Erster Weihnachtstag"): None where its names are English already."""
    import holidays

    table = holidays.country_holidays(country)
    default = getattr(table, "default_language", None)
    if default is None or str(default).startswith("en"):
        return None
    return "en_US" if "en_US" in (getattr(table, "supported_languages", ()) or ()) else None


@cache
def _names_in(country: str, year: int) -> tuple[tuple[dt.date, str], ...]:
    import holidays  # imported on first need: a table kept as data spares it (HolidayTable.names)

    table = holidays.country_holidays(country, years=year, language=_english(country))
    return tuple(sorted((day, str(name)) for day, name in table.items()))


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
    # Each day's name(s) in English, "; " between two ("by Christmas" reads them); None in
    # a table kept before names were.
    names: tuple[tuple[dt.date, str], ...] | None = None

    def covers(self, day: dt.date) -> bool:
        return self.first_year <= day.year <= self.last_year


def holiday_table(country: str, first_year: int, last_year: int) -> HolidayTable:
    import holidays

    country = country.upper()
    table = holidays.country_holidays(country, years=range(first_year, last_year + 1), language=_english(country))
    names = tuple(sorted((day, str(name)) for day, name in table.items()))
    return HolidayTable(country, first_year, last_year, frozenset(table.keys()), names)


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

    def holidays_named(self, year: int) -> tuple[tuple[dt.date, str], ...]:
        """The country's public holidays in a year with their English names (none without a country)."""
        if self.country is None:
            return ()
        known = self.known
        if known is None or known.names is None or known.country != self.country.upper():
            return _names_in(self.country.upper(), year)
        if not known.first_year <= year <= known.last_year:
            return _names_in(self.country.upper(), year)
        return tuple(item for item in known.names if item[0].year == year)

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
