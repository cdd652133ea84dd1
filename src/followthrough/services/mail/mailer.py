"""Sending mail over SMTP with the profile's settings; the password comes from the system
keyring or the environment (followthrough.services.mail.secrets), never the database."""

from __future__ import annotations

from email.message import EmailMessage

from followthrough.core.records import ServerSettings
from followthrough.interop import smtp
from followthrough.interop.smtp import POLICY, MailUncertain, check_headers, ensure_message_id, new_message_id
from followthrough.services.errors import Hint, Refusal
from followthrough.services.mail import secrets
from followthrough.services.mail.servers import save_server_settings, server_settings
from followthrough.store.models import SentMessage

__all__ = [
    "POLICY",
    "MailUncertain",
    "check_headers",
    "configured",
    "ensure_message_id",
    "new_message_id",
    "save_smtp_settings",
    "send",
    "sent_messages",
    "smtp_settings",
]

SmtpSettings = ServerSettings


def smtp_settings() -> ServerSettings:
    return server_settings("smtp")


def save_smtp_settings(
    host: str | None = None, port: int | None = None, security: str | None = None, user: str | None = None
) -> ServerSettings:
    """Change the given SMTP settings; the others keep their values."""
    return save_server_settings("smtp", host, port, security, user)


def configured() -> bool:
    """Whether sending can be tried: a server, and a password if a user is set."""
    settings = smtp_settings()
    if not settings.host:
        return False
    return not settings.user or secrets.password("smtp", settings.user) is not None


def send(message: EmailMessage) -> str:
    """Send the message with the profile's SMTP settings; returns its Message-ID.

    Raises UserError when nothing was sent (settings, connection, refusal), and
    MailUncertain when the connection dropped after the message was handed over.
    """
    settings = smtp_settings()
    if not settings.host:
        raise Refusal("no SMTP server set up", hint=Hint.SET_UP_MAIL_SERVER, mail_server="smtp")
    password = secrets.password("smtp", settings.user) if settings.user else None
    if settings.user and not password:
        raise Refusal(
            f"no SMTP password for {settings.user}: set {secrets.ENV['smtp']}",
            hint=Hint.GIVE_MAIL_PASSWORD,
            mail_server="smtp",
        )
    return smtp.deliver(message, settings, password)


def sent_messages() -> list[tuple[str, str]]:
    """(Message-ID, application id) of every message the product sent or may have sent."""

    # A message still marked "sending" was cut off mid-way: it may have gone out too.
    return list(SentMessage.objects.order_by("id").values_list("message_id", "application_slug"))
