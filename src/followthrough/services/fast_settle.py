"""`done` and `skip` on a SQLite file without Django: the write people make most.

The same rule (core.settling), planner and calendar as the ORM path
(services.steps.settle_step), read and written with the standard sqlite3 module under
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
from followthrough.core.caseload import row_facts
from followthrough.core.model import Application, CallOutcome, Contact, ContactRole, Plan, Step, StepStatus
from followthrough.core.settling import Settled
from followthrough.services.local_time import system_timezone, table_from_json
from followthrough.services.promises import Unread, plan_with, remember_readings
from followthrough.store import fast_write


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
    stored = fast_write.Stored(connection, row_id)
    if not fast_write.plain_plan(connection, row_id):  # away days or playbooks: the full path
        raise fast_write.NotReady("away days or playbooks")
    application = _application(stored)
    zone, country, holidays, readings = fast_write.profile(connection) or (system_timezone(), None, None, {})
    remember_readings(readings)
    calendar = BusinessCalendar(country, known=table_from_json(holidays) if country else None)
    today = clock.today_in(zone)
    before = plan_with(application, calendar, stored_only=True)
    chosen = settling.settle(application, before, full_id, status, today, on, outcome, note)
    payload = codec.event_to_dict(chosen.event)
    codec.event_from_dict(payload, "event", {c.key for c in application.contacts})  # as the ORM path checks
    fast_write.add_event(connection, stored, payload, chosen.event.on)
    settled = replace(application, events=(*application.events, chosen.event))
    after = plan_with(settled, calendar, stored_only=True)
    facts = row_facts(settled, after)
    iso = tuple(v.isoformat() if isinstance(v, dt.date) else v for v in facts)
    fast_write.write_steps(connection, stored, _rows(after, stored.contact_ids), iso)
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
    """As services.planning.to_domain reads the ORM's rows."""
    slug, company, role, applied_on, _status, _outcome, domains = stored.application
    contacts = tuple(
        Contact(key, name, ContactRole(role_), title, phone, email, relation)
        for _id, key, name, role_, title, phone, email, relation in stored.contacts
    )
    keys = {c.key for c in contacts}
    events = tuple(codec.event_from_dict(payload, f"event {position}", keys) for position, payload in stored.events)
    applied = dt.date.fromisoformat(applied_on) if applied_on else None
    return Application(slug, company, role, applied, contacts, events, tuple(json.loads(domains) or ()))


def _rows(plan: Plan, contact_ids: dict[str, int]) -> dict[str, tuple[object, ...]]:
    """The steps as services.planning.write_plan stores them, dates as SQLite keeps them."""
    return {step.id: _row(step, contact_ids) for step in plan.steps}


def _row(step: Step, contact_ids: dict[str, int]) -> tuple[object, ...]:
    return (
        step.kind.value,
        contact_ids.get(step.contact) if step.contact else None,
        step.contact,
        step.due.isoformat(),
        step.status.value,
        step.done_on.isoformat() if step.done_on else None,
        ",".join(sorted(step.flags)),
        step.phase,
    )
