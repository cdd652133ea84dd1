"""What the calendar, contact and spreadsheet exports read: plain rows, no ORM outside."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q

from followthrough.core import job
from followthrough.core.agenda import split_flags
from followthrough.core.model import StepStatus
from followthrough.core.records import NAME_PARTS, ApplicationState, ContactCard, PendingStep
from followthrough.services.jobsearch.profile import get_profile
from followthrough.store.models import Application, Contact, Step

__all__ = ["ApplicationState", "ContactCard", "PendingStep", "application_states", "calendar_steps", "contact_cards"]


def _name_parts(value: object) -> tuple[str, str, str, str, str] | None:
    if not isinstance(value, dict):
        return None
    parts = [str(value.get(k) or "") for k in NAME_PARTS]
    return (parts[0], parts[1], parts[2], parts[3], parts[4]) if any(parts) else None


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str) and value.strip() else None


def pending_steps(application: str | None = None) -> list[PendingStep]:
    """Every pending step, by due date (optionally of one application)."""

    rows = Step.objects.filter(status=StepStatus.PENDING)
    if application:
        rows = rows.filter(application__slug=application)
    return _steps(rows)


def calendar_steps(settled_since: dt.date) -> list[PendingStep]:
    """Every pending step, and the settled ones (done, skipped, cancelled) due on or after
    ``settled_since``: a calendar that imported them while pending learns they are over."""

    return _steps(Step.objects.filter(Q(status=StepStatus.PENDING) | Q(due__gte=settled_since)))


def _steps(query: Any) -> list[PendingStep]:
    # Plain rows, not model instances: a long search's calendar holds thousands of steps.
    rows = query.order_by("due", "id").values_list(
        "id",
        "application__slug",
        "application__company",
        "application__role",
        "kind",
        "contact_key",
        "contact__name",
        "contact__phone",
        "contact__email",
        "due",
        "flags",
        "status",
        "done_on",
    )
    return [
        PendingStep(i, slug, company, role, kind, key, name, phone, email, due, tuple(split_flags(flags)), status, done)
        for i, slug, company, role, kind, key, name, phone, email, due, flags, status, done in rows
    ]


def contact_cards(application: str | None = None) -> list[ContactCard]:
    rows = Contact.objects.select_related("application").order_by("application_id", "position", "id")
    if application:
        rows = rows.filter(application__slug=application)
    cards = []
    for c in rows:
        extra = c.extra if isinstance(c.extra, dict) else {}
        phones = [c.phone, *extra.get("phones", [])] if c.phone else list(extra.get("phones", []))
        emails = [c.email, *extra.get("emails", [])] if c.email else list(extra.get("emails", []))
        types = extra.get("phone_types")
        cards.append(
            ContactCard(
                c.application.slug,
                c.application.company,
                c.application.role,
                c.key,
                c.name,
                c.role,
                c.title,
                tuple(str(p) for p in dict.fromkeys(phones) if p),
                tuple(str(e) for e in dict.fromkeys(emails) if e),
                _name_parts(extra.get("name_parts")),
                _text(extra.get("organization")),
                _text(extra.get("unit")),
                tuple((str(k), str(v)) for k, v in types.items()) if isinstance(types, dict) else (),
            )
        )
    return cards


def application_states() -> list[ApplicationState]:
    pending = Prefetch(
        "steps", queryset=Step.objects.filter(status=StepStatus.PENDING).order_by("due", "id"), to_attr="todo"
    )
    out = []
    rows: Any = Application.objects.prefetch_related("contacts", "events", pending).order_by("id")
    for row in rows:
        officer = next((c for c in row.contacts.all() if c.role == "hiring_officer"), None)
        interviews = [e.on for e in row.events.all() if e.type == "interview"]
        first = row.todo[0] if row.todo else None
        out.append(
            ApplicationState(
                row.slug,
                row.company,
                row.role,
                row.applied_on,
                row.status,
                row.outcome,
                officer.name if officer else None,
                officer.email if officer else None,
                max(interviews) if interviews else None,
                first.kind if first else None,
                first.due if first else None,
                len(row.todo),
                job.from_columns(row),
            )
        )
    return out


def profile_timezone() -> str:
    return get_profile().timezone
