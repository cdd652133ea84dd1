"""Telling a new application or person from one already open: the same company and role
(whatever the case and spacing), or a person whose e-mail address (any case) or phone
number (read as E.164 for the profile's country) is on another open application. Adding
one all the same is the user's choice, made on purpose (``anyway`` in the services)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from followthrough.core.model import ApplicationStatus
from followthrough.services.errors import Field, Hint, Refusal
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import Contact as ContactRow


@dataclass(frozen=True)
class Existing:
    """An open application like the new one: its id, company and role, and for a person
    found by e-mail or phone, their name there."""

    application: str
    company: str
    role: str
    person: str | None = None


class AlreadyOpen(Refusal):
    """Something like what is being added is open already (``existing``, the first one
    also as ``application`` and ``company``); nothing was added."""

    def __init__(self, reason: str, field: Field, value: str, existing: tuple[Existing, ...]) -> None:
        first = existing[0]
        super().__init__(reason, field, value, Hint.ADD_ANYWAY, application=first.application, company=first.company)
        self.existing = existing


def same_words(text: str) -> str:
    """Company or role as compared: any case, spaces collapsed."""
    return " ".join(text.split()).casefold()


def normal_email(email: str | None) -> str | None:
    return email.strip().casefold() or None if email else None


def normal_phone(phone: str | None, country: str | None) -> str | None:
    """A phone number as compared: E.164 when it can be read (for ``country`` unless it
    starts with +code), else its digits."""
    if not phone or not phone.strip():
        return None
    import phonenumbers  # its metadata loads in a tenth of a second: only when a number is compared

    text = phone.strip()
    try:
        parsed = phonenumbers.parse(text, None if text.startswith("+") else (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    digits = re.sub(r"\D", "", text)
    return ("+" if text.startswith("+") else "") + digits if digits else None


def same_phone(one: str | None, other: str) -> bool:
    """Two numbers as compared: the same E.164, or, where one could not be read for a
    country (no + and no country in the profile), the same last digits, seven at least."""
    if one is None or one == other:
        return one is not None
    if one.startswith("+") and other.startswith("+"):
        return False
    shorter, longer = sorted((one.lstrip("+"), other.lstrip("+")), key=len)
    return len(shorter) >= 7 and longer.endswith(shorter)


def check_new_application(company: str, role: str) -> None:
    """Refuse a company and role already open (any case and spacing), naming where."""
    wanted = (same_words(company), same_words(role))
    rows = ApplicationRow.objects.filter(status=ApplicationStatus.OPEN.value).order_by("id")
    found = tuple(
        Existing(slug, name, title)
        for slug, name, title in rows.values_list("slug", "company", "role")
        if (same_words(name), same_words(title)) == wanted
    )
    if found:
        raise AlreadyOpen("is already open", Field.APPLICATION, f"{found[0].company} · {found[0].role}", found)


def check_new_person(slug: str, email: str | None, phone: str | None, country: str | None) -> None:
    """Refuse a person whose e-mail address or phone number is on another open application."""
    mail, number = normal_email(email), normal_phone(phone, country)
    if mail is None and number is None:
        return
    others = (
        ContactRow.objects.filter(application__status=ApplicationStatus.OPEN.value)
        .exclude(application__slug=slug)
        .order_by("application_id", "position")
    )
    fields = ("application__slug", "application__company", "application__role", "name", "email", "phone")
    by_mail, by_phone = [], []
    for app, company, role, name, their_mail, their_phone in others.values_list(*fields):
        if mail is not None and normal_email(their_mail) == mail:
            by_mail.append(Existing(app, company, role, name))
        elif number is not None and same_phone(normal_phone(their_phone, country), number):
            by_phone.append(Existing(app, company, role, name))
    for found, field, value in ((by_mail, Field.EMAIL, email), (by_phone, Field.PHONE, phone)):
        if found:
            first = found[0]
            where = f"on {first.application} ({first.company} · {first.role}), still open"
            raise AlreadyOpen(f"already belongs to {first.person}, {where}", field, value or "", tuple(found))
