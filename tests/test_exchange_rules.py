"""followthrough/1 with rules 6-10 and playbooks: step_snoozed, reopened, nth, away days,
playbooks by name and a job search's own; their faults, with the JSON path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.test_exchange import _fingerprint, _set, _write

PROFILE = {
    "name": "Jordan Rivera", "home_address": "1 Main St", "phone": "+1 555 0100", "email": "jordan@example.org",
    "timezone": "America/Chicago", "away": [{"from": "2026-11-23", "until": "2026-11-27"}],
    "playbook": "two-notes",
}  # fmt: skip
ACME = {
    "id": "acme", "company": "Acme Corp", "role": "Analyst", "playbook": "column",
    "contacts": [
        {"key": "ann", "name": "Ann Lee", "role": "hiring_officer"},
        {"key": "cy", "name": "Cy Diaz", "role": "inside_contact"},
    ],
    "events": [
        {"type": "interview", "on": "2026-11-03", "with": ["ann"]},
        {"type": "debrief", "on": "2026-11-03", "timeframe": "two weeks"},
        {"type": "step_skipped", "kind": "call_hiring_officer", "contact": "ann", "on": "2026-11-10", "nth": 2},
        {"type": "step_snoozed", "kind": "call_inside_contact", "contact": "cy", "on": "2026-11-10",
         "until": "2026-12-01"},
    ],
}  # fmt: skip
BETA = {
    "id": "beta", "company": "Beta", "role": "Analyst",
    "contacts": [{"key": "ann", "name": "Ann Lee", "role": "hiring_officer"}],
    "events": [
        {"type": "interview", "on": "2026-11-03", "with": ["ann"]},
        {"type": "response", "on": "2026-11-05", "outcome": "rejected"},
        {"type": "reopened", "on": "2026-11-20", "note": "the other candidate declined"},
    ],
}  # fmt: skip
DOC: dict[str, Any] = {
    "format": "followthrough/1",
    "profile": PROFILE,
    "playbooks": {"two-notes": {"follow_ups": 2, "follow_up_by": "email"}},
    "applications": [ACME, BETA],
}


def _pending(ft: Cli, app: str) -> list[tuple[str, str | None, str]]:
    steps = json.loads(ft("plan", app, "--json").stdout)["steps"]
    return [(s["kind"], s["contact"], s["due"]) for s in steps if s["status"] == "pending"]


def test_the_new_fields_round_trip_byte_for_byte(ft: Cli, tmp_path: Path) -> None:
    ft("import", str(_write(tmp_path, DOC)))
    first = ft("export", "--json").stdout
    exported = json.loads(first)
    assert exported["profile"]["away"] == PROFILE["away"] and exported["profile"]["playbook"] == "two-notes"
    assert exported["playbooks"]["two-notes"]["follow_ups"] == 2
    assert exported["playbooks"]["two-notes"]["follow_up_every_days"] == 7  # written out in full
    assert exported["applications"][0]["events"] == ACME["events"]
    assert exported["applications"][0]["playbook"] == "column" and "playbook" not in exported["applications"][1]
    assert exported["applications"][1]["events"] == BETA["events"]
    ft("import", str(_write(tmp_path, first, "again.json")))
    assert ft("export", "--json").stdout == first


def test_plans_follow_the_playbook_away_days_snooze_nth_and_reopen(ft: Cli, tmp_path: Path) -> None:
    ft("import", str(_write(tmp_path, DOC)))
    # acme, the column's: T Tue 11-17, B Wed 11-18; call 2 (11-25, away -> Mon 11-30)
    # skipped by nth; call 3 a week after it, 12-07; Cy snoozed to Tue 12-01.
    assert _pending(ft, "acme") == [
        ("thank_you_note", "ann", "2026-11-03"),
        ("call_hiring_officer", "ann", "2026-11-18"),
        ("call_inside_contact", "cy", "2026-12-01"),
        ("call_hiring_officer", "ann", "2026-12-07"),
        ("email_hiring_officer", "ann", "2026-12-17"),
        ("move_on", None, "2026-12-24"),
    ]
    # beta, the profile's default (two e-mails): reopened Fri 11-20, no timeframe:
    # R+7 = Fri 11-27 is an away day -> Mon 11-30, then 12-07; last e-mail 12-20 (a
    # Sunday) -> 12-21, move on 12-28.
    assert _pending(ft, "beta") == [
        ("email_follow_up", "ann", "2026-11-30"),
        ("email_follow_up", "ann", "2026-12-07"),
        ("email_hiring_officer", "ann", "2026-12-21"),
        ("move_on", None, "2026-12-28"),
    ]
    assert json.loads(ft("plan", "beta", "--json").stdout)["status"] == "open"


def _acme(*path: Any) -> tuple[Any, ...]:
    return ("applications", 0, *path)


def _dropped(doc: dict[str, Any], path: tuple[Any, ...], key: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    target = doc
    for step in path:
        target = target[step]
    del target[key]
    return doc


FAULTS = {
    "nth names no step": (_set(DOC, _acme("events", 2, "nth"), 4), "$.applications[0].events[2].nth"),
    "nth is not positive": (_set(DOC, _acme("events", 2, "nth"), 0), "$.applications[0].events[2].nth"),
    "nth at a settled step": (
        _set(DOC, _acme("events", 3), {"type": "step_done", "kind": "call_hiring_officer", "contact": "ann",
                                       "on": "2026-11-12", "nth": 2}),
        "$.applications[0].events[3].nth",
    ),
    "snooze without until": (_dropped(DOC, _acme("events", 3), "until"), "$.applications[0].events[3].until"),
    "away ends before it starts": (
        _set(DOC, ("profile", "away", 0, "until"), "2026-11-01"), "$.profile.away[0].until",
    ),
    "two hiring officers": (_set(DOC, _acme("contacts", 1, "role"), "hiring_officer"),
                            "$.applications[0].contacts[1].role"),
    "unknown playbook": (_set(DOC, _acme("playbook"), "gentle"), "$.applications[0].playbook"),
    "unknown default playbook": (_set(DOC, ("profile", "playbook"), "gentle"), "$.profile.playbook"),
    "unknown playbook key": (_set(DOC, ("playbooks", "two-notes", "calls"), 2), "$.playbooks.two-notes.calls"),
    "too many follow-ups": (_set(DOC, ("playbooks", "two-notes", "follow_ups"), 11),
                            "$.playbooks.two-notes.follow_ups"),
    "a gap below a day": (_set(DOC, ("playbooks", "two-notes", "follow_up_every_days"), 0),
                          "$.playbooks.two-notes.follow_up_every_days"),
    "a built-in name": (_set(DOC, ("playbooks", "column"), {"follow_ups": 1}), "$.playbooks.column"),
}  # fmt: skip


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_faulty_file_changes_nothing_and_names_the_path(ft: Cli, tmp_path: Path, fault: str) -> None:
    ft("demo", "--as-of", "2026-11-25")
    before = _fingerprint(ft.location)
    doc, where = FAULTS[fault]
    result = ft("import", str(_write(tmp_path, doc)), code=2)
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and where in message, message
    assert "Traceback" not in result.output
    assert _fingerprint(ft.location) == before
