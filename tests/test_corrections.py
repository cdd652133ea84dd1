"""Correct anything, lose nothing: events by number, edit, remove, undo (issue 10)."""

from __future__ import annotations

import datetime as dt
import json
import shlex
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Cli, command_words, shown_db


@pytest.fixture(autouse=True)
def fixed_clock(pin_clock: Callable[[dt.datetime], None]) -> None:
    """Today is Wed 2026-11-25 (noon UTC) for every command run in this process, and in
    the processes it starts."""
    pin_clock(dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC))


def case_a(ft: Cli, slug: str = "acme") -> None:
    """The playbook's case A: Ann (hiring officer), Bo (interviewer), Cy (inside contact)."""
    anyway = ["--anyway"]  # one case A or more: the same job and people, each added on purpose
    ft("add", "Acme Corp", "Data Analyst", "--id", slug, *anyway)
    ft("contact", "add", slug, "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann", *anyway,
       "--email", "ann@acme.example")  # fmt: skip
    ft.contact(slug, "Bo Park", "interviewer", key="bo")
    ft.contact(slug, "Cy Diaz", "inside_contact", key="cy")
    ft("interview", slug, "--on", "2026-11-03", "--with", "ann", "--with", "bo", "--final")
    ft("debrief", slug, "--on", "2026-11-03", "--timeframe", "two weeks")


def plan(ft: Cli, slug: str = "acme") -> dict[str, Any]:
    return json.loads(ft("plan", slug, "--json").output)


def steps(ft: Cli, slug: str = "acme") -> dict[str, tuple[str, str, str]]:
    """Step id -> (kind, due, status)."""
    return {s["id"]: (s["kind"], s["due"], s["status"]) for s in plan(ft, slug)["steps"]}


def state(ft: Cli) -> tuple[str, str, dict[str, Any]]:
    """Everything a refused command must leave as it was: the data, the journal, the plans."""
    document = ft("export", "--json").output
    slugs = [a["id"] for a in json.loads(document)["applications"]]
    return document, ft("journal", "--json").output, {s: plan(ft, s) for s in slugs}


def refused(ft: Cli, *args: str) -> str:
    """Run a command that must be refused: one line, exit 2, nothing changed."""
    before = state(ft)
    result = ft(*args, code=2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    assert state(ft) == before, f"{args} was refused but changed something"
    return lines[0]


def call_due(ft: Cli, n: int) -> tuple[str, str]:
    calls = sorted((s["due"], s["id"]) for s in plan(ft)["steps"] if s["kind"] == "call_hiring_officer")
    return calls[n - 1]


def test_events_are_numbered_in_the_order_recorded_as_the_exchange_format_writes_them(ft: Cli) -> None:
    case_a(ft)
    ft("respond", "acme", "--outcome", "not_decided", "--on", "2026-11-18", "--from", "ann", "--by", "2026-12-01")
    listed = json.loads(ft("events", "acme", "--json").output)
    exported = json.loads(ft("export", "--json").output)["applications"][0]["events"]
    assert listed["application"] == "acme"
    assert [e["n"] for e in listed["events"]] == [1, 2, 3]
    assert [{k: v for k, v in e.items() if k != "n"} for e in listed["events"]] == exported
    text = ft("events", "acme").output
    assert "1  Tue 2026-11-03  interview  with Ann Lee, Bo Park; final" in text
    assert "3  Wed 2026-11-18  response" in text and "not_decided" in text


def test_editing_an_event_replans_and_keeps_the_old_version(ft: Cli) -> None:
    case_a(ft)
    assert call_due(ft, 1)[0] == "2026-11-18"
    ft("event", "edit", "acme", "2", "--timeframe", "three weeks")
    assert call_due(ft, 1)[0] == "2026-11-25", "calls start after the new promised date"
    listed = json.loads(ft("events", "acme", "--json", "--removed").output)
    assert listed["events"][1] == {"n": 2, "type": "debrief", "on": "2026-11-03", "timeframe": "three weeks"}
    [kept] = listed["removed"]
    assert (kept["what"], kept["why"], kept["n"]) == ("event", "edited", 2)
    assert kept["before"]["timeframe"] == "two weeks" and kept["after"]["timeframe"] == "three weeks"
    assert "was: Tue 2026-11-03  debrief  timeframe: two weeks" in ft("events", "acme", "--removed").output


def test_an_edit_keeps_the_ids_of_steps_it_does_not_touch(ft: Cli) -> None:
    case_a(ft)
    notes_before = {i: s for i, s in steps(ft).items() if s[0] == "thank_you_note"}
    ft("event", "edit", "acme", "2", "--timeframe", "three weeks")
    after = steps(ft)
    assert {i: s for i, s in after.items() if s[0] == "thank_you_note"} == notes_before
    ft("event", "edit", "acme", "1", "--notes", "talked about the dashboards")
    assert steps(ft) == after, "a note on the interview moves no step"


def test_an_edit_that_names_nobody_or_a_field_the_event_lacks_is_refused(ft: Cli) -> None:
    case_a(ft)
    assert "no --timeframe" in refused(ft, "event", "edit", "acme", "1", "--timeframe", "two weeks")
    assert "unknown contact key 'zed'" in refused(ft, "event", "edit", "acme", "1", "--with", "zed")
    assert "no event 7" in refused(ft, "event", "edit", "acme", "7", "--on", "2026-11-04")
    assert "nothing to change" in refused(ft, "event", "edit", "acme", "1")
    assert "already says that" in refused(ft, "event", "edit", "acme", "2", "--timeframe", "two weeks")
    assert "more than a year ahead" in refused(ft, "event", "edit", "acme", "1", "--on", "2030-01-01")
    ft("done", call_due(ft, 1)[1], "--on", "2026-11-18")
    assert "after today" in refused(ft, "event", "edit", "acme", "3", "--on", "2099-01-01")


def test_removing_an_event_keeps_it_in_the_journal(ft: Cli) -> None:
    case_a(ft)
    result = ft("event", "remove", "acme", "2")
    assert "Removed: event 2 of acme" in result.output
    assert call_due(ft, 1)[0] == "2026-11-10", "without the promise, calls start D+7"
    listed = json.loads(ft("events", "acme", "--json", "--removed").output)
    assert [e["type"] for e in listed["events"]] == ["interview"]
    assert listed["removed"][0]["before"] == {"type": "debrief", "on": "2026-11-03", "timeframe": "two weeks"}
    assert listed["removed"][0]["why"] == "removed"
    assert "no event 5" in refused(ft, "event", "remove", "acme", "5")


def test_undo_takes_out_the_latest_event_and_prints_the_command_that_records_it_again(ft: Cli) -> None:
    case_a(ft)
    before = plan(ft)
    _due, call = call_due(ft, 1)
    ft("done", call, "--on", "2026-11-18", "--outcome", "voicemail", "--note", "left a message")
    result = ft("undo", "acme")
    assert "Undone: event 3 of acme" in result.output
    again = next(line for line in result.output.splitlines() if line.startswith("To record it again: "))
    command = shlex.split(again.removeprefix("To record it again: "))
    assert command == [
        "followthrough", *shown_db(ft.location), "done", call, "--on", "2026-11-18", "--outcome", "voicemail",
        "--note", "left a message",
    ]  # fmt: skip
    assert plan(ft) == before, "an undo restores the previous plan exactly"
    ft(*command_words(again))
    assert plan(ft)["steps"] != before["steps"]
    assert len(json.loads(ft("events", "acme", "--json").output)["events"]) == 3


def test_undo_twice_takes_out_two_and_each_command_records_it_again(ft: Cli) -> None:
    case_a(ft)
    ft("respond", "acme", "--outcome", "not_decided", "--on", "2026-11-18", "--from", "ann", "--by", "2026-12-01")
    full = plan(ft)
    first, second = ft("undo").output, ft("undo").output
    assert "event 3" in first and "event 2" in second
    assert [e["type"] for e in json.loads(ft("events", "acme", "--json").output)["events"]] == ["interview"]
    for output in (second, first):  # the debrief, then the response
        line = next(x for x in output.splitlines() if x.startswith("To record it again: "))
        ft(*command_words(line))
    assert plan(ft) == full


def test_undo_without_an_application_takes_the_latest_of_the_whole_job_search(ft: Cli) -> None:
    case_a(ft, "acme")
    case_a(ft, "beta")
    ft("event", "edit", "acme", "1", "--notes", "edited later, recorded earlier")
    result = ft("undo")
    assert "of beta" in result.output and "debrief" in result.output
    assert len(json.loads(ft("events", "acme", "--json").output)["events"]) == 2


def test_undo_with_nothing_recorded_is_refused(ft: Cli) -> None:
    assert "nothing to undo" in refused(ft, "undo")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    assert "nothing to undo in acme" in refused(ft, "undo", "acme")
    assert "no application 'nope'" in refused(ft, "undo", "nope")


def test_an_event_no_command_writes_is_given_back_as_json(ft: Cli) -> None:
    case_a(ft)
    skipped = {"type": "step_skipped", "kind": "call_inside_contact", "contact": "cy", "on": "2026-11-18"}
    ft("event", "add", "acme", json.dumps(skipped | {"source": "phone"}))
    before = plan(ft)
    result = ft("undo", "acme")
    line = next(x for x in result.output.splitlines() if x.startswith("To record it again: "))
    words = command_words(line)
    assert words[:3] == ["event", "add", "acme"], "a field no option carries: the event as JSON"
    assert json.loads(words[3]) == skipped | {"source": "phone"}
    ft(*words)
    assert plan(ft) == before
    assert "JSON" in refused(ft, "event", "add", "acme", "{not json")


def test_reminders_keyed_to_steps_a_correction_did_not_touch_are_not_sent_again(db: str) -> None:
    from followthrough.core.model import Debrief
    from followthrough.services.corrections.events import edit_event, undo
    from followthrough.services.jobsearch.applications import record_event
    from followthrough.services.reminders import outbox as reminders
    from tests.test_remind import Recorder, add_acme, at, setup_profile

    setup_profile()
    add_acme("acme", dt.date(2026, 11, 3))
    terminal = Recorder()
    reminders.run([terminal], now=at("America/Chicago", "2026-11-18", "09:00"))
    sent = terminal.ids()
    assert len(sent) == 4, "two notes, the call to Ann, the call to Cy"
    edit_event("acme", 1, {"notes": "talked about dashboards"})
    undo("acme")  # the debrief: calls move to D+7, D+14 …
    record_event("acme", Debrief(dt.date(2026, 11, 3), timeframe="two weeks"))
    reminders.run([terminal], now=at("America/Chicago", "2026-11-18", "10:00"))
    assert terminal.ids() == sent, "the same steps, the same ids: nothing is reminded twice"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["events", "nope"], "no application 'nope'"),
        (["event", "remove", "acme", "0"], "0 is not in the range"),
        (["event", "edit", "acme", "1", "--on", "someday"], "is not a date"),
        (["event", "edit", "acme", "2", "--by", "2026-12-01"], "no --by"),
    ],
)
def test_correction_mistakes_are_one_line(ft: Cli, args: list[str], says: str) -> None:
    case_a(ft)
    assert says in refused(ft, *args)
