"""Independent review of playbook.md: the pest guard, rules 3-5, closing, identities.

Every expected date is worked out by hand from the spec's own sentences (quoted next
to each test), not from the planner's output.
"""

from __future__ import annotations

import pytest

from followthrough.core.model import (
    CallPermission,
    Debrief,
    Event,
    Flag,
    Interview,
    Response,
    ResponseOutcome,
    StepDone,
    StepKind,
    StepSkipped,
    StepStatus,
)
from followthrough.core.playbook import Playbook
from tests.review_support import (
    ANN,
    BO,
    CALL,
    CY,
    DEE,
    EMAIL,
    EVE,
    INSIDE,
    MOVE_ON,
    NOTE,
    D,
    day,
    dues,
    expect,
    rows,
    run,
    waiting,
)

# -- the pest guard -------------------------------------------------------------------------

BASE = (Interview(D, ("ann", "bo")), Debrief(D, timeframe="two weeks"))


def test_a_call_made_on_a_saturday_pushes_the_next_calls() -> None:
    # Call 1 (due 11-18) made Sat 11-21: the next may not be before Sat 11-28 -> Mon 11-30;
    # call 3 planned 12-02 must be a week after 11-30 -> Mon 12-07.
    result = run(*BASE, StepDone(day("11-21"), CALL, "ann"))
    assert rows(result, CALL) == [
        ("ann", "2026-11-18", "done"),
        ("ann", "2026-11-30", "pending"),
        ("ann", "2026-12-07", "pending"),
    ]


def test_an_overdue_call_made_late_settles_the_first_and_pushes_the_rest() -> None:
    result = run(*BASE, StepDone(day("11-26"), CALL, "ann"))
    assert dues(result, CALL) == ["2026-12-03", "2026-12-10"]
    assert [s.done_on for s in result.steps if s.kind is CALL and s.status is StepStatus.DONE] == [day("11-26")]


def test_the_pest_guard_carries_a_call_across_into_the_next_phase() -> None:
    # Ann called Wed 11-18, then "not decided, by Fri 11-20": B = Mon 11-23, too close to
    # 11-18 -> Wed 11-25; then 11-30 -> 12-02, 12-07 -> 12-09. Cy, not called, keeps B.
    # E-mail 12-20 (Sun) -> 12-21; move on 12-28.
    result = run(
        *BASE,
        StepDone(day("11-18"), CALL, "ann"),
        Response(day("11-18"), ResponseOutcome.NOT_DECIDED, "ann", day("11-20")),
    )
    assert waiting(result) == expect("2026-11-25 2026-12-02 2026-12-09", "2026-11-23", "2026-12-21", "2026-12-28")


def test_a_late_inside_contact_call_holds_back_the_next_phases_inside_call() -> None:
    # Cy called late on Tue 11-24; "not decided, by Fri 11-27" on 11-25: B = Mon 11-30,
    # Cy's call must wait until Tue 12-01. Ann was never called: her cancelled 11-18
    # call holds nothing back, so her calls start at B.
    result = run(
        *BASE,
        StepDone(day("11-24"), INSIDE, "cy"),
        Response(day("11-25"), ResponseOutcome.NOT_DECIDED, "cy", day("11-27")),
    )
    assert dues(result, INSIDE) == ["2026-12-01"]
    assert dues(result, CALL) == ["2026-11-30", "2026-12-07", "2026-12-14"]


def test_an_extra_inside_call_beyond_the_plan_counts_for_the_guard() -> None:
    # Cy called 11-18 (the planned call) and again Fri 11-20; "not decided, by Tue 11-24":
    # B = Wed 11-25, but Cy was last called 11-20 -> Fri 11-27.
    result = run(
        *BASE,
        StepDone(day("11-18"), INSIDE, "cy"),
        StepDone(day("11-20"), INSIDE, "cy"),
        Response(day("11-20"), ResponseOutcome.NOT_DECIDED, "ann", day("11-24")),
    )
    assert dues(result, INSIDE) == ["2026-11-27"]
    assert dues(result, CALL) == ["2026-11-25", "2026-12-02", "2026-12-09"]


def test_each_inside_contact_is_guarded_separately() -> None:
    result = run(
        *BASE,
        StepDone(day("11-18"), INSIDE, "cy"),
        Response(day("11-18"), ResponseOutcome.NOT_DECIDED, "cy", day("11-19")),
        contacts=(ANN, BO, CY, EVE),
    )
    # B = Fri 11-20: Eve keeps it, Cy (called 11-18) waits until 11-25.
    assert rows(result, INSIDE)[-2:] == [("eve", "2026-11-20", "pending"), ("cy", "2026-11-25", "pending")]


# -- rule 4: which step a step_done / step_skipped settles ----------------------------------


def test_a_thank_you_note_settles_the_earliest_interviews_note_first() -> None:
    result = run(
        Interview(D, ("ann", "bo")),
        Interview(day("11-10"), ("ann",)),
        StepDone(day("11-12"), NOTE, "ann"),
    )
    assert rows(result, NOTE) == [
        ("ann", "2026-11-03", "done"),
        ("bo", "2026-11-03", "pending"),
        ("ann", "2026-11-10", "pending"),
    ]


def test_a_thank_you_note_only_settles_interviews_taken_before_it() -> None:
    # Same date: the note logged before the second interview in the file settles the
    # first interview's note; logged after, and with the first already done, the second's.
    first = Interview(D, ("ann",))
    second = Interview(day("11-10"), ("ann",))
    before = run(first, StepDone(D, NOTE, "ann"), StepDone(day("11-10"), NOTE, "ann"), second)
    assert rows(before, NOTE) == [("ann", "2026-11-03", "done"), ("ann", "2026-11-10", "pending")]
    after = run(first, StepDone(D, NOTE, "ann"), second, StepDone(day("11-10"), NOTE, "ann"))
    assert rows(after, NOTE) == [("ann", "2026-11-03", "done"), ("ann", "2026-11-10", "done")]


def test_a_thank_you_note_logged_before_any_interview_settles_nothing() -> None:
    result = run(StepDone(day("11-02"), NOTE, "ann"), Interview(D, ("ann",)))
    assert rows(result, NOTE) == [("ann", "2026-11-03", "pending")]


def test_a_skipped_thank_you_note_is_skipped() -> None:
    result = run(Interview(D, ("ann", "bo")), StepSkipped(day("11-04"), NOTE, "bo"))
    assert rows(result, NOTE) == [("ann", "2026-11-03", "pending"), ("bo", "2026-11-03", "skipped")]


def test_a_call_logged_after_a_new_interview_counts_for_the_new_phase() -> None:
    # Interview 2 on Fri 11-20 (no T): its calls 11-27, 12-04, 12-11. A call logged
    # 11-20 after it in the file settles its first call; before it, the old phase's.
    second = Interview(day("11-20"), ("ann",))
    after = run(*BASE, second, StepDone(day("11-20"), CALL, "ann"))
    assert rows(after, CALL) == [
        ("ann", "2026-11-18", "cancelled"),
        ("ann", "2026-11-25", "cancelled"),
        ("ann", "2026-11-27", "done"),
        ("ann", "2026-12-02", "cancelled"),
        ("ann", "2026-12-04", "pending"),
        ("ann", "2026-12-11", "pending"),
    ]
    before = run(*BASE, StepDone(day("11-20"), CALL, "ann"), second)
    done = [(s.phase, s.done_on) for s in before.steps if s.kind is CALL and s.status is StepStatus.DONE]
    assert done == [(0, day("11-20"))]
    # 11-27 is exactly a week after the 11-20 call: the guard lets it stand.
    assert dues(before, CALL) == ["2026-11-27", "2026-12-04", "2026-12-11"]


def test_skipping_the_email_leaves_move_on_where_it_was() -> None:
    # "A step skipped by the user: it is gone, the rest stays where it was."
    result = run(*BASE, StepSkipped(day("12-01"), EMAIL, "ann"))
    assert rows(result, EMAIL) == [("ann", "2026-12-17", "skipped")]
    assert dues(result, MOVE_ON) == ["2026-12-24"]
    assert dues(result, CALL) == ["2026-11-18", "2026-11-25", "2026-12-02"]


def test_skipping_a_call_settles_the_earliest_and_keeps_the_next_where_it_was() -> None:
    # Rule 4: a skip logged on 11-25 settles the earliest unsettled call (the 11-18 one).
    result = run(*BASE, StepSkipped(day("11-18"), INSIDE, "cy"), StepSkipped(day("11-25"), CALL, "ann"))
    assert rows(result, CALL) == [
        ("ann", "2026-11-18", "skipped"),
        ("ann", "2026-11-25", "pending"),
        ("ann", "2026-12-02", "pending"),
    ]
    assert rows(result, INSIDE) == [("cy", "2026-11-18", "skipped")]


def test_skipping_a_call_the_guard_had_pushed_leaves_the_later_calls_where_they_were() -> None:
    # Ann called 11-18; "not decided, by Thu 11-19": B = Fri 11-20; the guard puts the
    # calls at 11-25, 12-02, 12-09 (each a week after the one before).
    events = (
        *BASE,
        StepDone(day("11-18"), CALL, "ann"),
        Response(day("11-18"), ResponseOutcome.NOT_DECIDED, "ann", day("11-19")),
    )
    assert dues(run(*events), CALL) == ["2026-11-25", "2026-12-02", "2026-12-09"]
    # Skipping the 11-25 call: the rest stays where it was.
    skipped = run(*events, StepSkipped(day("11-25"), CALL, "ann"))
    assert dues(skipped, CALL) == ["2026-12-02", "2026-12-09"]


def test_a_done_email_without_contact_settles_the_hiring_officers_email() -> None:
    result = run(*BASE, StepDone(day("12-17"), EMAIL, "ann"))
    assert rows(result, EMAIL) == [("ann", "2026-12-17", "done")]
    assert dues(result, MOVE_ON) == ["2026-12-24"]


# -- rule 3: superseded phases ----------------------------------------------------------------


def test_a_superseded_phase_keeps_what_was_done_and_cancels_the_rest() -> None:
    result = run(
        *BASE,
        StepDone(day("11-18"), CALL, "ann"),
        StepDone(day("11-18"), INSIDE, "cy"),
        Response(day("11-19"), ResponseOutcome.NOT_DECIDED, "ann", day("12-01")),
    )
    old = [(s.kind.value, s.due.isoformat(), s.status.value) for s in result.steps if s.phase == 0]
    assert sorted(old) == sorted(
        [
            ("thank_you_note", "2026-11-03", "pending"),
            ("thank_you_note", "2026-11-03", "pending"),
            ("call_hiring_officer", "2026-11-18", "done"),
            ("call_inside_contact", "2026-11-18", "done"),
            ("call_hiring_officer", "2026-11-25", "cancelled"),
            ("call_hiring_officer", "2026-12-02", "cancelled"),
            ("email_hiring_officer", "2026-12-17", "cancelled"),
            ("move_on", "2026-12-24", "cancelled"),
        ]
    )
    assert {s.phase for s in result.pending if s.kind is not NOTE} == {1}


def test_an_interview_recorded_ahead_cancels_the_earlier_waiting_but_not_the_notes() -> None:
    # Interview 2 on Thu 12-10 (future), no T: calls 12-17, 12-24, 12-31, Cy 12-17,
    # e-mail 2027-01-11 (Sun 01-10 rolled), move on 01-18.
    result = run(*BASE, Interview(day("12-10"), ("ann", "dee")), contacts=(ANN, BO, CY, DEE))
    assert waiting(result) == expect("2026-12-17 2026-12-24 2026-12-31", "2026-12-17", "2027-01-11", "2027-01-18")
    assert rows(result, NOTE) == [
        ("ann", "2026-11-03", "pending"),
        ("bo", "2026-11-03", "pending"),
        ("ann", "2026-12-10", "pending"),
        ("dee", "2026-12-10", "pending"),
    ]
    assert dues(result, CALL, StepStatus.CANCELLED) == ["2026-11-18", "2026-11-25", "2026-12-02"]


def test_the_case_e_inside_contact_call_is_replaced() -> None:
    # Case E: "the pending 11-18 call to Cy is replaced: ... Cy 12-02"
    result = run(
        *BASE,
        StepDone(day("11-18"), CALL, "ann", note="not decided"),
        Response(day("11-18"), ResponseOutcome.NOT_DECIDED, "ann", day("12-01")),
        country="US",
    )
    assert rows(result, INSIDE) == [("cy", "2026-11-18", "cancelled"), ("cy", "2026-12-02", "pending")]
    assert waiting(result) == expect("2026-12-02 2026-12-09 2026-12-16", "2026-12-02", "2027-01-04", "2027-01-11")


# -- closing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["offer", "rejected", "filled", "no_hire", "withdrawn"])
def test_every_decision_and_withdrawal_closes_and_cancels_everything_pending(outcome: str) -> None:
    result = run(
        *BASE,
        StepDone(day("11-04"), NOTE, "ann"),
        StepDone(day("11-18"), CALL, "ann"),
        Response(day("11-20"), ResponseOutcome(outcome), "ann"),
    )
    assert (result.status, result.outcome) == ("closed", outcome)
    assert result.pending == ()
    assert rows(result, NOTE) == [("ann", "2026-11-03", "done"), ("bo", "2026-11-03", "cancelled")]
    assert [r[2] for r in rows(result, CALL)] == ["done", "cancelled", "cancelled"]


def test_a_decision_after_a_second_round_was_scheduled_closes_the_application() -> None:
    result = run(*BASE, Interview(day("12-10"), ("ann",)), Response(day("11-20"), ResponseOutcome.FILLED, "ann"))
    assert (result.status, result.outcome) == ("closed", "filled")
    assert result.pending == ()


def test_a_not_decided_response_does_not_close() -> None:
    result = run(*BASE, Response(day("11-20"), ResponseOutcome.NOT_DECIDED, "ann", day("12-01")))
    assert (result.status, result.outcome) == ("open", None)


def test_a_rejection_relayed_by_an_inside_contact_closes() -> None:
    result = run(*BASE, StepDone(day("11-18"), INSIDE, "cy"), Response(day("11-18"), ResponseOutcome.REJECTED, "cy"))
    assert (result.status, result.outcome, result.pending) == ("closed", "rejected", ())


def test_a_done_move_on_closes_with_no_response_and_cancels_unsent_notes() -> None:
    result = run(*BASE, StepDone(day("12-24"), MOVE_ON))
    assert (result.status, result.outcome) == ("closed", "no_response")
    assert [r[2] for r in rows(result, NOTE)] == ["cancelled", "cancelled"]
    assert rows(result, MOVE_ON) == [(None, "2026-12-24", "done")]


def test_a_skipped_move_on_does_not_close() -> None:
    result = run(*BASE, StepSkipped(day("12-24"), MOVE_ON))
    assert (result.status, result.outcome) == ("open", None)
    assert rows(result, MOVE_ON) == [(None, "2026-12-24", "skipped")]


def test_an_open_application_has_no_outcome() -> None:
    assert (run(*BASE).status, run(*BASE).outcome) == ("open", None)


# -- several interviews, several interviewers -----------------------------------------------------


def test_one_note_per_interviewer_per_interview() -> None:
    result = run(
        Interview(D, ("ann", "bo", "ann")),
        Interview(day("11-10"), ("ann", "dee")),
        Interview(day("11-17"), ()),
        contacts=(ANN, BO, CY, DEE),
    )
    assert rows(result, NOTE) == [
        ("ann", "2026-11-03", "pending"),
        ("bo", "2026-11-03", "pending"),
        ("ann", "2026-11-10", "pending"),
        ("dee", "2026-11-10", "pending"),
    ]
    # The latest interview (11-17, nobody named) is D.
    assert dues(result, CALL) == ["2026-11-24", "2026-12-01", "2026-12-08"]


def test_two_interviews_on_the_same_day_each_owe_notes() -> None:
    result = run(Interview(D, ("ann",)), Interview(D, ("ann", "bo")))
    assert rows(result, NOTE) == [
        ("ann", "2026-11-03", "pending"),
        ("ann", "2026-11-03", "pending"),
        ("bo", "2026-11-03", "pending"),
    ]
    assert len({s.id for s in result.steps}) == len(result.steps)


# -- no hiring officer; asked not to call ------------------------------------------------------------


def test_no_hiring_officer_plans_calls_and_email_without_contact_and_flags_only_those() -> None:
    result = run(Interview(D, ("bo",)), Debrief(D, timeframe="two weeks"), contacts=(BO, CY))
    assert waiting(result) == expect("2026-11-18 2026-11-25 2026-12-02", "2026-11-18", "2026-12-17", "2026-12-24")
    for step in result.steps:
        officer_step = step.kind in (CALL, EMAIL)
        assert (Flag.NO_HIRING_OFFICER in step.flags) is officer_step
        if officer_step:
            assert step.contact is None


def test_no_hiring_officer_calls_can_still_be_logged() -> None:
    result = run(Interview(D, ("bo",)), Debrief(D, timeframe="two weeks"), StepDone(day("11-18"), CALL), contacts=(BO,))
    assert rows(result, CALL) == [
        (None, "2026-11-18", "done"),
        (None, "2026-11-25", "pending"),
        (None, "2026-12-02", "pending"),
    ]


def test_the_card_recorded_later_keeps_the_call_ids() -> None:
    events = (Interview(D, ("bo",)), Debrief(D, timeframe="two weeks"))
    without = run(*events, contacts=(BO,))
    with_card = run(*events, contacts=(BO, ANN))
    ids = {(s.kind, s.due): s.id for s in without.steps if s.kind in (CALL, EMAIL)}
    assert ids == {(s.kind, s.due): s.id for s in with_card.steps if s.kind in (CALL, EMAIL)}
    assert all(s.contact == "ann" and not s.flags for s in with_card.steps if s.kind in (CALL, EMAIL))


def test_asked_not_to_call_flags_hiring_officer_calls_only() -> None:
    result = run(*BASE, Debrief(D, call_permission=CallPermission.ASKED_NOT_TO_CALL))
    assert dues(result, CALL) == ["2026-11-18", "2026-11-25", "2026-12-02"]
    for step in result.steps:
        assert (Flag.ASKED_NOT_TO_CALL in step.flags) is (step.kind is CALL)


def test_call_permission_ok_or_not_asked_raises_no_flag() -> None:
    for permission in (CallPermission.OK, CallPermission.NOT_ASKED):
        result = run(*BASE, Debrief(D, call_permission=permission))
        assert not any(Flag.ASKED_NOT_TO_CALL in s.flags for s in result.steps)


def test_turning_calls_off_keeps_the_inside_contact_email_and_move_on() -> None:
    result = run(
        *BASE,
        Debrief(D, call_permission=CallPermission.ASKED_NOT_TO_CALL),
        playbook=Playbook(call_when_asked_not_to=False),
    )
    assert waiting(result) == {
        "calls": [],
        "inside": ["2026-11-18"],
        "email": ["2026-12-17"],
        "move_on": ["2026-12-24"],
    }


# -- step identities --------------------------------------------------------------------------------

RICH = (
    Interview(D, ("ann", "bo")),
    Debrief(D, timeframe="two weeks"),
    StepDone(day("11-04"), NOTE, "ann"),
    StepDone(day("11-18"), CALL, "ann"),
    Response(day("11-18"), ResponseOutcome.NOT_DECIDED, "ann", day("12-01")),
)


def test_replanning_gives_the_same_ids() -> None:
    first, second = run(*RICH), run(*RICH)
    assert first == second
    assert len({s.id for s in first.steps}) == len(first.steps)


@pytest.mark.parametrize(
    "later",
    [
        StepDone(day("12-02"), CALL, "ann"),
        StepSkipped(day("12-02"), INSIDE, "cy"),
        Debrief(day("12-03"), call_permission=CallPermission.ASKED_NOT_TO_CALL),
        Interview(day("12-10"), ("ann",)),
        Response(day("12-05"), ResponseOutcome.NOT_DECIDED, "cy", day("12-20")),
        Response(day("12-05"), ResponseOutcome.OFFER, "ann"),
        StepDone(day("12-05"), StepKind.MOVE_ON),
        Interview(day("10-20"), ("bo",)),
        Response(day("11-10"), ResponseOutcome.NOT_DECIDED, "ann"),
    ],
    ids=["call", "skip", "debrief", "interview", "not_decided", "offer", "move_on", "backfilled", "between"],
)
def test_a_later_event_keeps_every_earlier_steps_id(later: Event) -> None:
    before = {(s.kind, s.contact, s.phase, s.due): s.id for s in run(*RICH).steps}
    after_ids = {s.id for s in run(*RICH, later).steps}
    assert set(before.values()) <= after_ids


def test_a_debrief_with_a_timeframe_added_later_keeps_the_ids() -> None:
    # The dates move (T arrives), the identities of the steps do not.
    plain = run(Interview(D, ("ann", "bo")))
    promised = run(Interview(D, ("ann", "bo")), Debrief(day("11-05"), timeframe="two weeks"))
    assert {s.id for s in plain.steps} == {s.id for s in promised.steps}


# -- more of the same, by hand ------------------------------------------------------------------


def test_a_late_call_then_a_skip_keeps_the_last_call_where_it_was() -> None:
    # Call 1 made late on 11-24 pushes call 2 to 12-01 and call 3 to 12-08; skipping
    # call 2 then leaves call 3 on 12-08.
    result = run(*BASE, StepDone(day("11-24"), CALL, "ann"), StepSkipped(day("11-30"), CALL, "ann"))
    assert dues(result, CALL) == ["2026-12-08"]


def test_not_decided_by_christmas_eve_in_the_us() -> None:
    # T2 Thu 12-24: B = Mon 12-28 (Christmas, weekend); calls 12-28, 2027-01-04, 01-11;
    # e-mail Sun 2027-01-24 -> Mon 01-25; move on Mon 02-01.
    result = run(*BASE, Response(day("11-20"), ResponseOutcome.NOT_DECIDED, "ann", day("12-24")), country="US")
    assert waiting(result) == expect("2026-12-28 2027-01-04 2027-01-11", "2026-12-28", "2027-01-25", "2027-02-01")


def test_case_a_is_unchanged_with_country_us() -> None:
    assert waiting(run(*BASE, country="US")) == expect(
        "2026-11-18 2026-11-25 2026-12-02", "2026-11-18", "2026-12-17", "2026-12-24"
    )


def test_case_b_with_country_us_skips_nothing() -> None:
    # Veterans Day (Wed 11-11) is not on any planned date: D+7 = Tue 11-10.
    assert waiting(run(Interview(D, ("ann", "bo")), country="US")) == expect(
        "2026-11-10 2026-11-17 2026-11-24", "2026-11-10", "2026-12-03", "2026-12-10"
    )


def test_by_friday_said_on_a_saturday() -> None:
    result = run(Interview(day("11-07"), ("ann",)), Debrief(day("11-07"), timeframe="by Friday"))
    assert result.promises[0].resolves_to == day("11-13")
    assert dues(result, CALL) == ["2026-11-16", "2026-11-23", "2026-11-30"]


def test_the_email_counts_from_t_not_from_b() -> None:
    # T Sat 11-21 (ISO): B Mon 11-23; e-mail one month after T = Mon 12-21 (not 12-23).
    result = run(Interview(D, ("ann",)), Debrief(D, timeframe="2026-11-21"))
    assert dues(result, CALL)[0] == "2026-11-23"
    assert dues(result, EMAIL) == ["2026-12-21"]
    assert dues(result, MOVE_ON) == ["2026-12-28"]


def test_not_decided_from_the_inside_contact_after_their_call() -> None:
    # Cy, reached 11-18, says "not decided, by 12-01": as case E, Cy again on 12-02.
    result = run(
        *BASE,
        StepDone(day("11-18"), INSIDE, "cy", note="reached"),
        Response(day("11-18"), ResponseOutcome.NOT_DECIDED, "cy", day("12-01")),
    )
    assert rows(result, INSIDE) == [("cy", "2026-11-18", "done"), ("cy", "2026-12-02", "pending")]
    assert dues(result, CALL) == ["2026-12-02", "2026-12-09", "2026-12-16"]
