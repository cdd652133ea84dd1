"""Writes :mod:`followthrough.store.step_table`: the tables the sqlite3 fast paths read
and write, described from the models' ``_meta`` into a module free of Django.

After changing one of these models, run::

    python -m followthrough.store.describe_tables

tests/test_step_table.py fails until the description is written again, so the fast
path never writes a column the models no longer have, or leaves out one they gained.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthrough import settings

if __name__ == "__main__":  # run as a command: Django is set up before the models load
    settings.configure(":memory:")  # the models' _meta only: no database is opened

from followthrough.store import models  # after the settings, when run as a command

HEADER = '''"""The tables the sqlite3 fast paths read and write (done, skip), as the models define
them: table and column names, in the models' order.

Generated from the models' ``_meta`` by ``python -m followthrough.store.describe_tables``;
do not edit (tests/test_step_table.py compares it with the models). Free of Django, so
the fast paths may import it.
"""
'''


def described() -> dict[str, Any]:
    """The models described, by the name their constants take (STEP -> STEP_TABLE, STEP_COLUMNS)."""

    return {
        "APPLICATION": models.Application,
        "CONTACT": models.Contact,
        "EVENT": models.Event,
        "PROFILE": models.Profile,
        "STEP": models.Step,
    }


def columns(model: Any) -> tuple[str, ...]:
    """The model's columns as its table has them (a foreign key's is ``<name>_id``)."""
    return tuple(field.column for field in model._meta.concrete_fields)


def render() -> str:
    """The text of step_table.py for the models as they are."""
    parts = [HEADER]
    for name, model in described().items():
        listed = "".join(f"    {json.dumps(column)},\n" for column in columns(model))
        parts.append(f"{name}_TABLE = {json.dumps(model._meta.db_table)}\n{name}_COLUMNS = (\n{listed})\n")
    return "\n".join(parts)


def target() -> Path:
    return Path(__file__).with_name("step_table.py")


def main() -> None:
    target().write_text(render(), encoding="utf-8")
    print(f"wrote {target()}")


if __name__ == "__main__":
    main()
