"""When the daily digest goes out: the user's wall-clock time in their time zone, and
which days' steps are due by a given moment."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction

from followthrough.services.errors import Field, Refusal
from followthrough.services.jobsearch.profile import get_profile, locked_profile_row, profile_row

DEFAULT_DIGEST_TIME = dt.time(8, 0)


def digest_time() -> dt.time:
    row = profile_row()
    return (row.digest_time if row and row.digest_time else None) or DEFAULT_DIGEST_TIME


def set_digest_time(value: str) -> dt.time:
    """Set the local wall-clock time of the daily digest ("08:00")."""

    try:
        parsed = dt.time.fromisoformat(value.strip())
    except ValueError:
        raise Refusal("use HH:MM, e.g. 08:00", Field.DIGEST_TIME, value) from None
    parsed = parsed.replace(second=0, microsecond=0, tzinfo=None)
    with transaction.atomic():
        row = locked_profile_row()  # this column only: a concurrent save of another keeps its own
        row.digest_time = parsed
        row.save(**({"update_fields": ["digest_time"]} if row.pk else {}))
    return parsed


def zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(get_profile().timezone)


def digest_moment(day: dt.date, at: dt.time, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """When the digest of ``day`` goes out: that wall-clock time there, whatever the UTC offset."""
    return dt.datetime.combine(day, at, tzinfo=tz)


def cutoff_for(now: dt.datetime, at: dt.time, tz: zoneinfo.ZoneInfo) -> dt.date:
    """The last day whose digest moment has passed at ``now``."""
    today = now.astimezone(tz).date()
    # Compare in UTC: aware datetimes sharing a tzinfo compare as wall times in Python.
    if now.astimezone(dt.UTC) >= digest_moment(today, at, tz).astimezone(dt.UTC):
        return today
    return today - dt.timedelta(days=1)
