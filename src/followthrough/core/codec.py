"""The followthrough/1 shapes (docs/exchange.md) to and from the domain, checked field by field.

Every fault is reported with the JSON path of the value at fault, so a user can find it
in their file. Fields this version does not know are kept (``extra``) and written back,
so a newer file passes through an older followthrough without losing anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from followthrough.core import job, planner
from followthrough.core import playbook as playbooks
from followthrough.core.codec_events import (
    EVENT_FIELDS,
    EVENT_KEYS,
    EVENT_TYPES,
    event_from_dict,
    event_to_dict,
    event_type,
)
from followthrough.core.codec_fields import (
    FIRST_DAY,
    ID_RULE,
    LAST_DAY,
    MAX_KEY,
    MAX_NUMBER,
    InvalidData,
    check_carried,
    check_date,
    check_id,
    check_text,
    check_timezone,
    extra_keys,
    kind_of,
    parse_date,
    read_choice,
    read_date,
    read_object,
    read_required_text,
    read_text,
)
from followthrough.core.model import Application, AwayPeriod, Contact, ContactRole, JobSearch, Profile
from followthrough.core.playbook import Playbook, PlaybookError

__all__ = [
    "EVENT_FIELDS",
    "EVENT_TYPES",
    "FIRST_DAY",
    "FORMAT",
    "ID_RULE",
    "LAST_DAY",
    "MAX_KEY",
    "MAX_NUMBER",
    "Document",
    "Extras",
    "InvalidData",
    "check_carried",
    "check_date",
    "check_id",
    "check_text",
    "check_timezone",
    "document_from_dict",
    "document_to_dict",
    "event_from_dict",
    "event_to_dict",
    "event_type",
    "parse_date",
]

FORMAT = "followthrough/1"


# -- profile and contacts ----------------------------------------------------------------

_PROFILE_KEYS = {"name", "home_address", "phone", "email", "timezone", "country", "away", "playbook"}


def profile_from_dict(
    value: Any, path: str = "$.profile", own: Mapping[str, Playbook] | None = None
) -> tuple[Profile, dict[str, Any]]:
    """The profile; ``own`` holds the job search's playbooks its default may name."""
    obj = read_object(value, path)
    country = read_text(obj, "country", path, required=False)
    if country is not None:
        from followthrough.core.calendar import is_known_country  # holidays loads only for a country read

        if not is_known_country(country):
            raise InvalidData(f"{path}.country", f"no public holidays known for country {country!r}")
        country = country.upper()
    profile = Profile(
        name=read_text(obj, "name", path, required=False) or "",
        home_address=read_text(obj, "home_address", path, required=False) or "",
        phone=read_text(obj, "phone", path, required=False) or "",
        email=read_text(obj, "email", path, required=False) or "",
        timezone=check_timezone(obj.get("timezone"), f"{path}.timezone"),
        country=country,
        away=away_from_list(obj.get("away", []), f"{path}.away"),
        playbook=_playbook_name(obj, path, own),
    )
    extra = extra_keys(obj, _PROFILE_KEYS)
    check_carried(extra, path)
    return profile, extra


def away_from_list(value: Any, path: str) -> tuple[AwayPeriod, ...]:
    """Periods the user is away, each from its first day to its last, both included."""
    if not isinstance(value, list):
        raise InvalidData(path, f"expected a list of periods such as {{'from': …, 'until': …}}, found {kind_of(value)}")
    periods = []
    for i, raw in enumerate(value):
        where = f"{path}[{i}]"
        obj = read_object(raw, where)
        first, last = read_date(obj, "from", where), read_date(obj, "until", where)
        assert first is not None and last is not None
        if last < first:
            raise InvalidData(f"{where}.until", f"the period ends ({last}) before it starts ({first})")
        periods.append(AwayPeriod(first, last))
    return tuple(periods)


def away_to_list(periods: tuple[AwayPeriod, ...]) -> list[dict[str, str]]:
    return [{"from": p.from_.isoformat(), "until": p.until.isoformat()} for p in periods]


def _playbook_name(obj: Mapping[str, Any], path: str, own: Mapping[str, Playbook] | None) -> str | None:
    name = read_text(obj, "playbook", path, required=False)
    if name is not None:
        try:
            playbooks.resolve(name, own)
        except PlaybookError as error:
            raise InvalidData(f"{path}.playbook", error.message) from None
    return name


def playbooks_from_dict(value: Any, path: str = "$.playbooks") -> dict[str, Playbook]:
    """The job search's own playbooks, by name, each checked key by key."""
    obj = read_object(value, path)
    out: dict[str, Playbook] = {}
    for name, raw in obj.items():
        where = f"{path}.{name}"
        if name in playbooks.BUILT_IN:
            raise InvalidData(where, f"{name!r} is a built-in playbook: give yours another name")
        try:
            out[name] = playbooks.from_mapping(name, read_object(raw, where))
        except PlaybookError as error:
            raise InvalidData(f"{where}.{error.key}" if error.key else where, error.message) from None
    return out


def playbooks_to_dict(own: tuple[Playbook, ...]) -> dict[str, dict[str, Any]]:
    return {book.name: book.values() for book in own}


def profile_to_dict(profile: Profile, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": profile.name,
        "home_address": profile.home_address,
        "phone": profile.phone,
        "email": profile.email,
        "timezone": profile.timezone,
    }
    if profile.country:
        out["country"] = profile.country
    if profile.away:
        out["away"] = away_to_list(profile.away)
    if profile.playbook:
        out["playbook"] = profile.playbook
    return out | dict(extra or {})


_CONTACT_KEYS = {"key", "name", "role", "title", "phone", "email", "relation", "salutation", "person"}
_CONTACT_OPTIONAL = ("title", "phone", "email", "relation", "salutation", "person")


def contact_from_dict(value: Any, path: str) -> tuple[Contact, dict[str, Any]]:
    obj = read_object(value, path)
    role = read_choice(obj, "role", path, ContactRole, required=True)
    assert role is not None
    key = read_required_text(obj, "key", path)
    if len(key) > MAX_KEY:
        raise InvalidData(f"{path}.key", f"longer than {MAX_KEY} characters")
    contact = Contact(
        key=key,
        name=read_required_text(obj, "name", path),
        role=role,
        **{k: read_text(obj, k, path, required=False) for k in _CONTACT_OPTIONAL},
    )
    extra = extra_keys(obj, _CONTACT_KEYS)
    check_contact_extra(extra, path)
    return contact, extra


# Fields kept beside a contact's own (from vCards) that the product reads back: checked
# like the contact's own fields. NAME_PARTS are N's parts, in the vCard's order.
NAME_PARTS = ("prefix", "given", "additional", "family", "suffix")


def check_contact_extra(extra: Mapping[str, Any], path: str) -> None:
    for key in ("organization", "unit"):
        if key in extra:
            read_text(extra, key, path, required=False)
    for key in ("emails", "phones"):
        if key in extra:
            values = extra[key]
            if not isinstance(values, list):
                raise InvalidData(f"{path}.{key}", f"expected a list of strings, found {kind_of(values)}")
            for i, item in enumerate(values):
                if not isinstance(item, str) or not item.strip():
                    raise InvalidData(f"{path}.{key}[{i}]", f"expected a non-empty string, found {kind_of(item)}")
                check_text(item, f"{path}.{key}[{i}]")
    if "name_parts" in extra:
        parts = read_object(extra["name_parts"], f"{path}.name_parts")
        for key in parts:
            if key not in NAME_PARTS:
                raise InvalidData(
                    f"{path}.name_parts.{key}", f"unknown part of a name (one of {', '.join(NAME_PARTS)})"
                )
            read_text(parts, key, f"{path}.name_parts", required=False)
    if "phone_types" in extra:
        types = read_object(extra["phone_types"], f"{path}.phone_types")
        for phone in types:
            check_text(phone, f"{path}.phone_types")
            read_text(types, phone, f"{path}.phone_types", required=False)
    check_carried(dict(extra), path)


# Fields kept beside an event's own that the product reads back: the invitation it came
# from (a calendar's UID and SEQUENCE, RFC 5545's non-negative integer).
MAX_SEQUENCE = 2**31 - 1


def check_event_extra(extra: Mapping[str, Any], path: str) -> None:
    if "ical_uid" in extra:
        read_required_text(extra, "ical_uid", path)
    if "ical_sequence" in extra:
        sequence = extra["ical_sequence"]
        if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence <= MAX_SEQUENCE:
            raise InvalidData(f"{path}.ical_sequence", f"expected a whole number from 0 to {MAX_SEQUENCE}")
    check_carried(dict(extra), path)


def contact_to_dict(contact: Contact, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"key": contact.key, "name": contact.name, "role": contact.role.value}
    for key in _CONTACT_OPTIONAL:
        if getattr(contact, key) is not None:
            out[key] = getattr(contact, key)
    return out | dict(extra or {})


# -- applications and the whole document -------------------------------------------------

_APPLICATION_KEYS = {"id", "company", "role", "applied_on", "contacts", "events", "domains", "playbook", *job.FIELDS}


@dataclass(frozen=True)
class Extras:
    """Fields of one application this version does not know, kept to be written back."""

    application: dict[str, Any] = field(default_factory=dict)
    contacts: tuple[dict[str, Any], ...] = ()
    events: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Document:
    job_search: JobSearch
    profile_extra: dict[str, Any] = field(default_factory=dict)
    extras: tuple[Extras, ...] = ()


def application_from_dict(
    value: Any, path: str, own: Mapping[str, Playbook] | None = None
) -> tuple[Application, Extras]:
    """The application, checked, and the fields it carries that we do not know. ``own``
    holds the job search's playbooks, which it may name beside the built-in ones."""
    obj = read_object(value, path)
    app_id = check_id(read_required_text(obj, "id", path), f"{path}.id")
    raw_contacts = obj.get("contacts", [])
    if not isinstance(raw_contacts, list):
        raise InvalidData(f"{path}.contacts", f"expected a list, found {kind_of(raw_contacts)}")
    contacts: list[Contact] = []
    contact_extras: list[dict[str, Any]] = []
    for i, raw in enumerate(raw_contacts):
        contact, extra = contact_from_dict(raw, f"{path}.contacts[{i}]")
        if any(c.key == contact.key for c in contacts):
            raise InvalidData(f"{path}.contacts[{i}].key", f"contact key {contact.key!r} is used twice")
        officer = next((c for c in contacts if c.role is ContactRole.HIRING_OFFICER), None)
        if officer is not None and contact.role is ContactRole.HIRING_OFFICER:
            raise InvalidData(
                f"{path}.contacts[{i}].role",
                f"a second hiring officer ({officer.key!r} is one already; an application has at most one)",
            )
        contacts.append(contact)
        contact_extras.append(extra)
    keys = {c.key for c in contacts}
    raw_events = obj.get("events", [])
    if not isinstance(raw_events, list):
        raise InvalidData(f"{path}.events", f"expected a list, found {kind_of(raw_events)}")
    events = tuple(event_from_dict(raw, f"{path}.events[{i}]", keys) for i, raw in enumerate(raw_events))
    event_extras = tuple(extra_keys(raw, EVENT_KEYS) for raw in raw_events)
    for i, extra in enumerate(event_extras):
        check_event_extra(extra, f"{path}.events[{i}]")
    app_extra = extra_keys(obj, _APPLICATION_KEYS)
    check_carried(app_extra, path)
    application = Application(
        id=app_id,
        company=read_required_text(obj, "company", path),
        role=read_required_text(obj, "role", path),
        applied_on=read_date(obj, "applied_on", path, required=False),
        contacts=tuple(contacts),
        events=events,
        domains=_domains(obj.get("domains", []), f"{path}.domains"),
        playbook=_playbook_name(obj, path, own),
        job=job.job_from_dict(obj, path),
    )
    return application, Extras(app_extra, tuple(contact_extras), event_extras)


def _domains(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InvalidData(path, f"expected a list of mail domains, found {kind_of(value)}")
    for i, domain in enumerate(value):
        if not isinstance(domain, str) or "." not in domain or any(c.isspace() or c == "@" for c in domain):
            raise InvalidData(f"{path}[{i}]", f"{domain!r} is not a mail domain such as 'acme.example'")
        check_text(domain, f"{path}[{i}]")
    return tuple(value)


def document_from_dict(doc: Any) -> Document:
    """The whole document, checked: the first fault raises InvalidData with its path."""
    obj = read_object(doc, "$")
    if obj.get("format") != FORMAT:
        raise InvalidData("$.format", f"expected {FORMAT!r}, found {obj.get('format')!r}")
    own = {} if obj.get("playbooks") is None else playbooks_from_dict(obj["playbooks"])
    profile, profile_extra = (None, {}) if obj.get("profile") is None else profile_from_dict(obj["profile"], own=own)
    raw_apps = obj.get("applications", [])
    if not isinstance(raw_apps, list):
        raise InvalidData("$.applications", f"expected a list, found {kind_of(raw_apps)}")
    seen: set[str] = set()
    apps, extras = [], []
    for i, raw in enumerate(raw_apps):
        app, extra = application_from_dict(raw, f"$.applications[{i}]", own)
        if app.id in seen:
            raise InvalidData(f"$.applications[{i}].id", f"application id {app.id!r} is used twice")
        seen.add(app.id)
        default = profile.playbook if profile is not None else None
        check_aim(app, playbooks.resolve(app.playbook, own, default), f"$.applications[{i}]")
        apps.append(app)
        extras.append(extra)
    return Document(JobSearch(profile, tuple(apps), tuple(own.values())), profile_extra, tuple(extras))


def check_aim(app: Application, book: Playbook, path: str) -> None:
    """InvalidData for the first event that aims (``nth``) at no step or at one already
    settled (playbook rule 7)."""
    for fault in planner.faults(app, book):
        raise InvalidData(f"{path}.events[{fault.event}].{fault.field}", fault.message)


def application_to_dict(app: Application, extras: Extras | None = None) -> dict[str, Any]:
    extras = extras or Extras()
    out: dict[str, Any] = {"id": app.id, "company": app.company, "role": app.role}
    if app.applied_on:
        out["applied_on"] = app.applied_on.isoformat()
    out["contacts"] = [
        contact_to_dict(c, extras.contacts[i] if i < len(extras.contacts) else None) for i, c in enumerate(app.contacts)
    ]
    out["events"] = [
        event_to_dict(e) | (extras.events[i] if i < len(extras.events) else {}) for i, e in enumerate(app.events)
    ]
    if app.domains:
        out["domains"] = list(app.domains)
    if app.playbook:
        out["playbook"] = app.playbook
    return out | app.job.to_dict() | extras.application


def document_to_dict(doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT}
    if doc.job_search.profile is not None:
        out["profile"] = profile_to_dict(doc.job_search.profile, doc.profile_extra)
    if doc.job_search.playbooks:
        out["playbooks"] = playbooks_to_dict(doc.job_search.playbooks)
    extras = doc.extras or tuple(Extras() for _ in doc.job_search.applications)
    out["applications"] = [application_to_dict(a, x) for a, x in zip(doc.job_search.applications, extras, strict=True)]
    return out
