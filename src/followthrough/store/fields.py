"""Fields the store's models share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from followthrough import clock


class Stamp(models.DateTimeField):  # type: ignore[type-arg]
    """A moment a row was made (``auto_now_add``) or last changed (``auto_now``), read from
    the one clock (followthrough.clock) rather than Django's own: a pinned clock (tests,
    the demo) dates the journal, invitations and links as it dates everything else.

    It is a DateTimeField to the migrations (:meth:`deconstruct`): no schema changes."""

    def pre_save(self, model_instance: models.Model, add: bool) -> dt.datetime | None:
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)  # type: ignore[no-any-return]

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
