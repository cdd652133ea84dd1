from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save

from followthrough.store.owners import refuse_writes_when_read_only
from followthrough.store.summary_triggers import after_migrate


class StoreConfig(AppConfig):
    name = "followthrough.store"
    label = "store"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="followthrough.summary_triggers")
        # Any model's save, owned or not: a read-only look writes nothing.
        pre_save.connect(refuse_writes_when_read_only, dispatch_uid="followthrough.read_only_scope")
