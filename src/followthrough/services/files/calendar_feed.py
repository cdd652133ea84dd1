"""The calendar feed: the plan at a secret, revocable address a calendar program follows.

A calendar program can hold no session and type no password: the address itself is the
credential (a capability URL, as the "secret address in iCal format" of the big calendar
services). Whoever holds it reads the plan, and nothing else: it changes nothing and
opens no page. It must be shown again (``followthrough calendar-url``, the Settings page)
so its secret is kept as is in the profile row, not as a hash; it is never exported or
logged. A new address, or turning the feed off, is how a leaked one is revoked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

from django.db import transaction

from followthrough import clock
from followthrough.services import owners
from followthrough.services.files import rows as files
from followthrough.services.jobsearch.profile import locked_profile_row, profile_row, today

log = logging.getLogger(__name__)

TOKEN_BYTES = 32  # secrets.token_urlsafe: 43 characters of the URL-safe alphabet
_NOBODY = secrets.token_urlsafe(TOKEN_BYTES)  # compared with when the feed is off: the same work


@dataclass(frozen=True)
class Feed:
    body: bytes  # an iCalendar file: the same events, UIDs and alarms as 'export --ics'
    etag: str  # changes exactly when the body does (a quoted strong validator)


def feed_path(token: str) -> str:
    return f"/calendar/{token}.ics"


def feed_token() -> str | None:
    """The secret of the feed's address, or None when the feed is off."""
    row = profile_row()
    return (row.calendar_token or None) if row is not None else None


def new_feed_token() -> str:
    """A new address for the feed; the previous one stops answering at once."""

    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        row = locked_profile_row()
        row.calendar_token = token
        row.save()
    log.info("made a new calendar feed address; any previous one no longer answers")
    return token


def turn_feed_off() -> bool:
    """No address answers any more. Whether one did."""

    with transaction.atomic():
        row = locked_profile_row()
        was_on = bool(row.pk and row.calendar_token)
        if was_on:
            row.calendar_token = ""
            row.save(update_fields=["calendar_token"])
    if was_on:
        log.info("turned the calendar feed off")
    return was_on


def feed_for(given: str, now: dt.datetime | None = None) -> Feed | None:
    """The plan as a calendar, if ``given`` is the feed's secret; else None (a wrong, old
    or revoked secret, or the feed is off: the caller cannot tell which).

    Locally the request already acts for the one owner; on the career-centre server the
    secret itself says whose plan it is."""
    if not owners.anyone_acting():
        owner = owners.owner_of_feed(given)
        if owner is None:
            hmac.compare_digest(given.encode(), _NOBODY.encode())  # the same work either way
            return None
        with owners.acting_as(owner):
            return _feed_of_acting_owner(given, now)
    return _feed_of_acting_owner(given, now)


def _feed_of_acting_owner(given: str, now: dt.datetime | None) -> Feed | None:
    stored = feed_token()
    # compare_digest's time does not depend on where the strings differ.
    matches = hmac.compare_digest(given.encode(), (stored or _NOBODY).encode())
    if not (matches and stored):
        return None
    # DTSTAMP at the start of the UTC day rather than this second: the body, and so its
    # ETag, stays the same from one poll to the next until the plan changes.
    at = (now or clock.now()).astimezone(dt.UTC)
    body = files.calendar(now=dt.datetime(at.year, at.month, at.day, tzinfo=dt.UTC), today=today())
    return Feed(body, '"' + hashlib.sha256(body).hexdigest()[:40] + '"')


def remembered_port() -> int | None:
    """The port 'followthrough serve' was last told to use, if any."""
    row = profile_row()
    return row.serve_port if row is not None else None


def remember_port(port: int) -> None:
    """Keep ``port`` as the one 'serve' uses from now on (the feed's address names it)."""

    if remembered_port() == port:
        return
    with transaction.atomic():
        row = locked_profile_row()
        row.serve_port = port
        row.save()
    log.info("the local web app will use port %s from now on", port)
