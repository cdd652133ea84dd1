"""Putting back what the journal keeps: a removed or undone event, a removed person, a
deleted application, or what an edit replaced.

Each entry can be restored once. The entry is locked first (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's IMMEDIATE transaction holds the write lock), so of two restores of
one entry at once exactly one puts it back and the other is refused, changing nothing.
An edit is put back only while the thing still says what the edit made of it: what it
says then goes to the journal in turn, so nothing is lost either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from followthrough import clock
from followthrough.services.corrections.editing import application_version_back, contact_back, contact_version_back
from followthrough.services.corrections.events import put_back, put_back_version
from followthrough.services.corrections.journal_entries import JournalRecord
from followthrough.services.corrections.undoing import fingerprint
from followthrough.services.errors import UserError
from followthrough.services.files.exchange import bring_back
from followthrough.services.jobsearch.changes import changing
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import JournalEntry

__all__ = ["Restored", "application_names", "entry_fingerprint", "journal_mark", "kept_since", "restore"]


@dataclass(frozen=True)
class Restored:
    entry: JournalRecord  # as the journal kept it
    application: str  # the application's id now


def _record(row: JournalEntry) -> JournalRecord:
    return JournalRecord(
        row.application_slug, row.what, row.why, row.n, row.key, row.before, row.after, row.at, row.id, row.restored_at
    )


def entry_fingerprint(entry: JournalRecord) -> str:
    """What a page names an entry by besides its number: what it keeps."""
    return fingerprint({"id": entry.id, "what": entry.what, "before": entry.before, "after": entry.after})


def journal_mark() -> int:
    """The number of the latest journal entry (0 with none): a change made after it writes
    entries with greater numbers."""
    return int(JournalEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0)


def kept_since(mark: int, slug: str) -> list[JournalRecord]:
    """What the journal took in for application ``slug`` since ``mark``, oldest first."""
    rows = JournalEntry.objects.filter(id__gt=mark, application_slug=slug).order_by("id")
    return [_record(row) for row in rows]


def application_names() -> dict[str, tuple[str, str]]:
    """Company and role of each application there is now, by id (the Journal page links
    an entry to its application while it exists)."""
    rows = ApplicationRow.objects.values_list("slug", "company", "role")
    return {slug: (company, role) for slug, company, role in rows}


def restore(entry_id: int, expected: str) -> Restored:
    """Put back journal entry ``entry_id`` as the page showed it (``expected``: its
    fingerprint); refused, changing nothing, when it was restored already or what it
    would undo has changed since."""

    with transaction.atomic():
        row = JournalEntry.objects.select_for_update().filter(id=entry_id).first()
        if row is None:
            raise UserError("the journal has no such entry: nothing was restored")
        entry = _record(row)
        if entry_fingerprint(entry) != expected:
            raise UserError("that journal entry is not the one the page showed: nothing was restored")
        if row.restored_at is not None:
            raise UserError("that was restored already: nothing changed")
        slug = _put_back(entry)
        row.restored_at = clock.now()
        row.save(update_fields=["restored_at"])
    return Restored(entry, slug)


def _put_back(entry: JournalRecord) -> str:
    slug = entry.application
    if entry.what == "application" and entry.why == "deleted":
        bring_back(entry.before)
        return str(entry.before.get("id", slug))
    if entry.what == "application":
        return application_version_back(_after(entry), entry.before)
    if entry.what == "contact" and entry.why == "edited":
        contact_version_back(slug, entry.key, _after(entry), entry.before)
    elif entry.what == "contact":
        contact_back(slug, entry.before)
    elif entry.what == "event":
        with changing(slug) as change:
            if entry.why == "edited":
                put_back_version(change, entry.n, _after(entry), entry.before)
            else:
                put_back(change, entry.n, entry.before)
    else:
        raise UserError(f"a journal entry of a {entry.what} cannot be restored")
    return slug


def _after(entry: JournalRecord) -> dict[str, Any]:
    if entry.after is None:
        raise UserError("that journal entry does not say what the edit made: nothing was restored")
    return entry.after
