"""The user's time zone and calendar, read without the database layer (the fast paths use
it). The time itself comes from followthrough.clock."""

from __future__ import annotations

import datetime as dt
import logging
import os
import zoneinfo
from pathlib import Path
from typing import Any

from followthrough.core.calendar import HolidayTable

log = logging.getLogger(__name__)


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


def table_from_json(stored: Any) -> HolidayTable | None:
    """A holiday table as the profile row keeps it, or None (missing or unreadable)."""
    if not isinstance(stored, dict):
        return None
    try:
        days = frozenset(dt.date.fromisoformat(d) for d in stored["days"])
        return HolidayTable(str(stored["country"]), int(stored["first_year"]), int(stored["last_year"]), days)
    except (KeyError, TypeError, ValueError):
        log.warning("the stored holiday table is unreadable: it will be computed again")
        return None
