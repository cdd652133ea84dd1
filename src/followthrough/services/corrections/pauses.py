"""Real life between the steps: a step snoozed to a date, an application reopened, days
away (playbook rules 8-10). Each is one change through services.jobsearch.changes.changing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db import transaction

from followthrough.core import codec, planner
from followthrough.core.model import ApplicationStatus, AwayPeriod, Plan, Reopened, Step, StepSnoozed, StepStatus
from followthrough.services.errors import Field, Hint, Refusal, UserError
from followthrough.services.jobsearch import checks
from followthrough.services.jobsearch import profile as reading
from followthrough.services.jobsearch.applications import (
    StepNotFound,
    check_not_closed,
    step_to_change,
)
from followthrough.services.jobsearch.changes import StepGone, changing
from followthrough.services.jobsearch.planning import playbook_for
from followthrough.services.jobsearch.profile import get_profile
from followthrough.services.jobsearch.profile import today as profile_today
from followthrough.services.jobsearch.profile_edit import save_profile
from followthrough.services.jobsearch.together import card_of, lock_in_order


def reopen(slug: str, on: dt.date | None = None, note: str | None = None) -> Plan:
    """The employer came back: the closed application opens with a fresh waiting phase."""

    if note:
        try:
            codec.check_text(note, Field.NOTE, multiline=True)
        except codec.InvalidData as error:
            raise Refusal(error.message, Field.NOTE, note) from None
    with changing(slug) as change:
        if change.plan.status != ApplicationStatus.CLOSED:
            raise Refusal("is open: nothing to reopen", Field.APPLICATION, slug, company=change.application.company)
        day = on or change.today
        checks.check_not_far_ahead(day, change.today, "reopened")
        return change.record(Reopened(day, note or None))


@dataclass(frozen=True)
class Snoozed:
    application: str
    step: Step  # as it is now: pending, due on or after the date asked for
    contact_name: str | None
    plan: Plan


def snooze(step_id: str, until: dt.date) -> Snoozed:
    """Move the step to ``until`` (rolled to a business day, a thank-you note excepted);
    later calls to that person keep their distance from it (rule 9).

    A call that leads a card (one person, one call: playbook.md section 6) moves with the
    calls that joined it, each due before ``until``: the person is asked for on that day,
    once, not today about the other role. Locked in a fixed order, as a card is settled."""

    full_id = step_to_change(step_id)[0]
    card = card_of(full_id, profile_today())
    if card is None:
        return _snooze_one(step_id, until)
    with transaction.atomic():
        locked = {call.application for call in card.calls()}
        lock_in_order(locked)
        card = card_of(full_id, profile_today())
        snoozed = _snooze_one(step_id, until)
        for call in card.joined if card else ():
            if call.application not in locked or call.due >= until:
                continue  # joined since the locks were taken, or already that late: left as it is
            try:
                with transaction.atomic():
                    _snooze_one(call.id, until)
            except UserError:
                continue  # settled or snoozed meanwhile: one change each
        return snoozed


def _snooze_one(step_id: str, until: dt.date) -> Snoozed:
    full_id, where = step_to_change(step_id)
    try:
        with changing(**where) as change:
            app, plan = change.application, change.plan
            check_not_closed(app, plan)
            step = change.step(full_id)
            if step is None:
                raise StepNotFound(f"step {step_id!r} is no longer on the plan")
            if step.status is not StepStatus.PENDING:
                raise UserError(f"that step is already {step.status.value}: only a pending step can be snoozed")
            if until < change.today:
                raise Refusal(f"that is before today ({change.today.isoformat()})", Field.UNTIL, until)
            checks.check_not_far_ahead(until, change.today, "snoozed", Field.UNTIL)
            event = StepSnoozed(change.today, step.kind, step.contact, until)
            try:
                nth = planner.nth_for(app, event, full_id, playbook_for(app, change.books))
            except ValueError:
                raise Refusal(
                    "cannot be aimed at any more",
                    Field.STEP,
                    f"step {step_id!r}",
                    Hint.SEE_PLAN,
                    application=app.id,
                    company=app.company,
                ) from None
            after = change.record(replace(event, nth=nth))
    except StepGone as error:
        raise StepNotFound(error.reason, hint=error.hint) from None
    now = next(s for s in after.steps if s.id == full_id)
    who = change.application.contact(now.contact)
    return Snoozed(change.application.id, now, who.name if who else None, after)


# -- days away ----------------------------------------------------------------------------


def away_periods() -> tuple[AwayPeriod, ...]:
    """The periods the user is away, in date order (numbered from 1 by `away list`)."""

    return tuple(sorted(get_profile().away))


def add_away(first: dt.date, last: dt.date) -> tuple[AwayPeriod, ...]:
    """Add a period away (both days included); every plan follows."""

    if last < first:
        raise Refusal(f"the period ends before it starts ({first.isoformat()})", Field.UNTIL, last)
    if last - first > dt.timedelta(days=366):
        raise UserError("a period away of more than a year: check the dates")
    with transaction.atomic():
        reading.lock_profile()
        profile = reading.get_profile()
        period = AwayPeriod(first, last)
        if period in profile.away:
            raise UserError(f"already away from {first.isoformat()} to {last.isoformat()}")
        saved = save_profile(replace(profile, away=tuple(sorted((*profile.away, period)))))
    return saved.away


def remove_away(n: int) -> AwayPeriod:
    """Take out period ``n`` (as `away list` numbers them); every plan follows."""

    with transaction.atomic():
        reading.lock_profile()
        profile = reading.get_profile()
        periods = sorted(profile.away)
        if not 1 <= n <= len(periods):
            if not periods:
                raise Refusal(f"no period away {n}", hint=Hint.ADD_AWAY)
            raise UserError(f"no period away {n} (periods: 1 to {len(periods)})")
        gone = periods.pop(n - 1)
        save_profile(replace(profile, away=tuple(periods)))
    return gone


def remove_away_period(period: AwayPeriod) -> None:
    """Take out the period away that is exactly ``period`` (an Undo names it by its days,
    not by its place in the list); refused, changing nothing, when it is not there."""

    with transaction.atomic():
        reading.lock_profile()
        profile = reading.get_profile()
        if period not in profile.away:
            raise UserError(
                f"not away from {period.from_.isoformat()} to {period.until.isoformat()} any more: nothing changed"
            )
        save_profile(replace(profile, away=tuple(p for p in sorted(profile.away) if p != period)))
