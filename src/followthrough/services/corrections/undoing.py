"""Undo and remove from a page that may be out of date: the event is named by its
application, its number and a fingerprint of what it says, so a stale page can never
take out another event than the one it showed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction

from followthrough.services.corrections.events import Removed, numbered_event_row, recorded_events, take_out
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.changes import changing
from followthrough.services.jobsearch.playbooks import choose

__all__ = ["Latest", "fingerprint", "latest_event", "remove_shown", "undo_latest", "undo_playbook"]


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


def undo_playbook(slug: str, now: str, then: str | None) -> None:
    """Put application ``slug`` back on playbook ``then`` (None: the default one), only
    while it is still on ``now``, the one it was just switched to; else refuse and change
    nothing."""

    with transaction.atomic():
        if then is not None:
            choose(then)  # stored first, as a switch stores it
        with changing(slug) as change:
            if (change.row.extra or {}).get("playbook") != now:
                raise UserError(f"the playbook of {slug} was changed again since: nothing was undone")
            extra = {k: v for k, v in (change.row.extra or {}).items() if k != "playbook"}
            change.row.extra = extra | ({"playbook": then} if then is not None else {})
            change.row.save(update_fields=["extra"])
            change.replan(replace(change.application, playbook=then))
