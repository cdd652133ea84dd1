"""Index the open outbox rows only: a claim reads the queued rows of a channel, and the
sent ones, kept forever, no longer grow the index every claim reads."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("store", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="reminder", name="ft_reminder_state"),
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(
                condition=models.Q(("state__in", ["queued", "claimed"])),
                fields=["channel", "state"],
                name="ft_reminder_open",
            ),
        ),
    ]
