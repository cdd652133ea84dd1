"""Settling one step of a plan, as a pure rule: the event that records it, or why not.

Both write paths use it (the services' ORM path and the command line's SQLite fast
path), so they cannot disagree about what a settle records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from followthrough.core import planner, words
from followthrough.core.model import (
    CALL_KINDS,
    Application,
    CallOutcome,
    Plan,
    Step,
    StepDone,
    StepKind,
    StepSkipped,
    StepStatus,
)
from followthrough.core.playbook import DEFAULT_PLAYBOOK, Playbook


class Refused(Exception):
    """The settle cannot be recorded; ``str()`` says why in one line."""


class StepMissing(Refused):
    """No step of the plan has that id (any more)."""


class AlreadySettled(Refused):
    def __init__(self, step: Step, contact_name: str | None) -> None:
        when = f" on {step.done_on:%a %Y-%m-%d}" if step.done_on else ""
        super().__init__(f"that step is already {step.status.value}{when}")
        self.step, self.contact_name = step, contact_name


@dataclass(frozen=True)
class Settle:
    """What to record: the event, for which step, and on which day."""

    step: Step
    event: StepDone | StepSkipped
    on: dt.date  # never after today
    moved_to_today: bool  # a later day was asked for: recorded as today instead
    contact_name: str | None


@dataclass(frozen=True)
class Settled:
    """What a settle did: to which application, which step (by kind and person), on which date."""

    application: str
    plan: Plan
    kind: StepKind
    contact_name: str | None
    on: dt.date  # the date recorded: never after today
    moved_to_today: bool  # asked for a later date than today: recorded as today instead
    due: dt.date  # the due date of the step that was settled
    clicked_due: dt.date  # the due date of the step the user chose
    n: int = 0  # the event's number in the application (1 = the first recorded)
    event: StepDone | StepSkipped | None = None  # the event recorded
    also: tuple[str, ...] = ()  # the other applications whose call to the same person it settled


def settle(
    application: Application,
    plan: Plan,
    step_id: str,
    status: StepStatus,
    today: dt.date,
    on: dt.date | None = None,
    outcome: CallOutcome | None = None,
    note: str | None = None,
    playbook: Playbook = DEFAULT_PLAYBOOK,
) -> Settle:
    """The event that settles the step ``step_id`` of ``plan`` (done or skipped): the very
    step named, with ``nth`` when rule 4 alone would pick another (playbook rule 7)."""
    if status not in (StepStatus.DONE, StepStatus.SKIPPED):
        raise Refused(f"a step can be marked done or skipped, not {status.value}")
    step = next((s for s in plan.steps if s.id == step_id), None)
    if step is None:
        raise StepMissing(f"step {step_id!r} is no longer on the plan")
    who = application.contact(step.contact)
    name = who.name if who else None
    if step.status is not StepStatus.PENDING:
        raise AlreadySettled(step, name)
    if outcome is not None and step.kind not in CALL_KINDS:
        said = outcome.value.replace("_", " ")
        raise Refused(f"{words.step_name(step.kind, name)} is not a call: it has no outcome such as {said}")
    moved = on is not None and on > today
    day = today if on is None else min(on, today)
    event: StepDone | StepSkipped
    if status is StepStatus.DONE:
        event = StepDone(day, step.kind, step.contact, outcome, note or None)
    else:
        event = StepSkipped(day, step.kind, step.contact)
    try:
        event = replace(event, nth=planner.nth_for(application, event, step.id, playbook))
    except ValueError:
        raise Refused(f"step {step_id!r} cannot be settled from here: no event reaches it") from None
    return Settle(step, event, day, moved, name)


def settled_due(before: Plan, after: Plan, chosen: Step, status: StepStatus) -> dt.date:
    """The due date the step settled had (the one chosen: ``nth`` aims at it)."""
    return next((s.due for s in before.steps if s.id == chosen.id), chosen.due)


__all__ = ["AlreadySettled", "Refused", "Settle", "Settled", "StepMissing", "settle", "settled_due"]
