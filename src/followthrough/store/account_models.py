"""A one-time link an administrator makes for a member who cannot sign in: a forgotten
password, a lost authenticator. Like an invitation, only the token's SHA-256 is kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from followthrough.store.fields import Stamp


class ResetLink(models.Model):
    """Follow it once, before it expires, to choose a new password (and, when the
    administrator said so, to set up a new authenticator at the next sign-in)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reset_links")
    token_hash = models.CharField(max_length=64, unique=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_operator = models.BooleanField(default=False)  # made on the command line, by whoever runs the server
    new_authenticator = models.BooleanField(default=False)  # the member's authenticator goes too
    created_at = Stamp(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)  # set once, by a conditional update

    class Meta:
        db_table = "ft_reset_link"
        ordering = ["-created_at", "-id"]
