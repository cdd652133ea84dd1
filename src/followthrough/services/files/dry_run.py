"""`import --dry-run`: the real import, inside a transaction that is then rolled back.

What it would have done is read off the database itself (before and after, in the same
transaction), so the preview cannot drift from the import: the same code ran.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction

from followthrough.store.models import Application, Contact, Event

T = TypeVar("T")


@dataclass(frozen=True)
class Counts:
    added: int = 0
    changed: int = 0
    removed: int = 0


@dataclass(frozen=True)
class Preview:
    """What an import would add, change and remove (replace), by kind of record."""

    applications: Counts
    contacts: Counts
    events: Counts

    def lines(self) -> list[str]:
        return [
            f"  {name}: {c.added} added, {c.changed} changed, {c.removed} removed or replaced"
            for name, c in (("applications", self.applications), ("contacts", self.contacts), ("events", self.events))
        ]


class _Rollback(Exception):
    pass


def preview(action: Callable[[], T]) -> tuple[T, Preview]:
    """Run ``action`` (an import) and undo all of it; return its result and what it changed."""

    holder: list[tuple[T, Preview]] = []
    try:
        with transaction.atomic():
            before = _state()
            result = action()
            after = _state()
            holder.append((result, Preview(*(_diff(b, a) for b, a in zip(before, after, strict=True)))))
            raise _Rollback
    except _Rollback:
        pass
    return holder[0]


State = dict[Hashable, Any]


def _state() -> tuple[State, State, State]:
    """Applications, contacts and events keyed as a user knows them (id; id and contact key;
    id and event position), each with everything stored about it."""

    apps: State = {}
    slugs: dict[int, str] = {}
    for app in Application.objects.values():
        slugs[app["id"]] = app["slug"]
        apps[app["slug"]] = {k: v for k, v in app.items() if k != "id"}
    contacts: State = {}
    for contact in Contact.objects.values():
        key = (slugs[contact["application_id"]], contact["key"])
        contacts[key] = {k: v for k, v in contact.items() if k not in ("id", "application_id")}
    events: State = {}
    for event in Event.objects.values():
        at = (slugs[event["application_id"]], event["position"])
        events[at] = {k: v for k, v in event.items() if k not in ("id", "application_id")}
    return apps, contacts, events


def _diff(before: State, after: State) -> Counts:
    added = sum(1 for k in after if k not in before)
    removed = sum(1 for k in before if k not in after)
    changed = sum(1 for k, v in after.items() if k in before and before[k] != v)
    return Counts(added, changed, removed)


def existing_ids(ids: list[str]) -> set[str]:
    """Which of these application ids are already stored (a followthrough/1 file replaces them)."""

    found: set[str] = set()
    for start in range(0, len(ids), 500):
        found.update(Application.objects.filter(slug__in=ids[start : start + 500]).values_list("slug", flat=True))
    return found
