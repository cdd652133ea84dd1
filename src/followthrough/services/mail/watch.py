"""The reply watcher's use cases: what to watch for, where it stopped reading, what it
found, and the user confirming or dismissing a possible response.

Reading the mailbox itself is interop's job (followthrough.interop.mail_matching); a
match never changes the plan: only the user's confirmation records a response.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import socket
import zoneinfo
from typing import Any

from django.db import transaction

from followthrough import clock
from followthrough.core.mail_domains import both_forms, mail_domain
from followthrough.core.model import (
    ApplicationStatus,
    Interview,
    PossibleResponseStatus,
    ResponseOutcome,
)
from followthrough.core.records import Found, ImapSettings, PossibleResponse, ServerSettings, Watched
from followthrough.services.errors import Field, Hint, Refusal, UserError
from followthrough.services.jobsearch.applications import application_row
from followthrough.services.jobsearch.planning import to_domain
from followthrough.services.jobsearch.profile import get_profile
from followthrough.services.jobsearch.responses import ResponseRecorded, check_new_date, record_response
from followthrough.services.mail import mailer, secrets
from followthrough.services.mail.servers import save_server_settings, server_settings
from followthrough.store.models import Application, MailboxCursor, Profile
from followthrough.store.models import PossibleResponse as Row

REPLY, OUT_OF_OFFICE = "reply", "out_of_office"  # the store's PossibleResponse.Kind

# --- settings ----------------------------------------------------------------------


def _profile() -> Any:
    return Profile.objects.order_by("id").first()


def imap_settings() -> ServerSettings:
    return server_settings("imap")


def save_imap_settings(
    host: str | None = None, port: int | None = None, security: str | None = None, user: str | None = None
) -> ServerSettings:
    """Change the given IMAP settings; the others keep their values."""
    return save_server_settings("imap", host, port, security, user)


def imap_password(settings: ImapSettings) -> str:
    """The password for the mailbox: from the environment or the keyring, never the database."""

    password = secrets.password("imap", settings.user)
    if not password:
        raise Refusal(
            f"no IMAP password for {settings.user}: set {secrets.ENV['imap']}",
            hint=Hint.GIVE_MAIL_PASSWORD,
            mail_server="imap",
        )
    if settings.security == "none" and not _loopback(settings.host):
        raise Refusal(
            f"refusing to send your password unencrypted to {settings.host}",
            Field.MAIL_SECURITY,
            settings.security,
            Hint.USE_ENCRYPTION,
            mail_server="imap",
        )
    return password


def _loopback(host: str) -> bool:
    try:
        return all(ipaddress.ip_address(a[4][0]).is_loopback for a in socket.getaddrinfo(host, None))
    except (OSError, ValueError):
        return False


def store_imap_password(secret: str) -> None:
    settings = imap_settings()
    if not settings.user:
        raise Refusal(
            "must be set first: the password is kept in the keyring under that user",
            Field.MAIL_USER,
            mail_server="imap",
        )
    secrets.store_password("imap", settings.user, secret)


def user_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(get_profile().timezone)


def own_addresses() -> set[str]:
    row = _profile()
    return {a.lower() for a in (get_profile().email, row.imap_user if row else "", row.smtp_user if row else "") if a}


# --- what to watch for -------------------------------------------------------------


def watched() -> list[Watched]:
    """Every open application with an interview: its answer may come any day now."""

    found = []
    for row in Application.objects.filter(status=ApplicationStatus.OPEN).prefetch_related("contacts", "events"):
        app = to_domain(row)
        interviews = [e.on for e in app.events if isinstance(e, Interview)]
        if not interviews:
            continue
        addresses = {c.email.strip().lower(): c.key for c in app.contacts if c.email and "@" in c.email}
        domains = tuple(f for d in (row.domains or []) if d and d.strip() for f in both_forms(d))
        found.append(Watched(app.id, max(interviews), addresses, domains))
    return found


def sent_message_ids() -> dict[str, str]:
    """Message-IDs we sent (angle brackets off, lower case) -> application id."""

    return {mid.strip().strip("<>").lower(): slug for mid, slug in mailer.sent_messages()}


def set_domains(slug: str, add: list[str], remove: list[str]) -> list[str]:
    add = [mail_domain(domain) for domain in add]
    with transaction.atomic():
        row = application_row(slug, lock=True)
        gone = {r.strip().lower().lstrip("@") for r in remove}
        missing = sorted(gone - {d.lower() for d in row.domains or []})
        if missing:
            watching = ", ".join(row.domains or []) or "none"
            verb = "was" if len(missing) == 1 else "were"
            raise UserError(f"{slug}: {', '.join(missing)} {verb} not among its domains (watching: {watching})")
        current = [d for d in row.domains or [] if d.lower() not in gone]
        for domain in add:
            if domain not in current:
                current.append(domain)
        row.domains = current
        row.save(update_fields=["domains"])
    return current


def current_domains(slug: str) -> list[str]:
    return list(application_row(slug).domains or [])


def domains_from_text(text: str) -> list[str]:
    """The domains typed in a box (one a line, or separated by commas or spaces), each
    checked, duplicates once: the first fault is a UserError naming it."""

    found: list[str] = []
    for part in re.split(r"[\s,;]+", text):
        if part.strip():
            domain = mail_domain(part)
            if domain not in found:
                found.append(domain)
    return found


def replace_domains(slug: str, domains: list[str]) -> list[str]:
    """The application's domains become exactly ``domains`` (checked; in the caller's
    transaction, or one of its own)."""

    clean = list(dict.fromkeys(mail_domain(d) for d in domains))
    with transaction.atomic():
        row = application_row(slug, lock=True)
        if list(row.domains or []) != clean:
            row.domains = clean
            row.save(update_fields=["domains"])
    return clean


# --- the cursor --------------------------------------------------------------------


def cursor(account: str, folder: str) -> tuple[int, int] | None:
    """(UIDVALIDITY, last UID read) of a folder, or None before the first pass."""

    row = MailboxCursor.objects.filter(account=account, folder=folder).first()
    return (row.uidvalidity, row.last_uid) if row else None


def save_pass(account: str, folder: str, uidvalidity: int, last_uid: int, found: list[Found]) -> list[int]:
    """Record what one folder's pass found and how far it read, together.

    Returns the ids of the possible responses that are new.
    """

    tz = user_zone()
    new = []
    with transaction.atomic():
        apps = {a.slug: a for a in Application.objects.filter(slug__in={f.application for f in found})}
        for item in found:
            row, created = Row.objects.get_or_create(
                application=apps[item.application],
                message_key=item.message_key[:255],
                defaults={
                    "contact_key": item.contact,
                    "sender": item.sender,
                    "subject": item.subject,
                    "received": item.received,
                    "received_on": item.received.astimezone(tz).date(),
                    "reason": item.reason,
                    "folder": item.folder,
                    "uid": item.uid,
                    "kind": item.kind,
                    "back_on": item.back_on,
                },
            )
            if created:
                new.append(row.pk)
        MailboxCursor.objects.update_or_create(
            account=account,
            folder=folder,
            defaults={"uidvalidity": uidvalidity, "last_uid": last_uid, "checked_at": clock.now()},
        )
    return new


# --- what was found, and the user's word on it ---------------------------------------


def as_possible(row: Any) -> PossibleResponse:
    return PossibleResponse(
        row.pk, row.application.slug, row.application.company, row.sender, row.subject,
        row.received.astimezone(user_zone()), row.reason, row.contact_key, row.status, row.kind, row.back_on,
    )  # fmt: skip


def possible_responses(
    ids: list[int] | None = None, status: str | None = PossibleResponseStatus.OPEN
) -> list[PossibleResponse]:
    rows = Row.objects.select_related("application").order_by("received", "id")
    if status:
        rows = rows.filter(status=status)
    if status == PossibleResponseStatus.OPEN:  # what waits for the user's word: never a closed application's
        rows = rows.filter(application__status=ApplicationStatus.OPEN)
    if ids is not None:
        rows = rows.filter(id__in=ids)
    return [as_possible(r) for r in rows]


class PossibleResponseNotFound(Refusal):
    """No message the watcher found has that id among the user's: dealt with and gone, or
    someone else's."""


def received_on(possible_id: int) -> dt.date:
    """The user's local date of a possible response's message (what "two weeks" counts from)."""

    row = Row.objects.filter(id=possible_id).first()
    if row is None:
        raise PossibleResponseNotFound(f"no possible response {possible_id}", hint=Hint.SEE_POSSIBLE_RESPONSES)
    day: dt.date = row.received_on
    return day


def locked_open(possible_id: int, application_open: bool = False) -> Any:
    row = Row.objects.select_for_update().select_related("application").filter(id=possible_id).first()
    if row is None:
        raise PossibleResponseNotFound(f"no possible response {possible_id}", hint=Hint.SEE_POSSIBLE_RESPONSES)
    application = row.application
    if (
        application_open
        and application.status != ApplicationStatus.OPEN
        and row.status != PossibleResponseStatus.CONFIRMED
    ):
        # A stale match must not overwrite the answer the user already recorded.
        raise UserError(
            f"possible response {possible_id}: {application.slug} is already closed ({application.outcome});"
            " nothing to confirm"
        )
    if row.status != PossibleResponseStatus.OPEN:
        raise UserError(f"possible response {possible_id} was already {row.status}")
    return row


def confirm(
    possible_id: int,
    outcome: ResponseOutcome,
    decision_by: str | dt.date | None = None,
    on: dt.date | None = None,
    from_: str | None = None,
) -> ResponseRecorded:
    """The user says it was an answer: record it as the employer's response (and re-plan),
    said on the message's date and by its matched contact unless told otherwise; a new
    decision date in words counts from that date."""

    check_new_date(outcome, decision_by)
    with transaction.atomic():
        row = locked_open(possible_id, application_open=True)
        if row.kind != REPLY:
            raise UserError(
                f"possible response {possible_id} is an out-of-office reply, not an answer: "
                "snooze the step it is about, or dismiss it"
            )
        recorded = record_response(
            row.application.slug, outcome, decision_by, from_ or row.contact_key, on or row.received_on
        )
        row.status = PossibleResponseStatus.CONFIRMED
        row.save(update_fields=["status"])
        if recorded.plan.status == ApplicationStatus.CLOSED:
            dismiss_closed()
    return recorded


def dismiss_closed() -> int:
    """Open possible responses of applications that are closed are stale: dismiss them."""

    return (
        Row.objects.filter(status=PossibleResponseStatus.OPEN)
        .exclude(application__status=ApplicationStatus.OPEN)
        .update(status=PossibleResponseStatus.DISMISSED)
    )


def dismiss(possible_id: int) -> PossibleResponse:
    """Not an answer after all: it leaves the agenda, the plan stays as it is."""

    with transaction.atomic():
        row = locked_open(possible_id)
        row.status = PossibleResponseStatus.DISMISSED
        row.save(update_fields=["status"])
    return as_possible(row)
