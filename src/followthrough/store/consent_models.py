"""A job seeker's consent to a coach, and the record of every look the coach took.

Both hang off the users: deleting a seeker's account takes their links and their access
log with it; a coach's deleted account leaves the seeker's log readable (the name is
kept as text)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from followthrough.store.fields import Stamp


class CoachLinkStatus(models.TextChoices):
    REQUESTED = "requested"  # the coach asked; the seeker has not said yes
    ACTIVE = "active"  # the seeker consents: the coach sees the summary (and more with full view)
    REVOKED = "revoked"  # ended by the seeker (or the coach, or leaving the organisation)


class CoachLink(models.Model):
    """One seeker and one coach: at most one row per pair, its status moving back and forth."""

    Status = CoachLinkStatus

    seeker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_links")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seeker_links")
    status = models.CharField(max_length=16, choices=Status.choices)
    full_view = models.BooleanField(default=False)  # the seeker lets the coach read their applications
    asked_by_coach = models.BooleanField(default=False)
    created_at = Stamp(auto_now_add=True)
    changed_at = Stamp(auto_now=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "ft_coach_link"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["seeker", "coach"], name="ft_coach_link_pair"),
            models.CheckConstraint(condition=~Q(seeker=models.F("coach")), name="ft_coach_link_two_people"),
            models.CheckConstraint(condition=Q(status__in=CoachLinkStatus.values), name="ft_coach_link_status_known"),
        ]
        indexes = [models.Index(fields=["coach", "status"], name="ft_coach_link_caseload")]


class AccessLogEntry(models.Model):
    """One page a coach opened about a seeker: who, when, what."""

    # No database constraints on the two people: each look writes a line per seeker shown,
    # and a constraint checked each one's account (locking it against a concurrent look's
    # check) at every commit. Django still removes a seeker's lines with their account and
    # clears the coach of a deleted account (tests/test_coaching_data.py). A seeker's lines
    # are found by the (seeker, at) index; no index of the seeker's own.
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_log",
        db_constraint=False,
        db_index=False,
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )
    coach_name = models.TextField()  # as it was when they looked: the log outlives the coach's account
    at = models.DateTimeField()
    page = models.CharField(max_length=200)

    class Meta:
        db_table = "ft_access_log"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["seeker", "at"], name="ft_access_log_seeker")]
