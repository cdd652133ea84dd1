"""Promises tied to a holiday: "by Christmas", "after New Year", "before Thanksgiving",
"after the holidays".

A holiday is named as the ``holidays`` package names it for the user's country (in
English where the package has English names), with a few everyday spellings beside
("Xmas", "New Years", "Presidents Day"). Christmas Eve, Christmas, Boxing Day, New
Year's Eve, New Year's Day and Easter keep their usual dates when the country has no
such holiday, or no country is set.

*The holidays* are the season from 24 December to 7 January: "after the holidays" is
the first business day after the country's last public holiday in it; "before (or by)
the holidays", the last business day before its first. With no country set, Christmas
Day and New Year's Day stand in for the country's holidays.

A holiday (or a season) already past on the day the promise was made means its next
occurrence.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from dateutil.easter import easter

from followthrough.core.calendar import ONE_DAY, BusinessCalendar

SEASON_STARTS = (12, 24)  # month, day: the season runs into the next year
SEASON_ENDS = (1, 7)

# What people say -> the key a holiday's name gives (see _keys).
_ALIASES = {
    "xmas": "christmas",
    "x mas": "christmas",
    "christmas time": "christmas",
    "christmastime": "christmas",
    "christmas holiday": "christmas",
    "mlk": "martin luther king jr",
    "mlk day": "martin luther king jr",
    "martin luther king": "martin luther king jr",
    "presidents day": "washington birthday",
    "president day": "washington birthday",
    "fourth of july": "independence",
    "july fourth": "independence",
    "the fourth of july": "independence",
    "easter sunday": "easter",
    "nye": "new year eve",
}
# The usual dates of a few holidays, for a country without them or no country at all.
_USUAL: dict[str, tuple[int, int]] = {
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "boxing": (12, 26),
    "new year eve": (12, 31),
    "new year": (1, 1),
}
_SEASON_WORDS = {
    "holidays",
    "holiday season",
    "holiday break",
    "holiday period",
    "christmas holidays",
    "christmas break",
    "christmas period",
    "christmas and new year",
    "festive season",
    "festive period",
    "winter holidays",
    "winter break",
    "end of year holidays",
    "year end holidays",
    "new year holidays",
}
_YEAR = re.compile(r"^(.*?)(?: (\d{4}))?$")


def normalise(text: str) -> str:
    """A name or a phrase as both are compared: lower case, no possessives, no
    punctuation, British and short spellings made one ("labour", "St")."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"(\w)'s\b", r"\1", text).replace("'", "")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"\blabour\b", "labor", text)
    text = re.sub(r"\bst\b", "saint", text)
    return re.sub(r"\bnew years\b", "new year", text)


def _keys(name: str) -> list[str]:
    """The ways a holiday's name is said: in full, and without a closing "day" or "holiday(s)"."""
    full = normalise(name)
    shorter = re.sub(r" (?:day|holiday|holidays)$", "", full)
    return [full] if shorter == full else [full, shorter]


@cache
def _named(holidays: tuple[tuple[dt.date, str], ...]) -> dict[str, dt.date]:
    """Each way of saying one of these public holidays -> its first day."""
    found: dict[str, dt.date] = {}
    for day, names in holidays:
        for name in str(names).split("; "):
            if "(" in name or name.lower().startswith(("day off", "substitute")):
                continue  # "(observed)", "Day off (substituted from …)": not the holiday itself
            for key in _keys(name):
                found.setdefault(key, day)
    return found


def _holiday_in(key: str, year: int, cal: BusinessCalendar) -> dt.date | None:
    if cal.country:
        named = _named(cal.holidays_named(year)).get(key)
        if named is not None:
            return named
    if key == "easter":
        return easter(year)
    if key in _USUAL:
        month, day = _USUAL[key]
        return dt.date(year, month, day)
    return None


def _business_day_before(day: dt.date, anchor: dt.date, cal: BusinessCalendar) -> dt.date:
    """The last business day before ``day``; when that has passed but the day has not,
    the day the promise was made ("before Christmas" said on the 24th)."""
    earlier = day - ONE_DAY
    while not cal.is_business_day(earlier):
        earlier -= ONE_DAY
    return max(anchor, earlier) if day >= anchor else earlier


def _season(year: int, cal: BusinessCalendar) -> list[dt.date]:
    """The public holidays of the season that starts in late December of ``year``."""
    first = dt.date(year, *SEASON_STARTS)
    last = dt.date(year + 1, *SEASON_ENDS)
    if not cal.country:
        return [dt.date(year, 12, 25), dt.date(year + 1, 1, 1)]
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if cal.is_holiday(day)]


def _relative(relation: str | None, day: dt.date, anchor: dt.date, cal: BusinessCalendar) -> dt.date:
    if relation == "after":
        return cal.next_business_day_after(day)
    if relation == "before":
        return _business_day_before(day, anchor, cal)
    return day  # "by Christmas": Christmas Day


def _season_phrase(relation: str | None, year: int | None, anchor: dt.date, cal: BusinessCalendar) -> dt.date | None:
    for start in [year] if year is not None else [anchor.year - 1, anchor.year, anchor.year + 1]:
        days = _season(start, cal)
        if not days:
            return None  # the country keeps no public holiday at that time of year
        before = relation in ("before", "by")
        if (days[0] if before else days[-1]) >= anchor or year is not None:
            if relation == "after":
                return cal.next_business_day_after(days[-1])
            if before:  # "by the holidays": before they begin
                return _business_day_before(days[0], anchor, cal)
            return days[-1]  # "over the holidays": by their end
    return None


def holiday_phrase(relation: str | None, text: str, anchor: dt.date, cal: BusinessCalendar) -> dt.date | None:
    """The date a promise tied to a holiday or to the holidays ends (None: not one).

    ``relation`` is "before", "after", "by" or None (on, over, at).
    """
    match = _YEAR.match(normalise(text))
    if match is None:
        return None
    said, year_text = match.groups()
    year = int(year_text) if year_text else None
    if said in _SEASON_WORDS or (said.startswith("the ") and said[4:] in _SEASON_WORDS):
        return _season_phrase(relation, year, anchor, cal)
    key = _ALIASES.get(said, said)
    for candidate in [year] if year is not None else [anchor.year, anchor.year + 1]:
        day = _holiday_in(key, candidate, cal)
        if day is None:
            return None
        if day >= anchor or year is not None:
            return _relative(relation, day, anchor, cal)
    return None
