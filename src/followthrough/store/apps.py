from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate

from followthrough.store.summary_triggers import after_migrate


class StoreConfig(AppConfig):
    name = "followthrough.store"
    label = "store"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="followthrough.summary_triggers")
