"""A step's draft as an RFC 5322 message: for an .eml file, or to send over SMTP.

Every field that goes into a header comes from the user (names, addresses, subjects), so
a line break in any of them is refused rather than allowed to forge extra headers.
"""

from __future__ import annotations

import email.policy
import email.utils
import re
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

from followthrough import clock
from followthrough.core import codec
from followthrough.core.errors import UserError
from followthrough.core.records import Draft
from followthrough.interop.smtp import POLICY, check_headers, new_message_id

# CR and LF break a header; the others are line breaks to some mail software.
_BREAKS = re.compile("[\r\n\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z]{2,}$")
SENDABLE = ("thank_you_note", "email_follow_up", "email_hiring_officer")  # services.mail.sending.SENDABLE


def safe_header(value: str, what: str) -> str:
    if _BREAKS.search(value):
        raise UserError(f"{what} contains a line break: refused, it could inject mail headers")
    try:
        codec.check_text(value, what)
    except codec.InvalidData as error:
        raise UserError(f"{what} {error.message}") from None
    return value


def safe_address(value: str | None, what: str) -> str:
    if not value:
        raise UserError(f"{what} has no e-mail address")
    safe_header(value, what)
    if not _ADDRESS.match(value.strip()):
        raise UserError(f"{what}: {value!r} is not an e-mail address")
    return value.strip()


def build(draft: Draft, sender_name: str, sender_email: str) -> EmailMessage:
    """The draft as a message from the user to the step's contact: the headers any mail
    program writes, and none that names this one."""
    if draft.kind not in SENDABLE:
        raise UserError(f"a {draft.kind} step is not sent by e-mail (only {', '.join(SENDABLE)})")
    who = f"the contact {draft.to_name}" if draft.to_name else "the step's contact"
    to_email = safe_address(draft.to_email, who)
    from_email = safe_address(sender_email, "your profile's e-mail (followthrough profile set --email)")
    message = EmailMessage(policy=POLICY)
    message["From"] = Address(safe_header(sender_name, "your profile's name"), addr_spec=from_email)
    message["To"] = Address(safe_header(draft.to_name or "", who), addr_spec=to_email)
    message["Subject"] = safe_header(draft.subject, "the subject")
    message["Date"] = email.utils.format_datetime(clock.now().astimezone())  # the machine's zone, as mail programs do
    message["Message-ID"] = new_message_id(from_email.rsplit("@", 1)[1])
    message.set_content(draft.body)
    check_headers(message)  # whatever a value holds, it is never a header of its own
    return message


def mailto_uri(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` link (RFC 6068) that opens the draft in the user's mail program:
    UTF-8 percent-encoded, every character outside the unreserved set encoded (so "&", "?",
    "#", "+" and "%" stay text), line breaks as %0D%0A."""

    def encoded(text: str) -> str:
        return quote(text, safe="", encoding="utf-8")

    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    address = quote(to.strip(), safe="@", encoding="utf-8")
    return f"mailto:{address}?subject={encoded(subject)}&body={'%0D%0A'.join(map(encoded, lines))}"


def write_eml(message: EmailMessage, path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(message.as_bytes(policy=POLICY))
        partial.replace(path)
    except OSError as error:
        raise UserError(f"{path}: cannot write: {error.strerror}") from None
