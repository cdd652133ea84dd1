"""The worked examples of playbook.md section 3, end to end through the command line."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli


def _setup_acme(ft: Cli, *, country: str = "", interview_on: str = "2026-11-03", timeframe: str | None = "two weeks"):
    ft("profile", "set", "--name", "Jordan Rivera", "--timezone", "America/Chicago", "--country", country)
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    ft("contact", "add", "acme-analyst", "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    ft("contact", "add", "acme-analyst", "--name", "Bo Park", "--role", "interviewer", "--key", "bo")
    ft("contact", "add", "acme-analyst", "--name", "Cy Diaz", "--role", "inside_contact", "--key", "cy")
    ft("interview", "acme-analyst", "--on", interview_on, "--with", "ann", "--with", "bo", "--final")
    if timeframe is not None:
        ft("debrief", "acme-analyst", "--on", interview_on, "--timeframe", timeframe)


def _plan(ft: Cli) -> dict:
    return json.loads(ft("plan", "acme-analyst", "--json").stdout)


def _pending(plan: dict) -> list[tuple[str, str | None, str]]:
    return [(s["kind"], s["contact"], s["due"]) for s in plan["steps"] if s["status"] == "pending"]


CASE_A = [
    ("thank_you_note", "ann", "2026-11-03"),
    ("thank_you_note", "bo", "2026-11-03"),
    ("call_hiring_officer", "ann", "2026-11-18"),
    ("call_inside_contact", "cy", "2026-11-18"),
    ("call_hiring_officer", "ann", "2026-11-25"),
    ("call_hiring_officer", "ann", "2026-12-02"),
    ("email_hiring_officer", "ann", "2026-12-17"),
    ("move_on", None, "2026-12-24"),
]


def test_case_a_two_weeks_promised(ft: Cli) -> None:
    _setup_acme(ft)
    plan = _plan(ft)
    assert plan["status"] == "open" and plan["outcome"] is None
    assert _pending(plan) == CASE_A


def test_case_b_no_timeframe(ft: Cli) -> None:
    _setup_acme(ft, timeframe=None)
    assert _pending(_plan(ft)) == [
        ("thank_you_note", "ann", "2026-11-03"),
        ("thank_you_note", "bo", "2026-11-03"),
        ("call_hiring_officer", "ann", "2026-11-10"),
        ("call_inside_contact", "cy", "2026-11-10"),
        ("call_hiring_officer", "ann", "2026-11-17"),
        ("call_hiring_officer", "ann", "2026-11-24"),
        ("email_hiring_officer", "ann", "2026-12-03"),
        ("move_on", None, "2026-12-10"),
    ]


def test_case_c_offer_cancels_everything_pending(ft: Cli) -> None:
    _setup_acme(ft)
    agenda = json.loads(ft("agenda", "--as-of", "2026-11-18", "--json").stdout)
    note_to_ann = next(s for s in agenda["steps"] if s["kind"] == "thank_you_note" and s["contact"] == "ann")
    ft("done", note_to_ann["id"], "--on", "2026-11-03")
    ft("respond", "acme-analyst", "--outcome", "offer", "--on", "2026-11-20", "--from", "ann")
    plan = _plan(ft)
    assert (plan["status"], plan["outcome"]) == ("closed", "offer")
    statuses = {(s["kind"], s["contact"], s["due"]): s["status"] for s in plan["steps"]}
    assert statuses.pop(("thank_you_note", "ann", "2026-11-03")) == "done"  # history stays
    assert set(statuses.values()) == {"cancelled"}
    assert json.loads(ft("agenda", "--as-of", "2026-11-20", "--json").stdout)["steps"] == []


def test_case_d_by_friday_rolls_calls_to_monday(ft: Cli) -> None:
    _setup_acme(ft, interview_on="2026-11-06", timeframe="by Friday the 13th")
    calls = [due for kind, _, due in _pending(_plan(ft)) if kind == "call_hiring_officer"]
    assert calls == ["2026-11-16", "2026-11-23", "2026-11-30"]


@pytest.mark.parametrize(
    ("country", "email", "move_on"), [("", "2027-01-01", "2027-01-08"), ("US", "2027-01-04", "2027-01-11")]
)
def test_case_e_not_decided_restarts_the_wait(ft: Cli, country: str, email: str, move_on: str) -> None:
    _setup_acme(ft, country=country)
    due = json.loads(ft("agenda", "--as-of", "2026-11-18", "--json").stdout)["steps"]
    first_call = next(s for s in due if s["kind"] == "call_hiring_officer")
    cy_call = next(s for s in due if s["kind"] == "call_inside_contact")
    ft("done", first_call["id"], "--on", "2026-11-18", "--outcome", "reached", "--note", "not decided yet")
    ft(
        "respond",
        "acme-analyst",
        "--outcome",
        "not_decided",
        "--on",
        "2026-11-18",
        "--from",
        "ann",
        "--by",
        "2026-12-01",
    )
    plan = _plan(ft)
    by_id = {s["id"]: s for s in plan["steps"]}
    assert by_id[cy_call["id"]]["status"] == "cancelled"  # the 11-18 call to Cy is replaced
    assert by_id[first_call["id"]]["status"] == "done"
    waiting = [p for p in _pending(plan) if p[0] != "thank_you_note"]
    assert waiting == [
        ("call_hiring_officer", "ann", "2026-12-02"),
        ("call_inside_contact", "cy", "2026-12-02"),
        ("call_hiring_officer", "ann", "2026-12-09"),
        ("call_hiring_officer", "ann", "2026-12-16"),
        ("email_hiring_officer", "ann", email),
        ("move_on", None, move_on),
    ]
