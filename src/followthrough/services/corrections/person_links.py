"""Who is the same person, as the user says: two contacts of different applications linked
(one person to call, one card, whatever their addresses), or one contact unlinked (a
person of their own, whoever shares their address or number).

The link is the contact's ``person`` key (core.together.people reads it). Each change is
one transaction, the applications locked in a fixed order; what a contact said before
goes to the journal, so a link or an unlink can be undone like any edit of a person.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction

from followthrough.core import codec
from followthrough.core.model import ApplicationStatus
from followthrough.services.corrections.journal_entries import keep
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.changes import no_application, to_domain_contact
from followthrough.services.jobsearch.together import lock_in_order, same_people
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import Contact as ContactRow

__all__ = ["Elsewhere", "Linked", "Other", "link_contacts", "people_elsewhere", "unlink_contact"]


@dataclass(frozen=True)
class Linked:
    """Two contacts now one person (``person``: the key they share)."""

    person: str
    first: tuple[str, str, str]  # application, key, name
    second: tuple[str, str, str]


@dataclass(frozen=True)
class Other:
    """A contact of another open application."""

    application: str
    key: str
    name: str
    company: str
    role: str  # the job's title


@dataclass(frozen=True)
class Elsewhere:
    """For one application's people: who each is in the other open applications (``same``,
    by contact key), and everyone there a contact could be linked with (``others``)."""

    same: dict[str, list[Other]]
    others: list[Other]


def people_elsewhere(slug: str) -> Elsewhere:
    """Who the people of ``slug`` are in the other open applications, and who else is there."""

    rows = ContactRow.objects.filter(application__status=ApplicationStatus.OPEN.value).exclude(application__slug=slug)
    fields = ("application__slug", "key", "name", "application__company", "application__role")
    others = [Other(*row) for row in rows.order_by("application__slug", "position", "id").values_list(*fields)]
    by_pair = {(o.application, o.key): o for o in others}
    same = {key: [by_pair[p] for p in pairs if p in by_pair] for key, pairs in same_people(slug).items()}
    return Elsewhere(same, others)


def _contact(slug: str, key: str) -> ContactRow:
    if not ApplicationRow.objects.filter(slug=slug).exists():
        raise no_application(slug)
    row = ContactRow.objects.select_related("application").filter(application__slug=slug, key=key).first()
    if row is None:
        known = ", ".join(ContactRow.objects.filter(application__slug=slug).values_list("key", flat=True)) or "none"
        raise UserError(f"no contact {key!r} in {slug} (contacts: {known})")
    return row


def _set_person(row: ContactRow, person: str | None) -> None:
    before = codec.contact_to_dict(to_domain_contact(row))
    row.person = person
    row.save(update_fields=["person"])
    keep(
        row.application.slug,
        "contact",
        "edited",
        before,
        key=row.key,
        after=codec.contact_to_dict(to_domain_contact(row)),
    )


def link_contacts(slug: str, key: str, other_slug: str, other_key: str) -> Linked:
    """Make contact ``key`` of ``slug`` the same person as ``other_key`` of ``other_slug``
    (joining whoever that one is linked with already)."""

    if slug == other_slug:
        raise UserError(f"both are in {slug}: link a contact with one in another application")
    with transaction.atomic():
        lock_in_order([slug, other_slug])
        first, second = _contact(slug, key), _contact(other_slug, other_key)
        if first.person and first.person == second.person:
            raise UserError(f"{first.name} and {second.name} are one person already: nothing changed")
        person = second.person or first.person or uuid.uuid4().hex[:12]
        for row in (first, second):
            if row.person != person:
                _set_person(row, person)
        return Linked(person, (slug, key, first.name), (other_slug, other_key, second.name))


def unlink_contact(slug: str, key: str) -> str:
    """Make contact ``key`` of ``slug`` a person of their own: linked to no one, and not
    one person with others by a shared address or number. Their name."""

    with transaction.atomic():
        lock_in_order([slug])
        row = _contact(slug, key)
        alone = not ContactRow.objects.filter(person=row.person).exclude(id=row.id).exists() if row.person else False
        if alone:
            raise UserError(f"{row.name} is a person of their own already: nothing changed")
        _set_person(row, uuid.uuid4().hex[:12])
        return row.name
