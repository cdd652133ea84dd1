"""The user's time zone and calendar, read without the database layer (the fast paths use
it). The time itself comes from followthrough.clock.

Light at import time: the agenda's fast path imports this module on every run, and needs
only :func:`today_in`. ``logging``, ``pathlib``, ``typing`` and the core's calendar (with
``dataclasses``) cost it more than its query; the functions that need them import them
(the fast-path modules may, see pyproject.toml's import contract and
tests/test_fast_imports.py).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import zoneinfo

TYPE_CHECKING = False  # typing itself costs the fast path a few milliseconds
if TYPE_CHECKING:
    from typing import Any

    from followthrough.core.calendar import HolidayTable


def system_timezone() -> str:
    """The machine's IANA zone name, for a profile nobody has set up yet."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            name = os.path.realpath("/etc/localtime").split("zoneinfo/", 1)[1]
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
    # Here, not at the top: the agenda's fast path never reads a holiday table.
    from followthrough.core.calendar import HolidayTable

    try:
        days = frozenset(dt.date.fromisoformat(d) for d in stored["days"])
        kept = stored.get("names")
        names = None if kept is None else tuple(sorted((dt.date.fromisoformat(d), str(n)) for d, n in kept.items()))
        country, first, last = str(stored["country"]), int(stored["first_year"]), int(stored["last_year"])
        return HolidayTable(country, first, last, days, names)
    except (AttributeError, KeyError, TypeError, ValueError):
        import logging  # only when it is needed: a fast path's import budget has no room for it

        logging.getLogger(__name__).warning("the stored holiday table is unreadable: it will be computed again")
        return None


# How many years of holidays a profile keeps around today (services.jobsearch.profile computes them).
HOLIDAY_YEARS_BACK, HOLIDAY_YEARS_AHEAD = 5, 10


def kept_holidays(stored: Any, country: str, year: int) -> HolidayTable | None:
    """The holiday table the profile row keeps (``stored``) if it is current: the
    country's, computed from the installed version of the holidays package, spanning
    :data:`HOLIDAY_YEARS_BACK` years before ``year`` (today's) to
    :data:`HOLIDAY_YEARS_AHEAD` after. Else None: the table is to be computed again
    (services.jobsearch.profile does it)."""
    table = table_from_json(stored)
    if (
        table is None
        or table.names is None  # kept before the names were: "by Christmas" needs them
        or table.country != country.upper()
        or stored.get("source") != holidays_source()
        or table.first_year > year - HOLIDAY_YEARS_BACK
        or table.last_year < year + HOLIDAY_YEARS_AHEAD
    ):
        return None
    return table


def holidays_source() -> str:
    """Which holiday data a table computed now comes from (the ``holidays`` package's
    version, as ``importlib.metadata`` reads it): a table kept from another version is
    computed again, on the ORM path and the fast path alike.

    Read from the installed package's metadata file directly: ``importlib.metadata``
    takes longer to import (email, zipfile, csv …) than ``done`` takes to write."""
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            stem, _, suffix = name.rpartition(".")
            if suffix in ("dist-info", "egg-info") and stem.partition("-")[0].lower() == "holidays":
                version = _metadata_version(os.path.join(folder, name))
                if version is not None:
                    return f"holidays {version}"
    from importlib.metadata import version as installed  # not found the quick way: ask the long way

    return f"holidays {installed('holidays')}"


def _metadata_version(info: str) -> str | None:
    for file in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(info, file), encoding="utf-8") as metadata:
                for line in metadata:
                    if line.startswith("Version:"):
                        return line.partition(":")[2].strip()
                    if not line.strip():  # the headers end
                        break
        except OSError:
            continue
    return None
