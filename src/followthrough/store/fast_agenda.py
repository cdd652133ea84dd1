"""The agenda straight from SQLite, without Django: the command people run most.

One indexed query over the materialized steps (index ft_step_agenda on status, due).
Must answer exactly what :func:`followthrough.services.pages.agenda.due_steps` answers.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

from followthrough.core.agenda import AgendaEntry, split_flags, with_delivery
from followthrough.store.sole_owner import only_the_local_owner

_DUE = """
SELECT s.id, a.slug, a.company, a.role, s.kind, s.contact_key, c.name, s.due, s.flags,
  (SELECT m.status FROM ft_sent_message AS m WHERE m.step_id = s.id ORDER BY m.id DESC LIMIT 1)
FROM ft_step AS s
JOIN ft_application AS a ON a.id = s.application_id
LEFT JOIN ft_contact AS c ON c.id = s.contact_id
WHERE s.status = 'pending' AND s.due <= ?
ORDER BY s.due, a.slug, s.kind, COALESCE(s.contact_key, '')
"""  # the order of AgendaEntry.sort_key: SQLite's BINARY collation sorts as Python does
# A due call (or the one step asked about) to someone who is also a contact of another open
# application, by e-mail address or phone number or linked by the user (the same person
# key): one person, one call (playbook.md section 6) is the ORM path's to work out
# (services.jobsearch.together).
_SHARED = """
SELECT 1 FROM ft_step AS s
JOIN ft_contact AS c ON c.id = s.contact_id
JOIN ft_contact AS o ON o.application_id != c.application_id AND (
  (COALESCE(c.person, '') != '' AND o.person = c.person)
  OR (COALESCE(c.email, '') != '' AND LOWER(TRIM(o.email)) = LOWER(TRIM(c.email)))
  OR (COALESCE(c.phone, '') != '' AND o.phone = c.phone))
JOIN ft_application AS a ON a.id = o.application_id AND a.status = 'open'
WHERE s.status = 'pending' AND s.kind LIKE 'call!_%' ESCAPE '!' AND {which}
LIMIT 1
"""
_NEXT = "SELECT MIN(due) FROM ft_step WHERE status = 'pending' AND due > ?"
_POSSIBLE = """
SELECT p.id, a.slug, a.company, p.sender, p.subject, p.received_on, p.reason
FROM ft_possible_response AS p
JOIN ft_application AS a ON a.id = p.application_id
WHERE p.status = 'open' AND p.kind = 'reply' AND a.status = 'open' AND p.received_on <= ?
ORDER BY p.received_on, p.id
"""


class PossibleResponse:
    """A message the reply watcher found that may be an answer: the user confirms it."""

    __slots__ = ("application", "company", "date", "id", "reason", "sender", "subject")

    def __init__(
        self, id: int, application: str, company: str, sender: str, subject: str, date: dt.date, reason: str
    ) -> None:
        self.id, self.application, self.company, self.sender = id, application, company, sender
        self.subject, self.date, self.reason = subject, date, reason

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PossibleResponse) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"PossibleResponse({self.id}, {self.application}, {self.sender}, {self.date})"


class NotReady(Exception):
    """The file is missing or its tables are not (yet) what this version expects."""


def connect(path: str) -> sqlite3.Connection:
    if not os.path.isfile(path):
        raise NotReady(path)
    connection = sqlite3.connect(path, timeout=30)
    connection.execute("PRAGMA query_only=ON")
    try:
        local = only_the_local_owner(connection)
    except sqlite3.Error as error:
        connection.close()
        raise NotReady(str(error)) from error
    if not local:  # several owners (a server's database), or none yet: the ORM path
        connection.close()
        raise NotReady("not a local job search")
    return connection


def profile_timezone(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT timezone FROM ft_profile ORDER BY id LIMIT 1").fetchone()
    except sqlite3.Error as error:
        raise NotReady(str(error)) from error
    return row[0] if row else None


def due_steps(connection: sqlite3.Connection, as_of: dt.date) -> list[AgendaEntry]:
    try:
        rows = connection.execute(_DUE, (as_of.isoformat(),)).fetchall()
    except sqlite3.Error as error:
        raise NotReady(str(error)) from error
    date = dt.date.fromisoformat
    return [
        AgendaEntry(sid, app, company, role, kind, key, name, date(due), with_delivery(split_flags(flags), sent))
        for sid, app, company, role, kind, key, name, due, flags, sent in rows
    ]


def shares_a_person(connection: sqlite3.Connection, as_of: dt.date | None = None, step: str | None = None) -> bool:
    """Whether a call due by ``as_of`` (or the step ``step``) is to someone another open
    application also has: then one card may stand for several calls."""
    which, value = ("s.id = ?", step) if step is not None else ("s.due <= ?", as_of.isoformat() if as_of else "")
    try:
        return connection.execute(_SHARED.format(which=which), (value,)).fetchone() is not None
    except sqlite3.Error as error:
        raise NotReady(str(error)) from error


def next_due(connection: sqlite3.Connection, as_of: dt.date) -> dt.date | None:
    row = connection.execute(_NEXT, (as_of.isoformat(),)).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def possible_responses(connection: sqlite3.Connection, as_of: dt.date) -> list[PossibleResponse]:
    """Open possible responses received on or before ``as_of`` (the reply watcher's finds)."""
    try:
        rows = connection.execute(_POSSIBLE, (as_of.isoformat(),)).fetchall()
    except sqlite3.Error as error:
        raise NotReady(str(error)) from error
    date = dt.date.fromisoformat
    return [
        PossibleResponse(pid, app, company, sender, subject, date(on), why)
        for pid, app, company, sender, subject, on, why in rows
    ]
