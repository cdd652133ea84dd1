"""A rule-by-rule review of the planner against playbook.md sections 2 and 3.

Every expected date below is worked out by hand from the spec's own sentences (quoted
next to each test), not from the planner's output.
"""

from __future__ import annotations

import datetime as dt

import pytest

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

ANN = Contact("ann", "Ann Lee", ContactRole.HIRING_OFFICER)
BO = Contact("bo", "Bo Park", ContactRole.INTERVIEWER)
CY = Contact("cy", "Cy Diaz", ContactRole.INSIDE_CONTACT)
DEE = Contact("dee", "Dee Fox", ContactRole.INTERVIEWER)
EVE = Contact("eve", "Eve Ng", ContactRole.INSIDE_CONTACT)
ACME = (ANN, BO, CY)

NOTE = StepKind.THANK_YOU_NOTE
CALL = StepKind.CALL_HIRING_OFFICER
INSIDE = StepKind.CALL_INSIDE_CONTACT
EMAIL = StepKind.EMAIL_HIRING_OFFICER
MOVE_ON = StepKind.MOVE_ON

D = dt.date(2026, 11, 3)  # a Tuesday, the worked examples' interview


def day(text: str) -> dt.date:
    """'11-18' is in 2026; anything longer is a full ISO date."""
    return dt.date.fromisoformat(f"2026-{text}" if len(text) == 5 else text)


def run(
    *events: Event,
    contacts: tuple[Contact, ...] = ACME,
    country: str | None = None,
    playbook: Playbook | None = None,
) -> Plan:
    app = Application("acme", "Acme Corp", "Analyst", None, contacts, events)
    if playbook is None:
        return plan(app, calendar=BusinessCalendar(country))
    return plan(app, playbook, calendar=BusinessCalendar(country))


def dues(result: Plan, kind: StepKind, status: StepStatus = StepStatus.PENDING) -> list[str]:
    return [s.due.isoformat() for s in result.steps if s.kind is kind and s.status is status]


def rows(result: Plan, kind: StepKind) -> list[tuple[str | None, str, str]]:
    return [(s.contact, s.due.isoformat(), s.status.value) for s in result.steps if s.kind is kind]


def waiting(result: Plan) -> dict[str, list[str]]:
    """The pending waiting-phase steps, as dates: calls, inside calls, e-mail, move on."""
    return {
        "calls": dues(result, CALL),
        "inside": dues(result, INSIDE),
        "email": dues(result, EMAIL),
        "move_on": dues(result, MOVE_ON),
    }


def expect(calls: str, inside: str, email: str, move_on: str) -> dict[str, list[str]]:
    return {"calls": calls.split(), "inside": inside.split(), "email": [email], "move_on": [move_on]}


# -- promised timeframes in words (section 2, "Promised timeframes in words") ----------

# Each row: the phrase, T as resolved against Tue 2026-11-03, then the plan with no
# country. "calls at B, B+7, B+14" with B = first business day after T; the e-mail "one
# calendar month after T ..., rolled"; move on "7 days after the e-mail step's due date,
# rolled"; the inside contact on "the first hiring-officer call's planned date".
PHRASES = [
    # "two weeks": T Tue 11-17, B Wed 11-18 (case A).
    ("two weeks", "2026-11-17", expect("2026-11-18 2026-11-25 2026-12-02", "2026-11-18", "2026-12-17", "2026-12-24")),
    # "in 3 weeks": T Tue 11-24, B Wed 11-25; e-mail Thu 12-24.
    ("in 3 weeks", "2026-11-24", expect("2026-11-25 2026-12-02 2026-12-09", "2026-11-25", "2026-12-24", "2026-12-31")),
    # "within ten days": T Fri 11-13, B Mon 11-16; e-mail Sun 12-13 -> Mon 12-14.
    (
        "within ten days",
        "2026-11-13",
        expect("2026-11-16 2026-11-23 2026-11-30", "2026-11-16", "2026-12-14", "2026-12-21"),
    ),
    # "a month": T Thu 12-03, B Fri 12-04; e-mail Sun 2027-01-03 -> Mon 01-04.
    ("a month", "2026-12-03", expect("2026-12-04 2026-12-11 2026-12-18", "2026-12-04", "2027-01-04", "2027-01-11")),
    # "by Friday" = the next Friday after the interview: Fri 11-06, B Mon 11-09;
    # e-mail Sun 12-06 -> Mon 12-07.
    ("by Friday", "2026-11-06", expect("2026-11-09 2026-11-16 2026-11-23", "2026-11-09", "2026-12-07", "2026-12-14")),
    # "end of next week" = that (next) week's Friday: Fri 11-13.
    (
        "end of next week",
        "2026-11-13",
        expect("2026-11-16 2026-11-23 2026-11-30", "2026-11-16", "2026-12-14", "2026-12-21"),
    ),
    # "by the end of the month": Mon 11-30, B Tue 12-01; e-mail Wed 12-30.
    (
        "by the end of the month",
        "2026-11-30",
        expect("2026-12-01 2026-12-08 2026-12-15", "2026-12-01", "2026-12-30", "2027-01-06"),
    ),
    # "within 10 business days", no country: 11-04 ... 11-17 is the tenth.
    (
        "within 10 business days",
        "2026-11-17",
        expect("2026-11-18 2026-11-25 2026-12-02", "2026-11-18", "2026-12-17", "2026-12-24"),
    ),
    # Explicit dates: Fri 12-04, B Mon 12-07; e-mail Mon 2027-01-04.
    ("Dec 4", "2026-12-04", expect("2026-12-07 2026-12-14 2026-12-21", "2026-12-07", "2027-01-04", "2027-01-11")),
    ("12/04", "2026-12-04", expect("2026-12-07 2026-12-14 2026-12-21", "2026-12-07", "2027-01-04", "2027-01-11")),
    ("2026-12-04", "2026-12-04", expect("2026-12-07 2026-12-14 2026-12-21", "2026-12-07", "2027-01-04", "2027-01-11")),
]


@pytest.mark.parametrize(("said", "resolved", "expected"), PHRASES, ids=[p[0] for p in PHRASES])
def test_every_listed_phrase_resolves_and_plans_to_the_letter(
    said: str, resolved: str, expected: dict[str, list[str]]
) -> None:
    result = run(Interview(D, ("ann", "bo")), Debrief(D, timeframe=said))
    assert [(p.said, p.resolves_to and p.resolves_to.isoformat()) for p in result.promises] == [(said, resolved)]
    assert waiting(result) == expected
    assert dues(result, NOTE) == ["2026-11-03", "2026-11-03"]
    assert not any(Flag.TIMEFRAME_UNRESOLVED in s.flags for s in result.steps)


def test_within_10_business_days_skips_veterans_day_in_the_us() -> None:
    # "A business day is Monday to Friday, minus public holidays where a country is
    # configured." Wed 2026-11-11 is Veterans Day: the tenth business day is Wed 11-18.
    # B = Thu 11-19; B+7 = Thanksgiving 11-26 -> Fri 11-27; B+14 = Thu 12-03 is six days
    # after that planned call, so the pest guard makes it Fri 12-04. E-mail Fri 12-18;
    # move on 12-25 is Christmas -> Mon 12-28.
    result = run(Interview(D, ("ann",)), Debrief(D, timeframe="within 10 business days"), country="US")
    assert result.promises[0].resolves_to == day("11-18")
    assert waiting(result) == expect("2026-11-19 2026-11-27 2026-12-04", "2026-11-19", "2026-12-18", "2026-12-28")


def test_by_friday_said_on_a_friday_means_the_following_friday() -> None:
    # "by Friday" (the next Friday after the interview): Fri 11-06 -> Fri 11-13.
    result = run(Interview(day("11-06"), ("ann",)), Debrief(day("11-06"), timeframe="by Friday"))
    assert result.promises[0].resolves_to == day("11-13")
    assert dues(result, CALL) == ["2026-11-16", "2026-11-23", "2026-11-30"]


def test_end_of_next_week_said_on_a_friday() -> None:
    # "end of next week" (that week's Friday): from Fri 11-06, next week is 11-09..11-13.
    result = run(Interview(day("11-06"), ("ann",)), Debrief(day("11-06"), timeframe="end of next week"))
    assert result.promises[0].resolves_to == day("11-13")


def test_end_of_the_month_said_on_its_last_day_is_that_day() -> None:
    # Interview Mon 11-30, "by the end of the month": T = 11-30, B = Tue 12-01.
    result = run(Interview(day("11-30"), ("ann",)), Debrief(day("11-30"), timeframe="by the end of the month"))
    assert result.promises[0].resolves_to == day("11-30")
    assert dues(result, CALL) == ["2026-12-01", "2026-12-08", "2026-12-15"]


def test_an_unresolvable_timeframe_is_kept_flagged_and_planned_as_none() -> None:
    # "Anything it cannot resolve is kept as text, flagged, and planned as 'no timeframe'."
    result = run(Interview(D, ("ann", "bo")), Debrief(D, timeframe="once the board meets"))
    assert [(p.said, p.resolves_to) for p in result.promises] == [("once the board meets", None)]
    assert waiting(result) == expect("2026-11-10 2026-11-17 2026-11-24", "2026-11-10", "2026-12-03", "2026-12-10")
    flagged = {s.kind for s in result.steps if Flag.TIMEFRAME_UNRESOLVED in s.flags}
    assert flagged == {CALL, INSIDE, EMAIL, MOVE_ON}


# -- debriefs (rule 2: "A debrief sets T for the latest interview on or before its date")


def test_a_debrief_between_two_interviews_sets_t_for_the_first_only() -> None:
    # The 11-05 debrief belongs to the 11-03 interview; the 11-10 interview (now D) has no
    # T: calls D+7, D+14, D+21.
    result = run(
        Interview(D, ("ann",)),
        Debrief(day("11-05"), timeframe="two weeks"),
        Interview(day("11-10"), ("ann",)),
    )
    assert dues(result, CALL) == ["2026-11-17", "2026-11-24", "2026-12-01"]
    assert dues(result, EMAIL) == ["2026-12-10"]


def test_a_debrief_after_the_second_interview_sets_its_t() -> None:
    result = run(
        Interview(D, ("ann",)),
        Interview(day("11-10"), ("ann",)),
        Debrief(day("11-10"), timeframe="two weeks"),
    )
    # T = 11-24, B = 11-25.
    assert waiting(result) == expect("2026-11-25 2026-12-02 2026-12-09", "2026-11-25", "2026-12-24", "2026-12-31")


def test_a_debrief_without_timeframe_keeps_the_earlier_promise() -> None:
    # A debrief recording only the call permission does not un-say "two weeks" (see the
    # report: "T = the promised decision date from the latest debrief, if one was given").
    result = run(
        Interview(D, ("ann",)),
        Debrief(D, timeframe="two weeks"),
        Debrief(day("11-04"), call_permission=CallPermission.OK),
    )
    assert dues(result, CALL) == ["2026-11-18", "2026-11-25", "2026-12-02"]


def test_a_later_debrief_with_a_new_timeframe_replaces_t() -> None:
    result = run(Interview(D, ("ann",)), Debrief(D, timeframe="two weeks"), Debrief(D, timeframe="Dec 4"))
    assert dues(result, CALL) == ["2026-12-07", "2026-12-14", "2026-12-21"]
    assert dues(result, EMAIL) == ["2027-01-04"]


def test_a_later_unresolvable_timeframe_replaces_t_with_no_timeframe() -> None:
    result = run(Interview(D, ("ann",)), Debrief(D, timeframe="two weeks"), Debrief(D, timeframe="soonish"))
    assert dues(result, CALL) == ["2026-11-10", "2026-11-17", "2026-11-24"]
    assert all(Flag.TIMEFRAME_UNRESOLVED in s.flags for s in result.steps if s.kind is CALL)


def test_an_iso_date_timeframe_is_t_itself() -> None:
    # "timeframe is what the employer said, in words or as an ISO date". T Fri 11-20.
    result = run(Interview(D, ("ann",)), Debrief(D, timeframe="2026-11-20"))
    assert waiting(result) == expect("2026-11-23 2026-11-30 2026-12-07", "2026-11-23", "2026-12-21", "2026-12-28")


def test_an_iso_date_before_the_interview_is_unresolved() -> None:
    result = run(Interview(D, ("ann",)), Debrief(D, timeframe="2026-10-20"))
    assert dues(result, CALL) == ["2026-11-10", "2026-11-17", "2026-11-24"]
    assert all(Flag.TIMEFRAME_UNRESOLVED in s.flags for s in result.steps if s.kind is CALL)


def test_a_debrief_listed_before_its_same_day_interview_still_sets_t() -> None:
    result = run(Debrief(D, timeframe="two weeks"), Interview(D, ("ann",)), contacts=(ANN,))
    assert result.promises[0].said_on == D
    assert dues(result, CALL) == ["2026-11-18", "2026-11-25", "2026-12-02"]


def test_a_debrief_after_a_not_decided_response_does_not_touch_the_response_phase() -> None:
    # Rule 2 ties a debrief to an interview; the current phase is the response's
    # (no date: R+7, R+14, R+21 from Tue 11-10).
    result = run(
        Interview(D, ("ann",)),
        Response(day("11-10"), ResponseOutcome.NOT_DECIDED, "ann"),
        Debrief(day("11-12"), timeframe="two weeks"),
    )
    assert dues(result, CALL) == ["2026-11-17", "2026-11-24", "2026-12-01"]


def test_d_is_the_latest_interview_by_date_whatever_the_file_order_or_final_mark() -> None:
    # "D = the date of the latest interview, whether or not it is marked final."
    result = run(Interview(D, ("ann",), final=True), Interview(day("10-20"), ("ann",)))
    assert dues(result, CALL) == ["2026-11-10", "2026-11-17", "2026-11-24"]


# -- rolling on weekends and US holidays --------------------------------------------------


def test_thanksgiving_rolls_b_and_christmas_rolls_the_email() -> None:
    # Interview Wed 11-11, "two weeks": T Wed 11-25. US: B = Fri 11-27 (Thanksgiving),
    # calls 11-27, 12-04, 12-11; e-mail 12-25 (Christmas) -> Mon 12-28; move on 2027-01-04.
    events = (Interview(day("11-11"), ("ann",)), Debrief(day("11-11"), timeframe="two weeks"))
    us = run(*events, country="US")
    assert waiting(us) == expect("2026-11-27 2026-12-04 2026-12-11", "2026-11-27", "2026-12-28", "2027-01-04")
    # No country: B = Thu 11-26; e-mail Fri 12-25; move on Fri 2027-01-01.
    plain = run(*events)
    assert waiting(plain) == expect("2026-11-26 2026-12-03 2026-12-10", "2026-11-26", "2026-12-25", "2027-01-01")


def test_christmas_and_new_year_without_a_timeframe() -> None:
    # Interview Fri 12-18, no T. US: D+7 = Christmas -> Mon 12-28; D+14 = New Year ->
    # Mon 2027-01-04; D+21 = Fri 01-08 is four days after the planned 01-04 call, so
    # the pest guard moves it to Mon 01-11. E-mail 2027-01-18 is MLK Day -> Tue 01-19;
    # move on Tue 01-26.
    us = run(Interview(day("12-18"), ("ann",)), country="US")
    assert waiting(us) == expect("2026-12-28 2027-01-04 2027-01-11", "2026-12-28", "2027-01-19", "2027-01-26")
    plain = run(Interview(day("12-18"), ("ann",)))
    assert waiting(plain) == expect("2026-12-25 2027-01-01 2027-01-08", "2026-12-25", "2027-01-18", "2027-01-25")


def test_july_fourth_observed_on_a_monday_rolls_b() -> None:
    # 2027-07-04 is a Sunday, observed Mon 07-05. Interview Fri 06-18, "two weeks":
    # T Fri 07-02; US: B = Tue 07-06; no country: Mon 07-05. E-mail Mon 08-02.
    events = (Interview(day("2027-06-18"), ("ann",)), Debrief(day("2027-06-18"), timeframe="two weeks"))
    assert dues(run(*events, country="US"), CALL) == ["2027-07-06", "2027-07-13", "2027-07-20"]
    assert dues(run(*events, country="US"), INSIDE) == ["2027-07-06"]
    assert dues(run(*events), CALL) == ["2027-07-05", "2027-07-12", "2027-07-19"]
    assert dues(run(*events, country="US"), EMAIL) == ["2027-08-02"]


def test_july_fourth_observed_on_a_friday_without_a_timeframe() -> None:
    # 2026-07-04 is a Saturday, observed Fri 07-03. Interview Fri 06-26: D+7 -> Mon 07-06,
    # D+14 = Fri 07-10 (4 days later) -> Mon 07-13 by the guard, D+21 = Fri 07-17 -> 07-20.
    result = run(Interview(day("06-26"), ("ann",)), country="US")
    assert dues(result, CALL) == ["2026-07-06", "2026-07-13", "2026-07-20"]
    assert dues(result, INSIDE) == ["2026-07-06"]


def test_thank_you_notes_are_due_the_interview_day_even_on_a_weekend_or_holiday() -> None:
    # "the interview's date (same day, not rolled)"
    saturday = run(Interview(day("11-07"), ("ann", "bo")), country="US")
    assert dues(saturday, NOTE) == ["2026-11-07", "2026-11-07"]
    thanksgiving = run(Interview(day("11-26"), ("ann",)), country="US")
    assert dues(thanksgiving, NOTE) == ["2026-11-26"]


# -- month-end arithmetic for the e-mail ----------------------------------------------------


def test_email_one_calendar_month_after_t_on_january_31() -> None:
    # T Sun 2027-01-31: B Mon 02-01; one calendar month later is Sun 02-28 -> Mon 03-01;
    # move on Mon 03-08.
    result = run(Interview(day("2027-01-19"), ("ann",)), Debrief(day("2027-01-19"), timeframe="2027-01-31"))
    assert waiting(result) == expect("2027-02-01 2027-02-08 2027-02-15", "2027-02-01", "2027-03-01", "2027-03-08")


def test_email_one_calendar_month_after_january_31_in_a_leap_year() -> None:
    # T Mon 2028-01-31 -> Tue 02-29, a business day; move on Tue 03-07.
    result = run(Interview(day("2028-01-18"), ("ann",)), Debrief(day("2028-01-18"), timeframe="2028-01-31"))
    assert dues(result, EMAIL) == ["2028-02-29"]
    assert dues(result, MOVE_ON) == ["2028-03-07"]


def test_email_one_calendar_month_after_d_on_the_31st() -> None:
    # No T, D Wed 2027-03-31: e-mail Fri 04-30, move on Fri 05-07.
    result = run(Interview(day("2027-03-31"), ("ann",)))
    assert dues(result, EMAIL) == ["2027-04-30"]
    assert dues(result, MOVE_ON) == ["2027-05-07"]


def test_a_month_said_on_january_31() -> None:
    # "a month" from Mon 2028-01-31 = Tue 02-29 = T; B Wed 03-01; e-mail Wed 03-29.
    result = run(Interview(day("2028-01-31"), ("ann",)), Debrief(day("2028-01-31"), timeframe="a month"))
    assert result.promises[0].resolves_to == day("2028-02-29")
    assert waiting(result) == expect("2028-03-01 2028-03-08 2028-03-15", "2028-03-01", "2028-03-29", "2028-04-05")


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
