"""One application read and written with the standard sqlite3 module, without Django.

The command line's fast path for `done` and `skip` (services.fast_settle) works through
this module; it writes exactly what the ORM path writes (a test compares every table
after the same commands on both). It takes SQLite's write lock first (BEGIN
IMMEDIATE), as the ORM path's transactions do, so the two never interleave.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3

from followthrough.store.busy import busy_timeout
from followthrough.store.sole_owner import only_the_local_owner

# The schema this module writes: the store's migrations, by name. A database at any
# other version is left to the ORM path, which migrates it first.
# (It writes the facts kept with each application for the coaches' caseload too; the
# coaching tables it never touches.)
SCHEMA = frozenset({"0001_initial"})


class NotReady(Exception):
    """Not a SQLite file at this version's schema: take the ORM path."""


class Ambiguous(Exception):
    """The step id given is too short, unknown or names more than one step."""


def begin(path: str) -> sqlite3.Connection:
    """A connection holding the write lock, set up as the ORM's (WAL, FULL, foreign keys)."""
    if not os.path.isfile(path):
        raise NotReady(path)
    connection = sqlite3.connect(path, timeout=busy_timeout(), isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("BEGIN IMMEDIATE")
        applied = {r[0] for r in connection.execute("SELECT name FROM django_migrations WHERE app = 'store'")}
    except sqlite3.Error as error:
        connection.close()
        raise NotReady(str(error)) from error
    if applied != SCHEMA or not only_the_local_owner(connection):
        # Another schema, or a database with several owners (a server's) or none yet.
        connection.execute("ROLLBACK")
        connection.close()
        raise NotReady(f"schema {sorted(applied)}, or not a local job search")
    return connection


def find_step(connection: sqlite3.Connection, prefix: str) -> tuple[str, int]:
    """(full step id, application row id) for a step id or a prefix of 4 or more."""
    if len(prefix) < 4:
        raise Ambiguous(prefix)
    rows = connection.execute("SELECT id, application_id FROM ft_step WHERE id = ?", (prefix,)).fetchall()
    if not rows:
        rows = connection.execute(
            "SELECT id, application_id FROM ft_step WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
        ).fetchall()
    if len(rows) != 1:
        raise Ambiguous(prefix)
    return rows[0][0], rows[0][1]


class Stored:
    """An application's rows as read: enough to plan it and to write what changed."""

    __slots__ = ("application", "contact_ids", "contacts", "events", "next_position", "row_id", "status", "steps")

    def __init__(self, connection: sqlite3.Connection, row_id: int) -> None:
        self.row_id = row_id
        app = connection.execute(
            "SELECT slug, company, role, applied_on, status, outcome, domains, promised_on, interviews, "
            "last_event_on FROM ft_application WHERE id = ?",
            (row_id,),
        ).fetchone()
        if app is None:
            raise NotReady(f"application {row_id}")
        self.application = app[:7]
        self.status = tuple(app[4:6]) + tuple(app[7:])  # services.planning.ROW_FACTS' order
        self.contacts = connection.execute(
            "SELECT id, key, name, role, title, phone, email, relation FROM ft_contact "
            "WHERE application_id = ? ORDER BY position, id",
            (row_id,),
        ).fetchall()
        self.contact_ids = {c[1]: c[0] for c in self.contacts}
        self.events = [
            (position, json.loads(payload))
            for position, payload in connection.execute(
                "SELECT position, payload FROM ft_event WHERE application_id = ? ORDER BY position", (row_id,)
            )
        ]
        self.next_position = 1 + max((p for p, _ in self.events), default=-1)
        self.steps = {
            r[0]: r[1:]
            for r in connection.execute(
                "SELECT id, kind, contact_id, contact_key, due, status, done_on, flags, phase FROM ft_step "
                "WHERE application_id = ?",
                (row_id,),
            )
        }


def profile(connection: sqlite3.Connection) -> tuple[str, str | None, object, object] | None:
    """(time zone, country, stored holiday table, stored timeframe readings) of the
    profile, or None without one."""
    row = connection.execute(
        "SELECT timezone, country, holidays, readings FROM ft_profile ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    return row[0], row[1] or None, json.loads(row[2]) if row[2] else None, json.loads(row[3]) if row[3] else {}


def plain_plan(connection: sqlite3.Connection, row_id: int) -> bool:
    """Whether the application plans with the column's playbook and no away days (what the
    fast path knows); else the full command plans it."""
    profile_extra = connection.execute("SELECT extra FROM ft_profile ORDER BY id LIMIT 1").fetchone()
    app_extra = connection.execute("SELECT extra FROM ft_application WHERE id = ?", (row_id,)).fetchone()
    kept = json.loads(profile_extra[0]) if profile_extra and profile_extra[0] else {}
    own = json.loads(app_extra[0]) if app_extra and app_extra[0] else {}
    return not any(kept.get(k) for k in ("away", "playbook", "playbooks")) and not own.get("playbook")


def add_event(connection: sqlite3.Connection, stored: Stored, payload: dict[str, object], on: dt.date) -> None:
    connection.execute(
        'INSERT INTO ft_event (application_id, position, type, "on", payload) VALUES (?, ?, ?, ?, ?)',
        (stored.row_id, stored.next_position, payload["type"], on.isoformat(), json.dumps(payload)),
    )
    stored.next_position += 1


def write_steps(
    connection: sqlite3.Connection, stored: Stored, steps: dict[str, tuple[object, ...]], status: tuple[object, ...]
) -> None:
    """Bring the stored steps in line with ``steps`` (id -> the columns of ``Stored.steps``,
    dates as ISO text) and the application's status and the facts kept with it
    (``status``: services.planning.ROW_FACTS' values, dates as ISO text)."""
    gone = [sid for sid in stored.steps if sid not in steps]
    if gone:
        connection.executemany("DELETE FROM ft_step WHERE id = ?", [(sid,) for sid in gone])
    fresh = [(sid, stored.row_id, *values) for sid, values in steps.items() if sid not in stored.steps]
    if fresh:
        connection.executemany(
            "INSERT INTO ft_step (id, application_id, kind, contact_id, contact_key, due, status, done_on, flags, "
            "phase) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            fresh,
        )
    changed = [(*values, sid) for sid, values in steps.items() if sid in stored.steps and stored.steps[sid] != values]
    if changed:
        connection.executemany(
            "UPDATE ft_step SET kind = ?, contact_id = ?, contact_key = ?, due = ?, status = ?, done_on = ?, "
            "flags = ?, phase = ? WHERE id = ?",
            changed,
        )
    if status != stored.status:
        connection.execute(
            "UPDATE ft_application SET status = ?, outcome = ?, promised_on = ?, interviews = ?, last_event_on = ? "
            "WHERE id = ?",
            (*status, stored.row_id),
        )
