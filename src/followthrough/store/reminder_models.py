"""Reminders and the reply watcher at rest: the outbox, the mailbox cursors, and the
messages that may be the employer's answer."""

from __future__ import annotations

from django.db import models

from followthrough.store.models import Application

__all__ = ["MailboxCursor", "PossibleResponse", "Reminder"]


class Reminder(models.Model):
    """One delivery of one step on one channel: the outbox.

    The unique (step, channel) key makes "never twice" a property of the table, not of
    the code that fills it. The step id is kept as text, not a foreign key: a row must
    outlive a re-plan that drops and re-creates the step, or the step would be reminded
    again.
    """

    step_id = models.CharField(max_length=32)
    channel = models.CharField(max_length=16)  # terminal | desktop | email
    state = models.CharField(max_length=16, default="queued")  # queued | claimed | sent
    claim_token = models.CharField(max_length=32, blank=True, default="")
    claimed_by = models.CharField(max_length=255, blank=True, default="")  # host:pid, to spot a crashed claimer
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    due = models.DateField()
    late = models.BooleanField(default=False)
    digest = models.CharField(max_length=64, blank=True, default="")  # the run that delivered it

    class Meta:
        db_table = "ft_reminder"
        constraints = [models.UniqueConstraint(fields=["step_id", "channel"], name="ft_reminder_once")]
        indexes = [models.Index(fields=["state", "channel"], name="ft_reminder_state")]


class MailboxCursor(models.Model):
    """How far the watcher has read one folder: valid while UIDVALIDITY stays the same."""

    account = models.CharField(max_length=255)  # user@host
    folder = models.CharField(max_length=255)
    uidvalidity = models.BigIntegerField()
    last_uid = models.BigIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "ft_mailbox_cursor"
        constraints = [models.UniqueConstraint(fields=["account", "folder"], name="ft_mailbox_cursor_folder")]


class PossibleResponse(models.Model):
    """A message that may be the employer's answer; the user confirms or dismisses it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="possible_responses")
    message_key = models.CharField(max_length=255)  # Message-ID, or folder/uidvalidity/uid without one
    contact_key = models.CharField(max_length=100, null=True, blank=True)
    sender = models.TextField()
    subject = models.TextField(blank=True, default="")
    received = models.DateTimeField()
    received_on = models.DateField()  # the user's local date, for the agenda
    reason = models.CharField(max_length=16)  # contact | domain | reply
    folder = models.CharField(max_length=255, blank=True, default="")
    uid = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, default="open")  # open | confirmed | dismissed

    class Meta:
        db_table = "ft_possible_response"
        ordering = ["received", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "message_key"], name="ft_possible_response_once")]
        indexes = [models.Index(fields=["status", "received_on"], name="ft_possible_response_open")]
