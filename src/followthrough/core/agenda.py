"""What is due: the agenda's entries and their order, whichever path read them.

Plain classes, no dataclasses or typing at run time: this module is on the agenda's
fast path, where every import is paid for at each run of the command.
"""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False  # the typing module costs the fast path; type checkers read this as True
if TYPE_CHECKING:
    from followthrough.core.together import PendingCall


class AgendaEntry:
    __slots__ = ("application", "company", "contact", "contact_name", "due", "flags", "id", "kind", "role", "together")

    def __init__(
        self,
        id: str,
        application: str,
        company: str,
        role: str,
        kind: str,
        contact: str | None,
        contact_name: str | None,
        due: dt.date,
        flags: tuple[str, ...] = (),
        together: tuple[PendingCall, ...] = (),
    ) -> None:
        self.id, self.application, self.company, self.role = id, application, company, role
        self.kind, self.contact, self.contact_name, self.due, self.flags = kind, contact, contact_name, due, flags
        # One person, one call: the calls of other applications this card stands for too
        # (core.together.PendingCall: id, application, role, due), never listed again.
        self.together = together

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AgendaEntry) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"AgendaEntry({self.id}, {self.application}, {self.kind}, {self.contact}, {self.due})"

    def overdue(self, as_of: dt.date) -> bool:
        return self.due < as_of

    def sort_key(self) -> tuple[dt.date, str, str, str]:
        # Overdue first is simply oldest first: every overdue step is due before today.
        return (self.due, self.application, self.kind, self.contact or "")


class Agenda:
    """The steps due on or before ``as_of``, and when the next one comes due."""

    __slots__ = ("as_of", "entries", "next_due")

    def __init__(self, as_of: dt.date, entries: list[AgendaEntry], next_due: dt.date | None) -> None:
        self.as_of, self.entries, self.next_due = as_of, entries, next_due

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Agenda) and (self.as_of, self.entries, self.next_due) == (
            other.as_of,
            other.entries,
            other.next_due,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Agenda({self.as_of}, {len(self.entries)} due, next {self.next_due})"


def in_order(entries: list[AgendaEntry]) -> list[AgendaEntry]:
    return sorted(entries, key=AgendaEntry.sort_key)


DELIVERY_UNCERTAIN = "delivery_uncertain"
SEND_FAILED = "send_failed"


def with_delivery(flags: tuple[str, ...], last_send: str | None) -> tuple[str, ...]:
    """The step's flags, plus one when its last send may not have arrived (a step is only
    pending after a send when the connection dropped: the user must check first), or when
    a message scheduled for the employer's working hours was refused for good."""
    if last_send == "failed":
        return (*flags, SEND_FAILED)
    return (*flags, DELIVERY_UNCERTAIN) if last_send in ("sending", "uncertain") else flags


def split_flags(text: str | None) -> tuple[str, ...]:
    return tuple(f for f in text.split(",") if f) if text else ()
