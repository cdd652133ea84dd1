"""What comes next once today's steps are done: for a calm empty agenda."""

from __future__ import annotations

import datetime as dt

from followthrough.core.agenda import AgendaEntry, split_flags


def next_steps(after: dt.date, limit: int = 3) -> list[AgendaEntry]:
    """The first pending steps due after ``after``, soonest first."""
    from followthrough.store.models import Step

    rows = (
        Step.objects.filter(status="pending", due__gt=after)
        .select_related("application", "contact")
        .order_by("due", "application__slug", "kind", "contact_key")[:limit]
    )
    return [
        AgendaEntry(
            s.id,
            s.application.slug,
            s.application.company,
            s.application.role,
            s.kind,
            s.contact_key,
            s.contact.name if s.contact else None,
            s.due,
            split_flags(s.flags),
        )
        for s in rows
    ]
