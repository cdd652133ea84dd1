"""One application read and written with the standard sqlite3 module, without Django.

The command line's fast path for `done` and `skip` (services.fastpath.fast_settle) works through
this module; it writes exactly what the ORM path writes (a test compares every table
after the same commands on both). It takes SQLite's write lock first (BEGIN
IMMEDIATE), as the ORM path's transactions do, so the two never interleave.

Table and column names come from :mod:`followthrough.store.step_table` (generated from
the models), rows are read by column name, and a planned step becomes a row through
:func:`followthrough.store.step_rows.step_row`, as on the ORM path.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3

from followthrough import clock
from followthrough.store import step_table as tables
from followthrough.store.busy import busy_timeout
from followthrough.store.sole_owner import only_the_local_owner
from followthrough.store.step_rows import ROW_FACTS, STEP_PLANNED

# The schema this module writes: the store's migrations, by name. A database at any
# other version is left to the ORM path, which migrates it first.
# (It writes the facts kept with each application for the coaches' caseload too; the
# coaching tables it never touches.)
SCHEMA = frozenset({"0001_initial"})

# What the fast path knows of the settings kept in ``extra`` (an allow-list): a key
# listed here with no value plans as the column's playbook without away days, which is
# all the fast path plans with. Any other key (a newer version's, one carried from a
# file) or any value set takes the ORM path, which knows them all.
KNOWN_PROFILE_EXTRA = frozenset({"away", "playbook", "playbooks"})  # services.jobsearch.profile.KEPT_IN_EXTRA
KNOWN_APPLICATION_EXTRA = frozenset({"playbook"})  # what services.jobsearch.planning.to_domain reads

# The profile's columns, each either read here or known not to change a plan (the
# greeting, mail, the digest, the feed …). A column the models gain is in neither until
# someone decides (tests/test_step_table.py fails till then).
PROFILE_READ = ("timezone", "country", "extra", "holidays", "readings")
PROFILE_UNPLANNED = frozenset(
    {
        "id", "owner_id", "name", "home_address", "phone", "email", "smtp_host", "smtp_port", "smtp_security",
        "smtp_user", "imap_host", "imap_port", "imap_security", "imap_user", "digest_time", "calendar_token",
        "serve_port", "draft_templates",
    }
)  # fmt: skip

_APPLICATION_READ = ("slug", "company", "role", "applied_on", "domains", "extra", *ROW_FACTS)
_CONTACT_READ = ("id", "key", "name", "role", "title", "phone", "email", "relation", "salutation")


class NotReady(Exception):
    """Not a SQLite file at this version's schema, or not an application the fast path
    plans as the ORM path would: take the ORM path."""


class Ambiguous(Exception):
    """The step id given is too short, unknown or names more than one step."""


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in columns)  # quoted: "on" is a keyword


def _select(
    connection: sqlite3.Connection, table: str, columns: tuple[str, ...], where: str, params: tuple[object, ...]
) -> list[dict[str, object]]:
    """Rows as column name -> value, never by position."""
    rows = connection.execute(f"SELECT {_names(columns)} FROM {table} WHERE {where}", params)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def as_stored(values: dict[str, object]) -> dict[str, object]:
    """Column values as SQLite keeps them (and the ORM writes them there): dates as ISO text."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


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
    columns = ("id", "application_id")
    rows = _select(connection, tables.STEP_TABLE, columns, '"id" = ?', (prefix,))
    if not rows:
        rows = _select(
            connection, tables.STEP_TABLE, columns, '"id" >= ? AND "id" < ? LIMIT 2', (prefix, prefix + "\uffff")
        )
    if len(rows) != 1:
        raise Ambiguous(prefix)
    return str(rows[0]["id"]), int(rows[0]["application_id"])  # type: ignore[call-overload]


class Stored:
    """An application's rows as read: enough to plan it and to write what changed."""

    __slots__ = ("application", "contact_ids", "contacts", "events", "facts", "next_position", "row_id", "steps")

    def __init__(self, connection: sqlite3.Connection, row_id: int) -> None:
        self.row_id = row_id
        found = _select(connection, tables.APPLICATION_TABLE, _APPLICATION_READ, '"id" = ?', (row_id,))
        if not found:
            raise NotReady(f"application {row_id}")
        self.application = found[0]
        self.facts = {name: self.application[name] for name in ROW_FACTS}  # as stored: dates as ISO text
        self.contacts = _select(
            connection, tables.CONTACT_TABLE, _CONTACT_READ, '"application_id" = ? ORDER BY "position", "id"', (row_id,)
        )
        self.contact_ids: dict[str, int] = {str(c["key"]): int(c["id"]) for c in self.contacts}  # type: ignore[call-overload]
        self.events = [
            (int(e["position"]), json.loads(str(e["payload"])))  # type: ignore[call-overload]
            for e in _select(
                connection,
                tables.EVENT_TABLE,
                ("position", "payload"),
                '"application_id" = ? ORDER BY "position"',
                (row_id,),
            )
        ]
        self.next_position = 1 + max((p for p, _ in self.events), default=-1)
        self.steps = {
            str(s["id"]): {c: s[c] for c in STEP_PLANNED}
            for s in _select(connection, tables.STEP_TABLE, ("id", *STEP_PLANNED), '"application_id" = ?', (row_id,))
        }

    def known_settings(self) -> bool:
        """Whether the application's kept settings are all ones the fast path plans with."""
        return _known(self.application["extra"], KNOWN_APPLICATION_EXTRA)


def _known(stored: object, allowed: frozenset[str]) -> bool:
    kept = json.loads(stored) if isinstance(stored, str) and stored else {}
    return isinstance(kept, dict) and all(key in allowed and not value for key, value in kept.items())


class Profile:
    """The profile's columns a plan depends on, as stored (JSON read)."""

    __slots__ = ("country", "extra", "holidays", "readings", "timezone")

    def __init__(self, row: dict[str, object]) -> None:
        self.timezone = str(row["timezone"])
        self.country = str(row["country"]) if row["country"] else None
        self.extra = row["extra"]
        self.holidays = json.loads(str(row["holidays"])) if row["holidays"] else None
        self.readings = json.loads(str(row["readings"])) if row["readings"] else {}

    def known_settings(self) -> bool:
        """Whether every setting kept in ``extra`` is one the fast path knows, unset."""
        return _known(self.extra, KNOWN_PROFILE_EXTRA)


def profile(connection: sqlite3.Connection) -> Profile | None:
    """The job seeker's profile, or None without one."""
    rows = _select(connection, tables.PROFILE_TABLE, PROFILE_READ, '1 ORDER BY "id" LIMIT 1', ())
    return Profile(rows[0]) if rows else None


def add_event(connection: sqlite3.Connection, stored: Stored, payload: dict[str, object], on: dt.date) -> None:
    row = {"application_id": stored.row_id, "position": stored.next_position, "type": payload["type"], "on": on}
    # When it was recorded, as the ORM writes a moment on SQLite: UTC, without a zone.
    recorded = str(clock.now().astimezone(dt.UTC).replace(tzinfo=None))
    row = as_stored(row) | {"payload": json.dumps(payload), "recorded_at": recorded}
    connection.execute(
        f"INSERT INTO {tables.EVENT_TABLE} ({_names(tuple(row))}) VALUES ({', '.join('?' * len(row))})",
        tuple(row.values()),
    )
    stored.next_position += 1


def write_steps(
    connection: sqlite3.Connection, stored: Stored, steps: dict[str, dict[str, object]], facts: dict[str, object]
) -> None:
    """Bring the stored steps in line with ``steps`` (id -> store.step_rows.step_row) and
    the application's status and the facts kept with it (``facts``:
    store.step_rows.application_facts)."""
    table = tables.STEP_TABLE
    wanted = {sid: as_stored(values) for sid, values in steps.items()}
    gone = [sid for sid in stored.steps if sid not in wanted]
    if gone:
        connection.executemany(f'DELETE FROM {table} WHERE "id" = ?', [(sid,) for sid in gone])
    fresh = [(sid, stored.row_id, *(values[c] for c in STEP_PLANNED)) for sid, values in wanted.items()]
    fresh = [row for row in fresh if row[0] not in stored.steps]
    if fresh:
        columns = ("id", "application_id", *STEP_PLANNED)
        marks = ", ".join("?" * len(columns))
        connection.executemany(f"INSERT INTO {table} ({_names(columns)}) VALUES ({marks})", fresh)
    changed = [
        (*(values[c] for c in STEP_PLANNED), sid)
        for sid, values in wanted.items()
        if sid in stored.steps and stored.steps[sid] != values
    ]
    if changed:
        assignments = ", ".join(f'"{c}" = ?' for c in STEP_PLANNED)
        connection.executemany(f'UPDATE {table} SET {assignments} WHERE "id" = ?', changed)
    kept = as_stored(facts)
    if kept != stored.facts:
        assignments = ", ".join(f'"{c}" = ?' for c in kept)
        connection.execute(
            f'UPDATE {tables.APPLICATION_TABLE} SET {assignments} WHERE "id" = ?', (*kept.values(), stored.row_id)
        )
