"""The followthrough/1 shapes (interface.md) to and from the domain, checked field by field.

Every fault is reported with the JSON path of the value at fault, so a user can find it
in their file. Fields this version does not know are kept (``extra``) and written back,
so a newer file passes through an older followthrough without losing anything.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from followthrough.core.model import (
    Application,
    CallOutcome,
    CallPermission,
    Considered,
    Contact,
    ContactRole,
    Debrief,
    Event,
    Interview,
    JobSearch,
    Profile,
    Response,
    ResponseOutcome,
    StepDone,
    StepKind,
    StepSkipped,
)

FORMAT = "followthrough/1"
E = TypeVar("E", bound=StrEnum)


class InvalidData(ValueError):
    """A value that does not fit the exchange format, and where it is."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidData(path, f"expected an object, found {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), "null" if value is None else "a number"
    )


# Names, addresses of one line, ids: these end up in mail headers, calendar and card
# fields and terminal lines, where a line break would forge a line of its own. Every
# character some software reads as a line break counts (what str.splitlines splits on,
# C1 controls included), and so does an RFC 2047 encoded word: a mail library decodes
# "=?utf-8?q?Pat=0D=0ABcc:...?=" into a real line break when it writes the header.
_MULTILINE = frozenset({"home_address", "how_did_i_do", "note", "notes"})
_CONTROL = frozenset(map(chr, [*range(32), *range(127, 160), 0x2028, 0x2029]))
_TEXT_CONTROL = _CONTROL - {"\n", "\r", "\t"}
_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[^?\s]*\?.*?\?=", re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(value: str, where: str, multiline: bool = False) -> str:
    """The value, if it holds no control character (line breaks only where text may
    span lines), no lone surrogate and, on one line, no encoded word; else InvalidData
    naming ``where``."""
    bad = next((c for c in value if c in (_TEXT_CONTROL if multiline else _CONTROL)), None)
    if bad is not None:
        what = "a line break" if bad in _BREAKS else "the control character"
        raise InvalidData(
            where,
            f"contains {what} U+{ord(bad):04X}: " + ("not allowed here" if multiline else "it must be one line"),
        )
    surrogate = _SURROGATE.search(value)
    if surrogate is not None:
        raise InvalidData(where, f"contains a lone surrogate U+{ord(surrogate.group()):04X}: not valid Unicode text")
    if not multiline and _ENCODED_WORD.search(value):
        raise InvalidData(where, "contains a MIME encoded word (=?...?=): refused, it could forge mail headers")
    return value


# The days the product accepts: wide enough for any job search, narrow enough that every
# date arithmetic (a timeframe, a business-day roll, a year ahead) stays inside Python's.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)


def check_date(value: dt.date, where: str) -> dt.date:
    """The date, if it lies in FIRST_DAY..LAST_DAY; else InvalidData naming ``where``."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidData(where, f"{value.isoformat()} is outside the dates accepted ({FIRST_DAY} to {LAST_DAY})")
    return value


# An application's id: what `followthrough add --id` accepts, and what a URL or a file
# name can carry as is.
ID_RULE = "lower-case letters, digits and single dashes, at most 100 characters"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_KEY = 100


def check_id(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidData(where, f"expected an id, found {_kind(value)}")
    if len(value) > MAX_KEY or not _ID.fullmatch(value):
        raise InvalidData(where, f"{_short(value)} is not an id: use {ID_RULE}")
    return value


def _short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


# Values carried through untouched (fields this version does not know) still have to
# survive both databases and the JSON written back: no NUL (PostgreSQL refuses it), no
# lone surrogate (not UTF-8), no NaN or infinity (not JSON), no number too large to
# write back as text. Keys and strings are otherwise free.
MAX_NUMBER = 10**300
_MAX_DEPTH = 64


def check_carried(value: Any, where: str, depth: int = 0) -> None:
    if depth > _MAX_DEPTH:
        raise InvalidData(where, "nested too deeply")
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidData(where, "contains a NUL character")
        surrogate = _SURROGATE.search(value)
        if surrogate is not None:
            raise InvalidData(where, f"contains a lone surrogate U+{ord(surrogate.group()):04X}: not valid Unicode")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        if value != value or not -MAX_NUMBER < value < MAX_NUMBER:
            raise InvalidData(where, "a number too large (or not a number) to keep")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_carried(key, f"{where}.{key}" if isinstance(key, str) else where, depth + 1)
            check_carried(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            check_carried(item, f"{where}[{i}]", depth + 1)
    else:
        raise InvalidData(where, f"unexpected value of type {type(value).__name__}")


def _text(obj: Mapping[str, Any], key: str, path: str, required: bool = True) -> str | None:
    if key not in obj or obj[key] is None:
        if required:
            raise InvalidData(f"{path}.{key}", "is required")
        return None
    value = obj[key]
    if not isinstance(value, str):
        raise InvalidData(f"{path}.{key}", f"expected a string, found {_kind(value)}")
    if required and not value.strip():
        raise InvalidData(f"{path}.{key}", "must not be empty")
    return check_text(value, f"{path}.{key}", multiline=key in _MULTILINE)


def _required_text(obj: Mapping[str, Any], key: str, path: str) -> str:
    value = _text(obj, key, path)
    assert value is not None
    return value


def _flag(obj: Mapping[str, Any], key: str, path: str) -> bool | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, bool):
        raise InvalidData(f"{path}.{key}", f"expected true or false, found {_kind(value)}")
    return value


def parse_date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str):
        raise InvalidData(path, f"expected a date as YYYY-MM-DD, found {_kind(value)}")
    try:
        if len(value) != 10 or not value.isascii():
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidData(path, f"{_short(value)} is not a real date (YYYY-MM-DD)") from None
    return check_date(day, path)


def _date(obj: Mapping[str, Any], key: str, path: str, required: bool = True) -> dt.date | None:
    if obj.get(key) is None:
        if required:
            raise InvalidData(f"{path}.{key}", "is required")
        return None
    return parse_date(obj[key], f"{path}.{key}")


def _choice(obj: Mapping[str, Any], key: str, path: str, enum: type[E], required: bool = False) -> E | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise InvalidData(f"{path}.{key}", f"is required (one of {', '.join(enum)})")
        return None
    try:
        return enum(value)
    except ValueError:
        raise InvalidData(f"{path}.{key}", f"unknown {key} {value!r} (one of {', '.join(enum)})") from None


def _extra(obj: Mapping[str, Any], known: set[str]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in known}


_ZONE = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")


def check_timezone(name: Any, path: str) -> str:
    if not isinstance(name, str) or not name:
        raise InvalidData(path, "expected a time zone name such as 'America/Chicago'")
    try:
        if len(name) > 64 or not _ZONE.fullmatch(name):
            raise ValueError
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, e.g. 'America'
        raise InvalidData(path, f"unknown time zone {_short(name)}") from None
    return name


# -- profile and contacts ----------------------------------------------------------------

_PROFILE_KEYS = {"name", "home_address", "phone", "email", "timezone", "country"}


def profile_from_dict(value: Any, path: str = "$.profile") -> tuple[Profile, dict[str, Any]]:
    obj = _object(value, path)
    country = _text(obj, "country", path, required=False)
    if country is not None:
        from followthrough.core.calendar import is_known_country

        if not is_known_country(country):
            raise InvalidData(f"{path}.country", f"no public holidays known for country {country!r}")
        country = country.upper()
    profile = Profile(
        name=_text(obj, "name", path, required=False) or "",
        home_address=_text(obj, "home_address", path, required=False) or "",
        phone=_text(obj, "phone", path, required=False) or "",
        email=_text(obj, "email", path, required=False) or "",
        timezone=check_timezone(obj.get("timezone"), f"{path}.timezone"),
        country=country,
    )
    extra = _extra(obj, _PROFILE_KEYS)
    check_carried(extra, path)
    return profile, extra


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
    return out | dict(extra or {})


_CONTACT_KEYS = {"key", "name", "role", "title", "phone", "email", "relation"}
_CONTACT_OPTIONAL = ("title", "phone", "email", "relation")


def contact_from_dict(value: Any, path: str) -> tuple[Contact, dict[str, Any]]:
    obj = _object(value, path)
    role = _choice(obj, "role", path, ContactRole, required=True)
    assert role is not None
    key = _required_text(obj, "key", path)
    if len(key) > MAX_KEY:
        raise InvalidData(f"{path}.key", f"longer than {MAX_KEY} characters")
    contact = Contact(
        key=key,
        name=_required_text(obj, "name", path),
        role=role,
        **{k: _text(obj, k, path, required=False) for k in _CONTACT_OPTIONAL},
    )
    extra = _extra(obj, _CONTACT_KEYS)
    check_contact_extra(extra, path)
    return contact, extra


# Fields kept beside a contact's own (from vCards) that the product reads back: checked
# like the contact's own fields. NAME_PARTS are N's parts, in the vCard's order.
NAME_PARTS = ("prefix", "given", "additional", "family", "suffix")


def check_contact_extra(extra: Mapping[str, Any], path: str) -> None:
    for key in ("organization", "unit"):
        if key in extra:
            _text(extra, key, path, required=False)
    for key in ("emails", "phones"):
        if key in extra:
            values = extra[key]
            if not isinstance(values, list):
                raise InvalidData(f"{path}.{key}", f"expected a list of strings, found {_kind(values)}")
            for i, item in enumerate(values):
                if not isinstance(item, str) or not item.strip():
                    raise InvalidData(f"{path}.{key}[{i}]", f"expected a non-empty string, found {_kind(item)}")
                check_text(item, f"{path}.{key}[{i}]")
    if "name_parts" in extra:
        parts = _object(extra["name_parts"], f"{path}.name_parts")
        for key in parts:
            if key not in NAME_PARTS:
                raise InvalidData(
                    f"{path}.name_parts.{key}", f"unknown part of a name (one of {', '.join(NAME_PARTS)})"
                )
            _text(parts, key, f"{path}.name_parts", required=False)
    if "phone_types" in extra:
        types = _object(extra["phone_types"], f"{path}.phone_types")
        for phone in types:
            check_text(phone, f"{path}.phone_types")
            _text(types, phone, f"{path}.phone_types", required=False)
    check_carried(dict(extra), path)


# Fields kept beside an event's own that the product reads back: the invitation it came
# from (a calendar's UID and SEQUENCE, RFC 5545's non-negative integer).
MAX_SEQUENCE = 2**31 - 1


def check_event_extra(extra: Mapping[str, Any], path: str) -> None:
    if "ical_uid" in extra:
        _required_text(extra, "ical_uid", path)
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


# -- events ------------------------------------------------------------------------------

EVENT_TYPES = ("interview", "debrief", "step_done", "step_skipped", "response")


def _contact_ref(obj: Mapping[str, Any], key: str, path: str, contacts: set[str], required: bool) -> str | None:
    ref = _text(obj, key, path, required=required)
    if ref is not None and ref not in contacts:
        raise InvalidData(f"{path}.{key}", f"unknown contact key {ref!r}")
    return ref


def event_from_dict(value: Any, path: str, contacts: set[str]) -> Event:
    """One event; ``contacts`` holds the keys its references may use."""
    obj = _object(value, path)
    kind = obj.get("type")
    on = _date(obj, "on", path)
    assert on is not None
    if kind == "interview":
        people = obj.get("with", [])
        if not isinstance(people, list):
            raise InvalidData(f"{path}.with", f"expected a list of contact keys, found {_kind(people)}")
        for i, key in enumerate(people):
            if not isinstance(key, str):
                raise InvalidData(f"{path}.with[{i}]", f"expected a contact key, found {_kind(key)}")
            if key not in contacts:
                raise InvalidData(f"{path}.with[{i}]", f"unknown contact key {key!r}")
        return Interview(
            on, tuple(people), _time(obj, path), _flag(obj, "final", path), _text(obj, "notes", path, required=False)
        )
    if kind == "debrief":
        timeframe = obj.get("timeframe")
        if timeframe is not None and not isinstance(timeframe, str):
            raise InvalidData(f"{path}.timeframe", f"expected words or a date, found {_kind(timeframe)}")
        if timeframe is not None:
            check_text(timeframe, f"{path}.timeframe")
        return Debrief(
            on,
            timeframe=timeframe,
            call_permission=_choice(obj, "call_permission", path, CallPermission),
            considered=_choice(obj, "considered", path, Considered),
            how_did_i_do=_text(obj, "how_did_i_do", path, required=False),
            card=_flag(obj, "card", path),
            stated_interest=_flag(obj, "stated_interest", path),
        )
    if kind in ("step_done", "step_skipped"):
        step_kind = _choice(obj, "kind", path, StepKind, required=True)
        assert step_kind is not None
        needs_contact = step_kind in (StepKind.THANK_YOU_NOTE, StepKind.CALL_INSIDE_CONTACT)
        contact = _contact_ref(obj, "contact", path, contacts, required=needs_contact)
        if kind == "step_skipped":
            return StepSkipped(on, step_kind, contact)
        return StepDone(
            on, step_kind, contact, _choice(obj, "outcome", path, CallOutcome), _text(obj, "note", path, False)
        )
    if kind == "response":
        outcome = _choice(obj, "outcome", path, ResponseOutcome, required=True)
        assert outcome is not None
        return Response(
            on, outcome, _contact_ref(obj, "from", path, contacts, False), _date(obj, "decision_by", path, False)
        )
    raise InvalidData(f"{path}.type", f"unknown event type {kind!r} (one of {', '.join(EVENT_TYPES)})")


def _time(obj: Mapping[str, Any], path: str) -> dt.time | None:
    value = obj.get("at")
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 5:
            raise ValueError
        return dt.time.fromisoformat(value)
    except ValueError:
        raise InvalidData(f"{path}.at", f"{value!r} is not a time of day (HH:MM)") from None


def _clean(out: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in out.items() if v is not None}


def event_to_dict(event: Event) -> dict[str, Any]:
    on = event.on.isoformat()
    if isinstance(event, Interview):
        at = event.at.strftime("%H:%M") if event.at else None
        return _clean(
            {
                "type": "interview",
                "on": on,
                "at": at,
                "with": list(event.with_),
                "final": event.final,
                "notes": event.notes,
            }
        )
    if isinstance(event, Debrief):
        return _clean(
            {
                "type": "debrief",
                "on": on,
                "timeframe": event.timeframe,
                "call_permission": event.call_permission,
                "considered": event.considered,
                "how_did_i_do": event.how_did_i_do,
                "card": event.card,
                "stated_interest": event.stated_interest,
            }
        )
    if isinstance(event, StepDone):
        return _clean(
            {
                "type": "step_done",
                "kind": event.kind.value,
                "contact": event.contact,
                "on": on,
                "outcome": event.outcome,
                "note": event.note,
            }
        )
    if isinstance(event, StepSkipped):
        return _clean({"type": "step_skipped", "kind": event.kind.value, "contact": event.contact, "on": on})
    decision_by = event.decision_by.isoformat() if event.decision_by else None
    return _clean(
        {"type": "response", "on": on, "from": event.from_, "outcome": event.outcome, "decision_by": decision_by}
    )


def event_type(event: Event) -> str:
    return str(event_to_dict(event)["type"])


# -- applications and the whole document -------------------------------------------------

_APPLICATION_KEYS = {"id", "company", "role", "applied_on", "contacts", "events", "domains"}
_EVENT_KEYS = {
    "type",
    "on",
    "at",
    "with",
    "final",
    "notes",
    "timeframe",
    "call_permission",
    "considered",
    "how_did_i_do",
}
_EVENT_KEYS |= {"card", "stated_interest", "kind", "contact", "outcome", "note", "from", "decision_by"}
EVENT_FIELDS = frozenset(_EVENT_KEYS)


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


def application_from_dict(value: Any, path: str) -> tuple[Application, Extras]:
    """The application, checked, and the fields it carries that we do not know."""
    obj = _object(value, path)
    app_id = check_id(_required_text(obj, "id", path), f"{path}.id")
    raw_contacts = obj.get("contacts", [])
    if not isinstance(raw_contacts, list):
        raise InvalidData(f"{path}.contacts", f"expected a list, found {_kind(raw_contacts)}")
    contacts: list[Contact] = []
    contact_extras: list[dict[str, Any]] = []
    for i, raw in enumerate(raw_contacts):
        contact, extra = contact_from_dict(raw, f"{path}.contacts[{i}]")
        if any(c.key == contact.key for c in contacts):
            raise InvalidData(f"{path}.contacts[{i}].key", f"contact key {contact.key!r} is used twice")
        contacts.append(contact)
        contact_extras.append(extra)
    keys = {c.key for c in contacts}
    raw_events = obj.get("events", [])
    if not isinstance(raw_events, list):
        raise InvalidData(f"{path}.events", f"expected a list, found {_kind(raw_events)}")
    events = tuple(event_from_dict(raw, f"{path}.events[{i}]", keys) for i, raw in enumerate(raw_events))
    event_extras = tuple(_extra(raw, _EVENT_KEYS) for raw in raw_events)
    for i, extra in enumerate(event_extras):
        check_event_extra(extra, f"{path}.events[{i}]")
    app_extra = _extra(obj, _APPLICATION_KEYS)
    check_carried(app_extra, path)
    application = Application(
        id=app_id,
        company=_required_text(obj, "company", path),
        role=_required_text(obj, "role", path),
        applied_on=_date(obj, "applied_on", path, required=False),
        contacts=tuple(contacts),
        events=events,
        domains=_domains(obj.get("domains", []), f"{path}.domains"),
    )
    return application, Extras(app_extra, tuple(contact_extras), event_extras)


def _domains(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InvalidData(path, f"expected a list of mail domains, found {_kind(value)}")
    for i, domain in enumerate(value):
        if not isinstance(domain, str) or "." not in domain or any(c.isspace() or c == "@" for c in domain):
            raise InvalidData(f"{path}[{i}]", f"{domain!r} is not a mail domain such as 'acme.example'")
        check_text(domain, f"{path}[{i}]")
    return tuple(value)


def document_from_dict(doc: Any) -> Document:
    """The whole document, checked: the first fault raises InvalidData with its path."""
    obj = _object(doc, "$")
    if obj.get("format") != FORMAT:
        raise InvalidData("$.format", f"expected {FORMAT!r}, found {obj.get('format')!r}")
    profile, profile_extra = (None, {}) if obj.get("profile") is None else profile_from_dict(obj["profile"])
    raw_apps = obj.get("applications", [])
    if not isinstance(raw_apps, list):
        raise InvalidData("$.applications", f"expected a list, found {_kind(raw_apps)}")
    seen: set[str] = set()
    apps, extras = [], []
    for i, raw in enumerate(raw_apps):
        app, extra = application_from_dict(raw, f"$.applications[{i}]")
        if app.id in seen:
            raise InvalidData(f"$.applications[{i}].id", f"application id {app.id!r} is used twice")
        seen.add(app.id)
        apps.append(app)
        extras.append(extra)
    return Document(JobSearch(profile, tuple(apps)), profile_extra, tuple(extras))


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
    return out | extras.application


def document_to_dict(doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT}
    if doc.job_search.profile is not None:
        out["profile"] = profile_to_dict(doc.job_search.profile, doc.profile_extra)
    extras = doc.extras or tuple(Extras() for _ in doc.job_search.applications)
    out["applications"] = [application_to_dict(a, x) for a, x in zip(doc.job_search.applications, extras, strict=True)]
    return out
