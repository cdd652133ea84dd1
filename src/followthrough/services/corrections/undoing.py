"""Undo and remove from a page that may be out of date: the event is named by its
application, its number and a fingerprint of what it says, so a stale page can never
take out another event than the one it showed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from followthrough.services.corrections.events import Removed, numbered_event_row, recorded_events, take_out
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.changes import changing

__all__ = ["Latest", "fingerprint", "latest_event", "remove_shown", "undo_latest"]


@dataclass(frozen=True)
class Latest:
    """The event most recently recorded in an application, as an Undo control names it."""

    application: str
    n: int
    fingerprint: str
    type: str


def fingerprint(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def latest_event(slug: str) -> Latest | None:
    events = recorded_events(slug)
    if not events:
        return None
    last = events[-1]
    return Latest(slug, last.n, fingerprint(last.event), str(last.event.get("type")))


def undo_latest(slug: str, n: int, expected: str) -> Removed:
    """Take out event ``n`` of ``slug`` only if it is still the latest one recorded there
    and still says what it said; else refuse and change nothing."""

    with changing(slug) as change:
        rows = list(change.row.events.all())
        if len(rows) != n or fingerprint(dict(rows[-1].payload)) != expected:
            raise UserError("that is no longer the latest thing recorded: nothing was undone")
        return take_out(change, n, "undone")


def remove_shown(slug: str, n: int, expected: str) -> Removed:
    """Remove event ``n`` as the page showed it: refused when it has changed since."""

    with changing(slug) as change:
        row = numbered_event_row(change, n)
        if fingerprint(dict(row.payload)) != expected:
            raise UserError(f"event {n} is not the one the page showed any more: nothing was removed")
        return take_out(change, n, "removed")
