"""The career-centre server's tests run on PostgreSQL (the server refuses SQLite).

A test process is configured once, in local mode (tests/conftest.py); the `server`
fixture lays the server mode's settings over it (django.test.override_settings, the apps
included) for one test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import _empty_tables, use_database
from tests.server.support import options

_migrated: set[str] = set()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("static")


@pytest.fixture
def server(postgres_db: str, static_root: Path) -> Iterator[str]:
    """This run's PostgreSQL database, emptied, in use with the server's settings."""
    from django.test import override_settings

    from followthrough.server_settings import server_settings
    from followthrough.store import database

    use_database(postgres_db)
    with override_settings(**server_settings(options(static_root))):
        if postgres_db not in _migrated:  # the server's own tables: sessions, throttling, devices
            database.migrate()
            from django.core.management import call_command

            call_command("collectstatic", interactive=False, verbosity=0)
            _migrated.add(postgres_db)
        _empty_tables()
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        yield postgres_db
