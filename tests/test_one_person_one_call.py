"""One person, one call (playbook.md section 6): who is the same person, and which calls
share a card."""

from __future__ import annotations

import datetime as dt

from followthrough.core.together import PendingCall, Someone, cards, people, person_key

TODAY = dt.date(2031, 3, 14)


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def call(app: str, due: dt.date, contact: str = "ann", kind: str = "call_hiring_officer") -> PendingCall:
    return PendingCall(f"{app}-{kind}-{due}", app, f"role at {app}", kind, contact, due)


def test_the_same_address_in_any_case_is_the_same_person() -> None:
    who = people(
        [
            Someone("acme-analyst", "ann", email="Ann.Lee@Acme.com"),
            Someone("acme-engineer", "lee", email=" ann.lee@acme.com"),
            Someone("globex", "ann", email="ann@globex.com"),
        ]
    )
    assert who[("acme-analyst", "ann")] == who[("acme-engineer", "lee")]
    assert who[("globex", "ann")] != who[("acme-analyst", "ann")]


def test_a_shared_number_links_people_through_a_third() -> None:
    who = people(
        [
            Someone("a", "ann", email="ann@acme.com"),
            Someone("b", "ann", email="ann@acme.com", phone="+13125550100"),
            Someone("c", "recruiter", phone="+13125550100"),
        ]
    )
    assert who[("a", "ann")] == who[("c", "recruiter")]


def test_the_users_own_key_links_and_unlinks() -> None:
    who = people(
        [
            Someone("a", "ann", email="ann@acme.com"),
            Someone("b", "ann", email="ann@acme.com", person="someone-else"),
            Someone("c", "annie", person="someone-else"),
        ]
    )
    assert who[("b", "ann")] != who[("a", "ann")]
    assert who[("b", "ann")] == who[("c", "annie")]


def test_person_key_prefers_the_address() -> None:
    assert person_key(" Ann@Acme.com ", "+13125550100") == "mailto:ann@acme.com"
    assert person_key(None, "+13125550100") == "tel:+13125550100"
    assert person_key("not an address", None) is None


def test_a_call_due_within_the_window_joins_the_card_of_the_due_one() -> None:
    who = {("a", "ann"): "p", ("b", "ann"): "p"}
    [card] = cards([call("a", TODAY), call("b", day(7))], who, TODAY, {"a": 7, "b": 7})
    assert card.id == call("a", TODAY).id
    assert [c.application for c in card.joined] == ["b"]


def test_a_call_beyond_the_window_waits_for_its_own_day() -> None:
    who = {("a", "ann"): "p", ("b", "ann"): "p"}
    [card] = cards([call("a", TODAY), call("b", day(8))], who, TODAY, {"a": 7, "b": 7})
    assert card.joined == ()
    # The window is the playbook of the call that is due, not of the one that would join.
    [card] = cards([call("a", TODAY), call("b", day(8))], who, TODAY, {"a": 10, "b": 7})
    assert [c.application for c in card.joined] == ["b"]


def test_the_earliest_due_call_leads_and_ties_go_to_the_application_id() -> None:
    who = {("a", "ann"): "p", ("b", "ann"): "p", ("c", "ann"): "p"}
    [card] = cards([call("c", day(-2)), call("b", day(-2)), call("a", TODAY)], who, TODAY, {})
    assert card.lead.application == "b"
    assert [c.application for c in card.joined] == ["c", "a"]


def test_only_the_next_call_of_each_other_application_joins() -> None:
    who = {("a", "ann"): "p", ("b", "ann"): "p"}
    result = cards([call("a", TODAY), call("b", day(2)), call("b", day(6))], who, TODAY, {})
    [card] = result
    assert [c.due for c in card.joined] == [day(2)]


def test_different_people_and_steps_that_are_not_calls_stay_apart() -> None:
    who = {("a", "ann"): "p", ("b", "bo"): "q"}
    steps = [call("a", TODAY), call("b", TODAY, "bo"), call("a", TODAY, kind="email_follow_up")]
    result = cards(steps, who, TODAY, {})
    assert sorted(card.lead.application for card in result) == ["a", "b"]
    assert all(card.joined == () for card in result)


def test_no_card_when_no_call_to_them_is_due() -> None:
    who = {("a", "ann"): "p", ("b", "ann"): "p"}
    assert cards([call("a", day(1)), call("b", day(2))], who, TODAY, {}) == []
