"""Where mail goes out (SMTP) and comes in (IMAP): one shape and one set of checks for
both servers. Passwords are not here: see followthrough.services.mail.secrets."""

from __future__ import annotations

from typing import Any, Literal

from django.db import transaction

from followthrough.core.records import ServerSettings
from followthrough.services.errors import Field, Refusal
from followthrough.services.fastpath.local_time import system_timezone
from followthrough.services.jobsearch.profile import forget_row, remembered_row
from followthrough.store.models import Profile

Server = Literal["smtp", "imap"]
# The first is the default: encrypted from the start for IMAP, STARTTLS for SMTP.
SECURITIES: dict[str, tuple[str, ...]] = {"smtp": ("starttls", "ssl", "none"), "imap": ("ssl", "starttls", "none")}
DEFAULT_PORTS: dict[str, dict[str, int]] = {
    "smtp": {"starttls": 587, "ssl": 465, "none": 25},
    "imap": {"ssl": 993, "starttls": 143, "none": 143},
}


def profile_row() -> Any:
    return remembered_row()


def server_settings(server: Server) -> ServerSettings:
    row = profile_row()
    fallback = SECURITIES[server][0]
    if row is None:
        return ServerSettings("", DEFAULT_PORTS[server][fallback], fallback, "")
    security = getattr(row, f"{server}_security") or fallback
    port = getattr(row, f"{server}_port") or DEFAULT_PORTS[server].get(security, DEFAULT_PORTS[server][fallback])
    return ServerSettings(getattr(row, f"{server}_host"), port, security, getattr(row, f"{server}_user"))


def save_server_settings(
    server: Server,
    host: str | None = None,
    port: int | None = None,
    security: str | None = None,
    user: str | None = None,
) -> ServerSettings:
    """Change the given settings of one server; the others keep their values."""

    _check(server, host, port, security, user)
    with transaction.atomic():
        row = _locked_row()
        if host is not None:
            setattr(row, f"{server}_host", host)
        if security is not None:
            old_security = getattr(row, f"{server}_security")
            if port is None and getattr(row, f"{server}_port") == DEFAULT_PORTS[server].get(old_security):
                setattr(row, f"{server}_port", None)  # follow the new security's usual port
            setattr(row, f"{server}_security", security)
        if port is not None:
            setattr(row, f"{server}_port", port)
        if user is not None:
            setattr(row, f"{server}_user", user)
        row.save()

    forget_row()
    return server_settings(server)


def _check(server: Server, host: str | None, port: int | None, security: str | None, user: str | None) -> None:
    for value, field in ((host, Field.MAIL_HOST), (user, Field.MAIL_USER)):
        if value is not None and (not value.strip() or any(c.isspace() or c == "\x00" for c in value)):
            raise Refusal("must not be empty or contain spaces or line breaks", field, value)
    if security is not None and security not in SECURITIES[server]:
        raise Refusal(f"one of {', '.join(SECURITIES[server])}", Field.MAIL_SECURITY, security)
    if port is not None and not 0 < port < 65536:
        raise Refusal("not a TCP port", Field.MAIL_PORT, port)


def _locked_row() -> Any:
    """The profile row, locked until the transaction ends (made when there is none: one
    profile per owner, even when two first saves race)."""

    row = Profile.objects.select_for_update().order_by("id").first()
    if row is None:
        row = Profile.objects.get_or_create(defaults={"timezone": system_timezone()})[0]
    return row


def replace_server_settings(
    server: Server, host: str, port: int | None, security: str, user: str, save_password: Any = None
) -> ServerSettings:
    """Set all of one server's settings at once, as a form shows them: no port means the
    security's usual one, no user means no login. ``save_password`` (a callable) runs last
    inside the same transaction: when it fails, nothing is saved."""

    _check(server, host, port, security, user or None)
    with transaction.atomic():
        row = _locked_row()
        setattr(row, f"{server}_host", host)
        setattr(row, f"{server}_port", port)
        setattr(row, f"{server}_security", security)
        setattr(row, f"{server}_user", user)
        row.save()
        if save_password is not None:
            save_password()

    forget_row()
    return server_settings(server)
