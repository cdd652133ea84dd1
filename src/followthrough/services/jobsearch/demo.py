"""A realistic demo job search, dated around today so the agenda has something to show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from followthrough import clock
from followthrough.core import codec
from followthrough.services.errors import Hint, Refusal
from followthrough.services.files.exchange import import_document
from followthrough.store.models import Application

DEMO_TIMEZONE = "America/Chicago"  # the demo seeker's: their profile sets it on import


def _weekday_before(day: dt.date, days: int) -> dt.date:
    """``days`` back, then back to a weekday: interviews happen in office hours."""
    out = day - dt.timedelta(days=days)
    while out.weekday() >= 5:
        out -= dt.timedelta(days=1)
    return out


def demo_document(today: dt.date) -> dict[str, Any]:
    iso = dt.date.isoformat
    recent = _weekday_before(today, 9)
    older = _weekday_before(today, 24)
    oldest = _weekday_before(today, 40)
    return {
        "format": codec.FORMAT,
        "profile": {
            "name": "Jordan Rivera",
            "home_address": "1418 W Addison St, Chicago, IL 60613",
            "phone": "+1 312 555 0147",
            "email": "jordan.rivera@example.org",
            "timezone": DEMO_TIMEZONE,
            "country": "US",
        },
        "applications": [
            {
                "id": "northwind-analyst",
                "company": "Northwind Traders",
                "role": "Data Analyst",
                "applied_on": iso(oldest),
                "url": "https://careers.northwind.example/jobs/4821",
                "location": "Chicago, hybrid",
                "salary": "$85-95k",
                "tags": ["sql", "dashboards"],
                "priority": 1,
                "notes": "Found through the analytics meetup.\nAsk how the team splits reporting and modelling.",
                "contacts": [
                    {
                        "key": "ann",
                        "name": "Ann Lee",
                        "role": "hiring_officer",
                        "title": "Analytics Manager",
                        "phone": "+1 312 555 0100",
                        "email": "ann.lee@northwind.example",
                    },
                    {"key": "bo", "name": "Bo Park", "role": "interviewer", "title": "Senior Analyst"},
                    {"key": "cy", "name": "Cy Diaz", "role": "inside_contact", "relation": "receptionist"},
                ],
                "events": [
                    {"type": "interview", "on": iso(today), "at": "10:00", "with": ["ann", "bo"], "final": True},
                    {
                        "type": "debrief",
                        "on": iso(today),
                        "timeframe": "two weeks",
                        "call_permission": "ok",
                        "considered": "yes",
                        "how_did_i_do": "Strong on SQL; they liked the churn dashboard.",
                        "card": True,
                        "stated_interest": True,
                    },
                ],
            },
            {
                "id": "initech-developer",
                "company": "Initech",
                "role": "Software Developer",
                "applied_on": iso(oldest),
                "contacts": [
                    {
                        "key": "dana",
                        "name": "Dana Whit",
                        "role": "hiring_officer",
                        "title": "Engineering Lead",
                        "phone": "+1 312 555 0199",
                        "email": "dana@initech.example",
                    },
                    {"key": "eli", "name": "Eli Moss", "role": "inside_contact", "relation": "a friend on the team"},
                ],
                "events": [
                    {"type": "interview", "on": iso(recent), "with": ["dana"], "final": True},
                    {
                        "type": "debrief",
                        "on": iso(recent),
                        "considered": "unclear",
                        "call_permission": "ok",
                        "card": True,
                        "stated_interest": True,
                    },
                    {"type": "step_done", "kind": "thank_you_note", "contact": "dana", "on": iso(recent)},
                ],
            },
            {
                "id": "globex-pm",
                "company": "Globex",
                "role": "Product Manager",
                "applied_on": iso(oldest),
                "location": "Remote",
                "tags": ["remote"],
                "priority": 2,
                "contacts": [
                    {"key": "fay", "name": "Fay Grant", "role": "hiring_officer", "email": "fay.grant@globex.example"},
                    {"key": "gus", "name": "Gus Hale", "role": "interviewer"},
                ],
                "events": [
                    {"type": "interview", "on": iso(older), "with": ["fay", "gus"], "final": True},
                    {"type": "debrief", "on": iso(older), "timeframe": "within ten days", "call_permission": "ok"},
                    {"type": "step_done", "kind": "thank_you_note", "contact": "fay", "on": iso(older)},
                    {"type": "step_done", "kind": "thank_you_note", "contact": "gus", "on": iso(older)},
                    {
                        "type": "step_done",
                        "kind": "call_hiring_officer",
                        "contact": "fay",
                        "on": iso(older + dt.timedelta(days=13)),
                        "outcome": "voicemail",
                    },
                    {
                        "type": "step_done",
                        "kind": "call_hiring_officer",
                        "contact": "fay",
                        "on": iso(older + dt.timedelta(days=20)),
                        "outcome": "reached",
                        "note": "Still interviewing; she expects to decide soon.",
                    },
                ],
            },
            {
                "id": "hooli-designer",
                "company": "Hooli",
                "role": "UX Designer",
                "applied_on": iso(oldest),
                "contacts": [{"key": "hal", "name": "Hal Ives", "role": "hiring_officer"}],
                "events": [
                    {"type": "interview", "on": iso(oldest), "with": ["hal"], "final": True},
                    {"type": "step_done", "kind": "thank_you_note", "contact": "hal", "on": iso(oldest)},
                    {"type": "response", "on": iso(older), "from": "hal", "outcome": "rejected"},
                ],
            },
        ],
    }


def load_demo(as_of: dt.date | None, force: bool = False) -> int:
    if Application.objects.exists() and not force:
        raise Refusal("this job search already has applications", hint=Hint.USE_EMPTY_DATABASE)
    # Dated by the demo seeker's own clock, which the import makes the profile's: dated by
    # another zone's, its interview "today" could be tomorrow for them, and its thank-you
    # note could not be marked done until then.
    document = codec.document_from_dict(demo_document(as_of or clock.today_in(DEMO_TIMEZONE)))
    return import_document(document)
