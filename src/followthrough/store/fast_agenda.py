"""The agenda straight from SQLite, without Django: the command people run most.

One indexed query over the materialized steps (index ft_step_agenda on status, due).
Must answer exactly what :func:`followthrough.services.agenda.due_steps` answers.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from followthrough.core.agenda import AgendaEntry, in_order, split_flags

_DUE = """
SELECT s.id, a.slug, a.company, a.role, s.kind, s.contact_key, c.name, s.due, s.flags
FROM ft_step AS s
JOIN ft_application AS a ON a.id = s.application_id
LEFT JOIN ft_contact AS c ON c.id = s.contact_id
WHERE s.status = 'pending' AND s.due <= ?
"""
_NEXT = "SELECT MIN(due) FROM ft_step WHERE status = 'pending' AND due > ?"


class NotReady(Exception):
    """The file is missing or its tables are not (yet) what this version expects."""


def connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise NotReady(str(path))
    connection = sqlite3.connect(path, timeout=30)
    connection.execute("PRAGMA query_only=ON")
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
    return in_order(
        [
            AgendaEntry(sid, app, company, role, kind, key, name, dt.date.fromisoformat(due), split_flags(flags))
            for sid, app, company, role, kind, key, name, due, flags in rows
        ]
    )


def next_due(connection: sqlite3.Connection, as_of: dt.date) -> dt.date | None:
    row = connection.execute(_NEXT, (as_of.isoformat(),)).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None
