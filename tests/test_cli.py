"""The command line as users meet it: help everywhere, one-line errors, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from followthrough.cli.main import cli
from tests.conftest import Cli, run_followthrough


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand, as the command line loads them (lazily, by name)."""
    ctx = click.Context(group, info_name=path[-1] if path else "followthrough")
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        found.append((*path, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*path, name)))
    assert len(found) > 40 or path, "the command line lists its commands"
    return found


@pytest.mark.parametrize("path", _commands(cli), ids=" ".join)
def test_every_command_has_help_and_touches_no_database(path: tuple[str, ...], tmp_path: Path) -> None:
    location = tmp_path / "never" / "created.sqlite3"
    result = CliRunner().invoke(cli, ["--db", str(location), *path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.get_command(click.Context(command), name)  # type: ignore[assignment]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    assert not location.parent.exists()


def test_version_needs_no_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x" / "y.sqlite3"), "--version"])
    assert result.exit_code == 0 and "followthrough" in result.output
    assert not (tmp_path / "x").exists()


MISTAKES = [
    (["show", "nope"], "no application 'nope'"),
    (["interview", "acme-analyst", "--with", "zed"], "unknown contact key 'zed'"),
    (["interview", "acme-analyst", "--on", "2026-02-30"], "is not a date"),
    (["interview", "acme-analyst", "--at", "25:61"], "--at"),
    (["contact", "add", "acme-analyst", "--name", "X", "--role", "boss"], "'boss' is not one of"),
    (["contact", "add", "acme-analyst", "--name", "Ann Two", "--role", "interviewer", "--key", "ann"], "--key 'ann'"),
    (["done", "zzzzzzzz"], "no step 'zzzzzzzz'"),
    (["respond", "acme-analyst", "--outcome", "offer", "--by", "2026-12-01"], "--by goes with"),
    (["respond", "acme-analyst", "--outcome", "not_decided", "--by", "when pigs fly"], "not a date"),
    (["respond", "acme-analyst", "--outcome", "maybe"], "'maybe' is not one of"),
    (["add", "Acme Corp", "Data Analyst", "--id", "acme-analyst"], "already exists"),
    (["add", "Acme", "Analyst", "--id", "Not A Slug"], "lower-case"),
    (["profile", "set", "--timezone", "Mars/Base"], "unknown time zone"),
    (["profile", "set", "--country", "ZZ"], "no public holidays"),
    (["plan"], "Missing argument"),
    (["frobnicate"], "No such command"),
]


@pytest.mark.parametrize(("args", "says"), MISTAKES, ids=[" ".join(a) for a, _ in MISTAKES])
def test_mistakes_get_one_line_and_exit_code_2(ft: Cli, args: list[str], says: str) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    ft("contact", "add", "acme-analyst", "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    result = ft(*args, code=2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert "Traceback" not in result.output


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    result = run_followthrough("--db", str(tmp_path), "list", code=2)
    assert "is a directory" in result.stderr


def test_an_unreachable_server_is_one_line_without_its_password() -> None:
    result = run_followthrough("--db", "postgresql://someone:s3cret@127.0.0.1:1/nowhere", "list", code=2)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot open the database" in result.stderr and "s3cret" not in result.stderr


def test_a_short_step_id_works_like_git(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    ft("contact", "add", "acme-analyst", "--name", "Ann Lee", "--role", "hiring_officer")
    ft("interview", "acme-analyst", "--on", "2026-11-03", "--with", "ann")
    note = json.loads(ft("agenda", "--as-of", "2026-11-03", "--json").stdout)["steps"][0]
    ft("done", note["id"][:6], "--on", "2026-11-03")
    assert json.loads(ft("agenda", "--as-of", "2026-11-03", "--json").stdout)["steps"] == []


def test_the_debrief_records_all_six_items_and_shows_the_resolved_date(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    ft("contact", "add", "acme-analyst", "--name", "Ann Lee", "--role", "hiring_officer")
    ft("interview", "acme-analyst", "--on", "2026-11-06", "--with", "ann", "--final")
    out = ft(
        "debrief", "acme-analyst", "--on", "2026-11-06", "--how", "fine", "--considered", "yes", "--card",
        "--timeframe", "by Friday", "--call-permission", "asked_not_to_call", "--stated-interest",
    ).stdout  # fmt: skip
    assert "Fri 2026-11-13" in out
    event = json.loads(ft("export").stdout)["applications"][0]["events"][1]
    assert event == {
        "type": "debrief", "on": "2026-11-06", "timeframe": "by Friday", "call_permission": "asked_not_to_call",
        "considered": "yes", "how_did_i_do": "fine", "card": True, "stated_interest": True,
    }  # fmt: skip
    calls = [
        s for s in json.loads(ft("plan", "acme-analyst", "--json").stdout)["steps"] if s["kind"].startswith("call")
    ]
    assert calls and all(s.get("flags") == ["asked_not_to_call"] for s in calls)


def test_an_unreadable_timeframe_is_kept_flagged_and_planned_without_one(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    ft("interview", "acme-analyst", "--on", "2026-11-03")
    assert "Could not read" in ft("debrief", "acme-analyst", "--on", "2026-11-03", "--timeframe", "soonish").stdout
    plan = json.loads(ft("plan", "acme-analyst", "--json").stdout)
    assert plan["promised"] == [{"said": "soonish", "on": "2026-11-03", "date": None}]
    first_call = next(s for s in plan["steps"] if s["kind"] == "call_hiring_officer")
    assert first_call["due"] == "2026-11-10"
    assert "timeframe_unresolved" in first_call["flags"]


def test_db_works_after_the_command_name_too(tmp_path: Path) -> None:
    location = str(tmp_path / "after.sqlite3")
    run_followthrough("add", "Acme", "Analyst", "--db", location)
    assert "acme-analyst" in run_followthrough("list", "--db", location).stdout


def test_sqlite_is_set_up_for_safe_concurrent_writes(sqlite_db: str) -> None:
    from django.db import connection

    Cli(sqlite_db)("list")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    "args",
    [
        ["contact", "add", "acme-analyst", "--name", "Eve\r\nBcc: victim@evil.example", "--role", "interviewer"],
        ["contact", "add", "acme-analyst", "--name", "Eve", "--role", "interviewer", "--email", "e@x.org\nBcc: v@x"],
        ["profile", "set", "--name", "Jordan\nBcc: victim@evil.example"],
        ["add", "Acme\rCorp", "Analyst"],
        ["interview", "acme-analyst", "--notes", "bell\x07"],
    ],
)
def test_line_breaks_in_one_line_fields_are_refused_at_the_door(ft: Cli, args: list[str]) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    result = ft(*args, code=2)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "line break" in result.stderr or "control character" in result.stderr


def test_choices_in_an_error_stay_on_one_line(ft: Cli) -> None:
    result = ft("respond", "acme-analyst", code=2)
    assert len(result.stderr.strip().splitlines()) == 1
    result = ft("contact", "add", "acme-analyst", "--name", "X", "--role", "boss", code=2)
    assert len(result.stderr.strip().splitlines()) == 1 and "hiring_officer" in result.stderr


def test_a_multi_line_home_address_is_fine(ft: Cli) -> None:
    ft("profile", "set", "--address", "1418 W Addison St\nChicago, IL 60613")
    assert "Chicago, IL" in ft("profile", "show").stdout


def test_a_mistyped_db_folder_is_an_error_not_a_new_empty_search(tmp_path: Path) -> None:
    result = run_followthrough("--db", str(tmp_path / "no-such-folder" / "search.sqlite3"), "agenda", code=2)
    assert "does not exist" in result.stderr
    assert not (tmp_path / "no-such-folder").exists()


def _acme_with_a_call(ft: Cli) -> str:
    ft("profile", "set", "--timezone", "America/Chicago")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    ft.contact("acme-analyst", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme-analyst", "--on", "2026-11-03", "--with", "ann")
    plan = json.loads(ft("plan", "acme-analyst", "--json").stdout)["steps"]
    return next(s["id"] for s in plan if s["kind"] == "call_hiring_officer")


def test_marking_a_settled_step_again_is_refused_not_applied_to_the_next(ft: Cli) -> None:
    call = _acme_with_a_call(ft)
    ft("done", call, "--on", "2026-11-10")
    assert "already done on Tue 2026-11-10" in ft("done", call, "--on", "2026-11-11", code=2).stderr
    calls = [
        s for s in json.loads(ft("plan", "acme-analyst", "--json").stdout)["steps"] if s["kind"].startswith("call")
    ]
    assert [s["status"] for s in calls] == ["done", "pending", "pending"]


def test_a_step_done_on_a_day_ahead_is_recorded_as_today(ft: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is the user's today: at 03:00 UTC on 20 November it is still the 19th in Chicago."""
    import datetime as dt

    from followthrough import clock

    clock.pin(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC))
    call = _acme_with_a_call(ft)
    out = ft("done", call, "--on", "2099-01-01").stdout
    assert "Recorded as of today" in out
    done = next(s for s in json.loads(ft("plan", "acme-analyst", "--json").stdout)["steps"] if s["id"] == call)
    assert done["done_on"] == "2026-11-19"


def test_skip_settles_the_very_step_named_not_the_earliest(ft: Cli) -> None:
    """Away the week of the second call: skipping it leaves the first call where it was."""
    _acme_with_a_call(ft)
    calls = [
        s
        for s in json.loads(ft("plan", "acme-analyst", "--json").stdout)["steps"]
        if s["kind"] == "call_hiring_officer"
    ]
    first, second = calls[0], calls[1]
    ft("skip", second["id"], "--on", "2026-11-09")
    after = {s["id"]: s for s in json.loads(ft("plan", "acme-analyst", "--json").stdout)["steps"]}
    assert after[second["id"]]["status"] == "skipped"
    assert (after[first["id"]]["status"], after[first["id"]]["due"]) == ("pending", first["due"])
    events = json.loads(ft("export", "--json").stdout)["applications"][0]["events"]
    assert events[-1] == {
        "type": "step_skipped",
        "kind": "call_hiring_officer",
        "contact": "ann",
        "on": "2026-11-09",
        "nth": 2,
    }
