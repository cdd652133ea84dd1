"""The job seeker's profile, and what "today" means for them."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.db import transaction

from followthrough import clock
from followthrough.core import playbook as playbooks
from followthrough.core.calendar import BusinessCalendar, HolidayTable, holiday_table
from followthrough.core.codec import away_from_list
from followthrough.core.model import Profile
from followthrough.core.playbook import Playbook
from followthrough.services.fastpath import local_time
from followthrough.services.fastpath.local_time import system_timezone, table_from_json
from followthrough.services.fastpath.promises import remember_readings, unsaved_readings
from followthrough.store.models import Profile as ProfileRow

log = logging.getLogger(__name__)


def profile_row() -> Any:
    row = ProfileRow.objects.order_by("id").first()
    if _reading.get():
        _remembered_row.set((row,))  # "no profile yet" is remembered too
    return row


def remembered_row() -> Any:
    """The profile row as read in this web request or command (for its mail servers'
    settings), read now if it was not yet."""
    kept = _remembered_row.get() if _reading.get() else None
    return kept[0] if kept is not None else profile_row()


def forget_row() -> None:
    """The row was changed: read it again next time."""
    _remembered_row.set(None)


def forget_read() -> None:
    """Read the profile and the playbooks again at their next use in this request: a page
    kept under a stamp (services.pages.kept_pages) is drawn only from what is read after it."""
    _remembered.set(None)
    _remembered_books.set(None)
    _remembered_row.set(None)


def locked_profile_row() -> Any:
    """The profile row locked for a change (in the caller's transaction), or a new one."""

    return ProfileRow.objects.select_for_update().order_by("id").first() or ProfileRow(timezone=system_timezone())


# One read of the profile per web request or command (see :func:`read_once`), with the
# job search's own playbooks kept in the same row.
_remembered: ContextVar[Profile | None] = ContextVar("followthrough_profile", default=None)
_remembered_books: ContextVar[dict[str, Playbook] | None] = ContextVar("followthrough_playbooks", default=None)


@contextmanager
def read_once() -> Iterator[None]:
    """Within this block the profile is read from the database at most once (a web
    request: the agenda, its drafts and a settle all need it). Saving it updates the copy."""
    token, books, row = _remembered.set(None), _remembered_books.set(None), _remembered_row.set(None)
    _reading.set(True)
    try:
        yield
    finally:
        _reading.set(False)
        _remembered.reset(token)
        _remembered_books.reset(books)
        _remembered_row.reset(row)


_reading: ContextVar[bool] = ContextVar("followthrough_profile_reading", default=False)
_remembered_row: ContextVar[Any] = ContextVar("followthrough_profile_row", default=None)


# Kept in the profile row's ``extra`` (no columns of their own yet): the away periods,
# the default playbook's name and the job search's own playbooks.
KEPT_IN_EXTRA = ("away", "playbook", "playbooks")


def get_profile() -> Profile:
    return profile_and_playbooks()[0]


def profile_and_playbooks() -> tuple[Profile, dict[str, Playbook]]:
    """The profile and the job search's own playbooks (by name), in one read."""
    remembered, books = _remembered.get(), _remembered_books.get()
    if remembered is not None and books is not None:
        return remembered, books
    row = profile_row()
    books = {}
    if row is None:
        profile = Profile(timezone=system_timezone())
    else:
        extra = row.extra or {}
        profile = Profile(
            row.name,
            row.home_address,
            row.phone,
            row.email,
            row.timezone,
            row.country or None,
            away=away_from_list(extra.get("away", []), "profile.away"),
            playbook=extra.get("playbook") or None,
        )
        books = {name: playbooks.from_mapping(name, values) for name, values in extra.get("playbooks", {}).items()}
        remember_holidays(row.holidays)
        remember_readings(row.readings)
    if _reading.get():
        _remembered.set(profile)
        _remembered_books.set(books)
    return profile, books


def own_playbooks() -> dict[str, Playbook]:
    """The job search's own playbooks, by name."""
    return profile_and_playbooks()[1]


def draft_templates() -> dict[str, str]:
    """The user's own draft templates, by name (from the profile row as read in this web
    request or command: no query of their own there)."""
    row = remembered_row()
    return dict(row.draft_templates or {}) if row is not None else {}


def lock_profile() -> None:
    """Hold the profile row until the transaction ends and forget any copy read before:
    a read-change-write of the profile (two tabs saving Settings, the CLI meanwhile)
    then starts from what the other one committed, and neither update is lost."""

    list(ProfileRow.objects.select_for_update().order_by("id")[:1])
    if _reading.get():
        forget_read()


def remember(profile: Profile) -> None:
    """The profile was just saved: within :func:`read_once`, that is the one to read."""
    if _reading.get():
        _remembered.set(profile)
        _remembered_books.set(None)  # read again with the row


def profile_extra() -> dict[str, Any]:
    """The profile's fields this version does not know, to be written back."""
    row = profile_row()
    return {k: v for k, v in row.extra.items() if k not in KEPT_IN_EXTRA} if row else {}


def today(profile: Profile | None = None) -> dt.date:
    """Today where the user lives, not in UTC."""
    return clock.today_in((profile or get_profile()).timezone)


def business_calendar(profile: Profile | None = None) -> BusinessCalendar:
    """The user's business days: their country's, less the days they are away."""
    profile = profile or get_profile()
    country, away = profile.country, tuple((p.from_, p.until) for p in profile.away)
    return BusinessCalendar(country, known=_tables.get(country.upper()) if country else None, away=away)


# -- the country's holidays as data -------------------------------------------------------

HOLIDAY_YEARS_BACK, HOLIDAY_YEARS_AHEAD = local_time.HOLIDAY_YEARS_BACK, local_time.HOLIDAY_YEARS_AHEAD
_tables: dict[str, HolidayTable] = {}  # country -> table: the same for every database
_fresh: set[str] = set()  # countries whose stored table came from this package version


@cache
def holidays_source() -> str:
    """Which holiday data a stored table came from: a newer package recomputes it (the
    fast path checks the same, see services.fastpath.fast_settle)."""
    return local_time.holidays_source()


def remember_holidays(stored: Any) -> HolidayTable | None:
    """The table kept in the profile row, once read (the fast path reads it too)."""
    table = table_from_json(stored)
    if table is not None:
        _tables[table.country] = table
        if isinstance(stored, dict) and stored.get("source") == holidays_source() and table.names is not None:
            _fresh.add(table.country)
    return table


def holidays_kept(profile: Profile, today_: dt.date) -> bool:
    """Whether the profile row keeps its country's holidays, current and long enough."""
    if not profile.country:
        return True
    table = _tables.get(profile.country.upper())
    return (
        table is not None
        and table.country in _fresh
        and table.first_year <= today_.year - HOLIDAY_YEARS_BACK
        and table.last_year >= today_.year + HOLIDAY_YEARS_AHEAD
    )


def refresh_holidays(today_: dt.date | None = None) -> None:
    """Compute and keep the profile country's holidays when missing, stale or too short."""

    with transaction.atomic():  # inside the caller's change when there is one
        row = ProfileRow.objects.select_for_update().order_by("id").first()
        if row is None or not row.country:
            return
        year = (today_ or clock.today_in(row.timezone)).year
        wanted = (year - HOLIDAY_YEARS_BACK, year + HOLIDAY_YEARS_AHEAD)
        if local_time.kept_holidays(row.holidays, row.country, year) is not None:
            return  # the fast path of done and skip asks the same (services.fastpath.fast_settle)
        table = holiday_table(row.country, *wanted)
        row.holidays = {
            "country": table.country,
            "first_year": table.first_year,
            "last_year": table.last_year,
            "days": sorted(d.isoformat() for d in table.days),
            "names": {d.isoformat(): name for d, name in table.names or ()},
            "source": holidays_source(),
        }
        row.save(update_fields=["holidays"])
        _tables[table.country] = table
        _fresh.add(table.country)
        log.info("kept %s's public holidays for %s-%s", table.country, *wanted)


def keep_readings() -> None:
    """Keep the timeframe readings made by dateparser with the job search (in the caller's
    transaction), so no later plan of the same words needs it again."""
    made = unsaved_readings()
    if not made:
        return

    row = ProfileRow.objects.select_for_update().order_by("id").first()
    if row is None:
        row = ProfileRow(timezone=system_timezone())
    row.readings = {**(row.readings or {}), **made}
    row.save()
