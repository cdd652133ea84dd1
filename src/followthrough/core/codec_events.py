"""The events of followthrough/1 (docs/exchange.md) to and from the domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from followthrough.core.codec_fields import (
    InvalidData,
    check_text,
    kind_of,
    read_choice,
    read_date,
    read_flag,
    read_object,
    read_text,
)
from followthrough.core.model import (
    CallOutcome,
    CallPermission,
    Considered,
    Debrief,
    Event,
    Interview,
    Reopened,
    Response,
    ResponseOutcome,
    StepDone,
    StepKind,
    StepSkipped,
    StepSnoozed,
)

# -- events ------------------------------------------------------------------------------

EVENT_TYPES = ("interview", "debrief", "step_done", "step_skipped", "step_snoozed", "response", "reopened")


def _contact_ref(obj: Mapping[str, Any], key: str, path: str, contacts: set[str], required: bool) -> str | None:
    ref = read_text(obj, key, path, required=required)
    if ref is not None and ref not in contacts:
        raise InvalidData(f"{path}.{key}", f"unknown contact key {ref!r}")
    return ref


def event_from_dict(value: Any, path: str, contacts: set[str]) -> Event:
    """One event; ``contacts`` holds the keys its references may use."""
    obj = read_object(value, path)
    kind = obj.get("type")
    on = read_date(obj, "on", path)
    assert on is not None
    if kind == "interview":
        people = obj.get("with", [])
        if not isinstance(people, list):
            raise InvalidData(f"{path}.with", f"expected a list of contact keys, found {kind_of(people)}")
        for i, key in enumerate(people):
            if not isinstance(key, str):
                raise InvalidData(f"{path}.with[{i}]", f"expected a contact key, found {kind_of(key)}")
            if key not in contacts:
                raise InvalidData(f"{path}.with[{i}]", f"unknown contact key {key!r}")
        return Interview(
            on,
            tuple(people),
            _time(obj, path),
            read_flag(obj, "final", path),
            read_text(obj, "notes", path, required=False),
        )
    if kind == "debrief":
        timeframe = obj.get("timeframe")
        if timeframe is not None and not isinstance(timeframe, str):
            raise InvalidData(f"{path}.timeframe", f"expected words or a date, found {kind_of(timeframe)}")
        if timeframe is not None:
            check_text(timeframe, f"{path}.timeframe")
        return Debrief(
            on,
            timeframe=timeframe,
            call_permission=read_choice(obj, "call_permission", path, CallPermission),
            considered=read_choice(obj, "considered", path, Considered),
            how_did_i_do=read_text(obj, "how_did_i_do", path, required=False),
            card=read_flag(obj, "card", path),
            stated_interest=read_flag(obj, "stated_interest", path),
        )
    if kind in ("step_done", "step_skipped", "step_snoozed"):
        step_kind = read_choice(obj, "kind", path, StepKind, required=True)
        assert step_kind is not None
        needs_contact = step_kind in (StepKind.THANK_YOU_NOTE, StepKind.CALL_INSIDE_CONTACT)
        contact = _contact_ref(obj, "contact", path, contacts, required=needs_contact)
        nth = _nth(obj, path)
        if kind == "step_skipped":
            return StepSkipped(on, step_kind, contact, nth)
        if kind == "step_snoozed":
            until = read_date(obj, "until", path)
            assert until is not None
            return StepSnoozed(on, step_kind, contact, until, nth)
        return StepDone(
            on,
            step_kind,
            contact,
            read_choice(obj, "outcome", path, CallOutcome),
            read_text(obj, "note", path, False),
            nth,
        )
    if kind == "reopened":
        return Reopened(on, read_text(obj, "note", path, required=False))
    if kind == "response":
        outcome = read_choice(obj, "outcome", path, ResponseOutcome, required=True)
        assert outcome is not None
        return Response(
            on,
            outcome,
            _contact_ref(obj, "from", path, contacts, False),
            read_date(obj, "decision_by", path, False),
            read_text(obj, "said", path, False),
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


def _nth(obj: Mapping[str, Any], path: str) -> int | None:
    value = obj.get("nth")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise InvalidData(
            f"{path}.nth", f"expected a whole number from 1 (which step), found {kind_of(value)} {value!r}"
        )
    return value


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
                "nth": event.nth,
            }
        )
    if isinstance(event, StepSkipped):
        return _clean(
            {"type": "step_skipped", "kind": event.kind.value, "contact": event.contact, "on": on, "nth": event.nth}
        )
    if isinstance(event, StepSnoozed):
        return _clean(
            {
                "type": "step_snoozed",
                "kind": event.kind.value,
                "contact": event.contact,
                "on": on,
                "until": event.until.isoformat(),
                "nth": event.nth,
            }
        )
    if isinstance(event, Reopened):
        return _clean({"type": "reopened", "on": on, "note": event.note})
    decision_by = event.decision_by.isoformat() if event.decision_by else None
    return _clean(
        {
            "type": "response",
            "on": on,
            "from": event.from_,
            "outcome": event.outcome,
            "decision_by": decision_by,
            "said": event.said,
        }
    )


def event_type(event: Event) -> str:
    return str(event_to_dict(event)["type"])


EVENT_KEYS = {
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
EVENT_KEYS |= {"card", "stated_interest", "kind", "contact", "outcome", "note", "from", "decision_by", "until", "nth"}
EVENT_KEYS |= {"said"}
EVENT_FIELDS = frozenset(EVENT_KEYS)
