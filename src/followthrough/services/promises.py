"""What the employer promised: a decision date in words ("two weeks", "by Friday",
"Dec 4") turned into a date. The one place that does it, for the planner, the debrief,
"not decided, we'll know by …" answers and confirmed replies alike.

Free of Django: the command line's fast path plans with it too.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from followthrough.core import planner, timeframe
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import Application, Plan
from followthrough.core.playbook import DEFAULT_PLAYBOOK
from followthrough.services.errors import UserError


@cache
def _dateparser_settings() -> dict[str, Any]:
    return {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}


def dateparser_fallback(phrase: str, anchor: dt.date) -> dt.date | None:
    """Our grammar's last resort, for phrasings it does not know."""
    import dateparser

    base = dt.datetime.combine(anchor, dt.time(12))
    parsed = dateparser.parse(phrase, languages=["en"], settings=_dateparser_settings() | {"RELATIVE_BASE": base})
    return parsed.date() if parsed else None


def resolve(phrase: str, said_on: dt.date, calendar: BusinessCalendar) -> dt.date | None:
    """The date a promised timeframe ends, as the planner reads it (None: not understood)."""
    if not phrase.strip():
        return None
    return timeframe.resolve(phrase, said_on, calendar, dateparser_fallback)


def decision_date(phrase: str, said_on: dt.date, calendar: BusinessCalendar, option: str = "--by") -> dt.date:
    """A new promised date for a "not decided yet" answer, or a one-line UserError."""
    resolved = resolve(phrase, said_on, calendar)
    if resolved is None:
        raise UserError(f"{option} {phrase!r}: not a date I can read (try YYYY-MM-DD or 'two weeks')")
    return resolved


def plan_with(application: Application, calendar: BusinessCalendar) -> Plan:
    """The application's plan: the planner with the playbook and this way of reading dates."""
    return planner.plan(application, DEFAULT_PLAYBOOK, calendar, dateparser_fallback)
