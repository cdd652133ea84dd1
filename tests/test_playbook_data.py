"""Playbooks as data (playbook.md section 5): the keys, their checks, and plans with the
built-in e-mail-first playbook and a job search's own, worked out by hand."""

from __future__ import annotations

import pytest

from followthrough.core import playbook as playbooks
from followthrough.core.model import (
    CallPermission,
    Debrief,
    Interview,
    StepDone,
    StepKind,
    StepSnoozed,
)
from followthrough.core.playbook import COLUMN, EMAIL_FIRST, Playbook, PlaybookError
from tests.review_support import ACME, CALL, EMAIL, INSIDE, MOVE_ON, NOTE, D, day, dues, run

FOLLOW_UP = StepKind.EMAIL_FOLLOW_UP
BASE = (Interview(D, ("ann", "bo")), Debrief(D, timeframe="two weeks"))


def test_the_column_playbook_holds_exactly_the_section_5_keys_and_values() -> None:
    assert COLUMN.values() == {
        "thank_you_notes": True,
        "follow_ups": 3,
        "follow_up_by": "call",
        "follow_up_every_days": 7,
        "no_promise_wait_days": 7,
        "inside_contacts": True,
        "last_email_months": 1,
        "move_on_days": 7,
    }


def test_email_first_writes_twice_and_is_the_column_otherwise() -> None:
    assert EMAIL_FIRST.values() == COLUMN.values() | {"follow_up_by": "email", "follow_ups": 2}
    assert sorted(playbooks.BUILT_IN) == ["column", "email-first"]


@pytest.mark.parametrize(
    ("values", "key", "words"),
    [
        ({"follow_ups": 11}, "follow_ups", "out of range"),
        ({"follow_ups": -1}, "follow_ups", "out of range"),
        ({"follow_up_every_days": 0}, "follow_up_every_days", "out of range"),
        ({"follow_ups": 2.5}, "follow_ups", "whole number"),
        ({"follow_ups": True}, "follow_ups", "whole number"),
        ({"follow_up_by": "fax"}, "follow_up_by", "not one of"),
        ({"inside_contacts": "yes"}, "inside_contacts", "true or false"),
        ({"calls": 3}, "calls", "unknown key"),
        ({"move_on_days": -1}, "move_on_days", "out of range"),
    ],
)
def test_a_faulty_playbook_names_the_key(values: dict[str, object], key: str, words: str) -> None:
    with pytest.raises(PlaybookError) as caught:
        playbooks.from_mapping("mine", values)
    assert caught.value.key == key and words in caught.value.message


def test_keys_left_out_keep_the_columns_values() -> None:
    book = playbooks.from_mapping("two-calls", {"follow_ups": 2})
    assert book.values() == COLUMN.values() | {"follow_ups": 2} and book.name == "two-calls"


def test_resolving_names() -> None:
    own = {"mine": playbooks.from_mapping("mine", {"follow_ups": 1})}
    assert playbooks.resolve(None) is COLUMN
    assert playbooks.resolve(None, own, "mine") is own["mine"]
    assert playbooks.resolve("email-first", own, "mine") is EMAIL_FIRST
    with pytest.raises(PlaybookError, match="unknown playbook 'nope'"):
        playbooks.resolve("nope", own)


# -- email-first ---------------------------------------------------------------------------------


def test_email_first_case_a() -> None:
    # T Tue 11-17, B Wed 11-18: follow-up e-mails to Ann 11-18 and 11-25; Cy is still
    # called on 11-18; the last-resort e-mail 12-17; move on 12-24. No calls to Ann.
    result = run(*BASE, playbook=EMAIL_FIRST)
    assert dues(result, FOLLOW_UP) == ["2026-11-18", "2026-11-25"]
    assert (dues(result, INSIDE), dues(result, CALL)) == (["2026-11-18"], [])
    assert (dues(result, EMAIL), dues(result, MOVE_ON)) == (["2026-12-17"], ["2026-12-24"])
    assert all(s.contact == "ann" for s in result.steps if s.kind is FOLLOW_UP)


def test_email_first_case_b_and_a_late_follow_up() -> None:
    # No T: D+7 Tue 11-10, 11-17. The first e-mail sent late on Fri 11-13 keeps the
    # second a week away: Fri 11-20. Last e-mail 12-03, move on 12-10.
    result = run(Interview(D, ("ann", "bo")), StepDone(day("11-13"), FOLLOW_UP, "ann"), playbook=EMAIL_FIRST)
    assert dues(result, FOLLOW_UP) == ["2026-11-20"]
    assert (dues(result, EMAIL), dues(result, MOVE_ON)) == (["2026-12-03"], ["2026-12-10"])


def test_email_first_is_not_flagged_when_asked_not_to_call() -> None:
    result = run(*BASE, Debrief(D, call_permission=CallPermission.ASKED_NOT_TO_CALL), playbook=EMAIL_FIRST)
    assert not any(s.flags for s in result.steps if s.kind is FOLLOW_UP)


# -- a job search's own -----------------------------------------------------------------------------

QUIET = Playbook(
    name="quiet",
    thank_you_notes=False,
    follow_ups=2,
    follow_up_every_days=10,
    no_promise_wait_days=5,
    inside_contacts=False,
    last_email_months=0,
    move_on_days=14,
)


def test_own_playbook_without_timeframe() -> None:
    # D Tue 11-03 + 5 = Sun 11-08 -> Mon 11-09; the second, D + 15 = Wed 11-18, would
    # be 9 days after the first as rolled: the guard (10 days) makes it Thu 11-19. No
    # notes, no inside call, no e-mail; move on 14 days after the last follow-up: 12-03.
    result = run(Interview(D, ("ann", "bo")), playbook=QUIET)
    assert dues(result, CALL) == ["2026-11-09", "2026-11-19"]
    assert dues(result, NOTE) == dues(result, INSIDE) == dues(result, EMAIL) == []
    assert dues(result, MOVE_ON) == ["2026-12-03"]


def test_own_playbook_with_timeframe_and_its_own_guard_distance() -> None:
    # B Wed 11-18; + 10 = Sat 11-28 -> Mon 11-30; move on 14 days later: Mon 12-14.
    assert dues(run(*BASE, playbook=QUIET), CALL) == ["2026-11-18", "2026-11-30"]
    assert dues(run(*BASE, playbook=QUIET), MOVE_ON) == ["2026-12-14"]
    # The first call made late on Fri 11-20: the next at least 10 days on, Mon 11-30,
    # and moving on follows the last follow-up's due: Mon 12-14.
    late = run(*BASE, StepDone(day("11-20"), CALL, "ann"), playbook=QUIET)
    assert (dues(late, CALL), dues(late, MOVE_ON)) == (["2026-11-30"], ["2026-12-14"])


def test_own_playbook_snoozed_follow_up_moves_the_move_on() -> None:
    # The second follow-up (11-30) snoozed to Mon 12-07: move on Mon 12-21.
    result = run(*BASE, StepSnoozed(day("11-20"), CALL, "ann", day("12-07"), nth=2), playbook=QUIET)
    assert (dues(result, CALL), dues(result, MOVE_ON)) == (["2026-11-18", "2026-12-07"], ["2026-12-21"])


def test_no_follow_ups_and_no_email_move_on_after_the_wait() -> None:
    # Nothing to send: move on 14 days after where the first follow-up would be (B).
    book = Playbook(name="none", follow_ups=0, last_email_months=0, move_on_days=14, inside_contacts=False)
    assert dues(run(*BASE, playbook=book), MOVE_ON) == ["2026-12-02"]
    assert {s.kind for s in run(*BASE, playbook=book).steps} == {NOTE, MOVE_ON}
    assert ACME[0].key == "ann"
