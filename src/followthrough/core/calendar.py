"""Business days: Monday to Friday, less the public holidays of the user's country."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
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
class BusinessCalendar:
    country: str | None = None
    _extra_holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def is_holiday(self, day: dt.date) -> bool:
        if day in self._extra_holidays:
            return True
        return self.country is not None and _holiday_lookup(self.country.upper())(day)

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

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
