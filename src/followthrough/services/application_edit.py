"""`edit APPLICATION`: what the application is and the method it follows, in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from followthrough.services import editing
from followthrough.services.playbooks import set_application_playbook


def edit_application(
    slug: str,
    playbook: str | None,
    company: str | None = None,
    role: str | None = None,
    applied_on: dt.date | None = None,
    new_id: str | None = None,
    **job_fields: Any,
) -> tuple[str, list[str]]:
    """`edit APPLICATION`: what it is and, with ``playbook``, the method it follows, in one
    transaction. Returns its id (new or not) and what changed, in words."""
    from django.db import transaction

    changed: list[str] = []
    with transaction.atomic():
        job_given = any(v is not None for v in job_fields.values())
        if any(v is not None for v in (company, role, applied_on, new_id)) or job_given or playbook is None:
            edited = editing.edit_application(slug, company, role, applied_on, new_id, **job_fields)
            slug = edited.id
            changed += [f.replace("_", " ") for f in edited.changed]
        if playbook is not None:
            set_application_playbook(slug, playbook)
            changed.append(f"playbook ({playbook})")
    return slug, changed
