"""How the job search is going: the rows the statistics read, counted by the core.

The counting is :func:`followthrough.core.statistics.compute`, a pure function; this reads
the acting user's applications and events into its records.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db.models import CharField
from django.db.models.functions import Cast

from followthrough.core import statistics as core
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.statistics import DECISIONS, WAIT_BUCKETS, ApplicationRecord, EventRecord, Statistics
from followthrough.services.fastpath.promises import resolve
from followthrough.services.jobsearch.profile import get_profile
from followthrough.store.json_text import JsonText
from followthrough.store.models import Application, Event

__all__ = ["DECISIONS", "WAIT_BUCKETS", "Statistics", "compute", "records"]


@lru_cache(maxsize=8192)
def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Kept from one page to the next: a long search has a few phrases said on a few hundred days.
@lru_cache(maxsize=32768)
def _resolve(phrase: str, anchor: dt.date, calendar: BusinessCalendar) -> dt.date | None:
    return resolve(phrase, anchor, calendar)


def records() -> list[ApplicationRecord]:
    """The acting user's applications, each with the events the statistics read."""
    default = get_profile().playbook or "column"
    listed = Application.objects.annotate(book=JsonText("extra", "playbook")).values_list(
        "id", "status", "outcome", "book"
    )
    apps = {pk: (status, outcome, book or default) for pk, status, outcome, book in listed}
    events: dict[int, list[EventRecord]] = {pk: [] for pk in apps}
    # Only the events that matter here, and only the fields they need: read in the database,
    # so 10,000 applications' worth of JSON is never decoded in Python. Dates come as text
    # (a few hundred distinct days, each parsed once); the core puts each application's few
    # events in order: both cost the database and Django more than they cost a sort.
    rows = (
        Event.objects.filter(type__in=("interview", "debrief", "response"))
        .annotate(
            day=Cast("on", CharField()),
            timeframe=JsonText("payload", "timeframe"),
            said=JsonText("payload", "outcome"),
            by=JsonText("payload", "decision_by"),
        )
        .order_by()
        .values_list("application_id", "position", "type", "day", "timeframe", "said", "by")
    )
    for app_id, position, kind, day, phrase, said, by in rows.iterator(chunk_size=5000):
        events[app_id].append(EventRecord(_day(day), position, kind, phrase, said, _day(by) if by else None))
    return [ApplicationRecord(*apps[pk], tuple(events[pk])) for pk in apps]


def compute(today: dt.date, calendar: BusinessCalendar | None = None) -> Statistics:
    """The acting user's statistics on ``today`` (their local date)."""
    cal = calendar or BusinessCalendar()
    return core.compute(records(), today, lambda phrase, said_on: _resolve(phrase, said_on, cal))
