"""The job seeker's profile, and what "today" means for them."""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path
from typing import Any

from followthrough.core.calendar import BusinessCalendar, is_known_country
from followthrough.core.codec import InvalidData, check_text, check_timezone
from followthrough.core.model import Profile
from followthrough.services.errors import UserError


def system_timezone() -> str:
    """The machine's IANA zone name, for a profile nobody has set up yet."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            name = str(Path("/etc/localtime").resolve()).split("zoneinfo/", 1)[1]
        except (IndexError, OSError):
            name = "UTC"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def _row() -> Any:
    from followthrough.store.models import Profile as ProfileRow

    return ProfileRow.objects.order_by("id").first()


# One read of the profile per web request or command (see :func:`read_once`).
_remembered: ContextVar[Profile | None] = ContextVar("followthrough_profile", default=None)


@contextmanager
def read_once() -> Iterator[None]:
    """Within this block the profile is read from the database at most once (a web
    request: the agenda, its drafts and a settle all need it). Saving it updates the copy."""
    token = _remembered.set(None)
    _reading.set(True)
    try:
        yield
    finally:
        _reading.set(False)
        _remembered.reset(token)


_reading: ContextVar[bool] = ContextVar("followthrough_profile_reading", default=False)


def get_profile() -> Profile:
    remembered = _remembered.get()
    if remembered is not None:
        return remembered
    row = _row()
    if row is None:
        profile = Profile(timezone=system_timezone())
    else:
        profile = Profile(row.name, row.home_address, row.phone, row.email, row.timezone, row.country or None)
    if _reading.get():
        _remembered.set(profile)
    return profile


def profile_extra() -> dict[str, Any]:
    row = _row()
    return dict(row.extra) if row else {}


def save_profile(profile: Profile, extra: dict[str, Any] | None = None) -> Profile:
    """Write the profile (in the caller's transaction) and re-plan if the calendar changed."""
    from followthrough.store.models import Profile as ProfileRow

    row = _row() or ProfileRow()
    calendar_changed = (row.country or None) != profile.country
    for field in ("name", "home_address", "phone", "email", "timezone", "country"):
        setattr(row, field, getattr(profile, field))
    if extra is not None:
        row.extra = extra
    row.save()
    if _reading.get():
        _remembered.set(profile)
    if calendar_changed:
        from followthrough.services.planning import replan_all

        replan_all()
    return profile


def update_profile(**changes: str | None) -> Profile:
    """Change the given fields of the profile, checked first."""
    from django.db import transaction

    changes = {k: v for k, v in changes.items() if v is not None}
    try:
        for field, value in changes.items():
            option = "--address" if field == "home_address" else f"--{field}"
            check_text(str(value), option, multiline=field == "home_address")
        if "timezone" in changes:
            check_timezone(changes["timezone"], "--timezone")
    except InvalidData as error:
        raise UserError(str(error)) from None
    if changes.get("country") == "":
        changes["country"] = None
    elif changes.get("country"):
        if not is_known_country(str(changes["country"])):
            raise UserError(f"--country: no public holidays known for {changes['country']!r}")
        changes["country"] = str(changes["country"]).upper()
    with transaction.atomic():
        return save_profile(replace(get_profile(), **changes))  # type: ignore[arg-type]


def today(profile: Profile | None = None) -> dt.date:
    """Today where the user lives, not in UTC."""
    zone = (profile or get_profile()).timezone
    return dt.datetime.now(zoneinfo.ZoneInfo(zone)).date()


def business_calendar(profile: Profile | None = None) -> BusinessCalendar:
    return BusinessCalendar((profile or get_profile()).country)
