"""Independent review of playbook.md: promised dates, debriefs, rolling and month ends.

Every expected date is worked out by hand from the spec's own sentences (quoted next
to each test), not from the planner's output.
"""

from __future__ import annotations

import pytest

from followthrough.core.model import (
    CallPermission,
    Debrief,
    Flag,
    Interview,
    Response,
    ResponseOutcome,
)
from tests.review_support import (
    ANN,
    CALL,
    EMAIL,
    INSIDE,
    MOVE_ON,
    NOTE,
    D,
    day,
    dues,
    expect,
    run,
    waiting,
)

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
