"""The journal: what corrections took out of the job search or replaced, kept to be seen.

Every edit, removal, undo and deletion writes here first (in its own transaction), so
nothing the user recorded is lost without a trace; ``followthrough events APPLICATION
--removed`` and ``followthrough journal`` show it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from followthrough.store.models import JournalEntry


@dataclass(frozen=True)
class JournalRecord:
    """Something a correction took out or replaced."""

    application: str
    what: str  # event | contact | application
    why: str  # edited | removed | undone | deleted
    n: int | None
    key: str
    before: dict[str, Any]
    after: dict[str, Any] | None
    at: dt.datetime
    id: int = 0  # the entry's number, which Restore names
    restored_at: dt.datetime | None = None  # when it was put back (Restore, or Undo on a page)


def journal(slug: str | None = None) -> list[JournalRecord]:
    """What corrections took out (of one application, or all), oldest first."""

    rows = JournalEntry.objects.all() if slug is None else JournalEntry.objects.filter(application_slug=slug)
    return [
        JournalRecord(r.application_slug, r.what, r.why, r.n, r.key, r.before, r.after, r.at, r.id, r.restored_at)
        for r in rows.order_by("id")
    ]


def keep(slug: str, what: str, why: str, before: dict[str, Any], **details: Any) -> int:
    """Put ``before`` in the journal (inside the caller's transaction); the entry's number."""

    return int(JournalEntry.objects.create(application_slug=slug, what=what, why=why, before=before, **details).id)
