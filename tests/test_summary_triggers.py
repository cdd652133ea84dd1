"""The database's triggers that date each seeker's job search (store/summary_triggers.py)
are there after every migration, and work: a change to a step moves the seeker's summary
on. And raw SQL names no table itself: it takes the names from the models' ``_meta``."""

from __future__ import annotations

import ast
import datetime as dt
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from followthrough.store.summary_triggers import WATCHED
from tests.conftest import PG_SERVER, _pg_admin, use_database

SOURCE = Path(__file__).resolve().parent.parent / "src" / "followthrough"
TRIGGERS = {
    *((table, f"{table}_{event}_noted") for table in WATCHED for event in ("insert", "update", "delete")),
    ("ft_seeker_change", "ft_seeker_change_at_commit"),
}


@pytest.fixture
def fresh_postgres(postgres_db: str) -> Iterator[str]:
    """A brand-new PostgreSQL database, migrated, in use for the test."""
    from django.db import connections

    from followthrough.store import database

    name = f"followthrough_test_{uuid.uuid4().hex[:10]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        use_database(f"{PG_SERVER}/{name}")
        database.migrate()
        yield name
    finally:
        connections.close_all()
        use_database(postgres_db)
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _triggers() -> set[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'"
        )
        return set(cursor.fetchall())


def _version(owner_id: int) -> int:
    from django_scopes import scopes_disabled

    from followthrough.store.models import KeptSummary

    with scopes_disabled():
        return KeptSummary.objects.get(owner_id=owner_id).version


def test_after_every_migration_the_triggers_are_there_and_date_a_change_to_a_step(fresh_postgres: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    from followthrough.core.model import ContactRole, Interview
    from followthrough.services.jobsearch.applications import add_application, add_contact, get_plan, record_event
    from followthrough.services.owners import acting_as
    from followthrough.store.models import Step, User

    assert _triggers() == TRIGGERS
    seeker = User.objects.create_user("sam")
    with acting_as(seeker):
        slug = add_application("Acme", "Analyst", "acme", applied_on=dt.date(2026, 11, 2))
        add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
        record_event(slug, Interview(dt.date(2026, 11, 3), ("ann",)))
        before = _version(seeker.pk)
        step = get_plan(slug).pending[0].id
        Step.objects.filter(id=step).update(flags="moved")  # one statement, committed
        assert _version(seeker.pk) == before + 1

        # A migration that leaves the triggers out (a table made again, say): the next
        # migration puts them back.
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER {Step._meta.db_table}_update_noted ON {Step._meta.db_table}")
        assert _triggers() == TRIGGERS - {(Step._meta.db_table, f"{Step._meta.db_table}_update_noted")}
        call_command("migrate", verbosity=0, interactive=False)
        assert _triggers() == TRIGGERS
        Step.objects.filter(id=step).update(flags="")
        assert _version(seeker.pk) == before + 2


def test_a_fresh_sqlite_database_has_no_triggers_to_keep(sqlite_db: str) -> None:
    """SQLite (one person, no coaches): nothing is installed, so nothing can be stale."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert cursor.fetchall() == []


# Modules whose SQL may name tables itself: the fast paths run without Django (no _meta
# to read), and the triggers' PL/pgSQL is checked by the test above after migrations.
NAMING_TABLES_ALLOWED = {
    "store/fast_write.py",
    "store/fast_agenda.py",
    "store/sole_owner.py",
    "store/summary_triggers.py",
}


def _strings(path: Path) -> Iterator[str]:
    """The string constants of a module, less its docstrings."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def test_raw_sql_in_the_store_and_services_names_no_table_itself(db: str) -> None:
    from django.apps import apps

    tables = {model._meta.db_table for model in apps.get_models()}
    word = re.compile(r"\b\w+\b")
    found = []
    for path in sorted([*(SOURCE / "store").glob("*.py"), *(SOURCE / "services").rglob("*.py")]):
        where = str(path.relative_to(SOURCE))
        if where in NAMING_TABLES_ALLOWED:
            continue
        for text in _strings(path):
            if re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\b", text):
                found += [(where, name) for name in word.findall(text) if name in tables]
    assert found == []
