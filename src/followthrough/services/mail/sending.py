"""Sending a step's note or e-mail: claimed once, sent once, and recorded as done.

A step is claimed (a SentMessage row) before the SMTP conversation starts, so two
commands never send the same note. When the connection drops after the message was
handed over, the claim stays as "uncertain": the step is never sent again unless the
user asks for it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from collections.abc import Collection
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from django.db import transaction

from followthrough import clock
from followthrough.core.model import Step, StepDone, StepKind, StepStatus
from followthrough.core.records import Draft
from followthrough.interop import mail_matching
from followthrough.interop.email_message import build
from followthrough.services.errors import Hint, Refusal, UserError
from followthrough.services.jobsearch.applications import find_step, record_event
from followthrough.services.jobsearch.profile import get_profile, today
from followthrough.services.mail import mailer, secrets
from followthrough.services.mail.drafts import draft_for
from followthrough.services.mail.watch import imap_password, imap_settings
from followthrough.store.models import SentMessage
from followthrough.store.models import Step as StepRow

log = logging.getLogger(__name__)

# The steps that are e-mails: the notes, the follow-up e-mails of an e-mail playbook, the last resort.
SENDABLE = frozenset({StepKind.THANK_YOU_NOTE, StepKind.EMAIL_FOLLOW_UP, StepKind.EMAIL_HIRING_OFFICER})


@dataclass(frozen=True)
class Sent:
    step_id: str
    application: str
    message_id: str
    recipient: str
    saved_in: str | None = None  # the Sent folder a copy went to (IMAP APPEND)
    not_saved: str | None = None  # why no copy went there, when a mailbox is set up


class AlreadySent(Refusal):
    """The step was sent, or is being sent, or may have been: nothing is sent again."""


class SendUncertain(Refusal, mailer.MailUncertain):
    """The connection dropped after the message was handed over: it may or may not have gone."""


def claim_step(
    step_id: str, message: EmailMessage, resend: bool, replacing: str | None = None
) -> tuple[str, Step, Any]:
    """Lock the pending step and record the attempt (status "sending"), refused when an
    earlier send went, or may have gone, out (a failed one never went: it does not count)."""
    slug, step = find_step(step_id)
    if step.kind not in SENDABLE:
        raise UserError(f"step {step.id}: a {step.kind.value} is not sent by e-mail")
    if step.status is not StepStatus.PENDING:
        settled = AlreadySent if step.status is StepStatus.DONE else UserError
        raise settled(f"step {step.id} is {step.status.value}: nothing to send")
    recipients = email.utils.getaddresses([str(v) for v in message.get_all("To", [])])
    with transaction.atomic():
        row = StepRow.objects.select_for_update().select_related("application").get(id=step.id)
        earlier = SentMessage.objects.filter(step_id=step.id).exclude(status=SentMessage.FAILED).order_by("-id").first()
        if earlier is not None and replacing is not None:  # "send again" from a page that showed this one uncertain
            if earlier.message_id != replacing or earlier.status != SentMessage.UNCERTAIN:
                raise AlreadySent(f"step {step.id}: it was sent again meanwhile ({earlier.message_id})")
        elif earlier is not None and not resend:
            if earlier.status == SentMessage.SENT:
                raise AlreadySent(f"step {step.id} was already sent ({earlier.message_id})")
            raise AlreadySent(
                f"step {step.id}: an earlier send may or may not have arrived ({earlier.message_id})",
                hint=Hint.CHECK_SENT_FOLDER,
                application=slug,
                step=step.id,
            )
        claim = SentMessage.objects.create(
            message_id=str(message["Message-ID"]).strip(),
            application=row.application,
            application_slug=slug,
            step_id=step.id,
            kind=step.kind.value,
            contact_key=step.contact,
            recipient=", ".join(addr for _n, addr in recipients),
            subject=str(message["Subject"] or ""),
        )
    return slug, step, claim


def message_for_step(step_id: str, notes: str | None = None) -> EmailMessage:
    """The step's draft as the message the user would send (an .eml file, or over SMTP)."""

    profile = get_profile()
    return build(draft_for(step_id, notes), profile.name, profile.email)


def edited_message(step_id: str, subject: str, body: str, to_shown: str) -> EmailMessage:
    """The step's message with the subject and text the user edited, to the recipient
    the page showed (refused when the contact's address changed since)."""

    draft = draft_for(step_id)
    if (draft.to_email or "").strip().lower() != to_shown.strip().lower():
        raise UserError(f"the contact's e-mail address is now {draft.to_email or 'none'}: look at the note again")
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if not subject.strip() or not body.strip():
        raise UserError("the subject and the text may not be empty")
    profile = get_profile()
    edited = Draft(draft.kind, draft.to_name, draft.to_email, subject.strip(), body.rstrip() + "\n")
    return build(edited, profile.name, profile.email)


def send_step(
    step_id: str, message: EmailMessage, resend: bool = False, on: dt.date | None = None, replacing: str | None = None
) -> Sent:
    """Send ``message`` (built from the step's draft) and mark the step done; a copy goes
    to the Sent folder when a mailbox is set up. ``replacing``: send again only if the
    step's latest send is this uncertain one (a page's "send again")."""

    mailer.ensure_message_id(message)  # kept with the claim: replies are matched by it
    slug, step, claim = claim_step(step_id, message, resend, replacing)
    try:
        message_id = mailer.send(message)
    except mailer.MailUncertain as error:
        SentMessage.objects.filter(pk=claim.pk).update(status=SentMessage.UNCERTAIN)
        raise SendUncertain(
            f"step {step.id} marked uncertain: {error}", hint=Hint.CHECK_SENT_FOLDER, application=slug, step=step.id
        ) from None
    except UserError:
        SentMessage.objects.filter(pk=claim.pk).delete()  # nothing went out: the step stays sendable
        raise
    except BaseException:  # interrupted mid-way: it may have gone out
        SentMessage.objects.filter(pk=claim.pk).update(status=SentMessage.UNCERTAIN)
        raise
    with transaction.atomic():
        SentMessage.objects.filter(pk=claim.pk).update(status=SentMessage.SENT, sent_at=clock.now())
        record_event(slug, StepDone(on or today(), step.kind, step.contact, note=f"sent by e-mail: {message_id}"))
    saved_in, not_saved = keep_copy(message)
    return Sent(step.id, slug, message_id, claim.recipient, saved_in, not_saved)


def keep_copy(message: EmailMessage) -> tuple[str | None, str | None]:
    """Save the sent message in the user's Sent folder over IMAP, when a mailbox is set up:
    (the folder, None), or (None, why not). A failure here never un-sends anything."""

    settings = imap_settings()
    if not settings.host or not settings.user or not secrets.password("imap", settings.user):
        return None, None  # no mailbox set up: nothing to save into
    try:
        box = mail_matching.connect(settings, imap_password(settings))
        try:
            folder = mail_matching.save_to_sent(box, mailer.check_headers(message))
        finally:
            box.logout()
    except Exception as error:  # sent is sent: the copy is a courtesy, its failure only a warning
        why = " ".join(str(error).split()) or type(error).__name__
        log.warning("sent %s, but no copy in the Sent folder: %s", message["Message-ID"], why)
        return None, f"it was sent, but no copy went to your Sent folder ({why})"
    log.info("kept a copy of %s in %s", message["Message-ID"], folder)
    return folder, None


def uncertain_steps(among: Collection[str] | None = None) -> dict[str, str]:
    """Step id -> Message-ID for every step (of ``among``, when given) whose last send may
    or may not have arrived."""

    rows = SentMessage.objects.order_by("id")
    if among is not None:
        if not among:
            return {}
        rows = rows.filter(step_id__in=list(among))
    latest: dict[str, tuple[str, str]] = {}
    for step_id, status, message_id in rows.values_list("step_id", "status", "message_id"):
        latest[step_id] = (status, message_id)
    in_doubt = (SentMessage.SENDING, SentMessage.UNCERTAIN)  # scheduled: not yet tried; failed: never went
    return {step: mid for step, (status, mid) in latest.items() if status in in_doubt}


def latest_sends(among: Collection[str]) -> dict[str, str]:
    """Step id -> the status of its latest send, for the steps of ``among`` ever sent."""

    if not among:
        return {}
    rows = SentMessage.objects.filter(step_id__in=list(among)).order_by("id").values_list("step_id", "status")
    return dict(rows)


def send_state(step_id: str) -> tuple[str, str] | None:
    """(status, Message-ID) of the step's latest send, or None if it was never sent."""

    row = SentMessage.objects.filter(step_id=step_id).order_by("-id").first()
    return (row.status, row.message_id) if row else None
