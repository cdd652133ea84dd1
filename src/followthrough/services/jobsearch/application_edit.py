"""`edit APPLICATION`: what the application is and the method it follows, in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from followthrough.core.mail_domains import mail_domain
from followthrough.services.corrections import editing
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.playbooks import set_application_playbook
from followthrough.services.mail import watch


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

    changed: list[str] = []
    with transaction.atomic():
        job_given = any(v is not None for v in job_fields.values())
        if any(v is not None for v in (company, role, applied_on, new_id)) or job_given or playbook is None:
            edited = editing.correct_application(slug, company, role, applied_on, new_id, **job_fields)
            slug = edited.id
            changed += [f.replace("_", " ") for f in edited.changed]
        if playbook is not None:
            set_application_playbook(slug, playbook)
            changed.append(f"playbook ({playbook})")
    return slug, changed


def edit_details(
    slug: str,
    company: str,
    role: str,
    applied_on: dt.date | None,
    domains: list[str] | None = None,
    new_id: str | None = None,
    **job_fields: Any,
) -> tuple[str, list[str]]:
    """The application page's edit form: what it is, its id (``new_id``: everything
    follows it, a taken one is refused), the job, and the company's mail domains (for the
    reply watcher), in one transaction; a fault anywhere changes nothing. Returns the id it
    has now and the domains now watched."""

    wanted = None if domains is None else list(dict.fromkeys(mail_domain(d) for d in domains))  # checked first
    with transaction.atomic():
        before = watch.current_domains(slug)
        try:
            edited = editing.correct_application(
                slug, company=company, role=role, applied_on=applied_on, new_id=new_id, **job_fields
            )
            slug = edited.id
        except UserError as error:
            # Only the domains changed: the rest "already says that", and that is fine.
            if wanted is None or wanted == before or not str(error).endswith("nothing changed"):
                raise
        return slug, before if wanted is None else watch.replace_domains(slug, wanted)
