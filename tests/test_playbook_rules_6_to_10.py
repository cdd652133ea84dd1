"""Rules 6-10 of playbook.md section 2, worked out by hand.

November 2026 starts on a Sunday: Mondays are 11-02, 11-09, 11-16, 11-23, 11-30;
Fridays 11-06, 11-13, 11-20, 11-27. December: Mondays 12-07, 12-14, 12-21, 12-28.
The base is case A: interview Tue 11-03 with Ann (hiring officer) and Bo, "two weeks"
-> T = Tue 11-17, B = Wed 11-18; calls 11-18, 11-25, 12-02; Cy 11-18; e-mail 12-17;
move on 12-24.
"""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import (
    Application,
    Debrief,
    Event,
    Interview,
    Plan,
    Reopened,
    Response,
    ResponseOutcome,
    StepDone,
    StepSkipped,
    StepSnoozed,
    StepStatus,
)
from followthrough.core.planner import nth_for, plan
from tests.review_support import ACME, CALL, EMAIL, INSIDE, MOVE_ON, NOTE, D, day, dues, expect, rows, waiting

BASE = (Interview(D, ("ann", "bo")), Debrief(D, timeframe="two weeks"))


def run(*events: Event, away: tuple[tuple[str, str], ...] = (), country: str | None = None) -> Plan:
    periods = tuple((day(a), day(b)) for a, b in away)
    app = Application("acme", "Acme Corp", "Analyst", None, ACME, events)
    return plan(app, calendar=BusinessCalendar(country, away=periods))


# -- rule 6: the pest guard, exactly ---------------------------------------------------------


def test_a_settled_call_shows_the_due_the_guard_gave_it() -> None:
    # Ann called Wed 11-18; "not decided, by Fri 11-20": B = Mon 11-23, but the guard
    # says a week after 11-18 -> Wed 11-25. Ann is called on 11-25: that call shows
    # 11-25, the due it had, and the next ones follow a week apart: 12-02, 12-09.
    result = run(
        *BASE,
        StepDone(day("11-18"), CALL, "ann"),
        Response(day("11-18"), ResponseOutcome.NOT_DECIDED, "ann", day("11-20")),
        StepDone(day("11-25"), CALL, "ann"),
    )
    assert [r for r in rows(result, CALL) if r[2] != "cancelled"] == [
        ("ann", "2026-11-18", "done"),
        ("ann", "2026-11-25", "done"),
        ("ann", "2026-12-02", "pending"),
        ("ann", "2026-12-09", "pending"),
    ]


def test_a_promised_date_already_past_still_waits_a_week_after_the_last_call() -> None:
    # Ann called Wed 11-18; on Fri 11-20 she says they meant to decide by Mon 11-16 and
    # have not: B = Tue 11-17, the day before the call made. Every call already made
    # counts: the first call of the new phase is due Wed 11-25, then 12-02, 12-09.
    # Cy was not called: B, 11-17. E-mail a month after T: Wed 12-16; move on 12-23.
    result = run(
        *BASE,
        StepDone(day("11-18"), CALL, "ann"),
        Response(day("11-20"), ResponseOutcome.NOT_DECIDED, "ann", day("11-16")),
    )
    assert waiting(result) == expect("2026-11-25 2026-12-02 2026-12-09", "2026-11-17", "2026-12-16", "2026-12-23")


def test_a_call_beyond_the_plan_holds_back_the_next_phase() -> None:
    # Ann called 11-18 (call 1), 11-25 (call 2), 12-02 (call 3) and again Fri 12-04
    # (beyond the plan); "not decided, by Mon 12-07": B = Tue 12-08, a week after
    # 12-04 is Fri 12-11.
    result = run(
        *BASE,
        *(StepDone(day(d), CALL, "ann") for d in ("11-18", "11-25", "12-02", "12-04")),
        Response(day("12-04"), ResponseOutcome.NOT_DECIDED, "ann", day("12-07")),
    )
    assert dues(result, CALL) == ["2026-12-11", "2026-12-18", "2026-12-25"]


# -- rule 7: aiming at one step ----------------------------------------------------------------


def test_skipping_the_second_call_leaves_the_first_pending() -> None:
    # The user will be away the week of 11-25: they skip that call (nth 2) on 11-16.
    # 11-18 stays; 12-02 stays (a week after the skipped 11-25).
    result = run(*BASE, StepSkipped(day("11-16"), CALL, "ann", nth=2))
    assert rows(result, CALL) == [
        ("ann", "2026-11-18", "pending"),
        ("ann", "2026-11-25", "skipped"),
        ("ann", "2026-12-02", "pending"),
    ]
    assert result.faults == ()


def test_a_call_made_out_of_turn_moves_the_earlier_one_a_week_past_it() -> None:
    # Call 2 (nth 2) made Wed 11-25 while call 1 (11-18) was still open: call 1 may
    # not fall due before Wed 12-02, and call 3 a week after that: Wed 12-09.
    result = run(*BASE, StepDone(day("11-25"), CALL, "ann", nth=2))
    assert dues(result, CALL) == ["2026-12-02", "2026-12-09"]
    assert [s.done_on for s in result.steps if s.kind is CALL and s.status is StepStatus.DONE] == [day("11-25")]


def test_a_thank_you_note_aimed_at_the_second_interview() -> None:
    result = run(Interview(D, ("ann",)), Interview(day("11-10"), ("ann",)), StepDone(day("11-11"), NOTE, "ann", nth=2))
    assert rows(result, NOTE) == [("ann", "2026-11-03", "pending"), ("ann", "2026-11-10", "done")]


def test_nth_past_the_last_step_is_a_fault_and_changes_nothing() -> None:
    events = (*BASE, StepSkipped(day("11-16"), CALL, "ann", nth=4))
    result = run(*events)
    assert [(f.event, f.field) for f in result.faults] == [(2, "nth")]
    assert "no step 4" in result.faults[0].message
    assert result.steps == run(*BASE).steps


def test_nth_at_a_step_already_settled_is_a_fault() -> None:
    events = (*BASE, StepDone(day("11-18"), CALL, "ann"), StepSkipped(day("11-19"), CALL, "ann", nth=1))
    result = run(*events)
    assert [(f.event, f.field) for f in result.faults] == [(3, "nth")]
    assert "already done" in result.faults[0].message


def test_nth_counts_only_the_current_phase() -> None:
    # After "not decided, by 12-01", nth 1 is the new phase's first call (12-02).
    result = run(
        *BASE,
        Response(day("11-20"), ResponseOutcome.NOT_DECIDED, "ann", day("12-01")),
        StepSkipped(day("11-21"), CALL, "ann", nth=1),
    )
    assert [r for r in rows(result, CALL) if r[2] != "cancelled"] == [
        ("ann", "2026-12-02", "skipped"),
        ("ann", "2026-12-09", "pending"),
        ("ann", "2026-12-16", "pending"),
    ]


# -- rule 8: reopened ------------------------------------------------------------------------------


def test_reopened_after_a_rejection_starts_a_fresh_wait_without_timeframe() -> None:
    # Rejected Fri 11-20, back on Mon 11-30: calls R+7 12-07, 12-14, 12-21; Cy 12-07;
    # e-mail a month after R: Wed 12-30; move on Wed 2027-01-06. The notes cancelled
    # at the rejection stay cancelled.
    result = run(
        *BASE,
        Response(day("11-20"), ResponseOutcome.REJECTED, "ann"),
        Reopened(day("11-30"), "the other candidate declined"),
    )
    assert (result.status, result.outcome) == ("open", None)
    assert waiting(result) == expect("2026-12-07 2026-12-14 2026-12-21", "2026-12-07", "2026-12-30", "2027-01-06")
    assert [r[2] for r in rows(result, NOTE)] == ["cancelled", "cancelled"]
    assert result.phases[-1].opened_by == "reopened" and result.phases[-1].promised is None


def test_reopened_after_moving_on_then_an_offer_closes_again() -> None:
    result = run(
        *BASE,
        StepDone(day("12-24"), MOVE_ON),
        Reopened(day("2027-01-11")),
        Response(day("2027-01-15"), ResponseOutcome.OFFER, "ann"),
    )
    assert (result.status, result.outcome, result.pending) == ("closed", "offer", ())
    assert rows(result, MOVE_ON)[0] == (None, "2026-12-24", "done")


def test_reopened_on_an_open_application_changes_nothing() -> None:
    assert run(*BASE, Reopened(day("11-20"))).steps == run(*BASE).steps


# -- rule 9: snoozed -----------------------------------------------------------------------------------


def test_snoozing_the_first_call_pushes_the_later_ones_a_week_each() -> None:
    # Call 1 (11-18) snoozed to Mon 11-30: call 2 (11-25) -> 12-07, call 3 (12-02) ->
    # 12-14. Cy, e-mail and move on stay.
    result = run(*BASE, StepSnoozed(day("11-17"), CALL, "ann", day("11-30")))
    assert waiting(result) == expect("2026-11-30 2026-12-07 2026-12-14", "2026-11-18", "2026-12-17", "2026-12-24")


def test_a_snooze_to_a_saturday_rolls_to_monday() -> None:
    result = run(*BASE, StepSnoozed(day("11-17"), CALL, "ann", day("11-21")))
    assert dues(result, CALL) == ["2026-11-23", "2026-11-30", "2026-12-07"]


def test_a_later_snooze_replaces_an_earlier_one() -> None:
    # Snoozed to 11-30, then brought back to Thu 11-19: 11-19, 11-26, 12-03.
    result = run(
        *BASE,
        StepSnoozed(day("11-16"), CALL, "ann", day("11-30")),
        StepSnoozed(day("11-17"), CALL, "ann", day("11-19")),
    )
    assert dues(result, CALL) == ["2026-11-19", "2026-11-26", "2026-12-03"]


def test_snoozing_the_email_moves_the_move_on_with_it() -> None:
    # E-mail 12-17 snoozed to Mon 12-28: move on a week later, Mon 2027-01-04.
    result = run(*BASE, StepSnoozed(day("12-16"), EMAIL, "ann", day("12-28")))
    assert (dues(result, EMAIL), dues(result, MOVE_ON)) == (["2026-12-28"], ["2027-01-04"])


def test_a_snoozed_thank_you_note_is_due_on_the_day_asked_even_a_saturday() -> None:
    result = run(*BASE, StepSnoozed(day("11-03"), NOTE, "bo", day("11-07")))
    assert rows(result, NOTE) == [("ann", "2026-11-03", "pending"), ("bo", "2026-11-07", "pending")]


def test_snoozing_the_third_call_by_nth() -> None:
    result = run(*BASE, StepSnoozed(day("11-17"), CALL, "ann", day("12-09"), nth=3))
    assert dues(result, CALL) == ["2026-11-18", "2026-11-25", "2026-12-09"]


# -- rule 10: away days -------------------------------------------------------------------------------


def test_away_the_week_after_t_moves_b_and_every_call_after_it() -> None:
    # Away Mon 11-16 to Fri 11-20: T stays Tue 11-17 ("two weeks" is calendar days);
    # B, the user's first business day after T, is Mon 11-23: calls 11-23, 11-30,
    # 12-07; Cy 11-23. The e-mail counts from T: 12-17; move on 12-24.
    result = run(*BASE, away=(("11-16", "11-20"),))
    assert waiting(result) == expect("2026-11-23 2026-11-30 2026-12-07", "2026-11-23", "2026-12-17", "2026-12-24")
    assert result.promises[0].resolves_to == day("11-17")


def test_business_days_promised_are_the_employers_not_the_users() -> None:
    # Away Wed 11-04 to Fri 11-06: "within 10 business days" of Tue 11-03 still ends
    # Tue 11-17 (11-04 ... 11-17 is ten weekdays), so B = Wed 11-18.
    result = run(
        Interview(D, ("ann", "bo")), Debrief(D, timeframe="within 10 business days"), away=(("11-04", "11-06"),)
    )
    assert result.promises[0].resolves_to == day("11-17")
    assert dues(result, CALL) == ["2026-11-18", "2026-11-25", "2026-12-02"]


def test_away_over_new_year_rolls_the_case_e_email_past_it() -> None:
    # Case E: e-mail Fri 2027-01-01 with no country; away 12-21 to Sun 2027-01-03 ->
    # Mon 01-04; move on a week later, 01-11. The calls (12-02, 12-09, 12-16) stay.
    result = run(
        *BASE,
        StepDone(day("11-18"), CALL, "ann"),
        Response(day("11-18"), ResponseOutcome.NOT_DECIDED, "ann", day("12-01")),
        away=(("12-21", "2027-01-03"),),
    )
    assert waiting(result) == expect("2026-12-02 2026-12-09 2026-12-16", "2026-12-02", "2027-01-04", "2027-01-11")


def test_a_snooze_into_an_away_period_rolls_out_of_it() -> None:
    # Snoozed to Tue 11-24, away 11-23 to 11-27: due Mon 11-30; then 12-07, 12-14.
    result = run(*BASE, StepSnoozed(day("11-17"), CALL, "ann", day("11-24")), away=(("11-23", "11-27"),))
    assert dues(result, CALL) == ["2026-11-30", "2026-12-07", "2026-12-14"]


def test_thank_you_notes_stay_on_the_interview_day_even_inside_an_away_period() -> None:
    # The user went to the interview: the note is due that day, away or not.
    result = run(*BASE, away=(("11-02", "11-06"),))
    assert dues(result, NOTE) == ["2026-11-03", "2026-11-03"]


def test_the_calendar_has_a_user_view_and_an_employer_view() -> None:
    cal = BusinessCalendar(away=((day("11-16"), day("11-20")),))
    assert not cal.is_business_day(day("11-18")) and cal.employer().is_business_day(day("11-18"))
    assert cal.roll(day("11-18")) == day("11-23")
    assert cal.add_business_days(day("11-13"), 1) == day("11-23")
    assert cal.employer().add_business_days(day("11-13"), 1) == day("11-16")
    assert dt.date(2026, 11, 21).weekday() == 5  # the Saturday the tests above lean on


def test_the_nth_to_record_for_the_step_the_user_pointed_at() -> None:
    # Skip pointed at the 11-25 call: nth 2; at the 11-18 call: rule 4 picks it anyway.
    app = Application("acme", "Acme Corp", "Analyst", None, ACME, BASE)
    calls = [s for s in plan(app).steps if s.kind is CALL]
    event = StepSkipped(day("11-16"), CALL, "ann")
    assert [nth_for(app, event, s.id) for s in calls] == [None, 2, 3]
    assert nth_for(app, StepSnoozed(day("11-16"), CALL, "ann", day("12-01")), calls[2].id) == 3
    with pytest.raises(ValueError, match="no call_inside_contact event"):
        nth_for(app, StepSkipped(day("11-16"), INSIDE, "cy"), calls[0].id)
