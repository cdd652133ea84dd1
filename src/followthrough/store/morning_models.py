"""The interview morning's outbox: one row per (interview, day, channel).

Kept apart from ``ft_reminder`` (keyed by step and channel): an interview is an event,
not a step, and a moved interview is reminded on its new day. The unique key makes
"once per interview, day and channel" a property of the table, whoever races to insert.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from followthrough.core import model as core
from followthrough.store.owners import OwnedManager, acting_owner_id


class InterviewMorning(models.Model):
    """The morning reminder of one interview on one channel, for the day it is on."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", default=acting_owner_id
    )
    # A removed interview takes its rows with it: nothing is left to deliver.
    event = models.ForeignKey("store.Event", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()  # the interview's day when the row was made: moved, it is dropped
    channel = models.CharField(max_length=16)
    state = models.CharField(max_length=16, default=core.ReminderState.QUEUED.value)
    claim_token = models.CharField(max_length=32, blank=True, default="")
    claimed_by = models.CharField(max_length=255, blank=True, default="")  # host:pid
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedManager()

    class Meta:
        db_table = "ft_interview_morning"
        constraints = [
            models.UniqueConstraint(fields=["event", "day", "channel"], name="ft_interview_morning_once"),
        ]
