"""The one clock: every "now" and "today" the program reads comes from here.

- :func:`now`: the current instant, an aware datetime in UTC;
- :func:`today_in`: a person's date where they live (an IANA zone): "today" is always
  someone's local date, never the server's;
- :func:`epoch`: the current instant in seconds since the epoch (expiry stamps kept as numbers).

Durations (how long something took, how long to wait) are measured with
``time.monotonic()``, which no pin touches: the clock is about the calendar.

The clock can be pinned, for tests and demos:

- in the process, :func:`pin` (``with clock.pin(at): ...``, or ``clock.pin(at)`` kept until
  another pin; ``clock.pin(None)`` lets it run again);
- for every process started with it, the environment variable ``FOLLOWTHROUGH_NOW`` (for
  tests and demos only): an ISO 8601 instant such as ``2031-03-14T15:00:00+00:00`` (no
  offset: UTC). The command line, the web app, the workers and ``serve`` then read that
  instant as now, and it does not move. Followed by `` @ SECONDS`` (the real time, in
  seconds since the epoch, at which it was that instant) the clock runs on from there,
  in step in every process given it (:func:`environment` writes it). A pin in the
  process wins over the variable.

Used on the agenda's fast path: standard library only, and nothing it does not need
(no logging, no Django).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zoneinfo

ENVIRONMENT = "FOLLOWTHROUGH_NOW"

# A pin: the instant it reads, and None (it stays there) or the real time (seconds since
# the epoch) at which it read that instant (it runs on from there, at the real pace).
Pin = tuple[dt.datetime, float | None]

_pinned: Pin | None = None
_parsed: tuple[str, Pin] | None = None  # the variable's text and its pin, read once


def _aware(at: dt.datetime) -> dt.datetime:
    return (at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def _from_environment() -> Pin | None:
    global _parsed
    text = os.environ.get(ENVIRONMENT, "").strip()
    if not text:
        return None
    if _parsed is None or _parsed[0] != text:
        instant, _, since = text.partition(" @ ")
        try:
            _parsed = (text, (_aware(dt.datetime.fromisoformat(instant)), float(since) if since else None))
        except ValueError:
            example = "2031-03-14T15:00:00Z"
            raise ValueError(f"{ENVIRONMENT}={text!r}: expected an ISO 8601 instant, e.g. {example}") from None
    return _parsed[1]


def now() -> dt.datetime:
    """The current instant (aware, in UTC), or the pinned one."""
    pinned = _pinned or _from_environment()
    if pinned is None:
        return dt.datetime.now(dt.UTC)
    at, since = pinned
    return at if since is None else at + dt.timedelta(seconds=time.time() - since)


def today_in(zone: str, at: dt.datetime | None = None) -> dt.date:
    """Today (or the date at the instant ``at``) where a person lives: the IANA zone ``zone``."""
    return (at or now()).astimezone(zoneinfo.ZoneInfo(zone)).date()


def epoch() -> float:
    """The current instant in seconds since the epoch."""
    return now().timestamp()


class pin:  # read as a verb: clock.pin(at)
    """Pin the clock of this process at ``at`` (a naive datetime is taken as UTC; None
    unpins); ``running``: it reads ``at`` now and runs on from there (instants taken in
    turn, here and in the processes given :func:`environment`, keep their order). Used as
    a context manager, the clock is as before once the block ends."""

    def __init__(self, at: dt.datetime | None, running: bool = False) -> None:
        global _pinned
        self.before = _pinned
        _pinned = None if at is None else (_aware(at), time.time() if running else None)

    def __enter__(self) -> pin:
        return self

    def __exit__(self, *_: object) -> None:
        global _pinned
        _pinned = self.before


def environment() -> str:
    """The value of FOLLOWTHROUGH_NOW that pins another process's clock as this one's is
    pinned ("" when it is not)."""
    if _pinned is None:
        return os.environ.get(ENVIRONMENT, "")
    at, since = _pinned
    return at.isoformat() if since is None else f"{at.isoformat()} @ {since!r}"
