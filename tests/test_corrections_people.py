"""Correcting applications and people, closed applications, and what is checked where it
is typed (issue 10). Every refusal is one line, exit 2, and changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import Cli, run_followthrough
from tests.test_corrections import call_due, case_a, fixed_clock, plan, refused, steps

__all__ = ["fixed_clock"]  # in use in this module too: every test here runs on 2026-11-25


def contacts(ft: Cli, slug: str = "acme") -> dict[str, dict[str, str]]:
    [app] = [a for a in json.loads(ft("export", "--json").output)["applications"] if a["id"] == slug]
    return {c["key"]: c for c in app["contacts"]}


def test_a_second_hiring_officer_is_refused_naming_the_first(ft: Cli) -> None:
    case_a(ft)
    says = refused(ft, "contact", "add", "acme", "--name", "Dee Fox", "--role", "hiring_officer")
    assert "Ann Lee (ann)" in says and "--replace" in says


def test_replace_makes_the_hiring_officer_on_file_an_interviewer_and_the_calls_follow(ft: Cli) -> None:
    case_a(ft)
    ft("contact", "add", "acme", "--name", "Dee Fox", "--role", "hiring_officer", "--key", "dee", "--replace")
    people = contacts(ft)
    assert (people["ann"]["role"], people["dee"]["role"]) == ("interviewer", "hiring_officer")
    assert {s["contact"] for s in plan(ft)["steps"] if s["kind"] == "call_hiring_officer"} == {"dee"}
    [kept] = json.loads(ft("journal", "--json").output)["journal"]
    assert (kept["key"], kept["before"]["role"], kept["after"]["role"]) == ("ann", "hiring_officer", "interviewer")


def test_contact_edit_to_hiring_officer_follows_the_same_rule(ft: Cli) -> None:
    case_a(ft)
    assert "Ann Lee (ann)" in refused(ft, "contact", "edit", "acme", "bo", "--role", "hiring_officer")
    ft("contact", "edit", "acme", "bo", "--role", "hiring_officer", "--replace")
    people = contacts(ft)
    assert (people["ann"]["role"], people["bo"]["role"]) == ("interviewer", "hiring_officer")


def test_contact_edit_corrects_a_typo_and_keeps_the_old_details(ft: Cli) -> None:
    case_a(ft)
    ids = steps(ft)
    ft("contact", "edit", "acme", "ann", "--email", "ann.lee@acme.example", "--title", "Director")
    assert contacts(ft)["ann"] | {} == {
        "key": "ann", "name": "Ann Lee", "role": "hiring_officer", "title": "Director", "email": "ann.lee@acme.example"
    }  # fmt: skip
    assert steps(ft) == ids, "a new e-mail address moves no step"
    ft("contact", "edit", "acme", "ann", "--title", "")
    assert "title" not in contacts(ft)["ann"]
    journal = json.loads(ft("journal", "--json").output)["journal"]
    assert [(j["what"], j["why"], j["key"]) for j in journal] == [("contact", "edited", "ann")] * 2
    assert journal[0]["before"]["email"] == "ann@acme.example"


def test_contact_remove_is_refused_while_events_name_them_saying_which(ft: Cli) -> None:
    case_a(ft)
    ft("respond", "acme", "--outcome", "not_decided", "--on", "2026-11-18", "--from", "bo")
    says = refused(ft, "contact", "remove", "acme", "bo")
    assert "Bo Park (bo) is named in events 1, 3 of acme" in says
    assert "no contact 'zed'" in refused(ft, "contact", "remove", "acme", "zed")


def test_contact_remove_takes_them_out_of_the_plan_and_keeps_their_details(ft: Cli) -> None:
    case_a(ft)
    ft("contact", "remove", "acme", "cy")
    assert "cy" not in contacts(ft)
    assert not [s for s in plan(ft)["steps"] if s["contact"] == "cy"]
    [kept] = json.loads(ft("events", "acme", "--json", "--removed").output)["removed"]
    assert kept["before"] == {"key": "cy", "name": "Cy Diaz", "role": "inside_contact"}


def test_edit_application_and_a_new_id_keeps_everything(ft: Cli) -> None:
    from followthrough.store.models import Reminder

    case_a(ft)
    _due, call = call_due(ft, 1)
    ft("done", call, "--on", "2026-11-18")
    Reminder.objects.create(step_id=call, channel="terminal", state="sent", due=dt.date(2026, 11, 18))
    before = plan(ft)
    ft("edit", "acme", "--role", "Senior Data Analyst", "--id", "acme-senior", "--applied-on", "2026-10-01")
    after = plan(ft, "acme-senior")
    assert [(s["kind"], s["due"], s["status"]) for s in after["steps"]] == [
        (s["kind"], s["due"], s["status"]) for s in before["steps"]
    ]
    assert "no application 'acme'" in refused(ft, "plan", "acme")
    new_call = next(s["id"] for s in after["steps"] if s["kind"] == "call_hiring_officer" and s["status"] == "done")
    assert list(Reminder.objects.values_list("step_id", flat=True)) == [new_call], "sent stays sent"
    exported = json.loads(ft("export", "--json").output)["applications"][0]
    assert (exported["role"], exported["applied_on"], len(exported["events"])) == (
        "Senior Data Analyst",
        "2026-10-01",
        3,
    )
    [kept] = json.loads(ft("events", "acme-senior", "--json", "--removed").output)["removed"]
    assert kept["before"]["id"] == "acme" and kept["after"]["id"] == "acme-senior"


def test_edit_application_refusals(ft: Cli) -> None:
    case_a(ft, "acme")
    ft("add", "Beta", "Analyst", "--id", "beta")
    assert "another application has that id" in refused(ft, "edit", "acme", "--id", "beta")
    assert "not an id" in refused(ft, "edit", "acme", "--id", "Not Slug")
    assert "after today" in refused(ft, "edit", "acme", "--applied-on", "2099-01-01")
    assert "must not be empty" in refused(ft, "edit", "acme", "--company", " ")
    assert "nothing changed" in refused(ft, "edit", "acme", "--company", "Acme Corp")


def test_a_decision_on_an_application_closed_otherwise_needs_replace(ft: Cli) -> None:
    case_a(ft)
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-20")
    says = refused(ft, "respond", "acme", "--outcome", "offer", "--on", "2026-11-25")
    assert "closed (rejected)" in says and "--replace" in says
    ft("respond", "acme", "--outcome", "offer", "--on", "2026-11-25", "--replace")
    assert (plan(ft)["status"], plan(ft)["outcome"]) == ("closed", "offer")


@pytest.mark.parametrize(
    "args",
    [
        ["interview", "acme", "--on", "2026-11-24", "--with", "ann"],
        ["debrief", "acme", "--on", "2026-11-24", "--timeframe", "a week"],
        ["respond", "acme", "--outcome", "not_decided", "--on", "2026-11-24"],
    ],
)
def test_recording_on_a_closed_application_is_refused_with_a_hint_to_reopen(ft: Cli, args: list[str]) -> None:
    case_a(ft)
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-20")
    assert "reopen" in refused(ft, *args)


@pytest.mark.parametrize("command", ["done", "skip"])
def test_a_step_of_a_closed_application_is_refused_with_a_hint_to_reopen(ft: Cli, command: str) -> None:
    case_a(ft)
    note = next(i for i, s in steps(ft).items() if s[0] == "thank_you_note")
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-20")
    says = refused(ft, command, note)
    assert "closed (rejected)" in says and "reopen" in says


def test_the_real_done_on_a_closed_application_is_refused_too(db: str) -> None:
    """The command line's fast path on SQLite hands a refusal to the full command."""
    run_followthrough("--db", db, "add", "Acme", "Analyst", "--id", "acme")
    run_followthrough("--db", db, "contact", "add", "acme", "--name", "Ann Lee", "--role", "hiring_officer")
    run_followthrough("--db", db, "interview", "acme", "--on", "2026-11-03", "--with", "ann")
    step = json.loads(run_followthrough("--db", db, "plan", "acme", "--json").stdout)["steps"][0]["id"]
    run_followthrough("--db", db, "respond", "acme", "--outcome", "filled", "--on", "2026-11-04")
    result = run_followthrough("--db", db, "done", step, code=2)
    assert "reopen" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_delete_needs_a_terminal_or_yes_and_keeps_the_record(ft: Cli) -> None:
    case_a(ft)
    exported = json.loads(ft("export", "--json").output)["applications"][0]
    assert "--yes" in refused(ft, "delete", "acme")
    ft("delete", "acme", "--yes")
    assert json.loads(ft("export", "--json").output)["applications"] == []
    listed = json.loads(ft("events", "acme", "--json", "--removed").output)
    assert listed["events"] == []
    assert listed["removed"][-1]["why"] == "deleted" and listed["removed"][-1]["before"] == exported
    shown = ft("events", "acme", "--removed").output
    assert "acme was deleted" in shown and "with Ann Lee, Bo Park" in shown
    assert "no application 'acme'" in refused(ft, "delete", "acme", "--yes")


def test_delete_asks_on_a_terminal(ft: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from followthrough.cli import corrections
    from followthrough.cli.main import cli

    case_a(ft)
    monkeypatch.setattr(corrections, "can_ask", lambda: True)
    no = CliRunner().invoke(cli, ["--db", ft.location, "delete", "acme"], input="n\n")
    assert "Delete acme (Acme Corp · Data Analyst) with 3 contacts and 2 events?" in no.output
    assert no.exit_code == 1 and "Nothing deleted" in no.output
    assert plan(ft)["application"] == "acme"
    yes = CliRunner().invoke(cli, ["--db", ft.location, "delete", "acme"], input="y\n")
    assert yes.exit_code == 0 and "Deleted acme" in yes.output


def test_delete_without_a_terminal_in_a_real_process(db: str) -> None:
    run_followthrough("--db", db, "add", "Acme", "Analyst", "--id", "acme")
    result = run_followthrough("--db", db, "delete", "acme", code=2)
    assert "add --yes" in result.stderr
    assert "acme" in run_followthrough("--db", db, "list").stdout


# -- checked where typed ---------------------------------------------------------------


def test_email_addresses_are_checked_where_typed(ft: Cli) -> None:
    case_a(ft)
    assert "not an e-mail address" in refused(ft, "contact", "add", "acme", "--name", "X Y", "--role", "interviewer",
                                              "--email", "x@@acme")  # fmt: skip
    assert "not an e-mail address" in refused(ft, "contact", "edit", "acme", "bo", "--email", "bo at acme")
    assert "not an e-mail address" in refused(ft, "profile", "set", "--email", "me@")


def test_phone_numbers_are_read_for_the_profile_s_country_and_kept_as_typed(ft: Cli) -> None:
    case_a(ft)
    ft("profile", "set", "--country", "GB", "--phone", "020 7946 0018")
    assert "020 7946 0018" in ft("profile", "show").output
    assert "not a possible phone number in GB" in refused(ft, "contact", "edit", "acme", "bo", "--phone", "12")
    ft("contact", "edit", "acme", "bo", "--phone", "+1 (312) 555-0100")
    assert contacts(ft)["bo"]["phone"] == "+1 (312) 555-0100"
    assert "not a possible phone number" in refused(ft, "profile", "set", "--phone", "call me maybe")
    assert "not a possible phone number" in refused(ft, "contact", "add", "acme", "--name", "X Y", "--role",
                                                    "interviewer", "--phone", "+1 12")  # fmt: skip


def test_dates_out_of_reach_are_refused(ft: Cli) -> None:
    case_a(ft)
    today = dt.date(2026, 11, 25)
    far = (today + dt.timedelta(days=367)).isoformat()
    assert "more than a year ahead" in refused(ft, "interview", "acme", "--on", far)
    assert "more than a year ahead" in refused(ft, "debrief", "acme", "--on", far)
    assert "after today" in refused(ft, "add", "Beta", "Analyst", "--applied-on", "2026-11-26")
    ft("interview", "acme", "--on", (today + dt.timedelta(days=300)).isoformat(), "--with", "bo")


def test_a_promised_date_far_out_is_recorded_with_a_warning_showing_it(ft: Cli) -> None:
    case_a(ft)
    result = ft("debrief", "acme", "--on", "2026-11-03", "--timeframe", "2027-06-01")
    assert "Warning:" in result.stderr and "2027-06-01" in result.stderr
    assert json.loads(ft("events", "acme", "--json").output)["events"][-1]["timeframe"] == "2027-06-01"
    result = ft("respond", "acme", "--outcome", "not_decided", "--on", "2026-11-18", "--by", "2027-04-01")
    assert "Warning:" in result.stderr and "2027-04-01" in result.stderr
    quiet = ft("respond", "acme", "--outcome", "not_decided", "--on", "2026-11-19", "--by", "2026-12-01")
    assert quiet.stderr == ""
