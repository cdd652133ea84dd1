"""followthrough/1 in and out: all or nothing, and export -> import -> export is identical."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followthrough.core import codec
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import Application, JobSearch, Profile, StepDone, StepKind, StepSkipped
from followthrough.core.planner import plan
from followthrough.services.jobsearch.demo import demo_document
from tests.conftest import Cli
from tests.test_planner_properties import applications

CASE_A: dict[str, Any] = {
    "format": "followthrough/1",
    "profile": {
        "name": "Jordan Rivera", "home_address": "1 Main St, Springfield", "phone": "+1 555 0100",
        "email": "jordan@example.org", "timezone": "America/Chicago", "country": "US",
    },
    "applications": [
        {
            "id": "acme-analyst", "company": "Acme Corp", "role": "Data Analyst", "applied_on": "2026-10-01",
            "domains": ["acme.example"],
            "contacts": [
                {"key": "ann", "name": "Ann Lee", "role": "hiring_officer", "title": "Manager",
                 "email": "ann@acme.example"},
                {"key": "bo", "name": "Bo Park", "role": "interviewer"},
                {"key": "cy", "name": "Cy Diaz", "role": "inside_contact", "relation": "receptionist"},
            ],
            "events": [
                {"type": "interview", "on": "2026-11-03", "at": "14:00", "with": ["ann", "bo"], "final": True},
                {"type": "debrief", "on": "2026-11-03", "timeframe": "two weeks", "call_permission": "ok",
                 "considered": "yes", "how_did_i_do": "fine", "card": True, "stated_interest": True},
                {"type": "step_done", "kind": "call_hiring_officer", "contact": "ann", "on": "2026-11-18",
                 "outcome": "reached", "note": "not yet"},
                {"type": "step_skipped", "kind": "call_inside_contact", "contact": "cy", "on": "2026-11-18"},
                {"type": "response", "on": "2026-11-18", "from": "ann", "outcome": "not_decided",
                 "decision_by": "2026-12-01"},
            ],
        }
    ],
}  # fmt: skip


def _write(tmp_path: Path, doc: Any, name: str = "search.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def test_export_import_export_is_identical(ft: Cli, tmp_path: Path) -> None:
    ft("import", str(_write(tmp_path, CASE_A)))
    first = ft("export", "--json").stdout
    assert json.loads(first) == CASE_A
    ft("import", str(_write(tmp_path, first, "again.json")))
    assert ft("export", "--json").stdout == first


def test_a_demo_search_round_trips_into_a_fresh_database(ft: Cli, tmp_path: Path, another_db: str) -> None:
    ft("import", str(_write(tmp_path, demo_document(__import__("datetime").date(2026, 11, 25)))))
    exported = ft("export", "--json").stdout
    other = Cli(another_db)
    other("import", str(_write(tmp_path, exported, "exported.json")))
    assert other("export", "--json").stdout == exported


def _plan_of(ft: Cli, application: str) -> dict[str, Any]:
    """What `plan --json` says: status, outcome, and each step's id, due date and status."""
    body = json.loads(ft("plan", application, "--json").stdout)
    steps = [(s["id"], s["kind"], s["contact"], s["due"], s["status"], s.get("done_on")) for s in body["steps"]]
    return {"status": body["status"], "outcome": body["outcome"], "steps": steps}


def _importable(app: Application) -> Application:
    """The random application less the events the exchange format refuses (a thank-you note
    or an inside-contact call settled without saying for whom)."""
    needs_contact = (StepKind.THANK_YOU_NOTE, StepKind.CALL_INSIDE_CONTACT)
    events = tuple(
        e
        for e in app.events
        if not (isinstance(e, StepDone | StepSkipped) and e.kind in needs_contact and e.contact is None)
    )
    return Application(**{**app.__dict__, "events": events})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(app=applications().map(_importable), country=st.sampled_from([None, "US", "DE"]))
def test_a_plan_is_the_same_after_export_and_import_into_a_fresh_database(
    ft: Cli, tmp_path: Path, another_db: str, app: Application, country: str | None
) -> None:
    """The ids, due dates and statuses a user sees (and reminders are keyed to) survive a
    move to another database: nothing the plan depends on is lost or reordered on the way."""
    profile = Profile(name="Jordan Rivera", timezone="Europe/Berlin", country=country)
    document = codec.document_to_dict(codec.Document(JobSearch(profile, (app,))))
    ft("import", str(_write(tmp_path, document)))  # replaces the previous example's application
    before = _plan_of(ft, app.id)
    planned = plan(app, calendar=BusinessCalendar(country))
    assert [(s[0], s[3], s[4]) for s in before["steps"]] == [
        (s.id, s.due.isoformat(), s.status.value) for s in planned.steps
    ], "the stored plan is the planner's"

    exported = ft("export", "--json").stdout
    other = Cli(another_db)  # each example replaces the one application the previous left there
    other("import", str(_write(tmp_path, exported, "exported.json")))
    assert _plan_of(other, app.id) == before
    assert len(json.loads(other("export", "--json").stdout)["applications"]) == 1


def test_fields_this_version_does_not_know_are_kept(ft: Cli, tmp_path: Path) -> None:
    doc = copy.deepcopy(CASE_A)
    doc["applications"][0]["source"] = "referral"
    doc["applications"][0]["contacts"][0]["linkedin"] = "ann-lee"
    doc["applications"][0]["events"][0]["location"] = "HQ, room 4"
    ft("import", str(_write(tmp_path, doc)))
    assert json.loads(ft("export").stdout) == doc


def test_import_plans_the_imported_events(ft: Cli, tmp_path: Path) -> None:
    ft("import", str(_write(tmp_path, CASE_A)))
    due = json.loads(ft("agenda", "--as-of", "2026-12-02", "--json").stdout)["steps"]
    assert [(s["kind"], s["contact"], s["due"]) for s in due if s["kind"] != "thank_you_note"] == [
        ("call_hiring_officer", "ann", "2026-12-02"),
        ("call_inside_contact", "cy", "2026-12-02"),
    ]


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


APP = ("applications", 0)
FAULTS = {
    "malformed JSON": (json.dumps(CASE_A)[:-20], "$: malformed JSON at line 1"),
    "wrong format tag": (_set(CASE_A, ("format",), "followthrough/2"), "$.format"),
    "unknown time zone": (_set(CASE_A, ("profile", "timezone"), "Mars/Olympus"), "$.profile.timezone"),
    "unknown contact key in with": (
        _set(CASE_A, (*APP, "events", 0, "with"), ["ann", "zed"]), "$.applications[0].events[0].with[1]",
    ),
    "unknown contact key in step": (
        _set(CASE_A, (*APP, "events", 2, "contact"), "zed"), "$.applications[0].events[2].contact",
    ),
    "impossible date": (_set(CASE_A, (*APP, "events", 1, "on"), "2026-02-30"), "$.applications[0].events[1].on"),
    "unknown event type": (_set(CASE_A, (*APP, "events", 3, "type"), "coffee"), "$.applications[0].events[3].type"),
    "unknown outcome": (_set(CASE_A, (*APP, "events", 4, "outcome"), "ghosted"), "$.applications[0].events[4].outcome"),
    "unknown call outcome": (
        _set(CASE_A, (*APP, "events", 2, "outcome"), "busy"), "$.applications[0].events[2].outcome",
    ),
    "unknown step kind": (_set(CASE_A, (*APP, "events", 2, "kind"), "fax"), "$.applications[0].events[2].kind"),
    "unknown contact role": (
        _set(CASE_A, (*APP, "contacts", 1, "role"), "boss"), "$.applications[0].contacts[1].role",
    ),
    "duplicate contact key": (
        _set(CASE_A, (*APP, "contacts", 1, "key"), "ann"), "$.applications[0].contacts[1].key",
    ),
    "impossible decision date": (
        _set(CASE_A, (*APP, "events", 4, "decision_by"), "2026-13-01"), "$.applications[0].events[4].decision_by",
    ),
    "bad time of day": (_set(CASE_A, (*APP, "events", 0, "at"), "25:00"), "$.applications[0].events[0].at"),
    "unknown holiday country": (_set(CASE_A, ("profile", "country"), "ZZ"), "$.profile.country"),
    "missing company": (_set(CASE_A, (*APP, "company"), None), "$.applications[0].company"),
    "not an object": ("[1, 2, 3]", "$: expected an object"),
    "line break in a name": (
        _set(CASE_A, (*APP, "contacts", 1, "name"), "Bo\r\nBcc: x@evil.example"), "$.applications[0].contacts[1].name",
    ),
    "bad mail domain": (_set(CASE_A, (*APP, "domains"), ["acme example"]), "$.applications[0].domains[0]"),
}  # fmt: skip


def _fingerprint(location: str) -> str:
    """Every row of every table, and for SQLite the file's bytes too."""
    from django.db import connection

    rows = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            rows.append((table, [tuple(map(str, r)) for r in cursor.fetchall()]))
    digest = hashlib.sha256(repr(rows).encode())
    if not location.startswith("postgres"):
        connection.close()
        for suffix in ("", "-wal"):
            file = Path(location + suffix)
            digest.update(file.read_bytes() if file.exists() else b"")
    return digest.hexdigest()


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_faulty_file_changes_nothing_and_says_where(ft: Cli, tmp_path: Path, fault: str) -> None:
    ft("demo", "--as-of", "2026-11-25")
    before = _fingerprint(ft.location)
    doc, where = FAULTS[fault]
    result = ft("import", str(_write(tmp_path, doc)), code=2)
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert where in message
    assert "Traceback" not in result.output
    assert _fingerprint(ft.location) == before


def test_a_fault_in_the_last_application_keeps_the_first_out_too(ft: Cli, tmp_path: Path) -> None:
    doc = copy.deepcopy(CASE_A)
    second = _set(doc["applications"][0], ("id",), "globex-pm")
    second["events"][0]["on"] = "2026-11-31"
    doc["applications"].append(second)
    ft("import", str(_write(tmp_path, doc)), code=2)
    assert "No applications yet" in ft("list").stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"\xff\xfe{\x00", "not UTF-8"), (b'{"format": "followthrough/1"\x00}', "NUL"), (b"", "malformed JSON")],
)
def test_files_that_are_not_text_are_refused(ft: Cli, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert expected in ft("import", str(path), code=2).stderr


def test_a_missing_file_is_one_line(ft: Cli, tmp_path: Path) -> None:
    result = ft("import", str(tmp_path / "nope.json"), code=2)
    assert len(result.stderr.strip().splitlines()) == 1
