"""The job search at rest. Events are the truth; steps are the planner's output, kept so
the agenda, reminders and calendars can read them without planning again."""

from __future__ import annotations

from django.db import models


class Profile(models.Model):
    """The job seeker: one row."""

    name = models.TextField(blank=True, default="")
    home_address = models.TextField(blank=True, default="")
    phone = models.TextField(blank=True, default="")
    email = models.TextField(blank=True, default="")
    timezone = models.CharField(max_length=64, default="UTC")
    country = models.CharField(max_length=8, null=True, blank=True)
    extra = models.JSONField(default=dict)
    # Outgoing and incoming mail. Passwords are never stored here: they come from the
    # system keyring or the environment (see followthrough.services.secrets).
    smtp_host = models.CharField(max_length=255, blank=True, default="")
    smtp_port = models.PositiveIntegerField(null=True, blank=True)
    smtp_security = models.CharField(max_length=16, default="starttls")  # starttls | ssl | none
    smtp_user = models.CharField(max_length=255, blank=True, default="")
    imap_host = models.CharField(max_length=255, blank=True, default="")
    imap_port = models.PositiveIntegerField(null=True, blank=True)
    imap_security = models.CharField(max_length=16, default="ssl")  # ssl | starttls | none
    imap_user = models.CharField(max_length=255, blank=True, default="")
    digest_time = models.TimeField(null=True, blank=True)  # local wall-clock time of the daily digest

    class Meta:
        db_table = "ft_profile"


class Application(models.Model):
    slug = models.CharField(max_length=200, unique=True)
    company = models.TextField()
    role = models.TextField()
    applied_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, default="open")
    outcome = models.CharField(max_length=32, null=True, blank=True)
    extra = models.JSONField(default=dict)
    domains = models.JSONField(default=list)  # the company's mail domains, for the reply watcher

    class Meta:
        db_table = "ft_application"
        ordering = ["id"]


class Contact(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts")
    key = models.CharField(max_length=100)
    name = models.TextField()
    role = models.CharField(max_length=32)
    title = models.TextField(null=True, blank=True)
    phone = models.TextField(null=True, blank=True)
    email = models.TextField(null=True, blank=True)
    relation = models.TextField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict)

    class Meta:
        db_table = "ft_contact"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "key"], name="ft_contact_key_unique")]


class Event(models.Model):
    """Something that happened, exactly as the exchange format writes it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    position = models.PositiveIntegerField()
    type = models.CharField(max_length=32)
    on = models.DateField()
    payload = models.JSONField()

    class Meta:
        db_table = "ft_event"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["application", "position"], name="ft_event_position_unique")]


class Step(models.Model):
    """One follow-up step; its id is the planner's stable id."""

    id = models.CharField(max_length=32, primary_key=True)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=32)
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    contact_key = models.CharField(max_length=100, null=True, blank=True)
    due = models.DateField()
    status = models.CharField(max_length=16)
    done_on = models.DateField(null=True, blank=True)
    flags = models.CharField(max_length=200, blank=True, default="")
    phase = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "ft_step"
        indexes = [models.Index(fields=["status", "due"], name="ft_step_agenda")]


from followthrough.store.mail_models import *  # noqa: E402, F403
from followthrough.store.reminder_models import *  # noqa: E402, F403
