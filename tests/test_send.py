"""Sending notes over SMTP, against a real aiosmtpd server on loopback."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """What the server received, and how it should behave."""

    messages: list[Any] = field(default_factory=list)
    drop_after_data: bool = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_after_data:
            # The server got the whole message, then the line goes dead before "250".
            self.messages.append(envelope)
            server.transport.abort()
            return "250 OK"
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    port: int
    inbox: Inbox


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(port, inbox)
    finally:
        controller.stop()


def _setup(ft: Cli, port: int, *, ann_name: str = "Ann Lee") -> dict[str, str]:
    ft("profile", "set", "--name", "Jordan Rivera", "--address", "12 Elm St, Springfield", "--phone", "+1 555 0100")
    ft("profile", "set", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("profile", "smtp", "--host", "127.0.0.1", "--port", str(port), "--security", "none")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft(
        "contact",
        "add",
        "acme",
        "--name",
        ann_name,
        "--role",
        "hiring_officer",
        "--key",
        "ann",
        "--email",
        "ann@acme.com",
    )
    ft("contact", "add", "acme", "--name", "Bo Park", "--role", "interviewer", "--key", "bo")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann", "--with", "bo")
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    return {f"{s['kind']}:{s['contact']}": s["id"] for s in steps if s["status"] == "pending"}


def _status(ft: Cli, step_id: str) -> str:
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    return next(s["status"] for s in steps if s["id"] == step_id)


def test_send_delivers_the_note_marks_the_step_done_and_keeps_the_message_id(ft: Cli, smtp_server: SmtpServer) -> None:
    steps = _setup(ft, smtp_server.port)
    note = steps["thank_you_note:ann"]
    out = ft("send", note).stdout
    assert len(smtp_server.inbox.messages) == 1
    envelope = smtp_server.inbox.messages[0]
    assert envelope.mail_from == "jordan@example.org" and envelope.rcpt_tos == ["ann@acme.com"]
    received = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert "Dear Ann," in received.get_content()
    assert "12 Elm St, Springfield" in received.get_content()
    assert _status(ft, note) == "done"
    from followthrough.services.mail.mailer import sent_messages

    assert sent_messages() == [(str(received["Message-ID"]), "acme")]
    assert str(received["Message-ID"]) in out
    # Sent once: asking again refuses and sends nothing.
    result = ft("send", note, code=2)
    assert len(smtp_server.inbox.messages) == 1
    assert "done" in result.output or "already" in result.output


def test_connection_dropped_after_data_marks_the_step_uncertain_and_never_resends(
    ft: Cli, smtp_server: SmtpServer
) -> None:
    steps = _setup(ft, smtp_server.port)
    note = steps["thank_you_note:ann"]
    smtp_server.inbox.drop_after_data = True
    result = ft("send", note, code=2)
    assert "uncertain" in result.output and len(result.output.strip().splitlines()) == 1
    assert len(smtp_server.inbox.messages) == 1
    assert _status(ft, note) == "pending"  # not known to be done
    from followthrough.services.mail.mailer import sent_messages
    from followthrough.services.mail.sending import uncertain_steps

    assert note in uncertain_steps()
    assert len(sent_messages()) == 1  # a reply to it would still be matched
    shown = {s["id"]: s for s in json.loads(ft("plan", "acme", "--json").stdout)["steps"]}
    assert shown[note]["delivery"] == "uncertain"
    assert "it may not have arrived" in ft("plan", "acme").stdout
    due = json.loads(ft("agenda", "--as-of", "2026-11-03", "--json").stdout)["steps"]
    assert next(s for s in due if s["id"] == note)["flags"] == ["delivery_uncertain"]
    if not ft.location.startswith("postgres"):  # the sqlite3 fast path says the same
        from followthrough.services.fastpath.agenda import fast_due_steps
        from followthrough.services.pages.agenda import due_steps

        assert fast_due_steps(ft.location, dt.date(2026, 11, 3)) == due_steps(dt.date(2026, 11, 3))
    smtp_server.inbox.drop_after_data = False
    again = ft("send", note, code=2)
    assert "may or may not" in again.output
    assert len(smtp_server.inbox.messages) == 1  # never silently re-sent
    ft("send", note, "--resend")
    assert len(smtp_server.inbox.messages) == 2
    assert _status(ft, note) == "done"


def _stored(model: str, lookup: dict[str, str], **values: str) -> None:
    """Write a value the front doors now refuse straight into the store, as data kept from
    an older version would hold it: sending must still refuse to put it in a header."""
    from followthrough.store import models

    assert getattr(models, model).objects.filter(**lookup).update(**values) == 1


@pytest.mark.parametrize("name", ["Ann Lee\r\nBcc: victim@example.net", "Ann Lee\nBcc: victim@example.net", "Ann\rLee"])
def test_header_injection_in_a_contact_name_is_refused(ft: Cli, smtp_server: SmtpServer, name: str) -> None:
    steps = _setup(ft, smtp_server.port)
    refused = ft("contact", "add", "acme", "--name", name, "--role", "interviewer", "--key", "eve", code=2)
    assert "line break" in refused.output and len(refused.output.strip().splitlines()) == 1
    _stored("Contact", {"application__slug": "acme", "key": "ann"}, name=name)
    result = ft("send", steps["thank_you_note:ann"], code=2)
    assert "line break" in result.output and "Traceback" not in result.output
    assert smtp_server.inbox.messages == []
    ft("draft", steps["thank_you_note:ann"], "--eml", "/dev/null", code=2)


def test_header_injection_in_an_address_or_the_subject_is_refused(ft: Cli, smtp_server: SmtpServer) -> None:
    steps = _setup(ft, smtp_server.port)
    bad_address = "eve@acme.com\r\nBcc: victim@example.net"
    ft("contact", "add", "acme", "--name", "Eve", "--role", "interviewer", "--key", "eve",
       "--email", bad_address, code=2)  # fmt: skip
    ft("contact", "add", "acme", "--name", "Eve", "--role", "interviewer", "--key", "eve", "--email", "eve@acme.com")
    _stored("Contact", {"application__slug": "acme", "key": "eve"}, email=bad_address)
    ft("interview", "acme", "--on", "2026-11-04", "--with", "eve")
    steps = {f"{s['kind']}:{s['contact']}": s["id"] for s in json.loads(ft("plan", "acme", "--json").stdout)["steps"]}
    assert "line break" in ft("send", steps["thank_you_note:eve"], code=2).output
    ft("add", "Initech", "Analyst\nBcc: victim@example.net", "--id", "initech", code=2)
    ft("add", "Initech", "Analyst", "--id", "initech")
    _stored("Application", {"slug": "initech"}, role="Analyst\nBcc: victim@example.net")
    ft.contact("initech", "Ann Lee", "hiring_officer", key="ann", email="a@x.com")
    ft("interview", "initech", "--on", "2026-11-03", "--with", "ann")
    note = json.loads(ft("plan", "initech", "--json").stdout)["steps"][0]["id"]
    assert "subject contains a line break" in ft("send", note, code=2).output
    assert smtp_server.inbox.messages == []


def test_header_injection_in_the_profile_is_refused(ft: Cli, smtp_server: SmtpServer) -> None:
    steps = _setup(ft, smtp_server.port)
    ft("profile", "set", "--name", "Jordan\r\nBcc: everyone@example.net", code=2)
    _stored("Profile", {}, name="Jordan\r\nBcc: everyone@example.net")
    result = ft("send", steps["thank_you_note:ann"], code=2)
    assert "line break" in result.output
    assert smtp_server.inbox.messages == []


def test_a_contact_without_email_or_a_call_step_is_not_sent(ft: Cli, smtp_server: SmtpServer) -> None:
    steps = _setup(ft, smtp_server.port)
    assert "no e-mail address" in ft("send", steps["thank_you_note:bo"], code=2).output
    assert "not sent by e-mail" in ft("send", steps["call_hiring_officer:ann"], code=2).output
    assert smtp_server.inbox.messages == []
    assert _status(ft, steps["thank_you_note:bo"]) == "pending"


def test_unreachable_server_sends_nothing_and_the_step_stays_sendable(ft: Cli, smtp_server: SmtpServer) -> None:
    steps = _setup(ft, smtp_server.port)
    ft("profile", "smtp", "--port", str(_free_port()))
    result = ft("send", steps["thank_you_note:ann"], code=2)
    assert "nothing was sent" in result.output
    ft("profile", "smtp", "--port", str(smtp_server.port))
    ft("send", steps["thank_you_note:ann"])
    assert len(smtp_server.inbox.messages) == 1


def test_the_password_comes_from_the_environment_and_is_never_stored(
    ft: Cli, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = _setup(ft, smtp_server.port)
    ft("profile", "smtp", "--user", "jordan")
    monkeypatch.delenv("FOLLOWTHROUGH_SMTP_PASSWORD", raising=False)
    import keyring

    monkeypatch.setattr(keyring, "get_password", lambda *a: None)
    assert "no SMTP password" in ft("send", steps["thank_you_note:ann"], code=2).output
    monkeypatch.setenv("FOLLOWTHROUGH_SMTP_PASSWORD", "s3cret-Horse-battery")
    shown = ft("profile", "smtp").stdout
    assert "password found" in shown and "s3cret" not in shown
    from followthrough.services.mail.mailer import configured

    assert configured()
    exported = ft("export", "--json").stdout
    assert "s3cret" not in exported
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM ft_profile")
        assert "s3cret" not in repr(cursor.fetchall())


def test_no_server_configured_is_a_one_line_error(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft("profile", "set", "--email", "jordan@example.org")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="a@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    step = json.loads(ft("plan", "acme", "--json").stdout)["steps"][0]["id"]
    from followthrough.services.mail.mailer import configured

    assert not configured()
    result = ft("send", step, code=2)
    assert "no SMTP server" in result.output and len(result.output.strip().splitlines()) == 1


def test_restoring_a_backup_keeps_what_was_sent(ft: Cli, smtp_server: SmtpServer, tmp_path: Path) -> None:
    steps = _setup(ft, smtp_server.port)
    ft("send", steps["thank_you_note:ann"])
    from followthrough.services.mail.mailer import sent_messages

    sent = sent_messages()
    ft("export", "--json", "-o", str(tmp_path / "backup.json"))
    ft("import", str(tmp_path / "backup.json"))  # replaces the application's rows
    assert sent_messages() == sent and len(sent) == 1
    assert _status(ft, steps["thank_you_note:ann"]) == "done"


def test_ask_password_keeps_it_in_the_system_keyring_only(
    ft: Cli, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from click.testing import CliRunner
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        store: dict[tuple[str, str], str] = {}  # noqa: RUF012

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        monkeypatch.delenv("FOLLOWTHROUGH_SMTP_PASSWORD", raising=False)
        steps = _setup(ft, smtp_server.port)
        from followthrough.cli.main import cli

        result = CliRunner().invoke(
            cli, ["--db", ft.location, "profile", "smtp", "--user", "jordan", "--ask-password"], input="Tr1cky-pass\n"
        )
        assert result.exit_code == 0, result.output
        assert "password found" in result.output and "Tr1cky" not in result.output
        assert MemoryKeyring.store == {("followthrough-smtp", "jordan"): "Tr1cky-pass"}
        assert "Tr1cky" not in ft("export", "--json").stdout
        from followthrough.services.mail import mailer, secrets

        assert mailer.configured() and secrets.password("smtp", "jordan") == "Tr1cky-pass"
        failed = ft("send", steps["thank_you_note:ann"], code=2).output  # this test server offers no login
        assert "nothing was sent" in failed and "Tr1cky" not in failed
    finally:
        keyring.set_keyring(previous)


def test_a_send_cut_off_mid_way_is_never_repeated_silently(ft: Cli, smtp_server: SmtpServer) -> None:
    steps = _setup(ft, smtp_server.port)
    note = steps["thank_you_note:ann"]
    from followthrough.store.models import Application, SentMessage

    # What a process killed during the SMTP conversation leaves behind: its claim.
    SentMessage.objects.create(
        message_id="<cut-off@example.org>", application=Application.objects.get(slug="acme"),
        application_slug="acme", step_id=note, kind="thank_you_note", contact_key="ann",
        recipient="ann@acme.com", subject="Thank you",
    )  # fmt: skip
    assert "may or may not" in ft("send", note, code=2).output
    assert smtp_server.inbox.messages == []
    ft("done", note)  # the user checked the Sent folder: it went
    assert _status(ft, note) == "done"
    assert "is done" in ft("send", note, code=2).output


# What any mail program writes; a header beyond these (X-Mailer, User-Agent, X-…-Step) could
# tell an employer that a tool wrote the note.
PLAIN_HEADERS = {
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
}


def test_mail_to_an_employer_names_no_program_and_replies_still_match(ft: Cli, smtp_server: SmtpServer) -> None:
    import re
    import zoneinfo

    from followthrough.interop.mail_matching import Message, match
    from followthrough.services.mail import watch
    from followthrough.services.mail.sending import message_for_step

    steps = _setup(ft, smtp_server.port)
    note = steps["thank_you_note:ann"]
    ids = {str(message_for_step(note)["Message-ID"]) for _ in range(20)}
    assert len(ids) == 20, "every message its own Message-ID"
    ft("send", note)
    raw = smtp_server.inbox.messages[0].original_content
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert set(received.keys()) == PLAIN_HEADERS
    assert b"followthrough" not in raw.lower() and b"x-mailer" not in raw.lower()
    message_id = str(received["Message-ID"])
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.org>", message_id), message_id
    # The employer answers from another address: the kept Message-ID ties it to Acme.
    answer = Message(
        1,
        {"from": ("Recruiting <jobs@mail.example>",), "in-reply-to": (message_id,)},
        "Re: Thanks",
        dt.datetime(2026, 11, 9, 15, tzinfo=dt.UTC),
    )
    found = match(answer, watch.watched(), watch.sent_message_ids(), set(), zoneinfo.ZoneInfo("America/Chicago"))
    assert [(f.application, f.reason) for f in found] == [("acme", "reply")]
