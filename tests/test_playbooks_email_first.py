"""A whole job search on `email-first`, from the CLI: add, interview, the two follow-up
e-mails drafted (the first and the second in different words) and sent over SMTP (a real
aiosmtpd server), the last resort, moving on; the new step in words everywhere it shows."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.test_send import SmtpServer, smtp_server  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


class Clock:
    """The one clock the program reads, moved by the test from day to day."""

    def __init__(self) -> None:
        self.day("2026-11-03")

    def day(self, iso: str) -> None:
        from followthrough import clock

        clock.pin(dt.datetime.combine(dt.date.fromisoformat(iso), dt.time(18, 0), dt.UTC))


@pytest.fixture
def clock() -> Clock:
    return Clock()


def plan(ft: Cli) -> list[dict[str, Any]]:
    return list(json.loads(ft("plan", "acme", "--json").stdout)["steps"])


def follow_ups(ft: Cli) -> list[dict[str, Any]]:
    return [s for s in plan(ft) if s["kind"] == "email_follow_up"]


def received(server: SmtpServer, index: int) -> email.message.EmailMessage:
    envelope = server.inbox.messages[index]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def start(ft: Cli, port: int) -> None:
    ft("profile", "set", "--name", "Jordan Rivera", "--phone", "+1 555 0100", "--timezone", "America/Chicago")
    ft("profile", "set", "--email", "jordan@example.org")
    ft("profile", "smtp", "--host", "127.0.0.1", "--port", str(port), "--security", "none")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", "--playbook", "email-first")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")


def test_a_whole_search_on_email_first(ft: Cli, smtp_server: SmtpServer, clock: Clock) -> None:  # noqa: F811
    start(ft, smtp_server.port)
    steps = {s["kind"]: s for s in plan(ft)}
    assert [(s["due"], s["status"]) for s in follow_ups(ft)] == [("2026-11-10", "pending"), ("2026-11-17", "pending")]
    assert "call_hiring_officer" not in steps

    ft("send", steps["thank_you_note"]["id"])
    # A week on: the agenda says what to do, the draft is the first follow-up's.
    clock.day("2026-11-10")
    assert "Data Analyst: send a follow-up e-mail to Ann Lee" in ft("agenda").stdout
    first, second = (s["id"] for s in follow_ups(ft))
    assert "(first of two follow-up e-mails)" in ft("show", "acme").stdout
    first_draft = ft("draft", first).stdout
    second_draft = ft("draft", second).stdout
    assert "Dear Ann," in first_draft and "Data Analyst" in first_draft
    body = lambda text: text.split("\n\n", 1)[1]  # noqa: E731  (after the headers)
    assert body(first_draft) != body(second_draft)
    assert "Subject: Checking in: Data Analyst at Acme Corp" in first_draft
    assert "Subject: A further note on the Data Analyst position" in second_draft
    ft("send", first)
    message = received(smtp_server, 1)
    assert message["To"] == "Ann Lee <ann@acme.com>" and message["Subject"] == "Checking in: Data Analyst at Acme Corp"
    assert "meeting with me on Tuesday, November 3, 2026" in message.get_content()
    assert follow_ups(ft)[0]["status"] == "done" and follow_ups(ft)[0]["done_on"] == "2026-11-10"

    clock.day("2026-11-17")
    assert "(second of two follow-up e-mails)" in ft("show", "acme").stdout
    ft("send", second)
    assert received(smtp_server, 2)["Subject"] == "A further note on the Data Analyst position"
    assert "once more" in received(smtp_server, 2).get_content()

    clock.day("2026-12-03")
    ft("send", steps["email_hiring_officer"]["id"])
    assert len(smtp_server.inbox.messages) == 4
    clock.day("2026-12-10")
    assert "move on: no answer came" in ft("agenda").stdout
    ft("done", steps["move_on"]["id"])
    out = ft("show", "acme").stdout
    assert "no_response" in out.splitlines()[0] and "Playbook: email-first:" in out
    assert all(s["status"] == "done" for s in plan(ft))


def test_the_follow_up_email_shows_in_words_in_calendars_reminders_and_the_agenda(
    ft: Cli,
    smtp_server: SmtpServer,  # noqa: F811
    clock: Clock,
) -> None:
    import icalendar

    start(ft, smtp_server.port)
    calendar = icalendar.Calendar.from_ical(ft("export", "--ics").stdout.encode())
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries.count("Acme Corp: send a follow-up e-mail to Ann Lee") == 2
    assert not any("email_follow_up" in text or "email follow up" in text for text in summaries)
    clock.day("2026-11-10")  # a reminder run for a day to come is refused: it would use them up
    reminded = ft("remind", "--as-of", "2026-11-10", "--no-desktop").stdout
    assert "send a follow-up e-mail to Ann Lee" in reminded and "email follow up" not in reminded
    agenda = json.loads(ft("agenda", "--as-of", "2026-11-10", "--json").stdout)
    assert any(entry["kind"] == "email_follow_up" for entry in agenda["steps"])


def test_the_follow_up_template_is_overridden_like_the_others(
    ft: Cli,
    smtp_server: SmtpServer,  # noqa: F811
    clock: Clock,
    config: Path,
) -> None:
    start(ft, smtp_server.port)
    drafts = config / "followthrough" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "email_follow_up.txt").write_text(
        "Subject: Note {{ follow_up_number }} of {{ follow_up_count }}\n\n"
        "Hi {{ contact_first_name }}: {{ follow_up_place }}.\n"
    )
    first, second = (s["id"] for s in follow_ups(ft))
    assert ft("draft", first).stdout.endswith("Subject: Note 1 of 2\n\nHi Ann: first of two follow-up e-mails.\n")
    assert "Subject: Note 2 of 2" in ft("draft", second).stdout


def test_a_call_is_still_not_sent_by_email(ft: Cli, smtp_server: SmtpServer, clock: Clock) -> None:  # noqa: F811
    start(ft, smtp_server.port)
    ft("playbook", "set", "acme", "column")
    call = next(s["id"] for s in plan(ft) if s["kind"] == "call_hiring_officer")
    assert "not sent by e-mail" in ft("send", call, code=2).output
    assert smtp_server.inbox.messages == []
