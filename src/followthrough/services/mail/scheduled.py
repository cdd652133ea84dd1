"""Mail in the employer's working hours (playbook.md section 6).

A follow-up e-mail or the last-resort e-mail sent outside the employer's working hours
is not sent: it waits, whole, in its SentMessage row (status "scheduled", ``send_after``
the next working morning there at a minute drawn once between 08:30 and 09:30). The
step is done on the day the user scheduled it (a step-done event is recorded with the
row, in one transaction), so the plan moves on and the agenda no longer shows it.

Until it goes it can be edited, sent now or cancelled (the step is pending again). It
goes exactly once, by the worker, a reminders run, the local web app's thread or the
user's "send now", as the reminders' outbox does (services.reminders.outbox):

1. claim: a conditional UPDATE scheduled -> sending, committed: of two processes (or a
   cancel and a claim) exactly one wins;
2. check: a step no longer done (the user undid it), or of an application closed
   since (an answer came, or the user withdrew), is dropped, never sent;
3. deliver, with no transaction open;
4. mark: sent; or, when the server refused it for good (a 5xx reply), failed, and the
   step's done event taken out (kept in the journal): the step is pending again and
   flagged ``send_failed``; a refusal worth a retry (no connection, a 4xx reply) puts the
   row back to scheduled for the next pass.

A process killed between 1 and 4 leaves the row "sending": the state sending.py
documents as "may or may not have gone", shown as uncertain, never sent again by itself.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, Max, OuterRef, Q

from followthrough import clock
from followthrough.core.calendar import BusinessCalendar
from followthrough.core.model import ApplicationStatus, StepDone, StepStatus
from followthrough.core.working_hours import MORNING_MINUTES, EmployerClock, send_at
from followthrough.interop.smtp import MailRefused
from followthrough.services.corrections.events import take_out
from followthrough.services.errors import Hint, Refusal, UserError
from followthrough.services.jobsearch.applications import check_open_for, find_step, step_location
from followthrough.services.jobsearch.changes import Change, changing
from followthrough.services.jobsearch.profile import get_profile
from followthrough.services.mail import mailer
from followthrough.services.mail.sending import SendUncertain, Sent, claim_step, keep_copy, send_step
from followthrough.services.owners import acting_locally
from followthrough.store.models import Application, SentMessage
from followthrough.store.models import Step as StepRow

log = logging.getLogger(__name__)

_STORED = email.policy.default  # how the waiting message is kept as text, and read back
# A message waits only while its application is open: once an answer closed it, "has
# anything been decided?" must not reach them the next morning.
_OPEN = Q(application__status=ApplicationStatus.OPEN.value)


def _step_done() -> Q:
    """...and while its step is done: a step undone since (undo, an event taken out) is to
    do again, and its message is dropped when its minute comes, never sent (see _deliver)."""
    return Q(Exists(StepRow.objects.filter(id=OuterRef("step_id"), status=StepStatus.DONE.value)))


@dataclass(frozen=True)
class Scheduled:
    """A message waiting for the employer's working hours (or one that was)."""

    step_id: str
    application: str
    kind: str
    recipient: str
    subject: str
    body: str
    send_at: dt.datetime  # in the employer's zone
    state: str  # scheduled; sending or uncertain (may have gone); failed
    failure: str = ""
    company: str = ""


@dataclass
class DueDelivered:
    """What one delivery of due scheduled messages did."""

    sent: int = 0
    retry: dict[str, str] | None = None  # step id -> why it waits for the next pass
    failed: dict[str, str] | None = None  # step id -> why it failed for good (step pending again)
    uncertain: int = 0
    dropped: int = 0


class NotScheduled(Refusal):
    """The step has no message waiting (it was sent, is being sent, or was cancelled), or
    has one already."""


def draw_minute() -> int:
    """The minute after 08:30 a scheduled message goes: drawn once, when it is scheduled,
    so a whole batch written at night does not land on the stroke of the hour."""
    return random.SystemRandom().randint(0, MORNING_MINUTES)


def employer_clock(slug: str) -> EmployerClock:
    """The application's employer's zone and business days (default: the user's)."""
    zone, country = Application.objects.filter(slug=slug).values_list("timezone", "country").get()
    profile = get_profile()
    return EmployerClock(zone or profile.timezone, BusinessCalendar(country or profile.country))


def send_or_schedule(
    step_id: str, message: EmailMessage, at_once: bool = False, resend: bool = False, replacing: str | None = None
) -> Sent | Scheduled:
    """Send ``message`` now when the employer is at work (or for a thank-you note, or with
    ``at_once``); else schedule it for their next working morning and mark the step done."""

    slug, step = find_step(step_id)
    if step.status is StepStatus.PENDING:  # undone since it was scheduled: that message is not waiting
        SentMessage.objects.filter(step_id=step.id, status=SentMessage.SCHEDULED).delete()
    if SentMessage.objects.filter(step_id=step.id, status=SentMessage.SCHEDULED).exists():
        if at_once:
            return send_scheduled_now(step.id)
        raise NotScheduled(f"step {step.id}: its message is already scheduled for their working hours")
    if not at_once and step.status is StepStatus.PENDING:
        employer = employer_clock(slug)
        when = send_at(step.kind.value, clock.now(), employer, draw_minute())
        if when is not None:
            return schedule(step.id, message, when, employer.zone, resend, replacing)
    return send_step(step.id, message, resend=resend, replacing=replacing)


def schedule(
    step_id: str,
    message: EmailMessage,
    when: dt.datetime,
    zone: str,
    resend: bool = False,
    replacing: str | None = None,
) -> Scheduled:
    """Keep ``message`` to go at ``when``; the step is done today (the user's date).
    ``resend``, ``replacing``: as for sending at once (an earlier send in doubt)."""

    if not mailer.configured():  # refused now, not at 08:30 their time while the user sleeps
        raise Refusal("no SMTP server set up", hint=Hint.SET_UP_MAIL_SERVER, mail_server="smtp")
    mailer.ensure_message_id(message)
    with changing(step=step_id) as change:  # the application first, then the step: the usual order
        slug, step, row = claim_step(step_id, message, resend, replacing)
        event = StepDone(change.today, step.kind, step.contact, note=f"scheduled by e-mail: {row.message_id}")
        check_open_for(change, event)
        SentMessage.objects.filter(pk=row.pk).update(
            status=SentMessage.SCHEDULED, send_after=when, their_zone=zone, message=message.as_string(policy=_STORED)
        )
        change.record(event)
    log.info("%s: step %s scheduled for %s", slug, step.id, when.isoformat())
    return _scheduled(SentMessage.objects.get(pk=row.pk))


def _scheduled(row: SentMessage) -> Scheduled:
    message = _message(row)
    part = message.get_body(("plain",))
    body = part.get_content() if isinstance(part, EmailMessage) else ""
    assert row.send_after is not None
    at = row.send_after.astimezone(ZoneInfo(row.their_zone or "UTC"))
    company = row.application.company if row.application is not None else row.application_slug
    return Scheduled(
        row.step_id,
        row.application_slug,
        row.kind,
        row.recipient,
        row.subject,
        body,
        at,
        row.status,
        row.failure,
        company,
    )


def _message(row: SentMessage) -> EmailMessage:
    parsed = email.message_from_string(row.message, policy=_STORED)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _waits() -> Q:
    """The rows :func:`scheduled_messages` lists: each step's latest message, one that was
    scheduled and has not gone; a refusal only while its step is still to do."""
    latest = SentMessage.objects.values("step_id").annotate(last=Max("id")).values("last")
    to_do = Exists(StepRow.objects.filter(id=OuterRef("step_id"), status=StepStatus.PENDING.value))
    unsent = Q(pk__in=latest, send_after__isnull=False) & ~Q(status=SentMessage.SENT)
    waiting = ~Q(status=SentMessage.SCHEDULED) | _step_done()
    return unsent & _OPEN & waiting & (~Q(status=SentMessage.FAILED) | Q(to_do))


def scheduled_messages() -> list[Scheduled]:
    """Every message waiting for the employer's working hours, the soonest first, with
    those that may have gone (a send cut off) and those refused for good."""
    rows = SentMessage.objects.filter(_waits()).select_related("application").order_by("send_after", "id")
    return [_scheduled(r) for r in rows]


def sends_and_waiting(step_ids: list[str]) -> tuple[dict[str, str], list[Scheduled]]:
    """In one query (Today's): the status of the latest send of each of ``step_ids`` (as
    sending.latest_sends) and the messages :func:`scheduled_messages` lists."""
    waits = ExpressionWrapper(_waits(), output_field=BooleanField())
    rows = SentMessage.objects.annotate(waits=waits).filter(Q(step_id__in=step_ids) | Q(waits=True))
    latest: dict[str, str] = {}
    waiting = []
    wanted = set(step_ids)
    for row in rows.select_related("application").order_by("id"):
        if row.step_id in wanted:
            latest[row.step_id] = row.status
        if row.waits:
            waiting.append(row)
    waiting.sort(key=lambda r: (r.send_after, r.pk))
    return latest, [_scheduled(r) for r in waiting]


def _waiting(step_id: str) -> SentMessage:
    full = step_location(step_id)[1]
    row = SentMessage.objects.filter(step_id=full).order_by("-id").first()
    if row is None or row.status != SentMessage.SCHEDULED:
        why = "it was sent or is being sent" if row is not None and row.send_after else "nothing is scheduled"
        raise NotScheduled(f"step {full}: {why}")
    return row


def edit_scheduled(step_id: str, subject: str, body: str) -> Scheduled:
    """Change the subject and text of a message still waiting; refused once it is being sent."""

    row = _waiting(step_id)
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if not subject.strip() or not body.strip():
        raise UserError("the subject and the text may not be empty")
    message = _message(row)
    message.replace_header("Subject", subject.strip())
    message.set_content(body.rstrip() + "\n")
    text = message.as_string(policy=_STORED)
    changed = SentMessage.objects.filter(pk=row.pk, status=SentMessage.SCHEDULED)
    if not changed.update(subject=subject.strip(), message=text):
        raise NotScheduled(f"step {row.step_id}: it is being sent right now")
    return _scheduled(SentMessage.objects.get(pk=row.pk))


def _reopen(change: Change, message_id: str) -> None:
    """Take out the step-done event recorded when ``message_id`` was scheduled: the step
    is pending again (the event is kept in the journal)."""
    for n, event in enumerate(change.row.events.all(), start=1):
        if message_id in str(event.payload.get("note") or ""):
            take_out(change, n, "removed")
            return


def cancel_scheduled(step_id: str) -> Scheduled:
    """Never send the waiting message: the step is pending again. Of a cancel and a send
    racing, exactly one wins."""

    row = _waiting(step_id)
    with changing(step=row.step_id) as change:
        if not SentMessage.objects.filter(pk=row.pk, status=SentMessage.SCHEDULED).delete()[0]:
            raise NotScheduled(f"step {row.step_id}: it is being sent right now")
        _reopen(change, row.message_id)
    return _scheduled(row)


def send_scheduled_now(step_id: str) -> Sent:
    """Send the waiting message at once (the user's "send now")."""

    row = _waiting(step_id)
    if not _claim(row.pk, None):
        raise NotScheduled(f"step {row.step_id}: it is being sent right now")
    return _deliver(row.pk)


def _claim(pk: int, now: dt.datetime | None) -> bool:
    rows = SentMessage.objects.filter(pk=pk, status=SentMessage.SCHEDULED)
    if now is not None:
        rows = rows.filter(send_after__lte=now)
    return bool(rows.update(status=SentMessage.SENDING))


def _fail(row: SentMessage, why: str) -> None:
    """Refused for good: the row says why, the step is pending again (one transaction)."""
    with changing(row.application_slug) as change:
        SentMessage.objects.filter(pk=row.pk, status=SentMessage.SENDING).update(status=SentMessage.FAILED, failure=why)
        _reopen(change, row.message_id)


def _deliver(pk: int) -> Sent:
    """Deliver a claimed row (no transaction open) and mark it."""

    row = SentMessage.objects.get(pk=pk)
    if not StepRow.objects.filter(id=row.step_id, status=StepStatus.DONE.value).exists():
        SentMessage.objects.filter(pk=pk, status=SentMessage.SENDING).delete()  # undone meanwhile: never sent
        raise NotScheduled(f"step {row.step_id} is no longer done: the scheduled message was dropped")
    if not SentMessage.objects.filter(_OPEN, pk=pk).exists():
        SentMessage.objects.filter(pk=pk, status=SentMessage.SENDING).delete()  # closed meanwhile: never sent
        raise NotScheduled(f"{row.application_slug} is closed: the scheduled message of step {row.step_id} was dropped")
    message = _message(row)
    try:
        message_id = mailer.send(message)
    except mailer.MailUncertain as error:
        SentMessage.objects.filter(pk=pk).update(status=SentMessage.UNCERTAIN)
        raise SendUncertain(
            f"step {row.step_id} marked uncertain: {error}",
            hint=Hint.CHECK_SENT_FOLDER,
            application=row.application_slug,
            step=row.step_id,
        ) from None
    except MailRefused as error:
        _fail(row, str(error))
        raise
    except UserError:  # nothing went out, and it may go later: it waits again
        SentMessage.objects.filter(pk=pk, status=SentMessage.SENDING).update(status=SentMessage.SCHEDULED)
        raise
    except BaseException:  # interrupted mid-way: it may have gone out
        SentMessage.objects.filter(pk=pk).update(status=SentMessage.UNCERTAIN)
        raise
    with transaction.atomic():
        SentMessage.objects.filter(pk=pk).update(status=SentMessage.SENT, sent_at=clock.now())
    log.info("%s: sent the scheduled message of step %s", row.application_slug, row.step_id)
    saved_in, not_saved = keep_copy(message)
    return Sent(row.step_id, row.application_slug, message_id, row.recipient, saved_in, not_saved)


def deliver_due(now: dt.datetime | None = None, batch: int = 100) -> DueDelivered:
    """Send the acting user's scheduled messages whose moment has come, each exactly once."""

    now = now or clock.now()
    report = DueDelivered(retry={}, failed={})
    assert report.retry is not None and report.failed is not None
    due = SentMessage.objects.filter(status=SentMessage.SCHEDULED, send_after__lte=now).order_by("send_after", "id")
    for pk in list(due.values_list("pk", flat=True)[:batch]):
        if not _claim(pk, now):  # another worker, a cancel or "send now" took it
            continue
        try:
            _deliver(pk)
        except NotScheduled:
            report.dropped += 1
        except mailer.MailUncertain:
            report.uncertain += 1
        except MailRefused as error:
            report.failed[SentMessage.objects.get(pk=pk).step_id] = str(error)
        except UserError as error:
            report.retry[SentMessage.objects.get(pk=pk).step_id] = str(error)
        else:
            report.sent += 1
    return report


def keep_sending(stop: threading.Event, interval: float = 60, warn: Callable[[str], None] = lambda why: None) -> None:
    """Send the local job search's due scheduled e-mails now, then every ``interval``
    seconds until ``stop`` is set: the local ``serve``'s background thread, beside the
    reminders' (services.reminders.outbox.keep_reminding). What fails is said through
    ``warn`` (a refused e-mail's step is to do again; anything else is tried again)."""

    while True:
        try:
            with acting_locally():  # a thread of its own: the local job search's scope, entered here
                done = deliver_due()
            for step, why in (done.failed or {}).items():
                warn(f"step {step}: not sent, refused for good ({why}): it is to do again")
            for step, why in (done.retry or {}).items():
                warn(f"step {step}: not sent yet ({why}): will retry")
        except Exception as error:  # the server must keep serving; the next run tries again
            warn((str(error).strip().splitlines() or [type(error).__name__])[0])
        finally:
            connection.close()
        if stop.wait(interval):
            return


def mail_states(step_ids: list[str]) -> dict[str, tuple[str, dt.datetime | None]]:
    """Step id -> ("scheduled", when, in their zone) or ("sent", when) for each step the
    product scheduled or sent (its latest message)."""
    waiting = Q(status=SentMessage.SCHEDULED) & _OPEN & _step_done()
    rows = SentMessage.objects.filter(Q(status=SentMessage.SENT) | waiting, step_id__in=step_ids)
    found: dict[str, tuple[str, dt.datetime | None]] = {}
    for step_id, status, after, sent, zone in rows.order_by("id").values_list(
        "step_id", "status", "send_after", "sent_at", "their_zone"
    ):
        at = after if status == SentMessage.SCHEDULED else sent
        if at is not None and zone:
            at = at.astimezone(ZoneInfo(zone))
        found[step_id] = (status, at)
    return found
