"""The mail servers as the Settings page shows and saves them: both servers' settings,
where each password comes from (never the password itself), a save that keeps the
password in the system keyring or refuses, and a connection test.

The same checks as 'followthrough profile smtp' / 'profile imap' (services.mail.servers);
passwords go only to the keyring (services.mail.secrets), never the database, the logs or an
export."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from followthrough.core.records import ServerSettings
from followthrough.interop import smtp
from followthrough.interop.mail_matching import connect
from followthrough.services.errors import UserError
from followthrough.services.mail import secrets
from followthrough.services.mail.servers import (
    DEFAULT_PORTS,
    SECURITIES,
    Server,
    profile_row,
    replace_server_settings,
    server_settings,
)
from followthrough.services.mail.watch import imap_password

log = logging.getLogger(__name__)
SERVERS: tuple[Server, ...] = ("smtp", "imap")


@dataclass(frozen=True)
class MailServer:
    """One server as the page shows it."""

    kind: Server
    settings: ServerSettings
    port_chosen: bool  # False: the security's usual port
    securities: tuple[str, ...]
    default_ports: dict[str, int]
    password_from: str | None  # "environment", "keyring" or None
    keyring: bool  # whether this machine can keep a password
    variable: str  # the environment variable the password can come from instead


def mail_servers() -> list[MailServer]:
    row = profile_row()
    keyring = secrets.keyring_usable()
    found = []
    for kind in SERVERS:
        settings = server_settings(kind)
        found.append(
            MailServer(
                kind,
                settings,
                bool(row is not None and getattr(row, f"{kind}_port")),
                SECURITIES[kind],
                DEFAULT_PORTS[kind],
                secrets.password_source(kind, settings.user),
                keyring,
                secrets.ENV[kind],
            )
        )
    return found


def save_mail_server(
    kind: Server, host: str, port: int | None, security: str, user: str, password: str = ""
) -> ServerSettings:
    """Save one server's settings (one transaction) and, when ``password`` is given, keep
    it in the system keyring under ``user``. Refused, with nothing changed, when there is
    no keyring to keep it in (the message names the variable to set instead) or no user
    to keep it under."""
    if kind not in SERVERS:
        raise UserError(f"no mail server {kind!r}: smtp or imap")
    host, user = host.strip(), user.strip()
    if not host:
        raise UserError(f"{kind.upper()} server: the host must not be empty")
    keep = None
    if password:
        if not user:
            raise UserError(f"{kind.upper()} password: give the user name it belongs to")
        secrets.require_keyring(kind)

        def keep() -> None:
            secrets.store_password(kind, user, password)

    saved = replace_server_settings(kind, host, port, security, user, keep)
    log.info("%s settings saved: %s:%s %s, user %s", kind.upper(), saved.host, saved.port, saved.security, saved.user)
    return saved


def test_server(kind: Server) -> str:
    """Connect to the saved server and log in as the product would; nothing is sent or
    read. Returns what worked, in words; a UserError says what did not."""

    if kind not in SERVERS:
        raise UserError(f"no mail server {kind!r}: smtp or imap")
    settings = server_settings(kind)
    if not settings.host:
        raise UserError(f"no {kind.upper()} server saved yet")
    password = secrets.password(kind, settings.user) if settings.user else None
    if settings.user and not password:
        raise UserError(f"no {kind.upper()} password for {settings.user}: {_where_to_put_it(kind)}")
    if kind == "smtp":
        return smtp.check_connection(settings, password)

    box = connect(settings, imap_password(settings), timeout=15)
    try:
        where = f"IMAP server {settings.host}:{settings.port}"
        return f"{where} answered ({settings.security}, logged in as {settings.user})"
    finally:
        try:
            box.logout()
        except Exception:  # the test already answered; a rude goodbye changes nothing
            log.debug("IMAP logout after the test failed", exc_info=True)


def _where_to_put_it(kind: str) -> str:
    if secrets.keyring_usable():
        return "type it in the form to keep it in the system keyring"
    return f"set {secrets.ENV[kind]} in the environment of followthrough"
