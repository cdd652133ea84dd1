"""The store keeps to the words of the core: migrations match the models, and the
database itself refuses a status, role, kind or outcome it does not know."""

from __future__ import annotations

import io

import pytest
from django.db import IntegrityError, transaction

from followthrough.core.model import CLOSING_OUTCOMES, ContactRole, StepKind, StepStatus


def test_the_migrations_describe_the_models_exactly(db: str) -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("makemigrations", "store", "--check", "--dry-run", stdout=out)  # exits 1 on a change
    assert "No changes detected" in out.getvalue()


def test_there_is_one_migration_until_a_release() -> None:
    from pathlib import Path

    import followthrough.store.migrations as migrations

    files = sorted(p.name for p in Path(migrations.__file__).parent.glob("0*.py"))
    assert files == ["0001_initial.py"]


def test_the_store_knows_exactly_the_core_s_words() -> None:
    from followthrough.store import models

    assert set(models.Kinds.values) == {k.value for k in StepKind}
    assert set(models.StepStatuses.values) == {s.value for s in StepStatus}
    assert set(models.Roles.values) == {r.value for r in ContactRole}
    assert set(models.Outcomes.values) == set(CLOSING_OUTCOMES)


@pytest.mark.parametrize(
    ("table", "values"),
    [
        ("application", {"status": "maybe"}),
        ("application", {"outcome": "hired-ish"}),
        ("contact", {"role": "boss"}),
        ("step", {"status": "later"}),
        ("step", {"kind": "send_flowers"}),
    ],
)
def test_the_database_refuses_a_word_it_does_not_know(db: str, table: str, values: dict[str, str]) -> None:
    import datetime as dt

    from followthrough.store import models

    app = models.Application.objects.create(slug="acme", company="Acme", role="Analyst")
    rows = {
        "application": lambda: models.Application.objects.create(slug="b", company="B", role="R", **values),
        "contact": lambda: models.Contact.objects.create(application=app, key="k", name="N", **values),
        "step": lambda: models.Step.objects.create(
            id="x1",
            application=app,
            **{"kind": "move_on", "status": "pending", "due": dt.date(2026, 11, 3), **values},  # type: ignore[arg-type]
        ),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        rows[table]()
    assert models.Application.objects.count() == 1 and models.Step.objects.count() == 0
