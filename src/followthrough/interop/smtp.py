"""Mail on the wire: RFC 5322 messages written safely and handed to an SMTP server.

An adapter: bytes and sockets only. Which server, and the password, the services give it
(followthrough.services.mail.mailer); it never reads the database.
"""

from __future__ import annotations

import email.policy
import email.utils
import ipaddress
import smtplib
import ssl
from email.message import EmailMessage

from followthrough.core.errors import UserError
from followthrough.core.records import ServerSettings

TIMEOUT = 30.0


class MailUncertain(UserError):
    """The connection dropped after the message was handed over: it may have gone out."""


class MailRefused(UserError):
    """The server refused the message for good (a 5xx reply): nothing went out, and trying
    again would be refused again. A dropped connection or a 4xx reply is worth a retry."""


def _for_good(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


# CRLF line ends; headers folded only past RFC 5322's hard limit, so a subject stays on
# the line it belongs to.
POLICY = email.policy.SMTP.clone(max_line_length=998)


def check_headers(message: EmailMessage) -> bytes:
    """The message as written for the wire, once it is sure to carry exactly the headers it
    was given: a value that a mail library turns into a line of its own (an encoded word
    hiding a line break, some Unicode line separator) is refused, whatever got it past
    the checks at the door."""
    from email.parser import BytesHeaderParser

    try:
        data = message.as_bytes(policy=POLICY)
    except (ValueError, UnicodeError) as error:
        raise UserError(f"refused: a header of the message cannot be written safely ({error})") from None
    head = data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
    written = BytesHeaderParser(policy=email.policy.compat32).parsebytes(head)
    given = sorted(k.lower() for k in message)
    found = sorted(k.lower() for k in written)
    if given != found or written.defects:
        extra = sorted(set(found) - set(given)) or ["a line that is not a header"]
        raise UserError(
            f"refused: a name or subject would forge a mail header ({', '.join(extra)}); "
            "remove encoded words (=?...?=) and line breaks from names and subjects"
        )
    return data


def new_message_id(domain: str) -> str:
    """A unique Message-ID short enough never to be folded onto a second line.

    Random, on the sender's own domain: nothing in it names this program (an employer
    sees a note from the job seeker, not from a tool). Replies are matched by the
    Message-IDs kept in the database, not by their look.
    """
    import uuid

    return f"<{uuid.uuid4().hex}@{domain}>"


def ensure_message_id(message: EmailMessage) -> str:
    """The message's Message-ID, given one on the sender's domain if it had none."""
    if not message["Message-ID"]:
        sender_domain = (_addresses(message, "From") or ["x@localhost"])[0].rsplit("@", 1)[-1]
        message["Message-ID"] = new_message_id(sender_domain)
    return str(message["Message-ID"]).strip()


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {' '.join(str(text).split())}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "recipient refused: " + ", ".join(error.recipients)
    return " ".join(str(error).split()) or type(error).__name__


def _addresses(message: EmailMessage, *headers: str) -> list[str]:
    values = [str(v) for h in headers for v in message.get_all(h, [])]
    return [addr for _name, addr in email.utils.getaddresses(values) if addr]


def deliver(message: EmailMessage, settings: ServerSettings, password: str | None) -> str:
    """Hand the message to the SMTP server ``settings`` name; returns its Message-ID.

    Raises UserError when nothing was sent (connection, refusal), and MailUncertain when
    the connection dropped after the message was handed over.
    """
    where = f"SMTP server {settings.host}:{settings.port}"
    if password and settings.security == "none" and not _loopback(settings.host):
        raise UserError(f"refusing to send your password unencrypted to {where}: use --security starttls or ssl")
    message_id = ensure_message_id(message)
    senders, recipients = _addresses(message, "From"), _addresses(message, "To", "Cc", "Bcc")
    if not senders or not recipients:
        raise UserError("the message needs a From and a To address")
    data = check_headers(message)
    smtp: smtplib.SMTP | None = None
    polite = False  # say QUIT only on a healthy connection: a broken one would only time out
    try:
        try:
            smtp = _connect(settings, password)
            code, reply = smtp.mail(senders[0])
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, senders[0])
            for rcpt in recipients:
                code, reply = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    raise smtplib.SMTPRecipientsRefused({rcpt: (code, reply)})
        except (smtplib.SMTPException, OSError) as error:
            refused = MailRefused if _for_good(error) else UserError
            raise refused(f"{where}: nothing was sent: {_reason(error)}") from None
        try:
            smtp.data(data)
            polite = True
        except smtplib.SMTPResponseException as error:  # a clear refusal: nothing went out
            refused = MailRefused if _for_good(error) else UserError
            raise refused(f"{where} refused the message: {_reason(error)}") from None
        except (smtplib.SMTPException, OSError) as error:
            raise MailUncertain(
                f"{where}: the connection dropped after the message was handed over ({_reason(error)}): "
                "it may or may not have been delivered"
            ) from None
    finally:
        if smtp is not None:
            try:
                if polite:
                    smtp.quit()
            except (TimeoutError, smtplib.SMTPException, OSError):
                pass
            finally:
                smtp.close()
    return message_id


def _connect(settings: ServerSettings, password: str | None) -> smtplib.SMTP:
    """A connection encrypted as the settings say and logged in: the same for sending and
    for testing the settings."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.security == "ssl":
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
    try:
        smtp.ehlo_or_helo_if_needed()
        if settings.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if password:
            smtp.login(settings.user, password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def check_connection(settings: ServerSettings, password: str | None) -> str:
    """Connect, encrypt and log in as sending would, then say goodbye; nothing is sent.
    Returns what worked, in words; a UserError says what did not."""
    where = f"SMTP server {settings.host}:{settings.port}"
    if not settings.host:
        raise UserError("no SMTP server set up yet")
    if password and settings.security == "none" and not _loopback(settings.host):
        raise UserError(f"refusing to send your password unencrypted to {where}: use starttls or ssl")
    smtp: smtplib.SMTP | None = None
    try:
        smtp = _connect(settings, password)
        smtp.noop()
        smtp.quit()
    except (smtplib.SMTPException, OSError) as error:
        raise UserError(f"{where}: {_reason(error)}") from None
    finally:
        if smtp is not None:
            smtp.close()
    logged_in = f", logged in as {settings.user}" if password else ""
    return f"{where} answered ({settings.security}{logged_in})"
