"""Choosing a playbook from the CLI (issue 12): add/profile set --playbook, playbook set,
playbooks, playbook show; the user's TOML files, their faults, and how an export carries
them. Every refusal is one line, exit 2, and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.hostile_support import snapshot


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config directory (XDG_CONFIG_HOME): their playbooks go in followthrough/playbooks."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


def own(config: Path, name: str, text: str) -> Path:
    folder = config / "followthrough" / "playbooks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


def steps(ft: Cli, app: str = "acme") -> list[dict[str, str]]:
    return list(json.loads(ft("plan", app, "--json").stdout)["steps"])


def kinds(ft: Cli, app: str = "acme") -> list[str]:
    return [s["kind"] for s in steps(ft, app) if s["status"] == "pending"]


def case_a(ft: Cli, *playbook: str) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", *playbook)
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.example")
    ft.contact("acme", "Cy Diaz", "inside_contact", key="cy")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")


def refused(ft: Cli, *args: str) -> str:
    """The command is refused in one line, exit 2, and the job search is as it was."""
    before = snapshot(ft.location)
    result = ft(*args, code=2)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert snapshot(ft.location) == before
    return lines[0]


@pytest.mark.parametrize(
    "command",
    [("playbooks",), ("playbook",), ("playbook", "show"), ("playbook", "set"), ("playbook", "import"), ("add",)],
)
def test_every_playbook_command_has_help(ft: Cli, command: tuple[str, ...]) -> None:
    out = ft(*command, "--help").stdout
    assert "Usage:" in out and ("playbook" in out.lower())


def test_add_on_email_first_plans_follow_up_emails_instead_of_calls(ft: Cli) -> None:
    case_a(ft, "--playbook", "email-first")
    assert sorted(kinds(ft)) == [
        "call_inside_contact",
        "email_follow_up",
        "email_follow_up",
        "email_hiring_officer",
        "move_on",
        "thank_you_note",
    ]
    out = ft("show", "acme").stdout
    assert "Playbook: email-first: " in out
    assert "(first of two follow-up e-mails)" in out and "(second of two follow-up e-mails)" in out


def test_the_default_playbook_is_the_columns_and_show_says_so(ft: Cli) -> None:
    case_a(ft)
    assert kinds(ft).count("call_hiring_officer") == 3
    out = ft("show", "acme").stdout
    assert "Playbook: column (your default)" in out
    assert "(first of three calls)" in out and "(third of three calls)" in out


def test_profile_default_playbook_replans_applications_that_name_none(ft: Cli) -> None:
    case_a(ft)
    ft("add", "Beta", "Analyst", "--id", "beta", "--playbook", "column")
    assert "playbook: email-first" in ft("profile", "set", "--playbook", "email-first").stdout
    assert "Playbook    email-first" in ft("profile", "show").stdout
    assert kinds(ft).count("email_follow_up") == 2 and "call_hiring_officer" not in kinds(ft)
    assert "Playbook: email-first (your default)" in ft("show", "acme").stdout
    assert "Playbook: column:" in ft("show", "beta").stdout
    ft("profile", "set", "--playbook", "")
    assert "Playbook: column (your default)" in ft("show", "acme").stdout
    assert kinds(ft).count("call_hiring_officer") == 3


def test_changing_an_applications_playbook_replans_it_and_keeps_the_ids_of_steps_that_stay(ft: Cli) -> None:
    case_a(ft)
    ids = {s["id"] for s in steps(ft)}
    before = {(s["kind"], s["contact"]): s for s in steps(ft)}
    note = before[("thank_you_note", "ann")]["id"]
    ft("done", note, "--on", "2026-11-03")
    out = ft("playbook", "set", "acme", "email-first").stdout
    assert "acme now follows the email-first playbook" in out
    after = {(s["kind"], s["contact"]): s for s in steps(ft)}
    # The note, the inside-contact call, the last-resort e-mail and moving on keep their ids.
    for key in [("thank_you_note", "ann"), ("call_inside_contact", "cy"), ("email_hiring_officer", "ann")]:
        assert after[key]["id"] == before[key]["id"], key
    assert after[("thank_you_note", "ann")]["status"] == "done"
    assert next(s for s in steps(ft) if s["kind"] == "move_on")["id"] == before[("move_on", None)]["id"]
    assert "call_hiring_officer" not in kinds(ft) and kinds(ft).count("email_follow_up") == 2
    # And back: the calls come back with the ids they had.
    ft("playbook", "set", "acme", "column")
    assert {s["id"] for s in steps(ft)} == ids


def test_playbooks_lists_built_in_and_own_with_their_values(ft: Cli, config: Path) -> None:
    own(config, "patient", 'follow_ups = 2\nfollow_up_every_days = 10\nfollow_up_by = "email"\n')
    case_a(ft, "--playbook", "patient")
    listed = json.loads(ft("playbooks", "--json").stdout)
    by_name = {p["name"]: p for p in listed["playbooks"]}
    assert list(by_name) == ["column", "email-first", "patient"]
    assert by_name["column"]["default"] and by_name["column"]["source"] == "built-in"
    assert by_name["email-first"]["values"]["follow_up_by"] == "email"
    assert by_name["patient"]["values"] == {
        "thank_you_notes": True, "follow_ups": 2, "follow_up_by": "email", "follow_up_every_days": 10,
        "no_promise_wait_days": 7, "inside_contacts": True, "last_email_months": 1, "move_on_days": 7,
    }  # fmt: skip
    assert by_name["patient"]["source"] == "file, stored" and by_name["patient"]["applications"] == 1
    text = ft("playbooks").stdout
    assert "column (default)  [built-in]" in text and "follow_up_every_days = 10" in text
    shown = ft("playbook", "show", "patient").stdout
    assert 'follow_up_by = "email"' in shown and "follow_up_every_days = 10" in shown
    assert json.loads(ft("playbook", "show", "email-first", "--json").stdout)["values"]["follow_ups"] == 2
    dues = [s["due"] for s in steps(ft) if s["kind"] == "email_follow_up"]
    assert dues == ["2026-11-10", "2026-11-20"]  # ten days apart


def test_an_export_carries_an_own_playbook_and_restores_it_without_the_file(
    ft: Cli, config: Path, another_db: str
) -> None:
    path = own(config, "patient", "follow_ups = 1\nlast_email_months = 0\n")
    case_a(ft, "--playbook", "patient")
    backup = ft("export", "--json").stdout
    document = json.loads(backup)
    assert document["playbooks"]["patient"]["follow_ups"] == 1
    assert document["applications"][0]["playbook"] == "patient"
    path.unlink()
    restored = Cli(another_db)
    target = Path(ft.location).parent / "backup.json" if "://" not in ft.location else config / "backup.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(backup)
    restored("import", str(target))
    assert kinds(restored) == kinds(ft)
    assert sorted(kinds(ft)) == ["call_hiring_officer", "call_inside_contact", "move_on", "thank_you_note"]
    listed = {p["name"]: p for p in json.loads(restored("playbooks", "--json").stdout)["playbooks"]}
    assert listed["patient"]["source"] == "stored"
    assert restored("export", "--json").stdout == backup


def test_a_changed_file_wins_when_imported_and_replans_its_applications(ft: Cli, config: Path) -> None:
    path = own(config, "patient", "follow_ups = 3\n")
    case_a(ft, "--playbook", "patient")
    assert kinds(ft).count("call_hiring_officer") == 3
    path.write_text("follow_ups = 1\n")
    assert kinds(ft).count("call_hiring_officer") == 3  # the stored copy plans until told
    assert "Kept 1 playbook: patient." in ft("playbook", "import").stdout
    assert kinds(ft).count("call_hiring_officer") == 1


# -- faults -----------------------------------------------------------------------------


def test_unknown_playbook_names_are_refused_where_typed(ft: Cli) -> None:
    case_a(ft)
    assert "unknown playbook 'gentle' (known: column, email-first" in refused(
        ft, "add", "Beta", "Analyst", "--playbook", "gentle"
    )
    assert "unknown playbook 'gentle'" in refused(ft, "playbook", "set", "acme", "gentle")
    assert "unknown playbook 'gentle'" in refused(ft, "profile", "set", "--playbook", "gentle", "--name", "Jo")
    assert "unknown playbook 'gentle'" in refused(ft, "playbook", "show", "gentle")
    assert "not a playbook name" in refused(ft, "add", "Beta", "Analyst", "--playbook", "Bad Name!")
    assert "no application 'nope'" in refused(ft, "playbook", "set", "nope", "email-first")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("follow_ups = 2\ncalls = 3\n", "line 2: calls: unknown key"),
        ("follow_ups = 11\n", "line 1: follow_ups: 11 is out of range (0 to 10)"),
        ("follow_ups = -1\n", "line 1: follow_ups: -1 is out of range (0 to 10)"),
        ("\nfollow_up_every_days = 0\n", "line 2: follow_up_every_days: 0 is out of range (1 to 365)"),
        ('follow_up_by = "fax"\n', "line 1: follow_up_by: 'fax' is not one of 'call', 'email'"),
        ('thank_you_notes = "yes"\n', "line 1: thank_you_notes: expected true or false"),
        ("follow_ups = \n", "Invalid value (at line 1, column 14)"),
    ],
)
def test_a_faulty_toml_file_is_refused_naming_file_line_and_key(ft: Cli, config: Path, text: str, words: str) -> None:
    case_a(ft)
    path = own(config, "mine", text)
    for command in (("add", "Beta", "Analyst", "--playbook", "mine"), ("playbook", "set", "acme", "mine")):
        message = refused(ft, *command)
        assert message.startswith(f"Error: {path}: ") and words in message
    assert str(path) in refused(ft, "playbook", "import", "mine")


def test_a_bad_file_leaves_the_good_ones_listed_and_is_named_with_its_line_and_key(ft: Cli, config: Path) -> None:
    own(config, "patient", "follow_ups = 2\n")
    bad = own(config, "bad", "follow_ups = 2\ncalls = 3\n")
    broken = own(config, "broken", "follow_ups = \n")
    listed = ft("playbooks")
    assert "patient  [file]" in listed.stdout and "email-first" in listed.stdout
    assert f"{bad}, line 2, key calls: unknown key" in listed.stderr
    assert f"{broken}, line 1: Invalid value" in listed.stderr
    document = json.loads(ft("playbooks", "--json").stdout)
    assert [p["name"] for p in document["playbooks"]] == ["column", "email-first", "patient"]
    assert document["faults"][0] == {
        "file": str(bad), "line": 2, "key": "calls",
        "reason": "unknown key (one of thank_you_notes, follow_ups, follow_up_by, follow_up_every_days, "
        "no_promise_wait_days, inside_contacts, last_email_months, move_on_days)",
    }  # fmt: skip
    assert document["faults"][1]["file"] == str(broken) and document["faults"][1]["line"] == 1
    # Keeping them all keeps the good one and names the bad ones; a good one can be chosen.
    kept = ft("playbook", "import")
    assert "Kept 1 playbook: patient." in kept.stdout and f"{bad}, line 2, key calls" in kept.stderr
    case_a(ft, "--playbook", "patient")
    assert kinds(ft).count("call_hiring_officer") == 2


def test_a_file_named_like_a_built_in_playbook_is_refused(ft: Cli, config: Path) -> None:
    own(config, "column", "follow_ups = 1\n")
    assert "'column' is a built-in playbook" in ft("playbooks").stderr
    # Naming the built-in one still works: the file never replaces it.
    case_a(ft, "--playbook", "column")
    assert kinds(ft).count("call_hiring_officer") == 3


def test_edit_playbook_replans_with_other_edits_in_one_go_and_a_bad_name_changes_nothing(ft: Cli) -> None:
    case_a(ft)
    ids = {s["id"] for s in steps(ft)}
    before = snapshot(ft.location)
    refused = ft("edit", "acme", "--role", "Senior Analyst", "--playbook", "no-such-book", code=2)
    assert len(refused.stderr.strip().splitlines()) == 1 and "no-such-book" in refused.stderr
    assert snapshot(ft.location) == before  # the role was not changed either: one transaction
    out = ft("edit", "acme", "--role", "Senior Analyst", "--playbook", "email-first").stdout
    assert "role" in out and "playbook (email-first)" in out
    assert "call_hiring_officer" not in kinds(ft) and kinds(ft).count("email_follow_up") == 2
    ft("edit", "acme", "--playbook", "column")
    assert {s["id"] for s in steps(ft)} == ids
