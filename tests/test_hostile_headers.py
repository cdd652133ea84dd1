"""No value, through any door, becomes a mail header: not a raw line break, not a Unicode
line separator, not an RFC 2047 encoded word that a mail library decodes into one.

Each door (the CLI, the web forms, every importer) refuses such a value with one line;
what got into the store some other way (an older version) is refused when the .eml
draft is written or the note sent, and nothing reaches the SMTP server.
"""

from __future__ import annotations

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
from tests.test_web import WebClient, web_session

ENCODED = "=?utf-8?q?Pat=0D=0ABcc:_spy@attacker.example?="
SEPARATORS = ["Pat\u2028Bcc: spy@attacker.example", "Pat\x85Bcc: spy@attacker.example", "Pat\x0bBcc: x@y.example"]
NASTY = [ENCODED, "=?UTF-8?B?UGF0DQpCY2M6IHNweUBhdHRhY2tlci5leGFtcGxl?=", *SEPARATORS, "Pat\r\nBcc: spy@a.example"]
APP = "/applications/acme/"


@dataclass
class Inbox:
    messages: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox() -> Iterator[tuple[int, Inbox]]:
    """A real SMTP server on loopback (aiosmtpd)."""
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, box
    finally:
        controller.stop()


@pytest.fixture
def seeded(ft: Cli, inbox: tuple[int, Inbox]) -> Cli:
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("profile", "smtp", "--host", "127.0.0.1", "--port", str(inbox[0]), "--security", "none")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    return ft


def _refused(result: Any) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and "Traceback" not in result.output, result.output
    return lines[0]


def _export(ft: Cli) -> str:
    return str(ft("export", "--json").stdout)


def _note(ft: Cli) -> str:
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    return next(s["id"] for s in steps if s["kind"] == "thank_you_note" and s["contact"] == "ann")


# -- the doors -----------------------------------------------------------------------


@pytest.mark.parametrize("value", NASTY)
def test_the_cli_refuses_a_forged_header_in_every_field_that_reaches_one(seeded: Cli, value: str) -> None:
    before = _export(seeded)
    _refused(seeded("contact", "add", "acme", "--name", value, "--role", "interviewer", code=2))
    _refused(seeded("contact", "add", "acme", "--name", "Eve", "--role", "interviewer", "--email", value, code=2))
    _refused(seeded("profile", "set", "--name", value, code=2))
    _refused(seeded("add", value, "Analyst", code=2))
    _refused(seeded("add", "Initech", value, code=2))
    assert _export(seeded) == before


def _import(ft: Cli, tmp_path: Path, name: str, text: str, *extra: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return _refused(ft("import", str(path), *extra, code=2))


def _calendar(organizer: str, attendee: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u1@acme.com\r\n"
        "DTSTAMP:20261101T120000Z\r\nDTSTART:20261110T150000Z\r\nSUMMARY:Interview at Acme Corp\r\n"
        f'ORGANIZER;CN="{organizer}":mailto:ann@acme.com\r\nATTENDEE;CN="{attendee}":mailto:bo@acme.com\r\n'
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@pytest.mark.parametrize("value", [ENCODED, "Pat\u2028Bcc: spy@attacker.example", "Pat\x85Bcc: x@y.example"])
def test_every_importer_refuses_a_forged_header(seeded: Cli, tmp_path: Path, value: str) -> None:
    before = _export(seeded)
    _import(seeded, tmp_path, "organizer.ics", _calendar(value, "Bo Park"))
    _import(seeded, tmp_path, "attendee.ics", _calendar("Ann Lee", value))
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{value}\r\nEMAIL:pat@acme.com\r\nEND:VCARD\r\n"
    _import(seeded, tmp_path, "card.vcf", card, "--application", "acme")
    grouped = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pat\r\nitem1.ORG:{value}\r\nEND:VCARD\r\n"
    _import(seeded, tmp_path, "org.vcf", grouped, "--application", "acme")
    _import(seeded, tmp_path, "contact.csv", f'company,role,contact_name\r\nInitech,Analyst,"{value}"\r\n')
    _import(seeded, tmp_path, "company.csv", f'company,role\r\n"{value}",Analyst\r\n')
    document = json.loads(before)
    document["applications"][0]["contacts"][0]["name"] = value
    _import(seeded, tmp_path, "contact.json", json.dumps(document))
    document = json.loads(before)
    document["profile"]["name"] = value
    _import(seeded, tmp_path, "profile.json", json.dumps(document))
    assert _export(seeded) == before


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


@pytest.mark.parametrize("value", [ENCODED, "Pat\u2029Bcc: spy@attacker.example"])
def test_the_web_forms_refuse_a_forged_header(seeded: Cli, web: WebClient, value: str) -> None:
    before = _export(seeded)
    contact = web.post(f"{APP}contacts", {"name": value, "role": "interviewer"}, APP)
    assert contact.status_code == 400
    settings = web.post("/settings/", {"name": value, "timezone": "America/Chicago"}, "/settings/")
    assert settings.status_code == 400
    assert "encoded word" in settings.content.decode() or "line break" in settings.content.decode()
    added = web.post("/applications/", {"company": value, "role": "Analyst"}, "/applications/")
    assert added.status_code == 400
    card = {"on": "2026-11-03", "card": "yes", "card_name": value}
    assert web.post(f"{APP}debrief", card, f"{APP}debrief").status_code == 400
    assert _export(seeded) == before


# -- what got past the doors: the draft and the wire ----------------------------------


def _stored(model: str, lookup: dict[str, str], **values: str) -> None:
    from followthrough.store import models

    assert getattr(models, model).objects.filter(**lookup).update(**values) == 1


@pytest.mark.parametrize(
    ("model", "lookup", "column"),
    [
        ("Contact", {"key": "ann"}, "name"),
        ("Profile", {}, "name"),
        ("Application", {"slug": "acme"}, "role"),
    ],
)
def test_a_stored_encoded_word_never_reaches_a_draft_or_the_wire(
    seeded: Cli, inbox: tuple[int, Inbox], tmp_path: Path, model: str, lookup: dict[str, str], column: str
) -> None:
    note = _note(seeded)
    _stored(model, lookup, **{column: ENCODED})
    eml = tmp_path / "note.eml"
    line = _refused(seeded("draft", note, "--eml", str(eml), code=2))
    assert "encoded word" in line or "forge" in line
    assert not eml.exists()
    _refused(seeded("send", note, code=2))
    assert inbox[1].messages == []


def test_a_clean_note_carries_exactly_its_own_headers_in_the_draft_and_on_the_wire(
    seeded: Cli, inbox: tuple[int, Inbox], tmp_path: Path
) -> None:
    note = _note(seeded)
    eml = tmp_path / "note.eml"
    seeded("draft", note, "--eml", str(eml))
    seeded("send", note)
    [envelope] = inbox[1].messages
    assert envelope.rcpt_tos == ["ann@acme.com"]
    for raw in (eml.read_bytes(), envelope.original_content):
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert message["Bcc"] is None and message["Cc"] is None
        assert str(message["To"]) == "Ann Lee <ann@acme.com>"
        assert str(message["From"]) == "Jordan Rivera <jordan@example.org>"


def test_the_last_check_catches_what_a_mail_library_would_decode_into_a_header() -> None:
    from email.message import EmailMessage

    from followthrough.services.errors import UserError
    from followthrough.services.mail.mailer import check_headers

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@b.example", "c@d.example", ENCODED
    message.set_content("hello")
    with pytest.raises(UserError, match="bcc"):
        check_headers(message)
