"""Settling one step of the plan: done (a call may say how it went) or skipped."""

from __future__ import annotations

import datetime as dt

from followthrough.core import settling
from followthrough.core.model import CallOutcome, StepStatus
from followthrough.core.settling import Settled
from followthrough.services.errors import Hint, UserError
from followthrough.services.jobsearch.applications import (
    STEP_ID_LENGTH,
    StepNotFound,
    check_not_closed,
    step_to_change,
)
from followthrough.services.jobsearch.changes import StepGone, changing
from followthrough.services.jobsearch.planning import playbook_for

__all__ = ["STEP_ID_LENGTH", "Settled", "StepAlreadySettled", "StepNotFound", "settle_step"]


class StepAlreadySettled(UserError):
    """The step was settled before (by another click, another tab, or an earlier step's event)."""

    def __init__(self, refusal: settling.AlreadySettled) -> None:
        super().__init__(str(refusal))
        step = refusal.step
        self.kind, self.contact_name, self.status, self.on = step.kind, refusal.contact_name, step.status, step.done_on


def settle_step(
    step_id: str,
    status: StepStatus,
    on: dt.date | None = None,
    outcome: CallOutcome | None = None,
    note: str | None = None,
    today: dt.date | None = None,
) -> Settled:
    """Record that the step was done (or skipped) on ``on`` (default: today), never on a
    day after ``today``.

    One transaction: the application is locked and planned first, and the step must be
    pending in *that* plan, so of two settles of one step at once (two tabs, a double
    click, the web and the CLI) the second is refused and records nothing. ``today`` is
    the profile's today when not given. A later ``on`` (the user looking at a day ahead)
    is recorded as today: a step is done when it is done, not when it was planned.
    """

    full_id, where = step_to_change(step_id)
    try:
        with changing(**where) as change:
            before = change.plan
            check_not_closed(change.application, before)
            try:
                chosen = settling.settle(
                    change.application,
                    before,
                    full_id,
                    status,
                    today or change.today,
                    on,
                    outcome,
                    note,
                    playbook_for(change.application, change.books),
                )
            except settling.AlreadySettled as refusal:
                raise StepAlreadySettled(refusal) from None
            except settling.StepMissing as refusal:
                raise StepNotFound(str(refusal), hint=Hint.SEE_AGENDA) from None
            except settling.Refused as refusal:
                raise UserError(str(refusal)) from None
            plan = change.record(chosen.event)
    except StepGone as error:
        raise StepNotFound(error.reason, hint=error.hint) from None
    step = chosen.step
    due = settling.settled_due(before, plan, step, status)
    return Settled(
        change.application.id,
        plan,
        step.kind,
        chosen.contact_name,
        chosen.on,
        chosen.moved_to_today,
        due,
        step.due,
        len(change.application.events),
        chosen.event,
    )
