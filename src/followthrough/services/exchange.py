"""The whole job search in and out (followthrough/1): imports are all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from followthrough.core import codec
from followthrough.core.codec import Document, Extras
from followthrough.core.model import JobSearch
from followthrough.services.planning import replan, to_domain
from followthrough.services.profile import get_profile, own_playbooks, profile_extra
from followthrough.services.profile_edit import save_own_playbooks, save_profile

Progress = Callable[[int], None]


def import_document(document: Document, progress: Progress | None = None) -> int:
    """Load a checked document in one transaction: its applications replace those with
    the same id, others are kept. Returns how many applications it brought."""
    from django.db import transaction

    from followthrough.store.models import Application as ApplicationRow
    from followthrough.store.models import Contact as ContactRow
    from followthrough.store.models import Event as EventRow

    job_search = document.job_search
    with transaction.atomic():
        save_own_playbooks(job_search.playbooks)
        if job_search.profile is not None:
            save_profile(job_search.profile, document.profile_extra)
        extras = document.extras or tuple(Extras() for _ in job_search.applications)
        for app, extra in zip(job_search.applications, extras, strict=True):
            ApplicationRow.objects.filter(slug=app.id).delete()
            row = ApplicationRow.objects.create(
                slug=app.id,
                company=app.company,
                role=app.role,
                applied_on=app.applied_on,
                extra=extra.application | ({"playbook": app.playbook} if app.playbook else {}),
                domains=list(app.domains),
            )
            ContactRow.objects.bulk_create(
                ContactRow(
                    application=row,
                    key=c.key,
                    name=c.name,
                    role=c.role.value,
                    title=c.title,
                    phone=c.phone,
                    email=c.email,
                    relation=c.relation,
                    position=i,
                    extra=extra.contacts[i] if i < len(extra.contacts) else {},
                )
                for i, c in enumerate(app.contacts)
            )
            EventRow.objects.bulk_create(
                EventRow(
                    application=row,
                    position=i,
                    type=codec.event_type(e),
                    on=e.on,
                    payload=codec.event_to_dict(e) | (extra.events[i] if i < len(extra.events) else {}),
                )
                for i, e in enumerate(app.events)
            )
            replan(ApplicationRow.objects.prefetch_related("contacts", "events", "steps").get(pk=row.pk))
            if progress:
                progress(1)
    return len(job_search.applications)


def export_document() -> Document:
    from followthrough.store.models import Application as ApplicationRow

    apps, extras = [], []
    rows: Any = ApplicationRow.objects.prefetch_related("contacts", "events").order_by("id")
    for row in rows:
        apps.append(to_domain(row))
        extras.append(_extras(row))
    profile_row_exists = bool(profile_extra()) or _has_profile()
    profile = get_profile() if profile_row_exists else None
    own = tuple(own_playbooks().values())
    return Document(JobSearch(profile, tuple(apps), own), profile_extra(), tuple(extras))


def _extras(row: Any) -> Extras:
    return Extras(
        {k: v for k, v in row.extra.items() if k != "playbook"},
        tuple(dict(c.extra) for c in row.contacts.all()),
        tuple(_unknown(e.payload) for e in row.events.all()),
    )


def application_record(row: Any) -> dict[str, Any]:
    """One stored application as the exchange format writes it (with the fields this
    version does not know)."""
    return codec.application_to_dict(to_domain(row), _extras(row))


def _unknown(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k not in codec.EVENT_FIELDS}


def _has_profile() -> bool:
    from followthrough.store.models import Profile

    return Profile.objects.exists()
