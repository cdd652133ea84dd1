"""The reminders coming up: what the worker will deliver, on which channels, and when.

The same data a dry run of the reminders reads (services.reminders.outbox.preview), looked
ahead: every pending step due within the next days that has not gone out on every channel
yet, with the moment its digest goes out (the daily digest's time on its due day, or the
next run when that moment has passed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from followthrough.core.model import ReminderState, StepStatus
from followthrough.services.reminders.digest import digest_moment, digest_time, zone
from followthrough.services.reminders.outbox import Reminder
from followthrough.store.models import Reminder as Row
from followthrough.store.models import Step

AHEAD_DAYS = 14


@dataclass(frozen=True)
class Coming:
    reminder: Reminder
    at: dt.datetime  # when it goes out, in the user's time zone
    channels: tuple[str, ...]  # the channels it has not gone out on yet
    next_run: bool  # its moment has passed: the worker's next run delivers it


def coming_up(channels: Sequence[str], now: dt.datetime, days: int = AHEAD_DAYS) -> list[Coming]:
    """The reminders ``channels`` will deliver from ``now`` to the end of ``days`` days
    later, soonest first (each step once, with the channels it has still to go out on)."""

    tz, at = zone(), digest_time()
    now = now.astimezone(tz)
    day = now.date()
    # A step due by the last day, not yet out on every channel (a sent row is never deleted).
    missing = Q()
    for channel in channels:
        missing |= ~Q(id__in=Row.objects.filter(channel=channel, state=ReminderState.SENT).values("step_id"))
    due = Step.objects.filter(status=StepStatus.PENDING, due__lte=day + dt.timedelta(days=days)).filter(missing)
    rows = list(due.select_related("application", "contact"))
    sent = set(
        Row.objects.filter(state=ReminderState.SENT, step_id__in=[r.id for r in rows]).values_list("step_id", "channel")
    )
    out = []
    for step in rows:
        left = tuple(c for c in channels if (step.id, c) not in sent)
        if not left:
            continue
        moment = digest_moment(step.due, at, tz)
        passed = moment.astimezone(dt.UTC) <= now.astimezone(dt.UTC)
        reminder = Reminder(
            step.id, step.application.slug, step.application.company, step.application.role, step.kind,
            step.contact_key, step.contact.name if step.contact else None, step.due, step.due < day,
        )  # fmt: skip
        out.append(Coming(reminder, now if passed else moment, left, passed))
    return sorted(out, key=lambda c: (c.at, c.reminder.application, c.reminder.kind, c.reminder.contact or ""))
