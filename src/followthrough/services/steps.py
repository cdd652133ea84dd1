"""Settling one step of the plan: done (a call may say how it went) or skipped."""

from __future__ import annotations

import datetime as dt

from followthrough.core.model import CALL_KINDS, CallOutcome, Plan, StepDone, StepSkipped, StepStatus
from followthrough.services.applications import find_step, record_event
from followthrough.services.errors import UserError


def settle_step(
    step_id: str,
    status: StepStatus,
    on: dt.date,
    outcome: CallOutcome | None = None,
    note: str | None = None,
) -> tuple[str, Plan]:
    """Record that the step was done (or skipped) on ``on``; returns its application and new plan."""
    slug, step = find_step(step_id)
    if step.status is not StepStatus.PENDING:
        raise UserError(f"step {step_id!r} is already {step.status.value}")
    if outcome is not None and step.kind not in CALL_KINDS:
        raise UserError("only a call can end in voicemail or no answer")
    if status is StepStatus.DONE:
        event: StepDone | StepSkipped = StepDone(on, step.kind, step.contact, outcome, note or None)
    elif status is StepStatus.SKIPPED:
        event = StepSkipped(on, step.kind, step.contact)
    else:
        raise UserError(f"a step can be marked done or skipped, not {status.value}")
    return slug, record_event(slug, event)
