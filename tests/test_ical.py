"""Calendar out (pending steps, read back by khal) and in (interview invitations)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Cli, need_tool


def _setup(ft: Cli) -> None:
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft("add", "Globex", "Analyst", "--id", "globex")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")


def _steps(ft: Cli, app: str = "acme") -> list[dict[str, object]]:
    return json.loads(ft("plan", app, "--json").stdout)["steps"]


INVITE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example Corp//Calendar//EN\r
METHOD:REQUEST\r
BEGIN:VTIMEZONE\r
TZID:America/New_York\r
BEGIN:STANDARD\r
DTSTART:20071104T020000\r
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r
TZOFFSETFROM:-0400\r
TZOFFSETTO:-0500\r
TZNAME:EST\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:20070311T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r
TZOFFSETFROM:-0500\r
TZOFFSETTO:-0400\r
TZNAME:EDT\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:interview-7f3a@calendar.acme.com\r
SEQUENCE:{sequence}\r
DTSTAMP:20261101T120000Z\r
DTSTART;TZID=America/New_York:{start}\r
DTEND;TZID=America/New_York:20261110T160000\r
SUMMARY:Interview: Data Analyst at Acme Corp\r
LOCATION:Acme HQ\\, 5th floor\r
ORGANIZER;CN=Ann Lee:mailto:ann@acme.com\r
ATTENDEE;CN=Bo Park;ROLE=REQ-PARTICIPANT:mailto:bo.park@acme.com\r
ATTENDEE;CN=Jordan Rivera;ROLE=REQ-PARTICIPANT:mailto:jordan@example.org\r
ATTENDEE;CUTYPE=ROOM;CN=Room 5B:mailto:room5b@acme.com\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _invite(tmp_path: Path, *, sequence: int = 0, start: str = "20261110T150000", name: str = "invite.ics") -> Path:
    path = tmp_path / name
    path.write_text(INVITE.replace("{sequence}", str(sequence)).replace("{start}", start), newline="")
    return path


def test_invitation_creates_the_interview_and_its_interviewers(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    out = ft("import", str(_invite(tmp_path))).stdout
    assert "added in acme" in out
    doc = json.loads(ft("export", "--json").stdout)
    acme = next(a for a in doc["applications"] if a["id"] == "acme")
    interview = next(e for e in acme["events"] if e["type"] == "interview")
    assert (interview["on"], interview["at"]) == ("2026-11-10", "14:00")  # 15:00 New York is 14:00 in Chicago
    people = {c["name"]: c for c in acme["contacts"]}
    assert set(people) == {"Ann Lee", "Bo Park"}  # not the user, not the room
    assert people["Ann Lee"]["role"] == "hiring_officer"  # already known: keeps her role
    assert people["Bo Park"]["role"] == "interviewer" and people["Bo Park"]["email"] == "bo.park@acme.com"
    assert sorted(interview["with"]) == sorted([people["Ann Lee"]["key"], people["Bo Park"]["key"]])
    notes = [(s["kind"], s["contact"], s["due"]) for s in _steps(ft) if s["kind"] == "thank_you_note"]
    assert len(notes) == 2 and all(n[2] == "2026-11-10" for n in notes)
    assert not next(a for a in doc["applications"] if a["id"] == "globex")["events"]


def test_the_same_invitation_twice_changes_nothing(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    ft("import", str(_invite(tmp_path)))
    before = ft("export", "--json").stdout
    steps = _steps(ft)
    assert "unchanged" in ft("import", str(_invite(tmp_path))).stdout
    assert ft("export", "--json").stdout == before
    assert _steps(ft) == steps


def test_an_updated_invitation_moves_the_interview(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    ft("import", str(_invite(tmp_path)))
    ft("import", str(_invite(tmp_path, sequence=1, start="20261112T090000", name="moved.ics")))
    events = next(a for a in json.loads(ft("export").stdout)["applications"] if a["id"] == "acme")["events"]
    interviews = [e for e in events if e["type"] == "interview"]
    assert [(e["on"], e["at"]) for e in interviews] == [("2026-11-12", "08:00")]
    # An older copy arriving late does not move it back.
    ft("import", str(_invite(tmp_path, sequence=0)))
    events = next(a for a in json.loads(ft("export").stdout)["applications"] if a["id"] == "acme")["events"]
    assert [e["on"] for e in events if e["type"] == "interview"] == ["2026-11-12"]


def test_invitation_for_no_known_company_needs_application(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    path = tmp_path / "other.ics"
    path.write_text(INVITE.replace("Acme", "Initech").replace("acme", "initech").replace("{sequence}", "0")
                    .replace("{start}", "20261110T150000"))  # fmt: skip
    result = ft("import", str(path), code=2)
    assert "--application" in result.output and "line " in result.output
    assert json.loads(ft("export").stdout)["applications"][1]["events"] == []
    ft("import", str(path), "--application", "globex")
    assert [s["kind"] for s in _steps(ft, "globex")].count("thank_you_note") == 2


def test_export_ics_has_every_pending_step_with_an_alarm_and_stable_uids(ft: Cli, tmp_path: Path) -> None:
    import icalendar

    _setup(ft)
    ft("import", str(_invite(tmp_path)))
    ft("export", "--ics", "-o", str(tmp_path / "a.ics"))
    ft("export", "--ics", "-o", str(tmp_path / "b.ics"))
    first = icalendar.Calendar.from_ical((tmp_path / "a.ics").read_bytes())
    second = icalendar.Calendar.from_ical((tmp_path / "b.ics").read_bytes())
    pending = {s["id"] for s in _steps(ft) if s["status"] == "pending"}
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert sorted(uids) == sorted(f"{i}@followthrough" for i in pending)
    assert uids == [str(e["UID"]) for e in second.walk("VEVENT")]
    assert all(len(e.walk("VALARM")) == 1 for e in first.walk("VEVENT"))
    todos = icalendar.Calendar.from_ical(ft("export", "--ics", "--todo").stdout.encode())
    assert len(todos.walk("VTODO")) == len(pending) and not todos.walk("VEVENT")
    assert all(len(t.walk("VALARM")) == 1 for t in todos.walk("VTODO"))


def _khal(tmp_path: Path) -> Callable[..., str]:
    khal = need_tool("khal")
    (tmp_path / "cal").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[followthrough]]\npath = {tmp_path / 'cal'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = America/Chicago\ndefault_timezone = America/Chicago\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}

    def khal_run(*args: str) -> str:
        done = subprocess.run([khal, "-c", str(config), *args], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return khal_run


def test_khal_imports_the_export_and_lists_the_steps(ft: Cli, tmp_path: Path) -> None:
    khal_run = _khal(tmp_path)
    _setup(ft)
    ft("import", str(_invite(tmp_path)))
    for _ in range(2):  # importing twice updates, it does not duplicate
        ft("export", "--ics", "-o", str(tmp_path / "steps.ics"))
        khal_run("import", "--batch", "-a", "followthrough", str(tmp_path / "steps.ics"))
    listed = khal_run("list", "2026-11-01", "120d", "--format", "{start-date} {uid} {title}").splitlines()
    rows = [line.split(" ", 2) for line in listed if "@followthrough" in line]
    pending = [s for s in _steps(ft) if s["status"] == "pending"]
    assert sorted((r[0], r[1]) for r in rows) == sorted((str(s["due"]), f"{s['id']}@followthrough") for s in pending)
    assert any("send a thank-you note to Bo Park" in r[2] for r in rows)
    assert len(list((tmp_path / "cal").iterdir())) == len(pending)


def _fold(line: str) -> str:
    return "\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74)) + "\r\n"


def test_an_invitation_with_a_folded_13_kb_html_description_imports(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    html = "<html><body>" + "<p>Please bring your portfolio and a photo ID.</p>" * 260 + "</body></html>"
    assert len(html) > 13_000
    path = _invite(tmp_path)
    text = path.read_text().replace("SUMMARY:", _fold("X-ALT-DESC;FMTTYPE=text/html:" + html) + "SUMMARY:", 1)
    path.write_text(text, newline="")
    assert "interview" in ft("import", str(path)).stdout
    assert any(s["kind"] == "thank_you_note" and s["due"] == "2026-11-10" for s in _steps(ft))


def test_a_folded_line_of_megabytes_is_refused_with_its_line() -> None:
    from followthrough.interop.ical import parse_invitations
    from followthrough.services.errors import UserError

    huge = _fold("DESCRIPTION:" + "y" * 4_100_000)
    text = (
        INVITE.replace("{sequence}", "0").replace("{start}", "20261110T150000").replace("SUMMARY:", huge + "SUMMARY:")
    )
    with pytest.raises(UserError, match=r"^invite.ics: line 28: a folded line longer than"):
        parse_invitations(text, "invite.ics", "America/Chicago")


def _noon_in_chicago(day: dt.date) -> dt.datetime:
    """Noon on ``day`` where the job seeker of `_setup` lives: the instant the clock is
    pinned at for a test that means that day (khal is always given the days to list)."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo("America/Chicago"))


def test_khal_drops_the_old_plan_when_the_decision_date_moves(ft: Cli, tmp_path: Path, pin_clock: Any) -> None:
    pin_clock(_noon_in_chicago(dt.date(2026, 11, 18)))  # the day they say they have not decided
    khal_run = _khal(tmp_path)
    _setup(ft)
    ft("import", str(_invite(tmp_path)))
    ft("debrief", "acme", "--on", "2026-11-10", "--timeframe", "one week")
    ft("export", "--ics", "-o", str(tmp_path / "steps.ics"))
    khal_run("import", "--batch", "-a", "followthrough", str(tmp_path / "steps.ics"))
    before = {s["id"] for s in _steps(ft) if s["status"] == "pending"}
    ft("respond", "acme", "--outcome", "not_decided", "--on", "2026-11-18", "--by", "2026-12-01")
    steps = _steps(ft)
    cancelled = {s["id"] for s in steps if s["status"] == "cancelled"}
    pending = {s["id"] for s in steps if s["status"] == "pending"}
    assert cancelled & before and pending - before  # the plan changed: old steps out, new ones in
    ft("export", "--ics", "-o", str(tmp_path / "steps.ics"))
    khal_run("import", "--batch", "-a", "followthrough", str(tmp_path / "steps.ics"))
    # What a user sees: khal marks a cancelled event "CANCELLED"; every other one is live.
    listed = khal_run("list", "2026-11-01", "120d", "--format", "{cancelled}{uid} {start-date} {title}").splitlines()
    live = [line.split(" ", 2) for line in listed if "@followthrough" in line and not line.startswith("CANCELLED")]
    gone = [line.split(" ")[1] for line in listed if line.startswith("CANCELLED ")]
    assert sorted(uid for uid, _, _ in live) == sorted(f"{i}@followthrough" for i in pending)
    titles = [title for _, _, title in live]
    assert len(titles) == len(set(zip(titles, (d for _, d, _ in live), strict=True)))  # no stale duplicate
    assert set(gone) >= {f"{i}@followthrough" for i in cancelled & before}
    shown = khal_run("list", "2026-11-01", "120d")  # khal's own format
    stale = [f"{i}@followthrough" for i in cancelled]
    assert "CANCELLED  Acme Corp: call Ann Lee" in shown and not set(stale) & {uid for uid, _, _ in live}


def test_settled_steps_are_cancelled_or_completed_for_sixty_days(ft: Cli, tmp_path: Path, pin_clock: Any) -> None:
    import icalendar

    pin_clock(_noon_in_chicago(dt.date(2026, 11, 12)))  # the day of their answer
    _setup(ft)
    ft("import", str(_invite(tmp_path)))
    steps = _steps(ft)
    note = next(s for s in steps if s["kind"] == "thank_you_note" and s["contact"] == "ann")
    ft("done", str(note["id"]), "--on", "2026-11-10")
    ft("respond", "acme", "--outcome", "rejected", "--on", "2026-11-12")
    settled = {f"{s['id']}@followthrough": s["status"] for s in _steps(ft)}
    assert settled[f"{note['id']}@followthrough"] == "done" and "pending" not in settled.values()

    def export(today: dt.date, *flags: str) -> dict[str, tuple[str, int, int]]:
        pin_clock(_noon_in_chicago(today))
        cal = icalendar.Calendar.from_ical(ft("export", "--ics", *flags).stdout.encode())
        items = cal.walk("VTODO") if flags else cal.walk("VEVENT")
        return {str(i["UID"]): (str(i["STATUS"]), int(i["SEQUENCE"]), len(i.walk("VALARM"))) for i in items}

    events = export(dt.date(2026, 11, 20))
    assert set(events) == set(settled) and {e for e in events.values()} == {("CANCELLED", 1, 0)}
    todos = export(dt.date(2026, 11, 20), "--todo")
    assert todos[f"{note['id']}@followthrough"] == ("COMPLETED", 1, 0)
    assert {t[0] for uid, t in todos.items() if settled[uid] != "done"} == {"CANCELLED"}
    assert export(dt.date(2027, 3, 1)) == {}  # over 60 days later: history no longer written
