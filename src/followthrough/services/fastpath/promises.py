"""What the employer promised: a decision date in words ("two weeks", "by Friday",
"Dec 4") turned into a date. The one place that does it, for the planner, the debrief,
"not decided, we'll know by …" answers and confirmed replies alike.

Free of Django: the command line's fast path plans with it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

from followthrough.core import planner, timeframe
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import Application, Plan
from followthrough.core.playbook import DEFAULT_PLAYBOOK, Playbook
from followthrough.services.errors import Field, Refusal


@cache
def _dateparser_settings() -> dict[str, Any]:
    return {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}


# Phrases our grammar does not know go to dateparser: half a second to load, every time a
# plan is made again. What it read is kept with the job search (the profile row's
# ``readings``), so each phrase is read once, and plans never change with its version.
# Kept apart per job search: on the server one process plans for many people, and a
# phrase one of them typed must never be saved with another's (services.owners says
# whose job search is being planned; the local one is "").
Readings = dict[str, str | None]  # "phrase\x1fYYYY-MM-DD" -> "YYYY-MM-DD" or None
_readings: dict[str, Readings] = {}
_unsaved: dict[str, Readings] = {}


def _whose_default() -> str:
    return ""


whose: Callable[[], str] = _whose_default  # set by services.owners


def _known() -> Readings:
    return _readings.setdefault(whose(), {})


class Unread(Exception):
    """A phrase no stored reading covers (the fast path leaves it to the full command)."""


def _key(phrase: str, anchor: dt.date) -> str:
    return f"{phrase}\x1f{anchor.isoformat()}"


def remember_readings(stored: object) -> None:
    """The readings kept with the job search, as read from the profile row."""
    if isinstance(stored, dict):
        _known().update({k: v for k, v in stored.items() if isinstance(k, str) and (v is None or isinstance(v, str))})


def unsaved_readings() -> Readings:
    """Readings made for this job search since the last call: the caller keeps them with it."""
    return _unsaved.pop(whose(), {})


def _stored(key: str) -> dt.date | None:
    value = _known()[key]
    return dt.date.fromisoformat(value) if value else None


def dateparser_fallback(phrase: str, anchor: dt.date) -> dt.date | None:
    """Our grammar's last resort, for phrasings it does not know (read once, then kept)."""
    key = _key(phrase, anchor)
    if key in _known():
        return _stored(key)
    import dateparser

    base = dt.datetime.combine(anchor, dt.time(12))
    parsed = dateparser.parse(phrase, languages=["en"], settings=_dateparser_settings() | {"RELATIVE_BASE": base})
    value = parsed.date().isoformat() if parsed else None
    _known()[key] = _unsaved.setdefault(whose(), {})[key] = value
    return _stored(key)


def stored_readings_only(phrase: str, anchor: dt.date) -> dt.date | None:
    """The fallback without dateparser: a kept reading, or :class:`Unread`."""
    key = _key(phrase, anchor)
    if key not in _known():
        raise Unread(phrase)
    return _stored(key)


def resolve(phrase: str, said_on: dt.date, calendar: BusinessCalendar) -> dt.date | None:
    """The date a promised timeframe ends, as the planner reads it (None: not understood)."""
    if not phrase.strip():
        return None
    return timeframe.resolve(phrase, said_on, calendar, dateparser_fallback)


def decision_date(
    phrase: str, said_on: dt.date, calendar: BusinessCalendar, field: Field = Field.DECISION_BY
) -> dt.date:
    """A new promised date for a "not decided yet" answer, or a refusal naming ``field``."""
    resolved = resolve(phrase, said_on, calendar)
    if resolved is None:
        raise Refusal("not a date I can read (try YYYY-MM-DD or 'two weeks')", field, phrase)
    return resolved


def plan_with(
    application: Application,
    calendar: BusinessCalendar,
    stored_only: bool = False,
    playbook: Playbook = DEFAULT_PLAYBOOK,
) -> Plan:
    """The application's plan: the planner with the playbook and this way of reading dates
    (``stored_only``: never dateparser, raise :class:`Unread` instead)."""
    fallback = stored_readings_only if stored_only else dateparser_fallback
    return planner.plan(application, playbook, calendar, fallback)
