"""The fast path of done and skip writes steps through one description of the tables,
generated from the models: a model changed without writing it again fails here, before
the fast path could write a row the ORM path would not."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from pathlib import Path

from followthrough.core.model import Step, StepKind, StepStatus
from followthrough.store import describe_tables, fast_write, step_table
from followthrough.store.step_rows import ROW_FACTS, STEP_KEYS, STEP_PLANNED, step_row


def test_the_table_description_is_what_the_models_say_now(sqlite_db: str) -> None:
    written = Path(step_table.__file__).read_text(encoding="utf-8")
    assert written == describe_tables.render(), "run: python -m followthrough.store.describe_tables"


def test_a_step_row_fills_every_column_of_the_step_table_and_nothing_else(sqlite_db: str) -> None:
    from followthrough.store import models

    step = Step("abcd1234ef56", StepKind.CALL_HIRING_OFFICER, "ann", dt.date(2026, 3, 2), StepStatus.DONE)
    row = step_row(step, 7)
    assert set(row) == set(STEP_PLANNED)
    assert (*STEP_KEYS, *STEP_PLANNED) == step_table.STEP_COLUMNS
    # The ORM path builds models.Step(**step_row(...)): each column is its field's attribute name.
    fields = {f.column: f.attname for f in models.Step._meta.concrete_fields}
    assert all(fields[column] == column for column in STEP_PLANNED)
    facts = {f.column: f.attname for f in models.Application._meta.concrete_fields}
    assert all(facts[column] == column for column in ROW_FACTS)


def test_every_profile_column_is_either_read_by_the_fast_path_or_known_not_to_change_a_plan() -> None:
    read, unplanned = set(fast_write.PROFILE_READ), fast_write.PROFILE_UNPLANNED
    assert not read & unplanned
    assert read | unplanned == set(step_table.PROFILE_COLUMNS)


def test_the_holiday_source_read_quickly_is_the_one_importlib_metadata_reads() -> None:
    from followthrough.services.fastpath.local_time import holidays_source

    assert holidays_source() == f"holidays {importlib.metadata.version('holidays')}"
