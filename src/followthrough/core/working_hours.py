"""When a message may leave: the employer's working hours (playbook.md section 6).

The plan says on which day a step is due; this says at what moment an e-mail goes out.
A follow-up e-mail or the last-resort e-mail written outside 08:00-18:00 on the
employer's business days waits for the next working morning there, at a minute between
08:30 and 09:30. A thank-you note goes at once: the column wants it the same day.

Pure: the moment, the employer's zone and calendar and the drawn minute come in; a
moment (or None, "send now") comes out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from followthrough.core.calendar import ONE_DAY, BusinessCalendar

OPENS = dt.time(8, 0)
CLOSES = dt.time(18, 0)
# The earliest minute of the morning window; the draw adds 0 to 60 minutes to it.
MORNING = dt.time(8, 30)
MORNING_MINUTES = 60

# The kinds that wait for the employer's working hours: the follow-up e-mails. A thank-you
# note is sent the same day, whatever the hour; calls are made by the user, not sent.
WAITS_FOR_WORKING_HOURS = frozenset({"email_follow_up", "email_hiring_officer"})


@dataclass(frozen=True)
class EmployerClock:
    """The employer's time zone and business days (their country's holidays, never the
    user's days away)."""

    zone: str
    calendar: BusinessCalendar

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(ZoneInfo(self.zone))

    def is_working_hours(self, moment: dt.datetime) -> bool:
        there = self.local(moment)
        return self.calendar.is_business_day(there.date()) and OPENS <= there.time() < CLOSES

    def next_morning(self, moment: dt.datetime, drawn_minute: int) -> dt.datetime:
        """The next working morning there at 08:30 plus ``drawn_minute`` (0 to 60): today's,
        when it is still early on a business day, else the next business day's."""
        if not 0 <= drawn_minute <= MORNING_MINUTES:
            raise ValueError(f"drawn_minute must be between 0 and {MORNING_MINUTES}, not {drawn_minute}")
        there = self.local(moment)
        day = there.date()
        start = dt.datetime.combine(day, MORNING, tzinfo=ZoneInfo(self.zone))
        at = start + dt.timedelta(minutes=drawn_minute)
        if not (self.calendar.is_business_day(day) and there < at):
            day = self.calendar.roll(day + ONE_DAY)
            at = dt.datetime.combine(day, MORNING, tzinfo=ZoneInfo(self.zone)) + dt.timedelta(minutes=drawn_minute)
        return at


def send_at(kind: str, moment: dt.datetime, employer: EmployerClock, drawn_minute: int) -> dt.datetime | None:
    """When a message of ``kind`` written at ``moment`` should leave: None for at once (a
    thank-you note, or inside the employer's working hours), else the next working
    morning there."""
    if moment.tzinfo is None:
        raise ValueError("the moment must carry its time zone")
    if kind not in WAITS_FOR_WORKING_HOURS or employer.is_working_hours(moment):
        return None
    return employer.next_morning(moment, drawn_minute)
