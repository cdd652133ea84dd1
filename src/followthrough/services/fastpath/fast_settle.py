"""`done` and `skip` on a SQLite file without Django: the write people make most.

The same rule (core.settling), planner and calendar as the ORM path
(services.jobsearch.steps.settle_step), read and written with the standard sqlite3 module under
SQLite's write lock. Anything out of the ordinary (PostgreSQL, a schema to migrate, a
refusal, a fault in the stored data) answers None before anything is written, and the
command line takes the ORM path, which gives the proper answer or error.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace

from followthrough import clock
from followthrough.core import codec, settling
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import Application, CallOutcome, Contact, ContactRole, StepStatus
from followthrough.core.settling import Settled
from followthrough.services.fastpath.local_time import kept_holidays, system_timezone
from followthrough.services.fastpath.promises import Unread, plan_with, remember_readings
from followthrough.store import fast_agenda, fast_write
from followthrough.store.step_rows import application_facts, step_row


def settle(
    db: str | None,
    step_id: str,
    status: StepStatus,
    on: dt.date | None = None,
    outcome: CallOutcome | None = None,
    note: str | None = None,
) -> Settled | None:
    """Settle the step as ``followthrough done``/``skip`` would on the database ``db`` names
    (--db, else $FOLLOWTHROUGH_DB, else the default file), or None to take the ORM path."""
    from followthrough.store import location as where

    location = where.locate(db)
    if where.is_postgres(location) or "://" in location.replace("sqlite:///", ""):
        return None
    try:
        connection = fast_write.begin(where.sqlite_file(location))
    except fast_write.NotReady:
        return None
    try:
        settled = _settle(connection, step_id, status, on, outcome, note)
        connection.execute("COMMIT" if settled is not None else "ROLLBACK")
        return settled
    except (fast_write.NotReady, fast_write.Ambiguous, settling.Refused, codec.InvalidData, Unread, sqlite3.Error):
        connection.execute("ROLLBACK")
        return None
    finally:
        connection.close()


def _settle(
    connection: sqlite3.Connection,
    step_id: str,
    status: StepStatus,
    on: dt.date | None,
    outcome: CallOutcome | None,
    note: str | None,
) -> Settled | None:
    full_id, row_id = fast_write.find_step(connection, step_id)
    if fast_agenda.shares_a_person(connection, step=full_id):
        raise fast_write.NotReady("one person, one call: the ORM path settles each application's call")
    stored = fast_write.Stored(connection, row_id)
    profile = fast_write.profile(connection)
    if not stored.known_settings() or (profile is not None and not profile.known_settings()):
        raise fast_write.NotReady("settings the fast path does not plan with (away days, playbooks, or unknown)")
    zone = profile.timezone if profile is not None else system_timezone()
    today = clock.today_in(zone)
    table = None
    if profile is not None and profile.country:
        # As services.jobsearch.changes does before a change: a holiday table missing, from another
        # version of the holidays package, or too short is computed again (the ORM path).
        table = kept_holidays(profile.holidays, profile.country, today.year)
        if table is None:
            raise fast_write.NotReady("the holiday table is to be computed again")
    application = _application(stored)
    remember_readings(profile.readings if profile is not None else {})
    calendar = BusinessCalendar(profile.country if profile is not None else None, known=table)
    before = plan_with(application, calendar, stored_only=True)
    chosen = settling.settle(application, before, full_id, status, today, on, outcome, note)
    payload = codec.event_to_dict(chosen.event)
    codec.event_from_dict(payload, "event", {c.key for c in application.contacts})  # as the ORM path checks
    fast_write.add_event(connection, stored, payload, chosen.event.on)
    settled = replace(application, events=(*application.events, chosen.event))
    after = plan_with(settled, calendar, stored_only=True)
    steps = {
        step.id: step_row(step, stored.contact_ids.get(step.contact) if step.contact else None) for step in after.steps
    }
    fast_write.write_steps(connection, stored, steps, application_facts(settled, after))
    step = chosen.step
    due = settling.settled_due(before, after, step, status)
    return Settled(
        application.id,
        after,
        step.kind,
        chosen.contact_name,
        chosen.on,
        chosen.moved_to_today,
        due,
        step.due,
        len(application.events) + 1,
        chosen.event,
    )


def _application(stored: fast_write.Stored) -> Application:
    """As services.jobsearch.planning.to_domain reads the ORM's rows."""
    row = stored.application
    contacts = tuple(
        Contact(
            str(c["key"]),
            str(c["name"]),
            ContactRole(str(c["role"])),
            *(str(c[k]) if c[k] is not None else None for k in ("title", "phone", "email", "relation", "salutation")),
        )
        for c in stored.contacts
    )
    keys = {c.key for c in contacts}
    events = tuple(codec.event_from_dict(payload, f"event {position}", keys) for position, payload in stored.events)
    applied = dt.date.fromisoformat(str(row["applied_on"])) if row["applied_on"] else None
    domains = tuple(json.loads(str(row["domains"])) or ())
    return Application(str(row["slug"]), str(row["company"]), str(row["role"]), applied, contacts, events, domains)
