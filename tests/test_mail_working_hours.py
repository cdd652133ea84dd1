"""Mail in the employer's working hours (playbook.md section 6), from the command line,
against a real SMTP server (aiosmtpd on loopback): the user in Chicago, the employer in
Berlin. A follow-up e-mail written in the Chicago evening waits for the Berlin morning;
the step is done on the user's date; `remind` sends it once when its minute comes; it can
be changed, sent now or cancelled until then; a refusal for good puts the step back."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Cli
from tests.test_send import _free_port
from tests.test_web import WebClient, web_session

CHICAGO, BERLIN = ZoneInfo("America/Chicago"), ZoneInfo("Europe/Berlin")


@dataclass
class Inbox:
    """What the server received; ``refuse`` answers the employer's address with that reply."""

    messages: list[Any] = field(default_factory=list)
    refuse: str | None = None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refuse and address == "ann@acme.com":
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def to_ann(self) -> list[Any]:
        """What went to the employer (the reminders' digest goes to the user)."""
        return [e for e in self.messages if e.rcpt_tos == ["ann@acme.com"]]

    def received(self) -> list[email.message.EmailMessage]:
        found = [email.message_from_bytes(e.original_content, policy=email.policy.default) for e in self.to_ann()]
        return [m for m in found if isinstance(m, email.message.EmailMessage)]


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    box = Inbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("FOLLOWTHROUGH_SMTP_PASSWORD", "")


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


@pytest.fixture
def minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """The drawn minute, pinned: 08:30 plus 4."""
    from followthrough.services.mail import scheduled

    monkeypatch.setattr(scheduled, "draw_minute", lambda: 4)


def at(pin_clock: Callable[..., None], zone: ZoneInfo, *when: int) -> None:
    pin_clock(dt.datetime(*when, tzinfo=zone))  # type: ignore[misc]


def start(ft: Cli, port: int, timezone: str | None = "Europe/Berlin", interview: str = "2026-11-03") -> dict[str, str]:
    """Jordan in Chicago; Acme in Berlin on the e-mail-first playbook, interviewed on
    Tue 3 Nov 2026: its steps by kind (the first follow-up e-mail is due Tue 10 Nov)."""
    ft("profile", "set", "--name", "Jordan Rivera", "--phone", "+1 555 0100", "--timezone", "America/Chicago")
    ft("profile", "set", "--email", "jordan@example.org", "--country", "US")
    ft("profile", "smtp", "--host", "127.0.0.1", "--port", str(port), "--security", "none")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", "--playbook", "email-first")
    if timezone:
        ft("edit", "acme", "--timezone", timezone, "--country", "DE")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("interview", "acme", "--on", interview, "--with", "ann")
    found: dict[str, str] = {}
    for step in plan(ft):
        found.setdefault(step["kind"], step["id"])
    return found


def plan(ft: Cli) -> list[dict[str, Any]]:
    return list(json.loads(ft("plan", "acme", "--json").stdout)["steps"])


def step(ft: Cli, step_id: str) -> dict[str, Any]:
    return next(s for s in plan(ft) if s["id"] == step_id)


def due_ids(ft: Cli, on: str) -> list[str]:
    return [s["id"] for s in json.loads(ft("agenda", "--as-of", on, "--json").stdout)["steps"]]


def schedule_first(ft: Cli, pin_clock: Callable[..., None], port: int) -> str:
    """The first follow-up e-mail, sent at 18:00 Tue 10 Nov in Chicago (01:00 Wed in
    Berlin): scheduled for 08:34 Wed 11 Nov, Berlin time."""
    steps = start(ft, port)
    at(pin_clock, CHICAGO, 2026, 11, 10, 18, 0)
    out = ft("send", steps["email_follow_up"]).stdout
    assert "will be sent Wed 11 Nov, 08:34 their time" in out
    return steps["email_follow_up"]


def test_an_evening_follow_up_waits_for_their_morning_and_the_step_is_done_on_the_users_day(
    ft: Cli, web: WebClient, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    assert box.to_ann() == []
    shown = step(ft, first)
    # Done on the user's date (Tue 10 Nov in Chicago, already the 11th in UTC and Berlin).
    assert shown["status"] == "done" and shown["done_on"] == "2026-11-10"
    assert shown["scheduled_for"] == "2026-11-11T08:34:00+01:00" and "sent_at" not in shown
    assert first not in due_ids(ft, "2026-11-10")  # not due on the agenda
    assert "will be sent Wed 11 Nov, 08:34 their time" in ft("plan", "acme").stdout
    assert "will be sent Wed 11 Nov, 08:34 their time" in ft("scheduled").stdout
    assert "The e-mail will be sent Wed 11 Nov, 08:34 their time" in web.get("/applications/acme/").content.decode()

    # 08:33 in Berlin: not yet. 08:34: sent, once; later runs send nothing more.
    at(pin_clock, BERLIN, 2026, 11, 11, 8, 33)
    ft("remind", "--no-desktop")
    assert box.to_ann() == []
    at(pin_clock, BERLIN, 2026, 11, 11, 8, 34)
    assert "Sent 1 e-mail(s) scheduled for their working hours." in ft("remind", "--no-desktop").output
    at(pin_clock, BERLIN, 2026, 11, 11, 9, 0)
    ft("remind", "--no-desktop")
    assert len(box.to_ann()) == 1 and box.to_ann()[0].mail_from == "jordan@example.org"
    assert box.received()[0]["Subject"] == "Checking in: Data Analyst at Acme Corp"
    shown = step(ft, first)
    assert shown["status"] == "done" and shown["done_on"] == "2026-11-10"
    assert shown["sent_at"] == "2026-11-11T08:34:00+01:00" and "scheduled_for" not in shown
    assert "No e-mail is waiting" in ft("scheduled").stdout


def test_in_their_working_hours_it_goes_at_once(
    ft: Cli, inbox: tuple[Inbox, int], pin_clock: Callable[..., None]
) -> None:
    box, port = inbox
    steps = start(ft, port)
    at(pin_clock, CHICAGO, 2026, 11, 10, 9, 0)  # 16:00 in Berlin, a Tuesday
    out = ft("send", steps["email_follow_up"]).stdout
    assert "Sent to ann@acme.com" in out and len(box.to_ann()) == 1
    assert "scheduled_for" not in step(ft, steps["email_follow_up"])


def test_their_holidays_wait_too(
    ft: Cli, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None
) -> None:
    box, port = inbox
    steps = start(ft, port)
    # 09:00 Fri 25 Dec in Chicago is 16:00 in Berlin, but Christmas there (and Boxing Day
    # after it, then the weekend): the next working morning in Berlin is Mon 28 Dec.
    at(pin_clock, CHICAGO, 2026, 12, 25, 9, 0)
    assert "will be sent Mon 28 Dec, 08:34 their time" in ft("send", steps["email_hiring_officer"]).stdout
    assert box.to_ann() == []


def test_a_thank_you_note_never_waits(ft: Cli, inbox: tuple[Inbox, int], pin_clock: Callable[..., None]) -> None:
    box, port = inbox
    steps = start(ft, port)
    at(pin_clock, CHICAGO, 2026, 11, 3, 23, 0)  # 06:00 in Berlin: before their day starts
    assert "Sent to ann@acme.com" in ft("send", steps["thank_you_note"]).stdout
    assert len(box.to_ann()) == 1 and "scheduled_for" not in step(ft, steps["thank_you_note"])


def test_a_waiting_e_mail_can_be_changed_then_sent_now(
    ft: Cli, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None, tmp_path: Path
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    text = tmp_path / "new.txt"
    text.write_text("Dear Ann,\n\nA shorter note.\n\nJordan\n")
    result = ft("scheduled", first[:6], "--subject", "Data Analyst: checking in", "--text-file", str(text))
    assert "A shorter note." in result.stdout and "will be sent Wed 11 Nov, 08:34 their time" in result.output
    assert "scheduled_for" in step(ft, first) and box.to_ann() == []
    ft("send", first, "--now")
    (message,) = box.received()
    assert message["Subject"] == "Data Analyst: checking in" and "A shorter note." in message.get_content()
    at(pin_clock, BERLIN, 2026, 11, 11, 9, 0)
    ft("remind", "--no-desktop")
    assert len(box.to_ann()) == 1, "sent now: the morning sends nothing more"
    assert "sent_at" in step(ft, first)
    refused = ft("scheduled", first, "--text-file", str(text), code=2)
    assert "no e-mail is waiting" in refused.output


def test_a_cancelled_e_mail_is_never_sent_and_the_step_is_to_do_again(
    ft: Cli, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    out = ft("unschedule", first).stdout
    assert "not sent" in out and "to do again" in out
    shown = step(ft, first)
    assert shown["status"] == "pending" and "scheduled_for" not in shown
    assert first in due_ids(ft, "2026-11-10")
    again = ft("unschedule", first, code=2)  # nothing waits now: refused, nothing changes
    assert "nothing is scheduled" in again.output and step(ft, first)["status"] == "pending"
    at(pin_clock, BERLIN, 2026, 11, 11, 9, 0)
    ft("remind", "--no-desktop")
    assert box.to_ann() == []


def test_an_answer_that_closes_the_application_keeps_its_waiting_e_mail_from_going(
    ft: Cli, web: WebClient, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    # Rejected the same evening: "has anything been decided?" must not reach them in the morning.
    ft("respond", "acme", "--outcome", "rejected")
    assert "No e-mail is waiting" in ft("scheduled").stdout
    assert "will be sent" not in web.get("/").content.decode()
    assert "scheduled_for" not in step(ft, first)
    at(pin_clock, BERLIN, 2026, 11, 11, 9, 0)
    ft("remind", "--no-desktop")
    assert box.to_ann() == []


def test_an_undone_step_has_no_e_mail_waiting_and_can_be_sent_again(
    ft: Cli, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    ft("undo", "acme")  # takes out the step done on scheduling: the step is to do again
    assert "No e-mail is waiting" in ft("scheduled").stdout
    shown = step(ft, first)
    assert shown["status"] == "pending" and "scheduled_for" not in shown
    assert "will be sent Wed 11 Nov, 08:34 their time" in ft("send", first).stdout  # not "already scheduled"
    at(pin_clock, BERLIN, 2026, 11, 11, 9, 0)
    ft("remind", "--no-desktop")
    assert len(box.to_ann()) == 1


def test_a_refusal_for_good_puts_the_step_back_and_says_so(
    ft: Cli, web: WebClient, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    box.refuse = "550 5.1.1 no such mailbox"
    at(pin_clock, BERLIN, 2026, 11, 11, 8, 40)
    result = ft("remind", "--no-desktop", code=1)
    assert "refused for good" in result.output and "to do again" in result.output
    shown = step(ft, first)
    assert shown["status"] == "pending" and "scheduled_for" not in shown
    due = json.loads(ft("agenda", "--as-of", "2026-11-11", "--json").stdout)["steps"]
    assert next(s for s in due if s["id"] == first)["flags"] == ["send_failed"]
    assert "refused by your mail server: not sent" in ft("agenda", "--as-of", "2026-11-11").stdout
    assert "refused by your mail server" in ft("scheduled").stdout
    today = web.get("/").content.decode()
    assert "refused by your mail server: not sent" in today  # on the step's card
    assert "Your mail server refused it, so it was not sent" in today  # under "Waiting to be sent"
    # The next run tries nothing again; the user can send it (now in their hours) once more.
    assert "refused" not in ft("remind", "--no-desktop").output
    box.refuse = None
    at(pin_clock, BERLIN, 2026, 11, 11, 10, 0)
    ft("send", first)
    assert len(box.to_ann()) == 1 and step(ft, first)["status"] == "done"
    assert "No e-mail is waiting" in ft("scheduled").stdout  # the refusal is old news now


def test_a_passing_refusal_waits_for_the_next_run(
    ft: Cli, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None
) -> None:
    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    box.refuse = "451 4.3.0 try again later"
    at(pin_clock, BERLIN, 2026, 11, 11, 8, 40)
    assert "will retry" in ft("remind", "--no-desktop", code=1).output
    assert "scheduled_for" in step(ft, first) and step(ft, first)["status"] == "done"
    box.refuse = None
    ft("remind", "--no-desktop")
    assert len(box.to_ann()) == 1 and "sent_at" in step(ft, first)


@pytest.mark.parametrize(
    ("interview", "evening", "goes"),
    [
        # Autumn's odd week: Berlin on winter time (+01:00), Chicago still on summer time.
        ("2026-10-20", (2026, 10, 27), "2026-10-28T08:34:00+01:00"),
        # Spring's: Chicago on summer time from 14 March, Berlin not until the 28th.
        ("2027-03-09", (2027, 3, 16), "2027-03-17T08:34:00+01:00"),
        ("2027-03-23", (2027, 3, 30), "2027-03-31T08:34:00+02:00"),
    ],
    ids=["autumn-gap", "spring-gap", "both-summer"],
)
def test_across_the_daylight_saving_changes_it_goes_at_their_morning(
    ft: Cli,
    inbox: tuple[Inbox, int],
    pin_clock: Callable[..., None],
    minute: None,
    interview: str,
    evening: tuple[int, int, int],
    goes: str,
) -> None:
    box, port = inbox
    steps = start(ft, port, interview=interview)
    at(pin_clock, CHICAGO, *evening, 18, 0)  # after midnight in Berlin: their next morning is today there
    ft("send", steps["email_follow_up"])
    shown = step(ft, steps["email_follow_up"])
    assert shown["scheduled_for"] == goes and shown["done_on"] == dt.date(*evening).isoformat()
    pin_clock(dt.datetime.fromisoformat(goes) - dt.timedelta(minutes=1))
    ft("remind", "--no-desktop")
    assert box.to_ann() == []
    pin_clock(dt.datetime.fromisoformat(goes))
    ft("remind", "--no-desktop")
    assert len(box.to_ann()) == 1


def test_without_their_zone_it_waits_for_the_users_own_morning(
    ft: Cli, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None
) -> None:
    box, port = inbox
    steps = start(ft, port, timezone=None)
    at(pin_clock, CHICAGO, 2026, 11, 10, 20, 0)
    # The user's country (US) is theirs too: Wed 11 Nov is Veterans Day, so Thursday.
    assert "will be sent Thu 12 Nov, 08:34 their time" in ft("send", steps["email_follow_up"]).stdout
    assert step(ft, steps["email_follow_up"])["scheduled_for"] == "2026-11-12T08:34:00-06:00"
    assert box.to_ann() == []


def test_the_local_web_apps_background_thread_sends_it_at_its_minute(
    ft: Cli, inbox: tuple[Inbox, int], pin_clock: Callable[..., None], minute: None
) -> None:
    import threading

    from followthrough.services.mail import keep_sending

    box, port = inbox
    first = schedule_first(ft, pin_clock, port)
    stopped = threading.Event()
    stopped.set()  # one run, then it stops
    warned: list[str] = []
    at(pin_clock, BERLIN, 2026, 11, 11, 8, 33)
    keep_sending(stopped, warn=warned.append)
    assert box.to_ann() == []
    at(pin_clock, BERLIN, 2026, 11, 11, 8, 34)
    keep_sending(stopped, warn=warned.append)
    assert len(box.to_ann()) == 1 and "sent_at" in step(ft, first) and warned == []
