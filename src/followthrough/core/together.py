"""One person, one call (playbook.md section 6).

The same person in several open applications is one person to call. When a call to them
is due, the next pending call to them in each other application joins its card if it
falls due no later than ``follow_up_every_days`` days from today (the playbook of the
call that is due). The card's id is the earliest-due call's (ties: the application id),
and its outcome is recorded on each of those applications. Each application's plan
stays a function of its own events: this only decides what the user is asked to do.

Pure: contacts and pending calls come in, people and cards come out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Someone:
    """A contact of one application, as far as knowing who they are goes."""

    application: str
    contact: str  # the contact's key in that application
    email: str | None = None
    phone: str | None = None  # E.164, normalised by whoever read it
    person: str | None = None  # set by the user: links (same key) or unlinks (a key of its own)


def normalised_email(address: str | None) -> str | None:
    """An address as mail servers match it in practice: trimmed, lower case."""
    if not address or "@" not in address:
        return None
    return address.strip().lower()


def person_key(email: str | None, phone: str | None) -> str | None:
    """The key a new contact is given: from their e-mail address, else their number."""
    address = normalised_email(email)
    if address:
        return f"mailto:{address}"
    if phone:
        return f"tel:{phone.replace(' ', '')}"
    return None


def people(contacts: Iterable[Someone]) -> dict[tuple[str, str], str]:
    """Each (application, contact) to the key of the person they are.

    A contact with a ``person`` set by the user is that person and no one else; the
    others are one person when they share an e-mail address or a phone number, directly
    or through a third contact. A contact with neither is a person of their own.
    """
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(first: str, second: str) -> None:
        a, b = find(first), find(second)
        if a != b:
            parent[max(a, b)] = min(a, b)

    handles: dict[tuple[str, str], str] = {}
    for someone in contacts:
        where = (someone.application, someone.contact)
        if someone.person:
            handles[where] = find(f"person:{someone.person}")
            continue
        marks = [mark for mark in (normalised_email(someone.email), someone.phone) if mark]
        own = f"contact:{someone.application}/{someone.contact}"
        for mark in marks:
            join(own, f"mark:{mark}")
        handles[where] = own
    keys: dict[tuple[str, str], str] = {}
    for where, handle in handles.items():
        root = find(handle)
        keys[where] = root.split(":", 1)[1] if not root.startswith("contact:") else root
    return keys


@dataclass(frozen=True)
class PendingCall:
    id: str
    application: str
    role: str  # the job's title, to name it on the card
    kind: str
    contact: str
    due: dt.date


@dataclass(frozen=True)
class Card:
    """What the user is asked to do: the lead call, and the calls that join it."""

    lead: PendingCall
    joined: tuple[PendingCall, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.lead.id

    def calls(self) -> tuple[PendingCall, ...]:
        return (self.lead, *self.joined)


def is_call(kind: str) -> bool:
    return kind.startswith("call_")


def cards(
    calls: Iterable[PendingCall],
    who: Mapping[tuple[str, str], str],
    today: dt.date,
    every_days: Mapping[str, int],
) -> list[Card]:
    """The cards for the calls due on or before ``today``, one per person.

    ``calls`` are the pending calls of the open applications, due or not; ``who`` says
    which person each (application, contact) is; ``every_days`` is each application's
    ``follow_up_every_days``. Calls that join no one are cards of their own; a second
    pending call to the same person in the same application stays a card of its own.
    """
    by_person: dict[str, dict[str, PendingCall]] = {}
    rest: list[PendingCall] = []
    for call in sorted(calls, key=lambda c: (c.due, c.application, c.kind, c.contact, c.id)):
        if not is_call(call.kind):
            continue
        person = who.get((call.application, call.contact), f"contact:{call.application}/{call.contact}")
        firsts = by_person.setdefault(person, {})
        if call.application in firsts:
            if call.due <= today:
                rest.append(call)
            continue
        firsts[call.application] = call
    result: list[Card] = [Card(call) for call in rest]
    for firsts in by_person.values():
        due = [call for call in firsts.values() if call.due <= today]
        if not due:
            continue
        lead = min(due, key=lambda c: (c.due, c.application))
        window = today + dt.timedelta(days=every_days.get(lead.application, 7))
        joined = tuple(
            sorted(
                (c for c in firsts.values() if c is not lead and c.due <= window),
                key=lambda c: (c.due, c.application),
            )
        )
        result.append(Card(lead, joined))
    return sorted(result, key=lambda card: (card.lead.due, card.lead.application, card.lead.kind, card.lead.contact))
