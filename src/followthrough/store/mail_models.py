"""Messages the product sent: their Message-IDs let the reply watcher match answers, and
their state keeps a step whose delivery is in doubt from being sent twice."""

from __future__ import annotations

from django.db import models

from followthrough.store.models import Application


class SentMessage(models.Model):
    """One attempt to send a step's note or e-mail over SMTP."""

    SENDING = "sending"  # claimed, the SMTP conversation under way
    SENT = "sent"  # the server accepted it
    UNCERTAIN = "uncertain"  # the connection dropped after DATA: it may or may not have gone

    message_id = models.CharField(max_length=255, unique=True)
    # Importing a backup replaces application rows: the application's id (slug) keeps the
    # link, so what was sent is never forgotten and never sent twice.
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="sent_messages"
    )
    application_slug = models.CharField(max_length=200, db_index=True)
    step_id = models.CharField(max_length=32, db_index=True)
    kind = models.CharField(max_length=32)
    contact_key = models.CharField(max_length=100, null=True, blank=True)
    recipient = models.TextField()
    subject = models.TextField()
    status = models.CharField(max_length=16, default=SENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "ft_sent_message"
        ordering = ["id"]
