"""Settling one step of the plan: done (a call may say how it went) or skipped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from followthrough.core.model import CALL_KINDS, CallOutcome, Plan, StepDone, StepKind, StepSkipped, StepStatus
from followthrough.services.applications import find_step, get_application, get_plan, record_event
from followthrough.services.errors import UserError


class StepAlreadySettled(UserError):
    """The step was settled before (by another click, another tab, or an earlier step's event)."""

    def __init__(self, kind: StepKind, contact_name: str | None, status: StepStatus) -> None:
        super().__init__(f"that step is already {status.value}")
        self.kind, self.contact_name, self.status = kind, contact_name, status


class StepNotFound(UserError):
    """No step of the plan has that id (any more): the plan changed since the page was shown."""


@dataclass(frozen=True)
class Settled:
    """What a settle did: to which application, which step (by kind and person), on which date."""

    application: str
    plan: Plan
    kind: StepKind
    contact_name: str | None
    on: dt.date  # the date recorded: never after today
    moved_to_today: bool  # asked for a later date than today: recorded as today instead
    due: dt.date  # the due date of the step that was settled (the earliest pending one of its kind)
    clicked_due: dt.date  # the due date of the step the user chose


def _contact_name(slug: str, key: str | None) -> str | None:
    contact = get_application(slug).contact(key) if key else None
    return contact.name if contact else None


def settle_step(
    step_id: str,
    status: StepStatus,
    on: dt.date,
    outcome: CallOutcome | None = None,
    note: str | None = None,
    today: dt.date | None = None,
) -> Settled:
    """Record that the step was done (or skipped) on ``on``; never on a day after ``today``.

    ``today`` is the profile's today when not given. A later ``on`` (the user looking at a day
    ahead) is recorded as today: a step is done when it is done, not when it was planned.
    """
    from followthrough.services.profile import today as profile_today

    try:
        slug, step = find_step(step_id)
    except UserError:
        raise StepNotFound("that step is no longer on the plan: the page was out of date") from None
    if step.status is not StepStatus.PENDING:
        raise StepAlreadySettled(step.kind, _contact_name(slug, step.contact), step.status)
    if outcome is not None and step.kind not in CALL_KINDS:
        raise UserError("only a call can end in voicemail or no answer")
    now = today or profile_today()
    moved = on > now
    on = min(on, now)
    if status is StepStatus.DONE:
        event: StepDone | StepSkipped = StepDone(on, step.kind, step.contact, outcome, note or None)
    elif status is StepStatus.SKIPPED:
        event = StepSkipped(on, step.kind, step.contact)
    else:
        raise UserError(f"a step can be marked done or skipped, not {status.value}")
    before = {s.id: s.status for s in get_plan(slug).steps}
    plan = record_event(slug, event)
    # Rule 4: the event settles the earliest pending step of that kind and person, maybe not this one.
    settled = [
        s
        for s in plan.steps
        if s.kind is step.kind
        and s.contact == step.contact
        and s.status is status
        and before.get(s.id) is StepStatus.PENDING
    ]
    due = min((s.due for s in settled), default=step.due)
    return Settled(slug, plan, step.kind, _contact_name(slug, step.contact), on, moved, due, step.due)
