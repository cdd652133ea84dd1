"""Sending a step's note or e-mail: claimed once, sent once, and recorded as done.

A step is claimed (a SentMessage row) before the SMTP conversation starts, so two
commands never send the same note. When the connection drops after the message was
handed over, the claim stays as "uncertain": the step is never sent again unless the
user asks for it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from followthrough.core.model import Step, StepDone, StepKind, StepStatus
from followthrough.services import mailer
from followthrough.services.errors import UserError

# The steps that are e-mails: the notes, the follow-up e-mails of an e-mail playbook, the last resort.
SENDABLE = frozenset({StepKind.THANK_YOU_NOTE, StepKind.EMAIL_FOLLOW_UP, StepKind.EMAIL_HIRING_OFFICER})


@dataclass(frozen=True)
class Sent:
    step_id: str
    application: str
    message_id: str
    recipient: str


def _claim(step_id: str, message: EmailMessage, resend: bool) -> tuple[str, Step, Any]:
    from django.db import transaction

    from followthrough.services.applications import find_step
    from followthrough.store.models import SentMessage
    from followthrough.store.models import Step as StepRow

    slug, step = find_step(step_id)
    if step.kind not in SENDABLE:
        raise UserError(f"step {step.id}: a {step.kind.value} is not sent by e-mail")
    if step.status is not StepStatus.PENDING:
        raise UserError(f"step {step.id} is {step.status.value}: nothing to send")
    recipients = email.utils.getaddresses([str(v) for v in message.get_all("To", [])])
    with transaction.atomic():
        row = StepRow.objects.select_for_update().select_related("application").get(id=step.id)
        earlier = SentMessage.objects.filter(step_id=step.id).order_by("-id").first()
        if earlier is not None and not resend:
            if earlier.status == SentMessage.SENT:
                raise UserError(f"step {step.id} was already sent ({earlier.message_id})")
            raise UserError(
                f"step {step.id}: an earlier send may or may not have arrived ({earlier.message_id}); "
                f"check your Sent folder, then 'followthrough done {step.id[:8]}' if it went, "
                f"or 'followthrough send {step.id[:8]} --resend' to send it again"
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
    from followthrough.interop.email_message import build
    from followthrough.services.drafts import draft_for
    from followthrough.services.profile import get_profile

    profile = get_profile()
    return build(draft_for(step_id, notes), profile.name, profile.email)


def send_step(step_id: str, message: EmailMessage, resend: bool = False, on: dt.date | None = None) -> Sent:
    """Send ``message`` (built from the step's draft) and mark the step done."""
    from django.db import transaction
    from django.utils import timezone

    from followthrough.services.applications import record_event
    from followthrough.services.profile import today
    from followthrough.store.models import SentMessage

    mailer.ensure_message_id(message)  # kept with the claim: replies are matched by it
    slug, step, claim = _claim(step_id, message, resend)
    try:
        message_id = mailer.send(message)
    except mailer.MailUncertain as error:
        SentMessage.objects.filter(pk=claim.pk).update(status=SentMessage.UNCERTAIN)
        raise mailer.MailUncertain(
            f"step {step.id} marked uncertain: {error}; check your Sent folder, then "
            f"'followthrough done {step.id[:8]}' or 'followthrough send {step.id[:8]} --resend'"
        ) from None
    except UserError:
        SentMessage.objects.filter(pk=claim.pk).delete()  # nothing went out: the step stays sendable
        raise
    except BaseException:  # interrupted mid-way: it may have gone out
        SentMessage.objects.filter(pk=claim.pk).update(status=SentMessage.UNCERTAIN)
        raise
    with transaction.atomic():
        SentMessage.objects.filter(pk=claim.pk).update(status=SentMessage.SENT, sent_at=timezone.now())
        record_event(slug, StepDone(on or today(), step.kind, step.contact, note=f"sent by e-mail: {message_id}"))
    return Sent(step.id, slug, message_id, claim.recipient)


def uncertain_steps() -> dict[str, str]:
    """Step id -> Message-ID for every step whose last send may or may not have arrived."""
    from followthrough.store.models import SentMessage

    latest: dict[str, tuple[str, str]] = {}
    for row in SentMessage.objects.order_by("id"):
        latest[row.step_id] = (row.status, row.message_id)
    return {step: mid for step, (status, mid) in latest.items() if status != SentMessage.SENT}


def send_state(step_id: str) -> tuple[str, str] | None:
    """(status, Message-ID) of the step's latest send, or None if it was never sent."""
    from followthrough.store.models import SentMessage

    row = SentMessage.objects.filter(step_id=step_id).order_by("-id").first()
    return (row.status, row.message_id) if row else None
