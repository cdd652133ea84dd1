"""Re-planning: an application's events through the planner into its stored steps."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Prefetch

from followthrough.core import codec, job
from followthrough.core import playbook as playbooks
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import Application, Contact, ContactRole, Plan, Step
from followthrough.core.playbook import Playbook
from followthrough.services.fastpath.promises import dateparser_fallback, plan_with
from followthrough.services.jobsearch.profile import business_calendar, keep_readings, profile_and_playbooks
from followthrough.services.owners import step_namespace
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import Contact as ContactRow
from followthrough.store.models import Event as EventRow
from followthrough.store.models import Step as StepRow
from followthrough.store.step_rows import ROW_FACTS, STEP_PLANNED, application_facts, step_row

__all__ = [
    "ROW_FACTS",
    "dateparser_fallback",
    "load_applications",
    "plan_for",
    "replan",
    "replan_all",
    "step_values",
    "to_domain",
    "write_plan",
]


def to_domain(row: Any) -> Application:
    """The stored application (with its contacts and events) as the planner sees it."""
    contacts = tuple(
        Contact(c.key, c.name, ContactRole(c.role), c.title, c.phone, c.email, c.relation, c.salutation, c.person)
        for c in row.contacts.all()
    )
    keys = {c.key for c in contacts}
    events = tuple(codec.event_from_dict(e.payload, f"event {e.position}", keys) for e in row.events.all())
    playbook = (row.extra or {}).get("playbook") or None
    return Application(
        row.slug,
        row.company,
        row.role,
        row.applied_on,
        contacts,
        events,
        tuple(row.domains or ()),
        playbook,
        steps_namespace=step_namespace(),
        job=job.from_columns(row),
    )


Books = tuple[dict[str, Playbook], str | None]  # the job search's own playbooks, the default's name


def current_books() -> Books:
    profile, own = profile_and_playbooks()
    return own, profile.playbook


def playbook_for(app: Application, books: Books | None = None) -> Playbook:
    """The application's playbook, else the user's default, else the column's."""
    own, default = books or current_books()
    try:
        return playbooks.resolve(app.playbook, own, default)
    except playbooks.PlaybookError:  # a name whose playbook is gone: the default's rules
        return playbooks.resolve(None, own, None)


def load_applications(slugs: set[str]) -> dict[str, Application]:
    """Several applications as the planner sees them, in three queries whatever their number."""

    rows = ApplicationRow.objects.filter(slug__in=slugs).prefetch_related(
        Prefetch("contacts", queryset=ContactRow.objects.order_by("position", "id")),
        Prefetch("events", queryset=EventRow.objects.order_by("position")),
    )
    return {row.slug: to_domain(row) for row in rows}


def plan_for(app: Application, calendar: BusinessCalendar | None = None, books: Books | None = None) -> Plan:
    """The application's plan, its step ids the acting owner's (an application read from a
    file has none of its own yet)."""
    if not app.steps_namespace:
        app = replace(app, steps_namespace=step_namespace())
    return plan_with(app, calendar or business_calendar(), playbook=playbook_for(app, books))


def replan(row: Any, calendar: BusinessCalendar | None = None, books: Books | None = None) -> Plan:
    """Plan the application again and bring its stored steps and status in line.

    Call inside the transaction that recorded the change: steps and events never
    disagree on disk.
    """
    application = to_domain(row)
    plan = plan_for(application, calendar, books)
    write_plan(row, plan, {s.id: s for s in row.steps.all()}, {c.key: c.id for c in row.contacts.all()}, application)
    keep_readings()
    return plan


def step_values(step: Step, contact_id: int | None) -> dict[str, Any]:
    """A planned step as its stored row's fields: what every write path stores (the bulk
    import and the sqlite3 fast path store the same, through store.step_rows)."""
    return step_row(step, contact_id)


def write_plan(
    row: Any, plan: Plan, stored: dict[str, Any], contact_ids: dict[str, int], application: Application
) -> None:
    """Write the steps of ``plan`` (of ``application``) that differ from ``stored`` (step
    id -> row, kept up to date here), and the application's status and the facts kept
    with it: at most four statements."""
    left = dict(stored)
    fresh, changed = [], []
    for step in plan.steps:
        values = step_values(step, contact_ids.get(step.contact) if step.contact else None)
        existing = left.pop(step.id, None)
        if existing is None:
            created = StepRow(id=step.id, application=row, **values)
            fresh.append(created)
            stored[step.id] = created
        elif any(getattr(existing, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(existing, k, v)
            changed.append(existing)
    if left:
        StepRow.objects.filter(id__in=list(left)).delete()
        for gone in left:
            del stored[gone]
    if fresh:
        StepRow.objects.bulk_create(fresh)
    if changed:
        StepRow.objects.bulk_update(changed, list(STEP_PLANNED))
    facts = application_facts(application, plan)
    if any(getattr(row, name) != value for name, value in facts.items()):
        for name, value in facts.items():
            setattr(row, name, value)
        row.save(update_fields=list(ROW_FACTS))


def replan_all() -> None:
    calendar, books = business_calendar(), current_books()
    for row in ApplicationRow.objects.prefetch_related("contacts", "events", "steps"):
        replan(row, calendar, books)
