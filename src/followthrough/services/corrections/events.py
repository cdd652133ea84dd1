"""Correcting what was recorded: events listed by number, edited, removed, undone.

Every correction is one change (services.jobsearch.changes.changing): the application is locked,
the event rows are rewritten, and the plan is computed again from what remains. Nothing
is lost: what a correction takes out or replaces goes to the journal (``ft_journal``),
which ``followthrough events APPLICATION --removed`` shows.

Events are numbered from 1 in the order they were recorded (their stored position), so a
number stays put until an earlier event is removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from followthrough.core import codec
from followthrough.core.model import Debrief, Event, Interview, Plan, Response, StepDone, StepSkipped, StepStatus
from followthrough.services.corrections.journal_entries import JournalRecord, journal, keep
from followthrough.services.errors import Field, FieldsNotApplicable, Hint, Refusal, UserError
from followthrough.services.fastpath.promises import decision_date
from followthrough.services.jobsearch import checks
from followthrough.services.jobsearch.applications import application_row, check_open_for
from followthrough.services.jobsearch.changes import changing, contact_refusal
from followthrough.services.jobsearch.responses import check_new_date, said_words
from followthrough.store.models import Event as EventRow

__all__ = ["Edited", "JournalRecord", "Numbered", "Removed", "add_event", "edit_event", "journal", "keep"]
__all__ += ["put_back", "put_back_version", "recorded_events", "remove_event", "undo"]

if TYPE_CHECKING:
    from followthrough.services.jobsearch.changes import Change
    from followthrough.store import models


@dataclass(frozen=True)
class Numbered:
    """One recorded event, as the exchange format writes it, with its number."""

    n: int
    event: dict[str, Any]


@dataclass(frozen=True)
class Removed:
    """An event taken out: which, and how to record it again."""

    application: str
    n: int
    event: dict[str, Any]
    plan: Plan
    step: str | None  # a settled step that is pending again: the id `done`/`skip` takes


@dataclass(frozen=True)
class Edited:
    application: str
    n: int
    before: dict[str, Any]
    after: dict[str, Any]
    plan: Plan
    warning: str | None = None  # a promised date far out, say


def recorded_events(slug: str) -> list[Numbered]:
    """The application's events in the order they were recorded, numbered from 1."""

    row = application_row(slug)
    return [Numbered(i, dict(e.payload)) for i, e in enumerate(row.events.order_by("position"), start=1)]


def numbered_event_row(change: Change, n: int) -> models.Event:
    rows = list(change.row.events.all())  # loaded in position order by changing()
    if not rows:
        raise UserError(f"{change.application.id} has no events recorded")
    if not 1 <= n <= len(rows):
        raise Refusal(
            f"no event {n} in {change.application.id}: it has events 1 to {len(rows)}",
            hint=Hint.SEE_EVENTS,
            application=change.application.id,
            company=change.application.company,
        )
    return rows[n - 1]


def _reopened_step(before: Plan, after: Plan) -> str | None:
    """The step a removed settle had settled: settled before, pending now."""
    was = {s.id: s.status for s in before.steps}
    back = [
        s
        for s in after.steps
        if s.status is StepStatus.PENDING and was.get(s.id) in (StepStatus.DONE, StepStatus.SKIPPED)
    ]
    return back[0].id if back else None


def take_out(change: Change, n: int, why: str) -> Removed:
    row = numbered_event_row(change, n)
    events = list(change.application.events)
    del events[n - 1]
    before = change.plan
    keep(change.application.id, "event", why, dict(row.payload), n=n)
    row.delete()
    plan = _still_sound(before, change.replan(replace(change.application, events=tuple(events))))
    return Removed(change.application.id, n, dict(row.payload), plan, _reopened_step(before, plan))


def _still_sound(before: Plan, after: Plan, edited: int | None = None) -> Plan:
    """Refuse a correction that leaves an event aiming at no step (playbook rule 7): the
    transaction is rolled back, nothing changes. ``edited``: the number of the event edited."""
    if len(after.faults) > len(before.faults):
        fault = after.faults[0]
        why = f"{fault.field}: {fault.message}"
        if fault.event + 1 == edited:
            raise UserError(f"event {edited}: {why}")
        raise UserError(f"event {fault.event + 1} would no longer hold ({why}): correct or remove it first")
    return after


def remove_event(slug: str, n: int) -> Removed:
    """Take event ``n`` out of the application (kept in the journal) and re-plan."""

    with changing(slug) as change:
        return take_out(change, n, "removed")


def undo(slug: str | None = None) -> Removed:
    """Take out the most recently recorded event: of ``slug``, or of the whole job search."""

    if slug is None:
        latest = EventRow.objects.order_by("-id").values_list("application__slug", flat=True).first()
        if latest is None:
            raise UserError("nothing to undo: no event is recorded")
        slug = latest
    with changing(slug) as change:
        rows = list(change.row.events.all())
        if not rows:
            raise UserError(f"nothing to undo in {slug}: no event is recorded")
        return take_out(change, len(rows), "undone")


def put_back(change: Change, n: int | None, payload: dict[str, Any]) -> Plan:
    """Record again an event the journal keeps, as number ``n`` (where it was) when that
    still exists, else last; refused, changing nothing, when the plan would not hold it."""

    keys = {c.key for c in change.application.contacts}
    try:
        event = codec.event_from_dict(payload, "event", keys)
    except codec.InvalidData as error:
        raise contact_refusal(error, keys) from None
    rows = list(change.row.events.all())
    at = min(max(n or len(rows) + 1, 1), len(rows) + 1)
    events = list(change.application.events)
    events.insert(at - 1, event)
    EventRow.objects.create(
        application=change.row, position=_free_position(rows, at), type=payload["type"], on=event.on, payload=payload
    )
    return _still_sound(change.plan, change.replan(replace(change.application, events=tuple(events))))


def _free_position(rows: list[models.Event], at: int) -> int:
    """A stored position that makes a new event number ``at`` among ``rows`` (the gap a
    removal left, or room made by moving the later ones along, last first)."""
    if at > len(rows):
        return 1 + max((r.position for r in rows), default=-1)
    before = rows[at - 2].position if at >= 2 else -1
    after = rows[at - 1].position
    if after - before > 1:
        return after - 1
    for row in reversed(rows[at - 1 :]):
        row.position += 1
        row.save(update_fields=["position"])
    return after


def put_back_version(change: Change, n: int | None, now: dict[str, Any], then: dict[str, Any]) -> Plan:
    """Make the event that says ``now`` (as an edit left it) say ``then`` again; refused when
    no event says ``now`` any more (it was edited or removed since)."""

    rows = list(change.row.events.all())
    found = [i for i, row in enumerate(rows, start=1) if dict(row.payload) == now]
    if not found:
        raise UserError(f"no event says what that edit made of event {n} any more: nothing was restored")
    at = n if n in found else found[0]
    keys = {c.key for c in change.application.contacts}
    try:
        event = codec.event_from_dict(then, f"event {at}", keys)
    except codec.InvalidData as error:
        raise contact_refusal(error, keys) from None
    row = rows[at - 1]
    keep(change.application.id, "event", "edited", dict(row.payload), n=at, after=then)
    row.payload, row.on, row.type = then, event.on, then["type"]
    row.save(update_fields=["payload", "on", "type"])
    events = list(change.application.events)
    events[at - 1] = event
    return _still_sound(change.plan, change.replan(replace(change.application, events=tuple(events))), at)


# -- editing one event ------------------------------------------------------------------

# The fields each type of event has, as the exchange format names them.
_FIELDS = {
    "interview": {"on", "at", "with", "final", "notes"},
    "debrief": {"on", "timeframe", "call_permission", "considered", "how_did_i_do", "card", "stated_interest"},
    "step_done": {"on", "kind", "contact", "outcome", "note", "nth"},
    "step_skipped": {"on", "kind", "contact", "nth"},
    "step_snoozed": {"on", "kind", "contact", "until", "nth"},
    "response": {"on", "from", "outcome", "decision_by"},
    "reopened": {"on", "note"},
}


def edit_event(slug: str, n: int, changes: dict[str, Any]) -> Edited:
    """Change some fields of event ``n``: the old version goes to the journal.

    ``changes`` maps the exchange format's field names to new values; None or "" (or
    False for ``final``) takes a field out. Dates may be ``dt.date``; ``decision_by`` may be
    words ("two weeks"), read against the event's date.
    """

    if not changes:
        raise Refusal("nothing to change", hint=Hint.GIVE_CHANGES)
    with changing(slug) as change:
        row = numbered_event_row(change, n)
        before = dict(row.payload)
        kind = str(before.get("type"))
        wrong = sorted(set(changes) - _FIELDS.get(kind, set(changes)))
        if wrong:
            raise FieldsNotApplicable(f"event {n} is a {kind.replace('_', ' ')}", tuple(Field(w) for w in wrong))
        after = _apply(before, changes, change)
        keys = {c.key for c in change.application.contacts}
        try:
            event = codec.event_from_dict(after, f"event {n}", keys)
        except codec.InvalidData as error:
            raise contact_refusal(error, keys) from None
        if isinstance(event, Response):  # as when it is recorded: a new date only with "not decided"
            check_new_date(event.outcome, event.decision_by)
        if isinstance(event, Interview | Debrief) and "on" in changes:
            checks.check_not_far_ahead(event.on, change.today, f"{kind} dated")
        if isinstance(event, StepDone | StepSkipped) and "on" in changes:
            checks.check_not_after_today(event.on, change.today, Field.ON)
        events = list(change.application.events)
        events[n - 1] = event
        # Fields this version does not know stay as they were.
        after = codec.event_to_dict(event) | {k: v for k, v in after.items() if k not in codec.EVENT_FIELDS}
        if after == before:
            raise UserError(f"event {n} already says that: nothing changed")
        keep(change.application.id, "event", "edited", before, n=n, after=after)
        row.payload, row.on, row.type = after, event.on, after["type"]
        row.save(update_fields=["payload", "on", "type"])
        plan = _still_sound(change.plan, change.replan(replace(change.application, events=tuple(events))), n)
        return Edited(change.application.id, n, before, after, plan, _warning(event, plan))


def _apply(before: dict[str, Any], changes: dict[str, Any], change: Change) -> dict[str, Any]:
    after = dict(before)
    on = changes.get("on")
    if isinstance(on, dt.date):
        after["on"] = on.isoformat()
    for field, value in changes.items():
        if field == "on":
            continue
        if field == "decision_by":  # the words of the old date go with it
            after.pop("said", None)
        if field == "decision_by" and isinstance(value, str) and value:
            said_on = dt.date.fromisoformat(after["on"])
            read_as = decision_date(value, said_on, change.calendar, Field.DECISION_BY)
            after.update({"said": words} if (words := said_words(value, read_as)) else {})
            value = read_as.isoformat()
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        if value is None or value == "" or (field == "final" and value is False):
            after.pop(field, None)
        else:
            if isinstance(value, str):
                try:
                    multiline = field in ("notes", "note", "how_did_i_do")
                    codec.check_text(value, Field(field), multiline=multiline)
                except codec.InvalidData as error:
                    raise Refusal(error.message, Field(field), value) from None
            after[field] = value
    return after


def _warning(event: Event, plan: Plan) -> str | None:
    if isinstance(event, Response) and event.decision_by:
        return checks.long_promise_warning(event.decision_by, event.on)
    if isinstance(event, Debrief) and event.timeframe:
        promise = plan.promise_of(event)
        if promise is not None:
            return checks.long_promise_warning(promise.resolves_to, promise.said_on)
    return None


def add_event(slug: str, payload: Any) -> Plan:
    """Record one event given in the exchange format (fields this version does not know
    are kept), with the same checks as the commands that record each kind."""

    if not isinstance(payload, dict):
        raise UserError('JSON: expected one event, an object such as {"type": "interview", "on": "2026-11-03"}')
    with changing(slug) as change:
        keys = {c.key for c in change.application.contacts}
        try:
            event = codec.event_from_dict(payload, "event", keys)
        except codec.InvalidData as error:
            raise contact_refusal(error, keys) from None
        unknown = {k: v for k, v in payload.items() if k not in codec.EVENT_FIELDS}
        try:
            codec.check_event_extra(unknown, "event")
        except codec.InvalidData as error:
            raise UserError(str(error)) from None
        if isinstance(event, Response):
            check_new_date(event.outcome, event.decision_by)
        check_open_for(change, event)
        plan = change.record(event)
        if unknown:  # kept beside the fields this version writes, as an import keeps them
            latest = EventRow.objects.filter(application=change.row).order_by("-position").first()
            if latest is not None:
                latest.payload = {**latest.payload, **unknown}
                latest.save(update_fields=["payload"])
        return plan
