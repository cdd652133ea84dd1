"""Re-planning: an application's events through the planner into its stored steps."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from followthrough.core import codec, planner
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import Application, Contact, ContactRole, Plan
from followthrough.core.playbook import DEFAULT_PLAYBOOK
from followthrough.services.profile import business_calendar


@cache
def _dateparser_settings() -> dict[str, Any]:
    return {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}


def dateparser_fallback(phrase: str, anchor: dt.date) -> dt.date | None:
    """Our grammar's last resort, for phrasings it does not know."""
    import dateparser

    base = dt.datetime.combine(anchor, dt.time(12))
    parsed = dateparser.parse(phrase, languages=["en"], settings=_dateparser_settings() | {"RELATIVE_BASE": base})
    return parsed.date() if parsed else None


def to_domain(row: Any) -> Application:
    """The stored application (with its contacts and events) as the planner sees it."""
    contacts = tuple(
        Contact(c.key, c.name, ContactRole(c.role), c.title, c.phone, c.email, c.relation) for c in row.contacts.all()
    )
    keys = {c.key for c in contacts}
    events = tuple(codec.event_from_dict(e.payload, f"event {e.position}", keys) for e in row.events.all())
    return Application(row.slug, row.company, row.role, row.applied_on, contacts, events, tuple(row.domains or ()))


def plan_for(app: Application, calendar: BusinessCalendar | None = None) -> Plan:
    return planner.plan(app, DEFAULT_PLAYBOOK, calendar or business_calendar(), dateparser_fallback)


def replan(row: Any, calendar: BusinessCalendar | None = None) -> Plan:
    """Plan the application again and bring its stored steps and status in line.

    Call inside the transaction that recorded the change: steps and events never
    disagree on disk.
    """
    from followthrough.store.models import Step

    plan = plan_for(to_domain(row), calendar)
    contact_ids = {c.key: c.id for c in row.contacts.all()}
    stored = {s.id: s for s in row.steps.all()}
    fresh, changed = [], []
    for step in plan.steps:
        values = {
            "kind": step.kind.value,
            "contact_id": contact_ids.get(step.contact) if step.contact else None,
            "contact_key": step.contact,
            "due": step.due,
            "status": step.status.value,
            "done_on": step.done_on,
            "flags": ",".join(sorted(step.flags)),
            "phase": step.phase,
        }
        existing = stored.pop(step.id, None)
        if existing is None:
            fresh.append(Step(id=step.id, application=row, **values))
        elif any(getattr(existing, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(existing, k, v)
            changed.append(existing)
    if stored:
        Step.objects.filter(id__in=list(stored)).delete()
    Step.objects.bulk_create(fresh)
    if changed:
        Step.objects.bulk_update(
            changed, ["kind", "contact_id", "contact_key", "due", "status", "done_on", "flags", "phase"]
        )
    if (row.status, row.outcome) != (plan.status, plan.outcome):
        row.status, row.outcome = plan.status, plan.outcome
        row.save(update_fields=["status", "outcome"])
    return plan


def replan_all() -> None:
    from followthrough.store.models import Application as ApplicationRow

    calendar = business_calendar()
    for row in ApplicationRow.objects.prefetch_related("contacts", "events", "steps"):
        replan(row, calendar)
