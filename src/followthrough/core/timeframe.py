"""What employers say about their decision date, turned into a calendar date.

Our own small grammar covers what interviewers actually say ("two weeks", "by Friday",
"end of next week", "Dec 4", "within 10 business days", "within 48 hours", "first week
of January", and holidays: "by Christmas", "after the holidays", see core.holiday_names);
anything else is handed to an
optional fallback (the services layer plugs in dateparser) or stays unresolved. Ranges
("one to two weeks", "a week or two") resolve to their far end: the promise has lapsed
only once the longest reading of it has.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from collections.abc import Callable

from dateutil.relativedelta import relativedelta

from followthrough.core.calendar import BusinessCalendar
from followthrough.core.codec_fields import LAST_DAY
from followthrough.core.holiday_names import holiday_phrase

Fallback = Callable[[str, dt.date], dt.date | None]

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "couple": 2,
    "a couple": 2, "a couple of": 2, "couple of": 2,
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ABBR = {d[:3]: i for i, d in enumerate(_WEEKDAYS)} | {"tues": 1, "thur": 3, "thurs": 3}
_MONTHS = {name.lower(): i for i, name in enumerate(_calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(_calendar.month_abbr) if name}
_MONTHS["sept"] = 9

_NUM = r"(\d+|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")"
_UNIT = (
    r"(business days?|working days?|workdays?|business hours?|working hours?|hours?|days?|weeks?|fortnights?|months?)"
)
_DURATION = re.compile(rf"^(?:next )?{_NUM}(?:\s*(?:-|to|or)\s*{_NUM})? {_UNIT}$")
_UNIT_OR_TWO = re.compile(rf"^(?:a|one) {_UNIT} or (?:two|2)$")  # "a week or two"
_WEEKDAY_RE = "|".join(_WEEKDAYS + sorted(_WEEKDAY_ABBR, key=len, reverse=True))
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"

_LEADING = re.compile(
    r"^(?:by|in|within|inside|about|around|roughly|approximately|approx|probably|maybe|"
    r"hopefully|before|until|till|on|at|over|for|the|of|no later than|sometime|some time|"
    r"we will know|we'll know|they will decide|decision|expect|expected)\s+"
)
_TRAILING = re.compile(
    r"\s+(?:or so|from now|from today|time|max|at most|at the latest|or less|tops|or sooner|"
    r"or earlier|latest)$"
)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


# Before or after a holiday ("right after New Year", "not until after the holidays"):
# what _LEADING would drop, kept for the holiday rule. "by" gives way to the other two.
_RELATION = re.compile(
    r"^(?:(?:right|just|shortly|soon|not|sometime|some time)\s+)*"
    r"(before|after|ahead of|prior to|by|until|till)\s+"
)
_RELATION_WORDS = {"before": "before", "ahead of": "before", "prior to": "before", "after": "after"}


def _normalised(phrase: str) -> str:
    text = phrase.lower().strip()
    text = re.sub(r"(\w)'s\b", r"\1", text).replace("'", "")  # "two weeks' time"
    text = re.sub(r"[,;!?]|\.(?!\d)", " ", text)
    text = re.sub(r"\bmid-", "mid ", text)
    text = re.sub(r"\b(\d+)\s*-?\s*(?:h|hrs?|hours?)\b", r"\1 hours", text)  # "48h", "48-hour"
    return re.sub(r"\s+", " ", text).strip()


def _clean(phrase: str) -> str:
    text = _normalised(phrase)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text)
        text = _TRAILING.sub("", text).strip()
    return text


def _clean_keeping_relation(phrase: str) -> tuple[str | None, str]:
    """The phrase as the holiday rule reads it, and whether it said before, after or by."""
    text = _normalised(phrase)
    relation: str | None = None
    previous = None
    while previous != text:
        previous = text
        if match := _RELATION.match(text):
            said = _RELATION_WORDS.get(match.group(1), "by")
            relation = said if relation in (None, "by") else relation
            text = text[match.end() :]
        text = _LEADING.sub("", text)
        text = _TRAILING.sub("", text).strip()
    return relation, text


def _friday_of_week(day: dt.date, weeks_ahead: int = 0) -> dt.date:
    return day + dt.timedelta(days=4 - day.weekday() + 7 * weeks_ahead)


def _next_weekday_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)


def _end_of_month(day: dt.date, months_ahead: int = 0) -> dt.date:
    first = day.replace(day=1) + relativedelta(months=months_ahead)
    return first.replace(day=_calendar.monthrange(first.year, first.month)[1])


def _next_month_day(anchor: dt.date, month: int, day: int, year: int | None) -> dt.date | None:
    """The given month and day on or after the anchor (or in the year given)."""
    try:
        if year is not None:
            return dt.date(year if year >= 100 else 2000 + year, month, day)
        candidate = dt.date(anchor.year, month, day)
        return candidate if candidate >= anchor else dt.date(anchor.year + 1, month, day)
    except ValueError:
        return None


def _nth_of_month_after(anchor: dt.date, day: int, weekday: int | None) -> dt.date | None:
    """The next date after the anchor that falls on that day of the month (and weekday)."""
    if not 1 <= day <= 31:
        return None
    month = anchor.replace(day=1)
    first_match: dt.date | None = None
    for _ in range(40):
        if day <= _calendar.monthrange(month.year, month.month)[1]:
            candidate = month.replace(day=day)
            if candidate > anchor:
                if weekday is None or candidate.weekday() == weekday:
                    return candidate
                first_match = first_match or candidate
        month += relativedelta(months=1)
    return first_match


def _weekday_index(word: str) -> int:
    return _WEEKDAYS.index(word) if word in _WEEKDAYS else _WEEKDAY_ABBR[word]


_MAX_COUNT = 5_000  # of days, weeks or months: beyond it, no date a job search can wait for


def _duration(text: str, anchor: dt.date, cal: BusinessCalendar) -> dt.date | None:
    match = _DURATION.match(text)
    if match:
        low, high, unit = match.groups()
        count = _number(high or low)
    else:
        match = _UNIT_OR_TWO.match(text)
        if not match:
            return None
        count, unit = 2, match.group(1)
    if count > _MAX_COUNT:
        return None  # "99999999999999999999 weeks": no promise anyone keeps
    if unit.endswith(("hour", "hours")):  # "within 48 hours": two days; 36 hours, two as well
        count = -(-count // 24)
        unit = "business days" if unit.startswith(("business", "working")) else "days"
    if unit.startswith(("business", "working", "workday")):
        return cal.add_business_days(anchor, count)
    if unit.startswith("day"):
        return anchor + dt.timedelta(days=count)
    if unit.startswith("week"):
        return anchor + dt.timedelta(weeks=count)
    if unit.startswith("fortnight"):
        return anchor + dt.timedelta(weeks=2 * count)
    return anchor + relativedelta(months=count)


def _relative_period(text: str, anchor: dt.date) -> dt.date | None:
    text = re.sub(r"^(?:end|the end|close) of (?:the )?", "end ", text)
    this_week = anchor if anchor.weekday() < 5 else anchor + dt.timedelta(days=7)
    fixed = {
        "today": anchor,
        "tomorrow": anchor + dt.timedelta(days=1),
        "day after tomorrow": anchor + dt.timedelta(days=2),
        "a day or two": anchor + dt.timedelta(days=2),
        "end week": _friday_of_week(this_week),
        "end this week": _friday_of_week(this_week),
        "this week": _friday_of_week(this_week),
        "week": _friday_of_week(this_week),
        "end next week": _friday_of_week(anchor, 1),
        "next week": _friday_of_week(anchor, 1),
        "early next week": _friday_of_week(anchor, 1) - dt.timedelta(days=4),
        "beginning next week": _friday_of_week(anchor, 1) - dt.timedelta(days=4),
        "start next week": _friday_of_week(anchor, 1) - dt.timedelta(days=4),
        "mid next week": _friday_of_week(anchor, 1) - dt.timedelta(days=2),
        "middle next week": _friday_of_week(anchor, 1) - dt.timedelta(days=2),
        "end month": _end_of_month(anchor),
        "end this month": _end_of_month(anchor),
        "this month": _end_of_month(anchor),
        "month end": _end_of_month(anchor),
        "end next month": _end_of_month(anchor, 1),
        "next month": _end_of_month(anchor, 1),
        "early next month": _end_of_month(anchor) + dt.timedelta(days=1),
        "beginning next month": _end_of_month(anchor) + dt.timedelta(days=1),
        "start next month": _end_of_month(anchor) + dt.timedelta(days=1),
        "end year": dt.date(anchor.year, 12, 31),
        "end this year": dt.date(anchor.year, 12, 31),
        "this year": dt.date(anchor.year, 12, 31),
    }
    text = re.sub(r"^(?:end|beginning|start|middle) of ", lambda m: m.group(0)[:-3], text)
    return fixed.get(text)


def _weekday_phrase(text: str, anchor: dt.date) -> dt.date | None:
    match = re.match(rf"^(this |next |coming |the coming )?({_WEEKDAY_RE})$", text)
    if match:
        which, word = match.groups()
        weekday = _weekday_index(word)
        if which == "next ":  # "next Friday": the Friday of the following week
            monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=1)
            return monday + dt.timedelta(days=weekday)
        return _next_weekday_after(anchor, weekday)
    match = re.match(rf"^(?:(?:{_WEEKDAY_RE}) )?(?:the )?{_ORDINAL}$", text)
    weekday_match = re.match(rf"^({_WEEKDAY_RE}) ", text)
    if match and (weekday_match or re.search(r"(st|nd|rd|th)$", text) or text.startswith("the ")):
        on_weekday = _weekday_index(weekday_match.group(1)) if weekday_match else None
        return _nth_of_month_after(anchor, int(match.group(1)), on_weekday)
    return None


def _calendar_date(text: str, anchor: dt.date) -> dt.date | None:
    text = re.sub(rf"^(?:{_WEEKDAY_RE}) ", "", text)  # "Friday Dec 4": the date decides
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?", text)
    if match:  # US order, as the playbook's "12/04" example
        month, day, year = match.groups()
        return _next_month_day(anchor, int(month), int(day), int(year) if year else None)
    if match := re.fullmatch(rf"(?:mid|middle of) ({_MONTH_RE})(?: (\d{{4}}))?", text):
        return _next_month_day(anchor, _MONTHS[match.group(1)], 15, _opt_int(match.group(2)))
    if match := re.fullmatch(rf"end ({_MONTH_RE})(?: (\d{{4}}))?", re.sub(r"^end of ", "end ", text)):
        month = _MONTHS[match.group(1)]
        first = _next_month_day(anchor.replace(day=1), month, 1, _opt_int(match.group(2)))
        return _end_of_month(first) if first else None
    match = re.fullmatch(rf"({_MONTH_RE}) {_ORDINAL}(?: (\d{{4}}))?", text)
    if match:
        return _next_month_day(anchor, _MONTHS[match.group(1)], int(match.group(2)), _opt_int(match.group(3)))
    match = re.fullmatch(rf"{_ORDINAL} (?:of )?({_MONTH_RE})(?: (\d{{4}}))?", text)
    if match:
        return _next_month_day(anchor, _MONTHS[match.group(2)], int(match.group(1)), _opt_int(match.group(3)))
    return None


_WEEK_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_WEEK_OF_MONTH = re.compile(
    rf"^(?:(?:the )?end of (?:the )?)?(first|1st|second|2nd|third|3rd|fourth|4th|last|final) week "
    rf"(?:of|in) ({_MONTH_RE})(?: (\d{{4}}))?$"
)


def _week_of_month(text: str, anchor: dt.date, cal: BusinessCalendar) -> dt.date | None:
    """ "First week of January": the last business day of that week. A week belongs to the
    month that holds its Thursday (most of its weekdays), as ISO 8601 counts weeks; the
    last week of a month ends on the month's last business day. A week already over on
    the day it was said means next year's."""
    match = _WEEK_OF_MONTH.match(text)
    if not match:
        return None
    which, month_word, year_text = match.groups()
    month = _MONTHS[month_word]
    for year in [int(year_text)] if year_text else [anchor.year, anchor.year + 1]:
        if which in ("last", "final"):
            day = _end_of_month(dt.date(year, month, 1))
            while not cal.is_business_day(day):
                day -= dt.timedelta(days=1)
        else:
            first = dt.date(year, month, 1)
            monday = first - dt.timedelta(days=first.weekday())
            if (monday + dt.timedelta(days=3)).month != month:
                monday += dt.timedelta(weeks=1)
            friday = monday + dt.timedelta(weeks=_WEEK_ORDINALS[which] - 1, days=4)
            day = friday
            while day >= friday - dt.timedelta(days=4) and not cal.is_business_day(day):
                day -= dt.timedelta(days=1)
            if day < friday - dt.timedelta(days=4):
                day = cal.roll(friday)  # a week of holidays: its promise runs into the next
        if day >= anchor or year_text:
            return day
    return None


def _opt_int(text: str | None) -> int | None:
    return int(text) if text else None


def resolve(
    phrase: str,
    anchor: dt.date,
    calendar: BusinessCalendar | None = None,
    fallback: Fallback | None = None,
) -> dt.date | None:
    """The date a promised timeframe ends, counted from the day it was said.

    Returns None when the phrase cannot be understood (or points before the anchor):
    the caller keeps the words, flags them and plans as if no timeframe was given.
    """
    cal = (calendar or BusinessCalendar()).employer()  # the employer's business days: no away days
    text = _clean(phrase)
    if not text:
        return None
    relation, named = _clean_keeping_relation(phrase)
    rules: list[Callable[[], dt.date | None]] = [
        lambda: _duration(text, anchor, cal),
        lambda: _relative_period(text, anchor),
        lambda: _weekday_phrase(text, anchor),
        lambda: _calendar_date(text, anchor),
        lambda: _week_of_month(text, anchor, cal),
        lambda: holiday_phrase(relation, named, anchor, cal),  # the last of ours: it may load holidays
    ]
    for rule in rules:
        try:
            resolved = rule()
        except (OverflowError, ValueError):  # arithmetic past the calendar's end: not a date
            return None
        if resolved is not None:
            return resolved if anchor <= resolved <= LAST_DAY else None
    if fallback is not None:
        try:
            guessed = fallback(phrase, anchor)
        except (OverflowError, ValueError, ArithmeticError):
            return None
        if guessed is not None and anchor <= guessed <= min(anchor + dt.timedelta(days=400), LAST_DAY):
            return guessed
    return None
