"""One key of a JSON column as text, read in one step on each database.

Django's KT on SQLite asks JSON_TYPE and JSON_EXTRACT for each key (to tell a JSON null
from the word "null"): three keys of 27,000 events cost the statistics page a hundred
milliseconds. The keys read here hold strings or nothing, so one JSON_EXTRACT does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Func, TextField


class JsonText(Func):
    output_field = TextField()

    def __init__(self, column: str, key: str) -> None:
        if not key.isidentifier():
            raise ValueError(f"not a plain JSON key: {key!r}")
        self.key = key
        super().__init__(column)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template=f"JSON_EXTRACT(%(expressions)s, '$.{self.key}')", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template=f"(%(expressions)s ->> '{self.key}')", **extra)
