"""What is due: the agenda's entries and their order, whichever path read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AgendaEntry:
    id: str
    application: str
    company: str
    role: str
    kind: str
    contact: str | None
    contact_name: str | None
    due: dt.date
    flags: tuple[str, ...] = ()

    def overdue(self, as_of: dt.date) -> bool:
        return self.due < as_of

    def sort_key(self) -> tuple[dt.date, str, str, str]:
        # Overdue first is simply oldest first: every overdue step is due before today.
        return (self.due, self.application, self.kind, self.contact or "")

    def to_json(self, as_of: dt.date) -> dict[str, Any]:
        return {
            "id": self.id,
            "application": self.application,
            "company": self.company,
            "role": self.role,
            "kind": self.kind,
            "contact": self.contact,
            "contact_name": self.contact_name,
            "due": self.due.isoformat(),
            "overdue": self.overdue(as_of),
            "flags": list(self.flags),
        }


def in_order(entries: list[AgendaEntry]) -> list[AgendaEntry]:
    return sorted(entries, key=AgendaEntry.sort_key)


def split_flags(text: str | None) -> tuple[str, ...]:
    return tuple(f for f in (text or "").split(",") if f)
