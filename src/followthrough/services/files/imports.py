"""Storing what the calendar, contact and spreadsheet importers read.

The readers (followthrough.interop) check a whole file before anything here runs; each
function here then writes everything in one transaction, or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from followthrough.core import codec, job
from followthrough.core.model import ContactRole
from followthrough.core.naming import slugify
from followthrough.core.records import NAME_PARTS, Attendee, CardContact, Invitation, TrackerRow
from followthrough.services.errors import Hint, Refusal, UserError
from followthrough.services.jobsearch import tracker_outcomes
from followthrough.services.jobsearch.applications import application_row, make_id
from followthrough.services.jobsearch.planning import replan
from followthrough.services.jobsearch.profile import get_profile, today
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import Contact as ContactRow
from followthrough.store.models import Event as EventRow

__all__ = ["Attendee", "CardContact", "Invitation", "TrackerRow", "save_cards", "save_invitations", "save_tracker"]

Progress = Callable[[int], None]


# -- what is stored passes the exchange format's checks ----------------------------------
# Every importer's values end up in a followthrough/1 backup: checked here by the same
# codec, so that whatever an import stored, `export --json` writes a file `import` takes.


def _restorable(check: Callable[[], object], where: str) -> None:
    try:
        check()
    except codec.InvalidData as error:
        raise UserError(f"{where}: {error.message} ({error.path})") from None


def _check_contact(row: Any, where: str) -> None:
    fields = {"key": row.key, "name": row.name, "role": row.role}
    fields |= {
        k: getattr(row, k)
        for k in ("title", "phone", "email", "relation", "salutation", "person")
        if getattr(row, k) is not None
    }
    _restorable(lambda: codec.contact_from_dict(dict(row.extra or {}) | fields, "contact"), where)


def _check_application(
    slug: str, company: str, role: str, applied_on: dt.date | None, extra: dict[str, Any], where: str
) -> None:
    fields: dict[str, Any] = {"id": slug, "company": company, "role": role}
    if applied_on is not None:
        fields["applied_on"] = applied_on.isoformat()
    _restorable(lambda: codec.application_from_dict(extra | fields, "application"), where)


def _check_interview(payload: dict[str, Any], keys: set[str], where: str) -> None:
    def check() -> None:
        codec.event_from_dict(payload, "interview", keys)
        codec.check_event_extra({k: v for k, v in payload.items() if k not in codec.EVENT_FIELDS}, "interview")

    _restorable(check, where)


# -- contacts -------------------------------------------------------------------------


def _find_contact(contacts: Sequence[Any], name: str, emails: Sequence[str]) -> Any:
    wanted = {e.lower() for e in emails}
    for c in contacts:
        known = {x.lower() for x in [c.email, *(c.extra or {}).get("emails", [])] if x}
        if wanted & known:
            return c
    folded = " ".join(name.split()).casefold()
    return next((c for c in contacts if " ".join(c.name.split()).casefold() == folded), None)


_HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "dame", "rev", "hon"}


def _new_key(name: str, taken: set[str]) -> str:
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".").casefold() in _HONORIFICS:
        words = words[1:]  # "Dr. Nia Okafor" is nia, not dr
    base = (make_id(words[0]) if words else "") or "contact"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}{n}", n + 1
    taken.add(key)
    return key


def _merge(row: Any, title: str | None, phones: Sequence[str], emails: Sequence[str]) -> bool:
    """Fill the contact's details from a card; True if anything changed."""
    changed = False
    if title and row.title != title:
        row.title, changed = title, True
    extra = dict(row.extra or {})
    for field_name, values in (("phone", phones), ("email", emails)):
        if not values:
            continue
        current = getattr(row, field_name)
        if not current:
            setattr(row, field_name, values[0])
            current, changed = values[0], True
        more = [v for v in values if v != current and v not in extra.get(f"{field_name}s", [])]
        if more:
            extra[f"{field_name}s"] = [*extra.get(f"{field_name}s", []), *more]
            changed = True
    if changed:
        row.extra = extra
    return changed


def _merge_card(row: Any, card: CardContact, company: str) -> bool:
    """Keep what a card says beyond name, title, phones and e-mails, in the contact's extra
    fields: N's parts when the name alone would not give them back, an organization other
    than the application's company, its unit, and phone types other than work."""

    extra = dict(row.extra or {})
    before = dict(extra)
    if card.name_parts:
        given, _, family = card.name.rpartition(" ")
        plain = ("", given, "", family, "") if family else ("", "", "", card.name, "")
        if tuple(card.name_parts) != plain:
            extra["name_parts"] = {k: v for k, v in zip(NAME_PARTS, card.name_parts, strict=True) if v}
    if card.organization and " ".join(card.organization.split()).casefold() != " ".join(company.split()).casefold():
        extra["organization"] = card.organization
    if card.unit:
        extra["unit"] = card.unit
    types = {phone: kind for phone, kind in card.phone_types if kind != "work"}
    if types:
        extra["phone_types"] = dict(extra.get("phone_types") or {}) | types
    if extra == before:
        return False
    row.extra = extra
    return True


def save_cards(slug: str, cards: Sequence[CardContact], role: ContactRole | None = None) -> tuple[int, int]:
    """Add the cards' people to an application (or update those already there).

    Without ``role``, the first card becomes the hiring officer when the application has
    none yet (the card asked for at the interview; an interviewer already recorded is
    promoted), the others interviewers.
    Returns (added, updated).
    """

    added = updated = 0
    with transaction.atomic():
        app = application_row(slug, lock=True)
        contacts = list(app.contacts.all())
        taken = {c.key for c in contacts}
        has_officer = any(c.role == ContactRole.HIRING_OFFICER.value for c in contacts)
        for card in cards:
            row = _find_contact(contacts, card.name, card.emails)
            if row is not None:
                wanted = role
                if wanted is None and not has_officer and row.role == ContactRole.INTERVIEWER.value:
                    wanted = ContactRole.HIRING_OFFICER  # an interviewer whose card was asked for
                role_changed = wanted is not None and row.role != wanted.value
                if wanted is not None and role_changed:
                    row.role = wanted.value
                has_officer = has_officer or row.role == ContactRole.HIRING_OFFICER.value
                merged = _merge(row, card.title, card.phones, card.emails)
                if _merge_card(row, card, app.company) or merged or role_changed:
                    _check_contact(row, card.where)
                    row.save()
                    updated += 1
                continue
            new_role = role or (ContactRole.INTERVIEWER if has_officer else ContactRole.HIRING_OFFICER)
            has_officer = has_officer or new_role is ContactRole.HIRING_OFFICER
            row = ContactRow(
                application=app, key=_new_key(card.given_name or card.name, taken), name=card.name,
                role=new_role.value, position=len(contacts), extra={},
            )  # fmt: skip
            _merge(row, card.title, card.phones, card.emails)
            _merge_card(row, card, app.company)
            _check_contact(row, card.where)
            row.save()
            contacts.append(row)
            added += 1
        if added or updated:
            replan(application_row(slug))
    return added, updated


# -- interview invitations ------------------------------------------------------------


@dataclass(frozen=True)
class _Company:
    slug: str
    name: str  # folded
    words: tuple[str, ...]  # its slug's words, legal suffixes left out
    domains: frozenset[str]


def _companies() -> list[_Company]:
    companies = []
    for slug, company, domains in ApplicationRow.objects.order_by("id").values_list("slug", "company", "domains"):
        words = tuple(w for w in slugify(company).split("-") if w not in _LEGAL_SUFFIXES)
        companies.append(
            _Company(slug, " ".join(company.split()).casefold(), words, frozenset(d.lower() for d in domains or []))
        )
    return companies


def _candidates(invitation: Invitation, companies: Sequence[_Company]) -> list[str]:
    text = invitation.text.casefold()
    slugged = " ".join(slugify(text).split("-"))
    domains = {a.email.rsplit("@", 1)[1].lower() for a in invitation.attendees if a.email and "@" in a.email}
    found = []
    for company in companies:
        short = " ".join(company.words)
        by_name = company.name in text or (len(short) >= 3 and short in slugged)
        by_domain = bool(domains & company.domains)
        by_domain = by_domain or any(company.words and d.split(".")[-2:-1] == [company.words[0]] for d in domains)
        if by_name or by_domain:
            found.append(company.slug)
    return found


_LEGAL_SUFFIXES = {"inc", "corp", "corporation", "llc", "ltd", "gmbh", "co", "company", "plc", "sa", "ag"}


def match_application(invitation: Invitation, explicit: str | None, companies: Sequence[_Company] | None = None) -> str:
    if explicit:
        return explicit
    found = _candidates(invitation, _companies() if companies is None else companies)
    if len(found) == 1:
        return found[0]
    if not found:
        raise Refusal(
            f"{invitation.where}: the invitation names no company you applied to", hint=Hint.NAME_THE_APPLICATION
        )
    raise Refusal(
        f"{invitation.where}: the invitation fits several applications ({', '.join(found)})",
        hint=Hint.NAME_THE_APPLICATION,
    )


class _People:
    """An application's contacts, found by e-mail or name in constant time."""

    def __init__(self, contacts: Sequence[Any]) -> None:
        self.all = list(contacts)
        self.taken = {c.key for c in self.all}
        self.by_email: dict[str, Any] = {}
        self.by_name: dict[str, Any] = {}
        for c in self.all:
            self.index(c)

    def index(self, contact: Any) -> None:
        for email in [contact.email, *(contact.extra or {}).get("emails", [])]:
            if email:
                self.by_email.setdefault(email.lower(), contact)
        self.by_name.setdefault(" ".join(contact.name.split()).casefold(), contact)

    def find(self, name: str, emails: Sequence[str]) -> Any:
        """As :func:`_find_contact`: by any e-mail address first (earliest contact), else by name."""
        by_email = [self.by_email[e.lower()] for e in emails if e.lower() in self.by_email]
        if by_email:
            return min(by_email, key=self.all.index) if len(by_email) > 1 else by_email[0]
        return self.by_name.get(" ".join(name.split()).casefold())


@dataclass
class _Target:
    """One application an invitation file changes, read once and kept while the file is saved."""

    row: Any
    people: _People
    interviews: list[Any]
    next_position: int
    changed: bool = False


def save_invitations(invitations: Sequence[Invitation], application: str | None = None) -> list[tuple[str, str]]:
    """Create or update each invitation's interview; its attendees become interviewers.

    Each application is read once and re-planned once, after all its invitations: the
    work grows with the file, not with its square. Returns (application id, "added" |
    "updated" | "unchanged") per invitation.
    """

    me = (get_profile().email or "").lower()
    companies = None if application else _companies()
    targets = [match_application(i, application, companies) for i in invitations]
    results = []
    with transaction.atomic():
        apps: dict[str, _Target] = {}
        for slug in dict.fromkeys(targets):
            row = application_row(slug, lock=True)
            events = list(row.events.all())
            interviews = [e for e in events if e.type == "interview"]
            apps[slug] = _Target(
                row, _People(row.contacts.all()), interviews, 1 + max((e.position for e in events), default=-1)
            )
        for invitation, slug in zip(invitations, targets, strict=True):
            outcome = _save_invitation(apps[slug], invitation, me)
            apps[slug].changed |= outcome != "unchanged"
            results.append((slug, outcome))
        for slug, target in apps.items():
            if target.changed:
                replan(application_row(slug))
    return results


def _save_invitation(app: _Target, invitation: Invitation, me: str) -> str:
    changed = False
    keys: list[str] = []
    for person in invitation.attendees:
        if person.email and person.email.lower() == me:
            continue  # the job seeker is on the invitation too
        emails = [person.email] if person.email else []
        row = app.people.find(person.name, emails)
        if row is None:
            row = ContactRow(
                application=app.row, key=_new_key(person.name, app.people.taken), name=person.name,
                role=ContactRole.INTERVIEWER.value, email=person.email, position=len(app.people.all), extra={},
            )  # fmt: skip
            _check_contact(row, invitation.where)
            row.save()
            app.people.all.append(row)
            app.people.index(row)
            changed = True
        elif _merge(row, None, (), emails):
            _check_contact(row, invitation.where)
            row.save()
            app.people.index(row)
            changed = True
        if row.key not in keys:
            keys.append(row.key)
    event = next((e for e in app.interviews if e.payload.get("ical_uid") == invitation.uid), None)
    if event is None:  # an interview typed in by hand on that day is the same interview
        event = next((e for e in app.interviews if e.on == invitation.on and "ical_uid" not in e.payload), None)
    if event is not None and int(event.payload.get("ical_sequence", 0)) > invitation.sequence:
        return "unchanged"  # an older copy of an invitation already updated
    payload: dict[str, Any] = dict(event.payload) if event is not None else {"type": "interview"}
    payload |= {"on": invitation.on.isoformat(), "with": keys, "ical_uid": invitation.uid}
    if invitation.sequence:
        payload["ical_sequence"] = invitation.sequence
    if invitation.at is not None:
        payload["at"] = invitation.at.strftime("%H:%M")
    else:
        payload.pop("at", None)
    _check_interview(payload, app.people.taken, invitation.where)
    if event is None:
        event = EventRow.objects.create(
            application=app.row, position=app.next_position, type="interview", on=invitation.on, payload=payload
        )
        app.interviews.append(event)
        app.next_position += 1
        return "added"
    if payload != event.payload:
        event.payload, event.on = payload, invitation.on
        event.save(update_fields=["payload", "on"])
        return "updated"
    return "updated" if changed else "unchanged"


# -- spreadsheets ---------------------------------------------------------------------


def save_tracker(rows: Sequence[TrackerRow], progress: Progress | None = None) -> tuple[int, int]:
    """Add the spreadsheet's applications; a row whose id exists updates that application's
    company, role and date. A row with an outcome closes its application so, unless it is
    closed already. Returns (added, updated)."""

    added = updated = 0
    with transaction.atomic():
        taken = set(ApplicationRow.objects.values_list("slug", flat=True)) | {r.id for r in rows if r.id}
        for row in rows:
            # The same application: by its id, else by company and role (a file imported twice).
            existing: Any = ApplicationRow.objects.filter(slug=row.id).first() if row.id else _same_job(row)
            changed = False
            if existing is not None:
                new = (row.company, row.role, row.applied_on or existing.applied_on)
                # The job's fields the row gives replace those on file; blank cells keep them.
                given = {k: v for k, v in job.columns(row.job).items() if v not in (None, "")}
                known = {k: getattr(existing, k) for k in given}
                if (existing.company, existing.role, existing.applied_on) != new or known != given:
                    _check_application(existing.slug, *new, {}, row.where)
                    existing.company, existing.role, existing.applied_on = new
                    for column, value in given.items():
                        setattr(existing, column, value)
                    existing.save(update_fields=["company", "role", "applied_on", *given])
                    updated, changed = updated + 1, True
                app: Any = existing
            else:
                slug = row.id or _free_slug(make_id(f"{row.company} {row.role}"), taken)
                taken.add(slug)
                extra = {"imported": row.extra} if row.extra else {}
                _check_application(slug, row.company, row.role, row.applied_on, extra, row.where)
                app = ApplicationRow.objects.create(
                    slug=slug,
                    company=row.company,
                    role=row.role,
                    applied_on=row.applied_on,
                    extra=extra,
                    **job.columns(row.job),
                )
                added += 1
            if row.contact_name:
                contacts = list(app.contacts.all())
                emails = [row.contact_email] if row.contact_email else []
                contact = _find_contact(contacts, row.contact_name, emails)
                if contact is None:
                    role = ContactRole.INTERVIEWER if any(c.role == "hiring_officer" for c in contacts) else None
                    contact = ContactRow(
                        application=app, key=_new_key(row.contact_name, {c.key for c in contacts}),
                        name=row.contact_name, role=(role or ContactRole.HIRING_OFFICER).value,
                        salutation=row.contact_salutation, position=len(contacts), extra={},
                    )  # fmt: skip
                    _merge(contact, None, [row.contact_phone] if row.contact_phone else [], emails)
                    _check_contact(contact, row.where)
                    contact.save()
                else:
                    greeted = bool(row.contact_salutation) and contact.salutation != row.contact_salutation
                    if greeted:
                        contact.salutation = row.contact_salutation
                    if _merge(contact, None, [row.contact_phone] if row.contact_phone else [], emails) or greeted:
                        _check_contact(contact, row.where)
                        contact.save()
            closed = row.outcome is not None and tracker_outcomes.close(app, row.outcome, today(), row.where)
            if closed and existing is not None and not changed:
                updated += 1
            if row.contact_name or closed:
                replan(ApplicationRow.objects.prefetch_related("contacts", "events", "steps").get(pk=app.pk))
            if progress:
                progress(1)
    return added, updated


def _same_job(row: TrackerRow) -> Any:
    wanted = (" ".join(row.company.split()).casefold(), " ".join(row.role.split()).casefold())
    for app in ApplicationRow.objects.filter(company__iexact=row.company.strip()).order_by("id"):
        if (" ".join(app.company.split()).casefold(), " ".join(app.role.split()).casefold()) == wanted:
            return app
    return None


def _free_slug(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
