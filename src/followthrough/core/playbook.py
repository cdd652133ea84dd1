"""The follow-up method as data: the default playbook and the knobs a coach may turn."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Playbook:
    name: str = "default"
    # Calls to the hiring officer once the promised date has passed (or, without one,
    # counted from the interview): how many, how far apart.
    calls: int = 3
    days_between_calls: int = 7
    first_call_without_timeframe_days: int = 7
    # The pest guard: never call the same person again sooner than this.
    min_days_between_calls_to_one_person: int = 7
    call_inside_contacts: bool = True
    # The method says a "please don't call us" need not be obeyed; the calls are then
    # flagged. A coach who disagrees turns them off here.
    call_when_asked_not_to: bool = True
    # The last resort, then letting go.
    email_after_months: int = 1
    move_on_days_after_email: int = 7


DEFAULT_PLAYBOOK = Playbook()
