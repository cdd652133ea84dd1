"""The interview morning: on the day of an interview recorded before it, at the digest
time, each channel says "Interview today" with the checklist's six asks, once; an
interview recorded on its day gets none, a moved one moves it, a removed one takes it away."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from followthrough.core.model import ContactRole, Interview
from tests.conftest import Cli
from tests.racing import commands_at_once
from tests.test_remind import Recorder, at, setup_profile

ZONE = "America/Chicago"
DAY = dt.date(2031, 3, 10)  # the interview


class Notes(Recorder):
    """A channel that keeps the notes (the mornings) it was given, and can fail once."""

    def __init__(self, name: str = "terminal") -> None:
        super().__init__(name)
        self.notes: list[tuple[str, str]] = []
        self.notes_fail = False

    def deliver_note(self, title: str, text: str) -> None:
        if self.notes_fail:
            self.notes_fail = False
            raise RuntimeError("could not show it")
        self.notes.append((title, text))


def _acme(slug: str = "acme", playbook: str | None = None, company: str = "Acme Corp") -> None:
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    add_application(company, "Data Analyst", slug, playbook=playbook)
    add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, "ann", email=f"ann@{slug}.example")
    add_contact(slug, "Bo Park", ContactRole.INTERVIEWER, "bo")
    record_event(slug, Interview(DAY, ("ann", "bo"), dt.time(10, 0), True))


def _run(pin: Callable[..., None], clock: str, *channels: Notes, day: dt.date = DAY) -> None:
    """A reminders run at ``clock`` on ``day`` (Chicago), the mornings included."""
    from followthrough.services.reminders import outbox
    from followthrough.services.reminders.mornings import deliver_mornings, send_on

    pin(at(ZONE, day.isoformat(), clock))
    result = outbox.run(list(channels))
    for channel in channels:
        deliver_mornings(
            result, channel.name, send_on(channel, lambda slug: f"http://127.0.0.1:8000/applications/{slug}/#checklist")
        )


def test_the_morning_of_an_interview_recorded_the_day_before_comes_once_per_channel(
    db: str, pin_clock: Callable[..., None]
) -> None:
    setup_profile(ZONE, "08:30")
    pin_clock(at(ZONE, "2031-03-09", "16:00"))
    _acme()
    terminal, email = Notes("terminal"), Notes("email")
    _run(pin_clock, "08:00", terminal, email)
    assert terminal.notes == [], "before the digest time: nothing yet"
    _run(pin_clock, "08:31", terminal, email)
    _run(pin_clock, "12:00", terminal, email)
    assert len(terminal.notes) == len(email.notes) == 1, "once per channel"
    title, text = terminal.notes[0]
    assert title == "Interview today: Acme Corp, with Ann Lee and Bo Park"
    assert text.startswith(title) and "Data Analyst, at 10:00" in text
    assert "1. Ask how you did today." in text and "6. Say clearly that you want this job" in text
    assert (
        "5. Tell them you will follow up with a phone call, and check that this is fine." in text and "____" not in text
    )
    assert text.endswith("Print the checklist: http://127.0.0.1:8000/applications/acme/#checklist")
    _run(pin_clock, "09:00", terminal, day=DAY + dt.timedelta(days=1))
    assert len(terminal.notes) == 1, "not the day after"


def test_an_email_playbook_says_you_will_follow_up_by_email(db: str, pin_clock: Callable[..., None]) -> None:
    setup_profile(ZONE, "08:30")
    pin_clock(at(ZONE, "2031-03-09", "16:00"))
    _acme(playbook="email-first")
    terminal = Notes()
    _run(pin_clock, "09:00", terminal)
    assert "5. Tell them you will follow up by e-mail, and check that this is fine." in terminal.notes[0][1]


def test_an_interview_recorded_on_its_day_gets_none(db: str, pin_clock: Callable[..., None]) -> None:
    setup_profile(ZONE, "08:30")
    pin_clock(at(ZONE, DAY.isoformat(), "07:00"))
    _acme()
    terminal = Notes()
    _run(pin_clock, "09:00", terminal)
    assert terminal.notes == []


def test_a_moved_interview_moves_its_morning_and_a_removed_one_takes_it_away(
    db: str, pin_clock: Callable[..., None]
) -> None:
    from followthrough.services.corrections.events import edit_event, remove_event
    from followthrough.store.models import InterviewMorning

    setup_profile(ZONE, "08:30")
    pin_clock(at(ZONE, "2031-03-08", "16:00"))
    _acme("acme")
    _acme("beta", company="Beta Ltd")
    terminal = Notes()
    terminal.notes_fail = True
    _run(pin_clock, "09:00", terminal)  # both queued, then the delivery failed: left for the next run
    assert terminal.notes == [] and InterviewMorning.objects.filter(state="queued").count() == 2
    pin_clock(at(ZONE, DAY.isoformat(), "09:10"))
    edit_event("acme", 1, {"on": DAY + dt.timedelta(days=1)})  # moved to tomorrow
    remove_event("beta", 1)  # called off
    _run(pin_clock, "09:15", terminal)
    assert terminal.notes == [], "checked again before delivery: neither is today any more"
    _run(pin_clock, "08:45", terminal, day=DAY + dt.timedelta(days=1))
    assert [title for title, _ in terminal.notes] == ["Interview today: Acme Corp, with Ann Lee and Bo Park"]


def test_remind_prints_the_morning_with_the_checklist_command(db: str, pin_clock: Callable[..., None]) -> None:
    cli = Cli(db)
    setup_profile(ZONE, "08:30")
    pin_clock(at(ZONE, "2031-03-09", "16:00"))
    _acme()
    pin_clock(at(ZONE, DAY.isoformat(), "09:00"))
    first = cli("remind", "--no-desktop")
    assert "Interview today: Acme Corp, with Ann Lee and Bo Park" in first.output
    assert "Print the checklist: followthrough checklist acme" in first.output
    again = cli("remind", "--no-desktop")
    assert "Interview today" not in again.output


FAKE_NOTIFY = """#!/bin/sh
sleep 0.2
printf '%s\\n' "$2" >> "$FAKE_NOTIFY_LOG"
"""


def test_two_remind_processes_at_once_deliver_each_morning_once_per_channel(
    db: str, tmp_path: Path, pin_clock: Callable[..., None]
) -> None:
    from django.db import connections

    setup_profile(ZONE, "08:30")
    pin_clock(at(ZONE, "2031-03-09", "16:00"))
    _acme("acme")
    _acme("beta", company="Beta Ltd")
    pin_clock(at(ZONE, DAY.isoformat(), "09:00"))
    connections.close_all()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "notify-send").write_text(FAKE_NOTIFY)
    (bin_dir / "notify-send").chmod(0o755)
    log = tmp_path / "notified.log"
    env = dict(os.environ) | {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "DISPLAY": ":0"}
    env |= {"FAKE_NOTIFY_LOG": str(log), "FOLLOWTHROUGH_SMTP_PASSWORD": ""}
    printed = ""
    for racer in commands_at_once([["--db", db, "remind"]] * 2, env):
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        printed += out
    assert printed.count("Interview today: Acme Corp") == printed.count("Interview today: Beta Ltd") == 1
    mornings = [line for line in log.read_text().splitlines() if line.startswith("Interview today")]
    assert sorted(mornings) == [
        "Interview today: Acme Corp, with Ann Lee and Bo Park",
        "Interview today: Beta Ltd, with Ann Lee and Bo Park",
    ], "once each on the desktop"


def test_the_checklist_command_the_morning_names_exists() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "followthrough", "checklist", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0 and "on-site checklist" in done.stdout


def test_serve_links_the_morning_to_the_application_pages_checklist(
    db: str, tmp_path: Path, pin_clock: Callable[..., None]
) -> None:
    from django.db import connections

    from tests.test_remind_processes import _serve, _stop
    from tests.waiting import wait_until

    setup_profile(ZONE, "08:30")
    pin_clock(at(ZONE, "2031-03-09", "16:00"))
    _acme()
    pin_clock(at(ZONE, DAY.isoformat(), "09:00"))
    connections.close_all()
    env = dict(os.environ) | {"PATH": "/usr/bin:/bin", "DISPLAY": "", "FOLLOWTHROUGH_SMTP_PASSWORD": ""}
    out = tmp_path / "serve.out"
    server = _serve(db, env, out)
    try:
        wait_until(lambda: "Interview today: Acme Corp" in out.read_text(), what="the morning printed by serve")
        wait_until(lambda: "?token=" in out.read_text(), what="serving")
        printed = out.read_text()
        base = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=", printed)
        assert base is not None, printed
        assert f"Print the checklist: {base.group(1)}/applications/acme/#checklist" in printed
    finally:
        if server.poll() is None:
            _stop(server, out)


def test_the_morning_by_email_has_the_title_for_subject(db: str, pin_clock: Callable[..., None]) -> None:
    from followthrough.services.reminders import outbox
    from followthrough.services.reminders.mornings import deliver_mornings, send_on

    setup_profile(ZONE, "08:30")
    pin_clock(at(ZONE, "2031-03-09", "16:00"))
    _acme()
    pin_clock(at(ZONE, DAY.isoformat(), "09:00"))
    sent: list[object] = []
    email = outbox.EmailChannel(send=sent.append)
    deliver_mornings(outbox.start(), "email", send_on(email, lambda slug: f"followthrough checklist {slug}"))
    deliver_mornings(outbox.start(), "email", send_on(email))
    (message,) = sent
    assert message["Subject"] == "Interview today: Acme Corp, with Ann Lee and Bo Park"  # type: ignore[index]
    assert message["To"] == "Jordan Rivera <jordan@example.org>"  # type: ignore[index]
    body = message.get_content()  # type: ignore[attr-defined]
    assert "3. Ask for their business card" in body and "followthrough checklist acme" in body


def test_the_servers_worker_delivers_the_morning_once_with_where_to_print_it(
    db: str, pin_clock: Callable[..., None]
) -> None:
    import threading

    from followthrough.services.reminders import worker

    setup_profile(ZONE, "08:30")
    pin_clock(at(ZONE, "2031-03-09", "16:00"))
    _acme()
    email = Notes("email")
    for clock in ("08:31", "12:00"):  # two passes that morning: one reminder
        pin_clock(at(ZONE, DAY.isoformat(), clock))
        worker.one_pass(1, lambda: [email], 100, threading.Event(), dt.timedelta(minutes=15))
    assert [title for title, _ in email.notes] == ["Interview today: Acme Corp, with Ann Lee and Bo Park"]
    assert email.notes[0][1].endswith("Print it from the application's page (acme): On-site checklist.")
