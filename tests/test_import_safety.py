"""Imports never wreck data: --dry-run for every format, our own calendars refused,
events that invite no one skipped, and a spreadsheet's status read as an outcome."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.hostile_support import snapshot

INVITE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Acme//Calendar//EN\r\n"
    "BEGIN:VEVENT\r\nUID:int-1@calendar.acme.com\r\nDTSTAMP:20261101T120000Z\r\n"
    "DTSTART:20261110T150000Z\r\nSUMMARY:Interview at Acme Corp\r\n"
    "ORGANIZER;CN=Ann Lee:mailto:ann@acme.com\r\nATTENDEE;CN=Bo Park:mailto:bo@acme.com\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
PRIVATE = (
    "BEGIN:VEVENT\r\nUID:dentist-1@phone.example\r\nDTSTAMP:20261101T120000Z\r\n"
    "DTSTART:20261112T090000Z\r\nSUMMARY:Dentist near Acme Corp\r\nEND:VEVENT\r\n"
)


def _seeded(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", "--applied-on", "2026-11-02")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, newline="")
    return str(path)


def _files(ft: Cli, tmp_path: Path) -> dict[str, tuple[str, list[str], str]]:
    """For each format: a file, the arguments it needs, and the summary its dry run gives."""
    document = json.loads(ft("export", "--json").stdout)
    document["applications"][0]["role"] = "Senior Data Analyst"  # acme replaced, changed
    document["applications"].append({"id": "globex", "company": "Globex", "role": "Analyst"})
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Diaz\r\nN:Diaz;Cy;;;\r\nEMAIL:cy@acme.com\r\nEND:VCARD\r\n"
    return {
        "json": (
            _write(tmp_path, "s.json", json.dumps(document)),
            [],
            "applications: 1 added, 1 changed, 0 removed",
        ),
        "csv": (
            _write(tmp_path, "s.csv", "Company,Role,Status\r\nInitech,Developer,Rejected\r\n"),
            [],
            "applications: 1 added, 0 changed, 0 removed",
        ),
        "ics": (
            _write(tmp_path, "s.ics", INVITE),
            ["--application", "acme"],
            "contacts: 1 added, 0 changed, 0 removed",
        ),
        "vcf": (_write(tmp_path, "s.vcf", card), ["--application", "acme"], "contacts: 1 added, 0 changed, 0 removed"),
    }


@pytest.mark.parametrize("kind", ["json", "csv", "ics", "vcf"])
def test_a_dry_run_says_what_would_change_and_changes_nothing(ft: Cli, tmp_path: Path, kind: str) -> None:
    _seeded(ft)
    path, args, summary = _files(ft, tmp_path)[kind]
    before = snapshot(ft.location)
    shown = ft("import", path, *args, "--dry-run").stdout
    assert "nothing was changed" in shown and summary in shown
    assert snapshot(ft.location) == before
    ft("import", path, *args)  # the real thing does what the dry run said
    assert snapshot(ft.location) != before


def test_a_dry_run_of_a_calendar_counts_the_interview_it_would_add(ft: Cli, tmp_path: Path) -> None:
    _seeded(ft)
    shown = ft("import", _write(tmp_path, "i.ics", INVITE), "--dry-run").stdout
    assert shown.startswith(f"Dry run of {tmp_path / 'i.ics'}: nothing was changed.\n")
    assert "interview would be added in acme" in shown and "interview added" not in shown
    assert "events: 1 added, 0 changed, 0 removed" in shown
    assert json.loads(ft("export", "--json").stdout)["applications"][0]["events"] == []


def test_a_dry_run_of_a_faulty_file_is_refused_as_the_import_is(ft: Cli, tmp_path: Path) -> None:
    _seeded(ft)
    before = snapshot(ft.location)
    bad = _write(tmp_path, "bad.csv", "Company,Role,Applied\r\nInitech,Developer,someday\r\n")
    result = ft("import", bad, "--dry-run", code=2)
    assert result.stderr.count("\n") == 1 and "row 2, column Applied" in result.stderr
    assert snapshot(ft.location) == before


@pytest.mark.parametrize("todo", [False, True])
def test_a_calendar_this_program_exported_is_refused(ft: Cli, tmp_path: Path, todo: bool) -> None:
    _seeded(ft)
    ft("interview", "acme", "--on", "2026-11-10", "--with", "ann")  # steps to export
    ours = tmp_path / "ours.ics"
    ft("export", "--ics", *(["--todo"] if todo else []), "-o", str(ours))
    before = snapshot(ft.location)
    result = ft("import", str(ours), "--application", "acme", code=2)
    assert result.stderr.count("\n") == 1 and "written by followthrough (export --ics)" in result.stderr
    # Another program that kept our steps' UIDs but wrote its own PRODID: still ours.
    copied = ours.read_text().replace("-//followthrough//followthrough//EN", "-//Other//Cal//EN")
    result = ft("import", _write(tmp_path, "copied.ics", copied), "--application", "acme", code=2)
    assert "is a followthrough step" in result.stderr
    assert snapshot(ft.location) == before


def test_events_that_invite_no_one_are_skipped_or_the_file_refused(ft: Cli, tmp_path: Path) -> None:
    _seeded(ft)
    before = snapshot(ft.location)
    alone = INVITE.replace(INVITE[INVITE.index("BEGIN:VEVENT") : INVITE.index("END:VCALENDAR")], PRIVATE)
    result = ft("import", _write(tmp_path, "alone.ics", alone), "--application", "acme", code=2)
    assert result.stderr.count("\n") == 1 and "no event has an organizer or attendees" in result.stderr
    assert snapshot(ft.location) == before
    both = INVITE.replace("END:VCALENDAR", PRIVATE + "END:VCALENDAR")
    shown = ft("import", _write(tmp_path, "both.ics", both)).stdout
    assert "'Dentist near Acme Corp': skipped: no organizer and no attendees" in shown
    assert "interview added in acme" in shown
    interviews = json.loads(ft("export", "--json").stdout)["applications"][0]["events"]
    assert [e["on"] for e in interviews if e["type"] == "interview"] == ["2026-11-10"]


def _states(ft: Cli) -> dict[str, tuple[str, str]]:
    rows = csv.DictReader(io.StringIO(ft("export", "--csv").stdout))
    return {r["id"]: (r["status"], r["outcome"]) for r in rows}


def test_export_csv_then_import_keeps_closed_applications_closed(ft: Cli, tmp_path: Path, another_db: str) -> None:
    _seeded(ft)
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-20")
    ft("add", "Globex", "Analyst", "--id", "globex", "--applied-on", "2026-11-03")
    ft("add", "Initech", "Developer", "--id", "initech", "--applied-on", "2026-11-04")
    ft("respond", "initech", "--outcome", "withdrawn", "--on", "2026-11-21")
    out = tmp_path / "out.csv"
    ft("export", "--csv", "-o", str(out))
    fresh = Cli(another_db)
    fresh("import", str(out))
    assert _states(fresh) == _states(ft)
    assert _states(fresh)["acme"] == ("closed", "rejected") and _states(fresh)["globex"] == ("open", "")
    before = snapshot(fresh.location)
    assert "0 applications added, 0 updated" in fresh("import", str(out)).stdout
    assert snapshot(fresh.location) == before
    # Into the database it came from: nothing changes either.
    before = snapshot(ft.location)
    assert "0 applications added, 0 updated" in ft("import", str(out)).stdout
    assert snapshot(ft.location) == before


def test_another_trackers_status_words_close_applications_and_unknown_ones_are_reported(
    ft: Cli, tmp_path: Path
) -> None:
    rows = [
        ("Acme", "Rejected"), ("Globex", "Offer received"), ("Initech", "Ghosted"), ("Hooli", "Withdrew"),
        ("Umbrella", "Position filled"), ("Wonka", "Applied"), ("Stark", "Maybe later"),
    ]  # fmt: skip
    text = "Employer,Job,Stage Name,Notes,Referral\r\n" + "".join(f"{c},Analyst,{s},n,100\r\n" for c, s in rows)
    path = _write(tmp_path, "tracker.csv", text)
    shown = ft(
        "import", path, "--map", "Employer=company", "--map", "Job=role", "--map", "Stage Name=status",
        "--map", "Notes=ignore",
    ).stdout  # fmt: skip
    assert "columns ignored: Notes" in shown and "columns kept as notes on each application: Referral" in shown
    assert "row 8, column Stage Name: 'Maybe later': not a status I know: the application is left open" in shown
    by_company = {r["company"]: r["outcome"] for r in csv.DictReader(io.StringIO(ft("export", "--csv").stdout))}
    assert by_company == {
        "Acme": "rejected", "Globex": "offer", "Initech": "no_response", "Hooli": "withdrawn",
        "Umbrella": "filled", "Wonka": "", "Stark": "",
    }  # fmt: skip


def test_a_status_column_is_found_by_its_name_and_a_plan_closes_with_it(ft: Cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "t.csv", "Company,Role,Status\r\nAcme,Analyst,No response\r\nGlobex,Analyst,open\r\n")
    ft("import", path)
    closed = ft("list", "--closed").stdout
    assert "Acme" in closed and "Globex" not in closed
    assert "Globex" in ft("list", "--open").stdout


def test_import_help_lists_what_map_accepts(ft: Cli) -> None:
    from followthrough.interop.csv_tracker import FIELDS

    shown = " ".join(ft("import", "--help").stdout.split())
    assert f"one of {', '.join(FIELDS)} or ignore" in shown  # every field parse_map accepts
    assert "--dry-run" in shown
