"""A calendar file of a thousand interview invitations: imported whole, each application
read once and planned once, so the work grows with the file, not with its square."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli


def _calendar(count: int, companies: int = 1, first: int = 0) -> str:
    """``count`` invitations (one new interviewer each, the hiring officer organizing),
    spread over ``companies`` companies (from number ``first``) named in their summaries."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example Corp//Calendar//EN", "METHOD:REQUEST"]
    for n in range(count):
        day, c = 1 + n % 28, first + n % companies
        lines += [
            "BEGIN:VEVENT",
            f"UID:interview-{n}-{c}@calendar.example",
            "DTSTAMP:20261001T120000Z",
            f"DTSTART:202610{day:02d}T150000Z",
            f"SUMMARY:Interview {n} at Company{c} Corp",
            f"ORGANIZER;CN=Ann Lee:mailto:ann@company{c}.example",
            f"ATTENDEE;CN=Person {n};ROLE=REQ-PARTICIPANT:mailto:person{n}@company{c}.example",
            "ATTENDEE;CN=Jordan Rivera:mailto:jordan@example.org",
            "END:VEVENT",
        ]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def _setup(ft: Cli, companies: int) -> None:
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    for c in range(companies):
        ft("add", f"Company{c} Corp", "Analyst", "--id", f"c{c}")


def test_a_thousand_invitations_import_whole_and_again_change_nothing(ft: Cli, tmp_path: Path) -> None:
    _setup(ft, companies=4)
    path = tmp_path / "many.ics"
    path.write_text(_calendar(1000, companies=4), newline="")
    out = ft("import", str(path)).stdout.splitlines()
    assert Counter(line.rsplit(" in ", 1)[1] for line in out) == {"c0.": 250, "c1.": 250, "c2.": 250, "c3.": 250}
    assert all("interview added" in line for line in out)
    doc = json.loads(ft("export", "--json").stdout)
    c0 = next(a for a in doc["applications"] if a["id"] == "c0")
    assert len(c0["events"]) == 250 and len(c0["contacts"]) == 251, "Ann once, and each interviewer"
    assert (
        c0["events"][7]["with"] == ["ann", "person8"]
        and c0["events"][7]["ical_uid"] == "interview-28-0@calendar.example"
    )
    plan = json.loads(ft("plan", "c0", "--json").stdout)["steps"]
    assert sum(s["kind"] == "thank_you_note" for s in plan) == 500, "a note to both interviewers of every interview"
    again = ft("import", str(path)).stdout.splitlines()
    assert len(again) == 1000 and all("interview unchanged" in line for line in again)
    assert json.loads(ft("export", "--json").stdout) == doc


def _work(ft: Cli, path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], Counter[str]]:
    """The applications the planner planned, and the statements of each kind, to import ``path``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from followthrough.core import planner

    planned: list[str] = []
    plan = planner.plan

    def counting(app: Any, *args: Any, **kwargs: Any) -> Any:
        planned.append(app.id)
        return plan(app, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(planner, "plan", counting)
        with CaptureQueriesContext(connection) as captured:
            ft("import", str(path))
    return sorted(planned), Counter(q["sql"].split(maxsplit=1)[0].upper() for q in captured)


def test_the_work_grows_with_the_file_not_its_square(ft: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _setup(ft, companies=4)
    small, large = tmp_path / "small.ics", tmp_path / "large.ics"
    small.write_text(_calendar(100, companies=2), newline="")
    large.write_text(_calendar(1000, companies=2, first=2), newline="")
    planned_small, statements_small = _work(ft, small, monkeypatch)
    planned_large, statements_large = _work(ft, large, monkeypatch)
    assert (planned_small, planned_large) == (["c0", "c1"], ["c2", "c3"]), "each application planned once"
    # Reads do not grow with the file; each new interview and interviewer is one insert.
    assert statements_large["SELECT"] == statements_small["SELECT"], (statements_small, statements_large)
    assert statements_large["INSERT"] <= 10 * statements_small["INSERT"], (statements_small, statements_large)
    assert statements_large["UPDATE"] + statements_large["DELETE"] <= 4 * (
        1 + statements_small["UPDATE"] + statements_small["DELETE"]
    ), (statements_small, statements_large)
