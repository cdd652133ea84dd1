"""Snooze, reopen and days away from the command line (playbook rules 8-10, issue 10).
Every refusal is one line, exit 2, and changes nothing."""

from __future__ import annotations

import json
import shlex

import pytest

from tests.conftest import Cli, command_words
from tests.test_corrections import case_a, fixed_clock, plan, refused

__all__ = ["fixed_clock"]  # every test here runs on Wed 2026-11-25


def calls(ft: Cli, who: str = "ann") -> list[tuple[str, str, str]]:
    """(due, status, id) of the calls to ``who``, by due date."""
    return sorted(
        (s["due"], s["status"], s["id"]) for s in plan(ft)["steps"] if s["contact"] == who and "call" in s["kind"]
    )


def test_snooze_moves_the_step_named_and_later_calls_keep_their_week(ft: Cli) -> None:
    case_a(ft)
    (_, _, first), (_, _, second), _ = calls(ft)
    out = ft("snooze", second, "--until", "2026-12-06").output  # a Sunday: rolled to Monday
    assert "Snoozed: call Ann Lee, now due Mon 2026-12-07." in out
    assert [(due, status) for due, status, _ in calls(ft)] == [
        ("2026-11-18", "pending"),
        ("2026-12-07", "pending"),
        ("2026-12-14", "pending"),
    ]
    assert {i for _, _, i in calls(ft)} >= {first, second}, "the same steps, moved: their ids stay"
    [snoozed] = [e for e in json.loads(ft("events", "acme", "--json").output)["events"] if e["type"] == "step_snoozed"]
    assert snoozed == {
        "n": 3, "type": "step_snoozed", "kind": "call_hiring_officer", "contact": "ann", "on": "2026-11-25",
        "until": "2026-12-06", "nth": 2,
    }  # fmt: skip


def test_an_undone_snooze_is_given_back_exactly(ft: Cli) -> None:
    case_a(ft)
    _, (_, _, second), _ = calls(ft)
    ft("snooze", second, "--until", "2026-12-07")
    snoozed = plan(ft)
    line = next(x for x in ft("undo").output.splitlines() if x.startswith("To record it again: "))
    assert calls(ft)[1][0] == "2026-11-25"
    ft(*command_words(line))
    assert plan(ft) == snoozed


def test_snooze_refusals(ft: Cli) -> None:
    case_a(ft)
    (_, _, first), _, _ = calls(ft)
    assert "before today" in refused(ft, "snooze", first, "--until", "2026-11-20")
    assert "more than a year ahead" in refused(ft, "snooze", first, "--until", "2028-01-01")
    assert "Missing option '--until'" in refused(ft, "snooze", first)
    ft("done", first, "--on", "2026-11-18")
    assert "already done" in refused(ft, "snooze", first, "--until", "2026-12-01")
    ft("respond", "acme", "--outcome", "filled", "--on", "2026-11-20")
    assert "reopen" in refused(ft, "snooze", calls(ft)[1][2], "--until", "2026-12-01")


def test_reopen_starts_a_fresh_wait_and_is_refused_on_an_open_application(ft: Cli) -> None:
    case_a(ft)
    assert "is open: nothing to reopen" in refused(ft, "reopen", "acme")
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-20")
    cancelled = {i for i, s in ((s["id"], s) for s in plan(ft)["steps"]) if s["status"] == "cancelled"}
    ft("reopen", "acme", "--on", "2026-11-24", "--note", "the other candidate declined")
    now = plan(ft)
    assert now["status"] == "open" and now["outcome"] is None
    pending = sorted(s["due"] for s in now["steps"] if s["status"] == "pending" and s["kind"] == "call_hiring_officer")
    assert pending == ["2026-12-01", "2026-12-08", "2026-12-15"], "no timeframe: R+7, R+14, R+21"
    assert cancelled <= {s["id"] for s in now["steps"] if s["status"] == "cancelled"}, "cancelled stays cancelled"
    line = next(x for x in ft("undo").output.splitlines() if x.startswith("To record it again: "))
    assert shlex.split(line)[-6:] == ["reopen", "acme", "--on", "2026-11-24", "--note", "the other candidate declined"]


def test_away_days_move_what_falls_on_them_and_come_out_again(ft: Cli) -> None:
    case_a(ft)
    ft("away", "add", "--from", "2026-11-16", "--until", "2026-11-20")
    assert calls(ft)[0][0] == "2026-11-23", "the 11-18 call waits for the first business day back"
    assert json.loads(ft("away", "list", "--json").output) == {
        "away": [{"n": 1, "from": "2026-11-16", "until": "2026-11-20"}]
    }
    exported = json.loads(ft("export", "--json").output)["profile"]["away"]
    assert exported == [{"from": "2026-11-16", "until": "2026-11-20"}]
    ft("away", "remove", "1")
    assert calls(ft)[0][0] == "2026-11-18"
    assert "No days away" in ft("away", "list").output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["away", "add", "--from", "2026-12-10", "--until", "2026-12-01"], "ends before it starts"),
        (["away", "remove", "1"], "no period away 1"),
        (["away", "add", "--from", "2026-12-10"], "Missing option '--until'"),
    ],
)
def test_away_refusals(ft: Cli, args: list[str], says: str) -> None:
    case_a(ft)
    assert says in refused(ft, *args)


def test_a_correction_that_leaves_an_aimed_event_aiming_at_nothing_is_refused(ft: Cli) -> None:
    case_a(ft)
    ft("skip", calls(ft)[1][2], "--on", "2026-11-18")  # the second call, while the first is pending: nth 2
    says = refused(ft, "event", "remove", "acme", "1")  # without the interview, no call to aim at
    assert "event 2 would no longer hold" in says
    assert "event 3: nth: there is no step 2" in refused(ft, "event", "edit", "acme", "3", "--contact", "cy")


def test_a_reopening_given_as_json_is_refused_on_an_open_application(ft: Cli) -> None:
    case_a(ft)
    assert "nothing to reopen" in refused(ft, "event", "add", "acme", '{"type": "reopened", "on": "2026-11-20"}')


def test_an_undone_settle_of_a_later_step_is_given_back_as_the_same_command(ft: Cli) -> None:
    case_a(ft)
    second = calls(ft)[1][2]
    ft("skip", second, "--on", "2026-11-19")
    skipped = plan(ft)
    line = next(x for x in ft("undo").output.splitlines() if x.startswith("To record it again: "))
    assert shlex.split(line)[-4:] == ["skip", second, "--on", "2026-11-19"]
    ft(*command_words(line))
    assert plan(ft) == skipped
