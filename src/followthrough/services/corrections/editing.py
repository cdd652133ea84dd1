"""Correcting an application itself and its people: edit, rename, remove, delete.

Each is one change (services.jobsearch.changes.changing); what it replaces or takes out goes to the
journal first (services.corrections.keep), so it can be seen afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError, transaction

from followthrough.core import codec, job
from followthrough.core.model import Contact, ContactRole, Interview, Plan, Response, StepDone, StepSkipped
from followthrough.services.corrections.journal_entries import keep
from followthrough.services.errors import Field, Hint, Refusal, UserError
from followthrough.services.files.exchange import application_record
from followthrough.services.jobsearch.applications import check_one_line, job_with, make_id, one_hiring_officer
from followthrough.services.jobsearch.changes import changing
from followthrough.services.jobsearch.checks import check_email, check_not_after_today, check_phone
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import Contact as ContactRow
from followthrough.store.models import JournalEntry, Reminder, SentMessage


@dataclass(frozen=True)
class ApplicationEdited:
    id: str  # the id it has now
    plan: Plan
    changed: tuple[str, ...]  # the fields that changed, by name


def _summary(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.slug, "company": row.company, "role": row.role}
    if row.applied_on:
        out["applied_on"] = row.applied_on.isoformat()
    return out | job.from_columns(row).to_dict()


def correct_application(
    slug: str,
    company: str | None = None,
    role: str | None = None,
    applied_on: dt.date | None = None,
    new_id: str | None = None,
    **job_fields: Any,
) -> ApplicationEdited:
    """Change what the application is; a new id keeps everything (steps, reminders, sent
    messages and the journal follow it). ``job_fields``: the job's (core.job.FIELDS), each
    None to leave it, "" (or [] for tags) to clear it."""

    check_one_line(company=company, role=role, id=new_id)
    if (company is not None and not company.strip()) or (role is not None and not role.strip()):
        raise UserError("company and role must not be empty")
    try:
        if new_id is not None:
            codec.check_id(new_id, Field.APPLICATION_ID)
    except codec.InvalidData as error:
        raise Refusal(f"{error.message}, e.g. {make_id(str(new_id))!r}", Field.APPLICATION_ID, new_id) from None
    try:
        if applied_on is not None:
            codec.check_date(applied_on, Field.APPLIED_ON)
    except codec.InvalidData as error:
        raise Refusal(error.message, Field.APPLIED_ON, applied_on) from None
    with changing(slug) as change:
        check_not_after_today(applied_on, change.today)
        row = change.row
        before = _summary(row)
        edited_job = job_with(change.application.job, **job_fields)
        for column, value in job.columns(edited_job).items():
            setattr(row, column, value)
        if company is not None:
            row.company = company.strip()
        if role is not None:
            row.role = role.strip()
        if applied_on is not None:
            row.applied_on = applied_on
        if new_id is not None and new_id != slug:
            if ApplicationRow.objects.filter(slug=new_id).exists():
                raise Refusal("another application has that id", Field.APPLICATION_ID, new_id, Hint.CHOOSE_ANOTHER_ID)
            row.slug = new_id
        after = _summary(row)
        fields = ("id", "company", "role", "applied_on", *job.FIELDS)
        changed = tuple(k for k in fields if before.get(k) != after.get(k))
        if not changed:
            raise UserError(f"{slug} already says that: nothing changed")
        keep(slug, "application", "edited", before, after=after)
        try:
            with transaction.atomic():  # a savepoint: another rename to this id may commit first
                row.save(update_fields=["slug", "company", "role", "applied_on", *job.FIELDS])
        except IntegrityError:
            taken = Refusal("another application has that id", Field.APPLICATION_ID, new_id, Hint.CHOOSE_ANOTHER_ID)
            raise taken from None
        old = change.plan
        plan = change.replan(
            replace(
                change.application,
                id=row.slug,
                company=row.company,
                role=row.role,
                applied_on=row.applied_on,
                job=edited_job,
            )
        )
        if row.slug != slug:
            _follow_rename(slug, row.slug, old, plan)
        return ApplicationEdited(row.slug, plan, changed)


def _follow_rename(old_slug: str, new_slug: str, old: Plan, new: Plan) -> None:
    """A step's id is made from the application's: the same plan under the new id has the
    same steps in the same order, so what was keyed to the old ids moves to the new ones
    (a reminder sent stays sent, a note sent stays sent)."""

    moved = {
        a.id: b.id for a, b in zip(old.steps, new.steps, strict=False) if (a.kind, a.contact) == (b.kind, b.contact)
    }
    for before, after in moved.items():
        Reminder.objects.filter(step_id=before).update(step_id=after)
        SentMessage.objects.filter(step_id=before).update(step_id=after)
    SentMessage.objects.filter(application_slug=old_slug).update(application_slug=new_slug)
    JournalEntry.objects.filter(application_slug=old_slug).update(application_slug=new_slug)


# -- people ---------------------------------------------------------------------------------


def edit_contact(slug: str, key: str, replace_officer: bool = False, **fields: str | None) -> Plan:
    """Change some of a contact's fields ("" clears an optional one). Becoming the hiring
    officer while another is on file needs ``replace_officer``."""

    given = {k: v for k, v in fields.items() if v is not None}
    if not given:
        raise Refusal("nothing to change", hint=Hint.GIVE_CHANGES)
    check_one_line(**given)
    if "role" in given and given["role"] not in {r.value for r in ContactRole}:
        raise Refusal(f"one of {', '.join(r.value for r in ContactRole)}", Field.CONTACT_ROLE, given["role"])
    if "name" in given and not str(given["name"]).strip():
        raise Refusal("must not be empty", Field.CONTACT_NAME)
    check_email(given.get("email"))
    with changing(slug) as change:
        check_phone(given.get("phone"), change.profile.country)
        row = ContactRow.objects.filter(application=change.row, key=key).first()
        if row is None:
            raise _no_contact(change, key)
        before = codec.contact_to_dict(change.application.contact(key))  # type: ignore[arg-type]
        if given.get("role") == ContactRole.HIRING_OFFICER.value and row.role != ContactRole.HIRING_OFFICER.value:
            one_hiring_officer(change, replace_officer, keeping=key)
        for field, value in given.items():
            # A name is kept trimmed; a salutation of spaces greets them by their first name.
            kept = value.strip() if field in ("name", "salutation") else value
            setattr(row, field, kept if field == "name" else kept or None)
        row.save()
        plan = change.contacts_changed()
        after = codec.contact_to_dict(change.application.contact(key))  # type: ignore[arg-type]
        if after == before:
            raise UserError(f"{key} already says that: nothing changed")
        keep(slug, "contact", "edited", before, key=key, after=after)
        return plan


def remove_contact(slug: str, key: str) -> Plan:
    """Take a person out of the application: refused while an event names them."""

    with changing(slug) as change:
        contact = change.application.contact(key)
        if contact is None:
            raise _no_contact(change, key)
        naming = [n for n, event in enumerate(change.application.events, start=1) if _names(event, key)]
        if naming:
            numbers = ", ".join(map(str, naming))
            raise Refusal(
                f"{contact.name} ({key}) is named in event{'s' * (len(naming) > 1)} {numbers} of {slug}: "
                "edit or remove those first",
                hint=Hint.SEE_EVENTS,
                application=slug,
                company=change.application.company,
            )
        keep(slug, "contact", "removed", codec.contact_to_dict(contact), key=key)
        ContactRow.objects.filter(application=change.row, key=key).delete()
        return change.contacts_changed()


def _names(event: object, key: str) -> bool:
    if isinstance(event, Interview):
        return key in event.with_
    if isinstance(event, Response):
        return event.from_ == key
    if isinstance(event, StepDone | StepSkipped):
        return event.contact == key
    return getattr(event, "contact", None) == key


def _no_contact(change: Any, key: str) -> UserError:
    known = ", ".join(c.key for c in change.application.contacts) or "none"
    return UserError(f"no contact {key!r} in {change.application.id} (contacts: {known})")


# -- the whole application ------------------------------------------------------------------


def delete_application(slug: str) -> dict[str, Any]:
    """Delete the application with everything in it; its whole record (as `export`
    writes it) stays in the journal. Returns that record."""

    with changing(slug) as change:
        record = application_record(change.row)
        keep(slug, "application", "deleted", record)
        change.row.delete()
        return record


# -- putting back what the journal keeps (services.corrections.restoring) --------------------


def contact_back(slug: str, was: dict[str, Any]) -> Plan:
    """Add again a person the journal keeps, under the same key."""

    try:
        contact, extra = codec.contact_from_dict(was, "contact")
    except codec.InvalidData as error:
        raise UserError(str(error)) from None
    with changing(slug) as change:
        if change.application.contact(contact.key) is not None:
            who = f"{change.application.company} has someone else under the key {contact.key!r} now"
            raise UserError(f"{who}: nothing was restored")
        if contact.role is ContactRole.HIRING_OFFICER:
            _no_other_officer(change, contact.key)
        position = 1 + max((c.position for c in change.row.contacts.all()), default=-1)
        ContactRow.objects.create(
            application=change.row, key=contact.key, position=position, extra=extra, **_columns(contact)
        )
        return change.contacts_changed()


def _columns(contact: Contact) -> dict[str, Any]:
    """A person's columns as the store keeps them (their key and place aside)."""
    return {
        "name": contact.name,
        "role": contact.role.value,
        "title": contact.title,
        "phone": contact.phone,
        "email": contact.email,
        "relation": contact.relation,
        "salutation": contact.salutation,
        "person": contact.person,
    }


def contact_version_back(slug: str, key: str, now: dict[str, Any], then: dict[str, Any]) -> Plan:
    """Make the person who says ``now`` (as an edit left them) say ``then`` again."""

    try:
        contact, _extra = codec.contact_from_dict(then, "contact")
    except codec.InvalidData as error:
        raise UserError(str(error)) from None
    with changing(slug) as change:
        current = change.application.contact(key)
        if current is None or codec.contact_to_dict(current) != now:
            who = f"the person {key!r} of {change.application.company}"
            raise UserError(f"{who} was changed or removed since: nothing was restored")
        if contact.role is ContactRole.HIRING_OFFICER:
            _no_other_officer(change, key)
        keep(slug, "contact", "edited", now, key=key, after=then)
        ContactRow.objects.filter(application=change.row, key=key).update(**_columns(contact))
        return change.contacts_changed()


def _no_other_officer(change: Any, key: str) -> None:
    others = [c for c in change.application.contacts if c.role is ContactRole.HIRING_OFFICER and c.key != key]
    if others:
        raise UserError(f"{others[0].name} is the hiring officer of {change.application.id} now: nothing was restored")


def application_version_back(now: dict[str, Any], then: dict[str, Any]) -> str:
    """Make the application an edit left saying ``now`` say ``then`` again (its id too);
    its id now."""

    slug, wanted = str(now.get("id")), str(then.get("id"))
    try:
        edited_job = job.job_from_dict(then)
        applied_on = dt.date.fromisoformat(then["applied_on"]) if then.get("applied_on") else None
    except (codec.InvalidData, ValueError) as error:
        raise UserError(str(error)) from None
    with changing(slug) as change:
        row = change.row
        if _summary(row) != now:
            raise UserError(f"the application {slug} was changed again since: nothing was restored")
        if wanted != slug and ApplicationRow.objects.filter(slug=wanted).exists():
            raise UserError(f"another application has the id {wanted} now: nothing was restored")
        keep(slug, "application", "edited", now, after=then)
        row.slug, row.company, row.role, row.applied_on = wanted, then["company"], then["role"], applied_on
        for column, value in job.columns(edited_job).items():
            setattr(row, column, value)
        row.save(update_fields=["slug", "company", "role", "applied_on", *job.FIELDS])
        old = change.plan
        application = replace(
            change.application, id=wanted, company=row.company, role=row.role, applied_on=applied_on, job=edited_job
        )
        plan = change.replan(application)
        if wanted != slug:
            _follow_rename(slug, wanted, old, plan)
        return wanted
