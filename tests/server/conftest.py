"""The career-centre server's tests run on PostgreSQL (the server refuses SQLite).

A test process is configured once, in local mode (tests/conftest.py); the `server`
fixture lays the server mode's settings over it (django.test.override_settings, the apps
included) for one test.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import _empty_tables, use_database
from tests.server.support import SECRET, clean_environment, fetch, free_port, options
from tests.waiting import wait_until

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


@pytest.fixture
def gunicorn(server: str, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`followthrough server` with two workers on a free port, as an operator starts it;
    its address and process, once it answers."""
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    command = ["--db", server, "server", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command += ["--server-dir", str(tmp_path / "server"), "--allowed-host", "127.0.0.1"]
    process = subprocess.Popen(
        [sys.executable, "-m", "followthrough", *command],
        env=clean_environment(FOLLOWTHROUGH_SECRET_KEY=SECRET),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return fetch(base + "/health")[0] == 200
        except OSError:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            return False

    try:
        wait_until(answers, what="the server answering /health")
    except AssertionError:
        process.kill()
        pytest.fail("the server did not answer:\n" + (tmp_path / "server.log").read_text())
    yield base, process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
