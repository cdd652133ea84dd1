"""The whole job search in and out (followthrough/1): imports are all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction

from followthrough import clock
from followthrough.core import codec, job
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.codec import Document, Extras
from followthrough.core.model import Application, JobSearch, Plan
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.planning import Books, current_books, plan_for, to_domain
from followthrough.services.jobsearch.profile import (
    business_calendar,
    get_profile,
    keep_readings,
    own_playbooks,
    profile_extra,
)
from followthrough.services.jobsearch.profile_edit import save_own_playbooks, save_profile
from followthrough.store import bulk
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import Contact as ContactRow
from followthrough.store.models import Event as EventRow
from followthrough.store.models import Profile
from followthrough.store.models import Step as StepRow
from followthrough.store.step_rows import application_facts, step_row

Progress = Callable[[int], None]
CHUNK = 500  # applications written per round of bulk inserts


def import_document(document: Document, progress: Progress | None = None) -> int:
    """Load a checked document in one transaction: its applications replace those with
    the same id, others are kept. Returns how many applications it brought.

    Each application is planned once, before the transaction starts, so the write lock is
    held only for the bulk inserts. ``progress`` is told twice per application: once
    when it is planned, once when it is written.
    """

    job_search = document.job_search
    apps = job_search.applications
    extras = document.extras or tuple(Extras() for _ in apps)
    calendar, books = _rules_after(job_search)
    plans = _plan_all(apps, calendar, books, progress)
    with transaction.atomic():
        slugs = [app.id for app in apps]
        for start in range(0, len(slugs), CHUNK):
            replaced = ApplicationRow.objects.filter(slug__in=slugs[start : start + CHUNK])
            StepRow.objects.filter(application__in=replaced).delete()  # one statement; spares a SET NULL per step
            replaced.delete()
        save_own_playbooks(job_search.playbooks)
        if job_search.profile is not None:
            save_profile(job_search.profile, document.profile_extra)
        now = (business_calendar(), current_books())
        if _rules(now[0], now[1]) != _rules(calendar, books):  # the profile changed meanwhile
            plans = _plan_all(apps, now[0], now[1], None)
        for start in range(0, len(apps), CHUNK):
            chunk = slice(start, start + CHUNK)
            _write(apps[chunk], extras[chunk], plans[chunk])
            if progress:
                progress(len(apps[chunk]))
        keep_readings()  # what dateparser read while planning, kept as re-planning keeps it
    return len(apps)


def _rules_after(job_search: JobSearch) -> tuple[BusinessCalendar, Books]:
    """The calendar and playbooks the applications will be planned with once the file is in."""
    own, default = current_books()
    own = own | {book.name: book for book in job_search.playbooks}
    if job_search.profile is not None:
        return business_calendar(job_search.profile), (own, job_search.profile.playbook)
    return business_calendar(), (own, default)


def _rules(calendar: BusinessCalendar, books: Books) -> tuple[object, ...]:
    """What a plan depends on besides the application (a holiday table kept or not aside)."""
    return calendar.country, calendar.away, books


def _plan_all(
    apps: Sequence[Application], calendar: BusinessCalendar, books: Books, progress: Progress | None
) -> list[Plan]:
    plans = []
    for app in apps:
        plans.append(plan_for(app, calendar, books))
        if progress:
            progress(1)
    return plans


def _write(apps: Sequence[Application], extras: Sequence[Extras], plans: Sequence[Plan]) -> None:
    """Store applications, their contacts, events and planned steps: four bulk inserts,
    and two reads for the ids the database gave."""

    bulk.insert(
        ApplicationRow,
        (
            {"slug": app.id, "company": app.company, "role": app.role, "applied_on": app.applied_on,
             "extra": extra.application | ({"playbook": app.playbook} if app.playbook else {}),
             "domains": list(app.domains), **application_facts(app, plan),
             **job.columns(app.job)}
            for app, extra, plan in zip(apps, extras, plans, strict=True)
        ),
    )  # fmt: skip
    ids = dict(ApplicationRow.objects.filter(slug__in=[app.id for app in apps]).values_list("slug", "id"))
    bulk.insert(
        ContactRow,
        (
            {"application_id": ids[app.id], "key": c.key, "name": c.name, "role": c.role.value, "title": c.title,
             "phone": c.phone, "email": c.email, "relation": c.relation, "salutation": c.salutation,
             "person": c.person, "position": i,
             "extra": extra.contacts[i] if i < len(extra.contacts) else {}}
            for app, extra in zip(apps, extras, strict=True)
            for i, c in enumerate(app.contacts)
        ),
    )  # fmt: skip
    contacts = ContactRow.objects.filter(application_id__in=list(ids.values()))
    contact_ids = {(app_id, key): cid for app_id, key, cid in contacts.values_list("application_id", "key", "id")}
    recorded = clock.now()  # an imported interview is recorded now (the interview morning reads it)
    bulk.insert(
        EventRow,
        (
            {"application_id": ids[app.id], "position": i, "type": codec.event_type(e), "on": e.on,
             "recorded_at": recorded,
             "payload": codec.event_to_dict(e) | (extra.events[i] if i < len(extra.events) else {})}
            for app, extra in zip(apps, extras, strict=True)
            for i, e in enumerate(app.events)
        ),
    )  # fmt: skip
    bulk.insert(
        StepRow,
        (
            {"id": step.id, "application_id": ids[app.id],
             **step_row(step, contact_ids.get((ids[app.id], step.contact or "")))}
            for app, plan in zip(apps, plans, strict=True)
            for step in plan.steps
        ),
    )  # fmt: skip


def export_document() -> Document:
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


def bring_back(record: dict[str, Any]) -> Plan:
    """Store again an application deleted with everything in it, from its record as the
    journal keeps it; refused, changing nothing, while another has its id."""

    own, _default = current_books()
    try:
        app, extras = codec.application_from_dict(record, "application", own)
    except codec.InvalidData as error:
        raise UserError(str(error)) from None
    with transaction.atomic():
        if ApplicationRow.objects.filter(slug=app.id).exists():
            raise UserError(f"another application has the id {app.id} now: nothing was restored")
        plan = plan_for(app, business_calendar(), current_books())
        _write([app], [extras], [plan])
        keep_readings()
    return plan


def application_record(row: Any) -> dict[str, Any]:
    """One stored application as the exchange format writes it (with the fields this
    version does not know)."""
    return codec.application_to_dict(to_domain(row), _extras(row))


def _unknown(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k not in codec.EVENT_FIELDS}


def _has_profile() -> bool:
    return Profile.objects.exists()
