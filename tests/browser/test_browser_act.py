"""Acting from Today in a real browser: edit a note and send it, the mailto and tel links,
an answer from the mailbox confirmed or put aside, an out-of-office snooze confirmed."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from followthrough import clock
from tests.browser.conftest import Server, axe_violations
from tests.test_send import SmtpServer, smtp_server  # noqa: F401  (the fixture)

SLUG = "acme"
ZONE = "America/Chicago"  # the job seeker's


# Wednesday 4 November 2026, 9:00 in Chicago: the morning after the interview of the 3rd
# (the fixtures' date), when the thank-you note is the only e-mail due.
MORNING_AFTER = dt.datetime(2026, 11, 4, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def server_now(request: pytest.FixtureRequest, pin_clock: Any) -> dt.datetime:
    """The instant of this module's tests: MORNING_AFTER, unless a test gives another."""
    at: dt.datetime = getattr(request, "param", MORNING_AFTER)
    pin_clock(at)
    return at


def _search(server: Server, interview: str) -> None:
    server.cli("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--country", "US")
    server.cli("profile", "set", "--timezone", ZONE)
    server.cli("add", "Acme Corp", "Data Analyst", "--id", SLUG)
    server.cli(
        "contact", "add", SLUG, "--name", "Zoë Lee", "--role", "hiring_officer", "--key", "ann",
        "--email", "zoe@acme.example", "--phone", "(555) 010-0123",
    )  # fmt: skip
    server.cli("interview", SLUG, "--on", interview, "--with", "ann")


def _found(server: Server, subject: str, kind: str = "reply", back_on: dt.date | None = None) -> None:
    """A message the reply watcher found, saved as the watcher saves it."""
    code = (
        "import datetime as dt, sys\n"
        "from followthrough import settings\n"
        "settings.configure(sys.argv[1])\n"
        "from followthrough.services.owners import act_locally_from_now_on\n"
        "act_locally_from_now_on()\n"
        "from followthrough.services.mail import watch\n"
        "from followthrough.services.mail.watch import Found\n"
        "from followthrough import clock\n"
        "when = clock.now() - dt.timedelta(hours=1)\n"
        "back = dt.date.fromisoformat(sys.argv[4]) if sys.argv[4] else None\n"
        "item = Found('acme', sys.argv[2], 'Zoë Lee <zoe@acme.example>', sys.argv[2], when, 'contact', 'ann',"
        " 'INBOX', 1, sys.argv[3], back)\n"
        "watch.save_pass('me@host:993', 'INBOX', 1, 1, [item])\n"
    )
    argv = [sys.executable, "-c", code, server.db, subject, kind, back_on.isoformat() if back_on else ""]
    subprocess.run(argv, check=True, capture_output=True, timeout=60)


def test_a_note_edited_on_today_is_sent_as_edited(
    page: Any,
    server: Server,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    _search(server, "2026-11-03")
    server.cli("profile", "smtp", "--host", "127.0.0.1", "--port", str(smtp_server.port), "--security", "none")
    page.reload()
    note = page.locator("p.what", has_text=re.compile(r"thank-you note.*Zoë Lee", re.I))
    card = page.locator("li.step").filter(has=note).filter(has=page.locator("form.send"))
    assert card.count() == 1, "the thank-you note to Zoë Lee, and no other e-mail, is due"
    card.locator("summary").click()  # the draft opens in place
    card.get_by_label("Subject").fill("Thank you, Zoë")
    card.get_by_label("Text").fill("Dear Zoë,\nthank you for Tuesday.\n\nJordan")
    assert not axe_violations(page)
    card.locator("button.send-button").click()
    page.get_by_text("Sent to zoe@acme.example; the step is done.").wait_for()
    assert len(smtp_server.inbox.messages) == 1
    import email
    import email.policy

    sent = email.message_from_bytes(smtp_server.inbox.messages[0].original_content, policy=email.policy.default)
    assert sent["Subject"] == "Thank you, Zoë"
    assert sent.get_content().replace("\r\n", "\n") == "Dear Zoë,\nthank you for Tuesday.\n\nJordan\n"
    assert page.locator("form.send").count() == 0  # the note is done: nothing left to send


def test_the_mailto_and_tel_links_carry_the_draft_and_the_number(page: Any, server: Server) -> None:
    _search(server, "2026-11-03")
    page.goto(f"{server.base}/?as_of=2026-11-10")
    note = page.locator("li.step", has_text="thank-you note").first
    note.locator("summary").click()
    assert "set up your mail server first" in note.inner_text()
    link = urlsplit(note.locator("a.mailto").get_attribute("href"))
    assert link.scheme == "mailto" and link.path == "zoe@acme.example"
    query = parse_qs(link.query)
    body = query["body"][0]
    assert "Zoë" in body and "\r\n" in body and "\n" not in body.replace("\r\n", "")
    assert query["subject"][0]
    call = page.locator("li.step", has_text="Call Zoë Lee")
    phone = call.get_by_role("link", name="(555) 010-0123")
    assert phone.get_attribute("href") == "tel:+15550100123"
    assert not axe_violations(page)


@pytest.mark.parametrize("server_now", [dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC)], indirect=True)
def test_a_call_card_shows_the_note_from_the_last_call(page: Any, server: Server) -> None:
    _search(server, "2026-11-03")
    plan = json.loads(server.cli("plan", SLUG, "--json"))["steps"]
    call = next(s["id"] for s in plan if s["kind"] == "call_hiring_officer")
    server.cli("done", call, "--on", "2026-11-10", "--note", "Said to try after the 15th")
    page.goto(f"{server.base}/?as_of=2026-11-17")
    card = page.locator("li.step", has_text="Call Zoë Lee")
    assert "Last call, Tue 10 Nov 2026: Said to try after the 15th" in card.inner_text()


def test_an_answer_is_confirmed_as_not_decided_with_a_date(page: Any, server: Server) -> None:
    _search(server, (clock.today_in(ZONE) - dt.timedelta(days=3)).isoformat())
    _found(server, "Still deciding")
    page.reload()
    answer = page.locator("li.possible", has_text="Still deciding")
    answer.get_by_label("What did they say?").select_option("not_decided")
    decide = clock.today_in(ZONE) + dt.timedelta(days=14)
    answer.get_by_label("They will decide by").fill(decide.isoformat())
    assert not axe_violations(page)
    answer.get_by_role("button", name="Record their answer").click()
    page.get_by_text(f"they will decide by {decide:%a %d %b %Y}").wait_for()
    assert page.locator("li.possible").count() == 0
    assert '"outcome": "not_decided"' in server.cli("export", "--json").replace('":"', '": "')


def test_an_answer_is_put_aside(page: Any, server: Server) -> None:
    _search(server, (clock.today_in(ZONE) - dt.timedelta(days=3)).isoformat())
    _found(server, "Our newsletter")
    page.reload()
    page.get_by_role("button", name="Not an answer").click()
    page.get_by_text("Put aside the message “Our newsletter”").wait_for()
    assert page.locator("li.possible").count() == 0
    assert '"response"' not in server.cli("export", "--json")


def test_an_out_of_office_reply_moves_the_next_call_when_confirmed(page: Any, server: Server) -> None:
    today = clock.today_in(ZONE)
    _search(server, (today - dt.timedelta(days=3)).isoformat())
    server.cli("profile", "set", "--country", "")  # no holidays: the expected day is plain weekdays
    back = today + dt.timedelta(days=20)
    until = back + dt.timedelta(days=1)
    while until.weekday() >= 5:
        until += dt.timedelta(days=1)
    _found(server, "Automatic reply", "out_of_office", back)
    page.reload()
    away = page.locator("li.away-reply")
    assert f"Zoë Lee is away, back {back:%a %d %b %Y}" in away.inner_text(), away.inner_text()
    assert f"to {until:%a %d %b %Y}" in away.inner_text(), away.inner_text()
    assert not axe_violations(page)
    away.get_by_role("button", name=re.compile(rf"^Move .*Zoë Lee to {until:%a %d %b %Y}$")).click()
    page.get_by_text(re.compile(rf"^Moved .*Zoë Lee to {until:%a %d %b %Y}, when they are back\.")).wait_for()
    assert page.locator("li.away-reply").count() == 0
    assert f'"until": "{until.isoformat()}"' in server.cli("export", "--json").replace('":"', '": "')
