# Joins the two 0003 branches (reminders, sent messages) so `migrate` has one leaf.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("store", "0003_reminders"),
        ("store", "0003_sent_messages"),
    ]

    operations = []
