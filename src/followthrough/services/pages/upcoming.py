"""What comes next once today's steps are done: for a calm empty agenda."""

from __future__ import annotations

import datetime as dt

from followthrough.core.agenda import AgendaEntry
from followthrough.core.model import StepStatus
from followthrough.services.pages.agenda import agenda_rows, entry_from_step
from followthrough.store.models import Step


def next_steps(after: dt.date, limit: int = 3) -> list[AgendaEntry]:
    """The first pending steps due after ``after``, soonest first."""

    rows = agenda_rows(Step.objects.filter(status=StepStatus.PENDING, due__gt=after)).order_by(
        "due", "application__slug", "kind", "contact_key"
    )[:limit]
    return [entry_from_step(s) for s in rows]


def coming_days(today: dt.date, days: int = 14) -> list[AgendaEntry]:
    """Every pending step due after ``today`` and at most ``days`` days later, in the
    agenda's order (by day, then application, kind and person): one query."""

    rows = agenda_rows(
        Step.objects.filter(status=StepStatus.PENDING, due__gt=today, due__lte=today + dt.timedelta(days=days))
    ).order_by("due", "application__slug", "kind", "contact_key")
    return [entry_from_step(s) for s in rows]
