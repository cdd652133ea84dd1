"""Files out of and into the job search: the store's rows through the file adapters
(followthrough.interop) and back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from followthrough import clock
from followthrough.core.records import Invitation
from followthrough.interop import csv_tracker, exchange, ical, vcard
from followthrough.services.files import exchange as exchange_service
from followthrough.services.files import exports
from followthrough.services.jobsearch.profile import today as profile_today


def calendar(todo: bool = False, now: dt.datetime | None = None, today: dt.date | None = None) -> bytes:
    """Every pending step, and those settled in the last weeks, as an iCalendar file."""

    since = (today or profile_today()) - dt.timedelta(days=ical.HISTORY_DAYS)
    return ical.calendar_bytes(exports.calendar_steps(since), todo, now or clock.now())


def contact_cards(application: str | None = None) -> str:
    """The contacts (of one application, or all) as vCards."""
    return vcard.write_cards(exports.contact_cards(application))


def tracker() -> str:
    """The applications and their state as a CSV file for a spreadsheet."""
    return csv_tracker.write_tracker(exports.application_states())


def job_search() -> str:
    """The whole job search as a followthrough/1 document."""
    return exchange.dumps(exchange_service.export_document())


def invitations(path: Path) -> list[Invitation]:
    """The interviews of an invitation file, their times read in the user's time zone."""
    return ical.read_invitations(path, exports.profile_timezone())


def calendar_invitations(path: Path) -> tuple[list[Invitation], list[str]]:
    """As :func:`invitations`, with where the file's events that invite no one are (skipped)."""
    return ical.read_calendar(path, exports.profile_timezone())
