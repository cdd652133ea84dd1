"""What a coach's caseload keeps per job seeker (PostgreSQL, the career-centre server).

A caseload of a thousand seekers would otherwise count fifty thousand applications and
their steps at every look. Each seeker's summary is kept with the day it was counted for
and the ``version`` of the seeker's job search it describes. The database itself moves
``version`` on whenever a transaction changes the seeker's job search (applications,
steps, contacts, events, profile, mail: store/summary_triggers.py), at its commit,
whatever the path of the change; a kept summary is used only while it describes the
current version, on the day it was counted for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from followthrough.store.owners import OwnedManager


class KeptSummary(models.Model):
    """One job seeker's caseload summary as last counted."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.BigIntegerField(default=0, db_default=0)  # moved on by the database at each change
    summary_of = models.BigIntegerField(default=-1, db_default=-1)  # the version ``record`` describes
    day = models.DateField(null=True, blank=True)  # the day it was counted for (lateness is in days)
    # The caseload's sort keys (core.caseload.Rank), so a page sorts without decoding records.
    attention = models.IntegerField(default=0, db_default=0)
    reasons = models.IntegerField(default=0, db_default=0)
    overdue = models.IntegerField(default=0, db_default=0)
    most_overdue_days = models.IntegerField(default=0, db_default=0)
    days_quiet = models.IntegerField(null=True, blank=True)
    record = models.TextField(default="", db_default="")  # core.caseload.to_record, as JSON

    # Whose summaries: the seekers of the scope (services.coaching.caseload.reading), or none.
    objects = OwnedManager()

    class Meta:
        db_table = "ft_seeker_summary"


class SeekerChange(models.Model):
    """A transaction changed this seeker's job search: written by the database's triggers
    once per (seeker, transaction), and removed at that transaction's commit, when the
    seeker's kept summary is marked out of date."""

    owner_id = models.BigIntegerField()
    transaction = models.BigIntegerField()

    class Meta:
        db_table = "ft_seeker_change"
        constraints = [models.UniqueConstraint(fields=["owner_id", "transaction"], name="ft_seeker_change_once")]
