"""The rules of playbook.md section 2, one scenario each, straight through the planner."""

from __future__ import annotations

import datetime as dt

from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import (
    Application,
    CallPermission,
    Contact,
    ContactRole,
    Debrief,
    Event,
    Flag,
    Interview,
    Plan,
    Response,
    ResponseOutcome,
    StepDone,
    StepKind,
    StepSkipped,
    StepStatus,
)
from followthrough.core.planner import plan
from followthrough.core.playbook import Playbook

D = dt.date(2026, 11, 3)
ANN = Contact("ann", "Ann Lee", ContactRole.HIRING_OFFICER)
BO = Contact("bo", "Bo Park", ContactRole.INTERVIEWER)
CY = Contact("cy", "Cy Diaz", ContactRole.INSIDE_CONTACT)
CALL = StepKind.CALL_HIRING_OFFICER


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(f"2026-{text}" if len(text) == 5 else text)


def run(*events: Event, contacts: tuple[Contact, ...] = (ANN, BO, CY), **kwargs: object) -> Plan:
    return plan(Application("acme", "Acme Corp", "Analyst", None, contacts, events), **kwargs)  # type: ignore[arg-type]


def pending(result: Plan, kind: StepKind) -> list[str]:
    return [s.due.isoformat()[5:] for s in result.steps if s.kind is kind and s.status is StepStatus.PENDING]


def statuses(result: Plan, kind: StepKind) -> list[tuple[str, str]]:
    return [(s.due.isoformat()[5:], s.status.value) for s in result.steps if s.kind is kind]


BASE = (Interview(D, ("ann", "bo")), Debrief(D, timeframe="two weeks"))


def test_a_call_made_late_moves_the_later_calls_a_week_from_it() -> None:
    result = run(*BASE, StepDone(day("11-24"), CALL, "ann"))
    assert statuses(result, CALL) == [("11-18", "done"), ("12-01", "pending"), ("12-08", "pending")]


def test_calling_a_day_early_settles_the_call_that_was_due() -> None:
    result = run(*BASE, StepDone(day("11-17"), CALL, "ann"))
    assert statuses(result, CALL)[0] == ("11-18", "done")
    assert pending(result, CALL) == ["11-25", "12-02"]


def test_a_skipped_step_is_gone_and_the_rest_stays() -> None:
    result = run(*BASE, StepSkipped(day("11-18"), CALL, "ann"))
    assert statuses(result, CALL) == [("11-18", "skipped"), ("11-25", "pending"), ("12-02", "pending")]


def test_a_call_logged_just_before_not_decided_counts_for_the_old_phase() -> None:
    before = run(*BASE, StepDone(day("11-18"), CALL, "ann"), Response(day("11-18"), ResponseOutcome.NOT_DECIDED))
    after = run(*BASE, Response(day("11-18"), ResponseOutcome.NOT_DECIDED), StepDone(day("11-18"), CALL, "ann"))
    assert [s for s in statuses(before, CALL) if s[1] == "done"] == [("11-18", "done")]
    # Taken after the response, the same call settles the new phase's first call (due 11-25).
    assert [s for s in statuses(after, CALL) if s[1] == "done"] == [("11-25", "done")]
    assert pending(after, CALL) == ["12-02", "12-09"]


def test_not_decided_without_a_date_runs_as_no_timeframe_from_the_response() -> None:
    result = run(*BASE, Response(day("11-20"), ResponseOutcome.NOT_DECIDED, "ann"))
    assert pending(result, CALL) == ["11-27", "12-04", "12-11"]
    assert pending(result, StepKind.EMAIL_HIRING_OFFICER) == ["12-21"]
    assert pending(result, StepKind.MOVE_ON) == ["12-28"]


def test_another_interview_supersedes_the_wait_and_owes_its_own_notes() -> None:
    result = run(*BASE, StepDone(day("11-18"), CALL, "ann"), Interview(day("11-20"), ("ann",)))
    assert statuses(result, StepKind.THANK_YOU_NOTE) == [
        ("11-03", "pending"),
        ("11-03", "pending"),
        ("11-20", "pending"),
    ]
    assert ("11-25", "cancelled") in statuses(result, CALL)
    assert pending(result, CALL) == ["11-27", "12-04", "12-11"]


def test_an_interview_recorded_ahead_of_its_date_silences_the_calls_before_it() -> None:
    result = run(*BASE, Interview(day("12-10"), ("ann",)))
    assert pending(result, CALL) == ["12-17", "12-24", "12-31"]
    assert all(status == "cancelled" for due, status in statuses(result, CALL) if due < "12-10")


def test_without_a_hiring_officer_calls_and_email_are_planned_and_flagged() -> None:
    result = run(Interview(D, ("bo",)), contacts=(BO,))
    officer_steps = [s for s in result.steps if s.kind in (CALL, StepKind.EMAIL_HIRING_OFFICER)]
    assert len(officer_steps) == 4
    assert all(s.contact is None and Flag.NO_HIRING_OFFICER in s.flags for s in officer_steps)


def test_asked_not_to_call_flags_the_calls_and_a_playbook_can_drop_them() -> None:
    events = (*BASE, Debrief(D, call_permission=CallPermission.ASKED_NOT_TO_CALL))
    flagged = [s for s in run(*events).steps if s.kind is CALL]
    assert len(flagged) == 3 and all(Flag.ASKED_NOT_TO_CALL in s.flags for s in flagged)
    assert pending(run(*events, playbook=Playbook(call_when_asked_not_to=False)), CALL) == []
    assert pending(run(*events, playbook=Playbook(call_when_asked_not_to=False)), StepKind.EMAIL_HIRING_OFFICER)


def test_moving_on_closes_with_no_response() -> None:
    result = run(*BASE, StepDone(day("12-24"), StepKind.MOVE_ON))
    assert (result.status, result.outcome, result.pending) == ("closed", "no_response", ())


def test_a_decision_from_an_inside_contact_closes_too() -> None:
    result = run(*BASE, Response(day("11-19"), ResponseOutcome.FILLED, "cy"))
    assert (result.status, result.outcome) == ("closed", "filled")
    assert result.pending == ()


def test_inside_contacts_are_not_called_twice_within_a_week() -> None:
    done_cy = StepDone(day("11-18"), StepKind.CALL_INSIDE_CONTACT, "cy")
    result = run(*BASE, done_cy, Response(day("11-19"), ResponseOutcome.NOT_DECIDED, None, day("11-19")))
    assert pending(result, StepKind.CALL_INSIDE_CONTACT) == ["11-25"]  # B would be 11-20


def test_a_late_debrief_timeframe_counts_from_the_interview() -> None:
    result = run(Interview(D, ("ann",)), Debrief(day("11-05"), timeframe="two weeks"))
    assert pending(result, CALL)[0] == "11-18"
    assert result.promises[0].resolves_to == day("11-17")


def test_holidays_move_calls_to_the_next_business_day_and_the_guard_keeps_a_week() -> None:
    # No timeframe: D + 7 = Thanksgiving 2026-11-26 in the US, rolled to Friday; D + 14
    # (a Thursday) would then be six days after it, so the pest guard makes it Friday too.
    result = run(Interview(day("11-19"), ("ann",)), calendar=BusinessCalendar("US"))
    assert pending(result, CALL) == ["11-27", "12-04", "12-11"]
    assert pending(run(Interview(day("11-19"), ("ann",))), CALL) == ["11-26", "12-03", "12-10"]
