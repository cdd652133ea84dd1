"""Settling one step of the plan: done (a call may say how it went) or skipped."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db import transaction

from followthrough.core import settling
from followthrough.core.model import CallOutcome, StepStatus
from followthrough.core.settling import Settled
from followthrough.core.together import is_call
from followthrough.services.errors import Hint, UserError
from followthrough.services.jobsearch.applications import (
    STEP_ID_LENGTH,
    StepNotFound,
    check_not_closed,
    step_to_change,
)
from followthrough.services.jobsearch.changes import StepGone, changing
from followthrough.services.jobsearch.planning import playbook_for
from followthrough.services.jobsearch.profile import today as profile_today
from followthrough.services.jobsearch.together import card_of, lock_in_order, someone_elses_too

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

    A call to someone who is also due a call in another open application settles that
    call too (playbook.md section 6): the same date, the same outcome; ``also`` names
    those applications. So does a call that joined another's card, marked from its own
    application's plan: it is the same call to the same person.
    """

    full_id, where = step_to_change(step_id)
    try:
        return _settle_one(full_id, where, status, on, outcome, note, today, alone=False)
    except _SomeoneElsesToo:
        pass  # nothing was recorded: the call is to someone another open application has
    card = card_of(full_id, today or profile_today(), joined_too=True)
    if card is None:  # their call there is not due soon enough to join: this one alone
        return _settle_one(full_id, where, status, on, outcome, note, today)
    # One person, one call: the outcome goes on each application of the card, in one
    # transaction. Its applications are locked in a fixed order first (two settles of
    # overlapping cards wait for each other, never deadlock), then the card is read again.
    with transaction.atomic():
        locked = {call.application for call in card.calls()}
        lock_in_order(locked)
        card = card_of(full_id, today or profile_today(), joined_too=True)
        settled = _settle_one(full_id, where, status, on, outcome, note, today)
        also: list[str] = []
        for call in card.calls() if card else ():
            if call.id == full_id:
                continue  # the one asked for, settled above
            if call.application not in locked:
                continue  # joined since the locks were taken: its own card next time
            try:
                with transaction.atomic():
                    _settle_one(call.id, {"step": call.id}, status, settled.on, outcome, note, today)
            except (StepAlreadySettled, StepNotFound):
                continue  # settled meanwhile (another tab, the web app): one outcome each
            also.append(call.application)
        return replace(settled, also=tuple(also))


class _SomeoneElsesToo(Exception):
    """The call is to a person another open application also has: settle it as a card."""


def _settle_one(
    full_id: str,
    where: dict[str, str],
    status: StepStatus,
    on: dt.date | None,
    outcome: CallOutcome | None,
    note: str | None,
    today: dt.date | None,
    alone: bool = True,
) -> Settled:
    """One step settled in its own application; ``alone=False``: refuse (record nothing)
    when it is a call to someone another open application also has."""
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
            if not alone and is_call(chosen.step.kind.value):
                person = change.application.contact(chosen.step.contact)
                if person is not None and someone_elses_too(change.application.id, person.email, person.phone):
                    raise _SomeoneElsesToo
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
