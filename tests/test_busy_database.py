"""Another writer holds the database longer than the busy timeout: every command says so
in one line, naming who holds it where that can be known, exits 2, and changes nothing.
Real processes: the holder takes the write lock as a writer would, the commands wait."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.test_remind import add_acme, setup_profile

# Stands in for a long `followthrough import`: a process of that name holding SQLite's
# write lock until it is killed.
SQLITE_HOLDER = """#!/usr/bin/env python3
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[-1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(120)
"""
TABLES = ("ft_application", "ft_contact", "ft_event", "ft_step", "ft_reminder", "ft_profile")


@contextmanager
def _held(db: str, tmp_path: Path) -> Iterator[None]:
    """The database's write lock held by 'followthrough import' in another process."""
    if db.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db, application_name="followthrough import", autocommit=False) as holder:
            holder.execute(f"LOCK TABLE {', '.join(TABLES)} IN EXCLUSIVE MODE")  # reads go on, writes wait
            yield
            holder.rollback()
        return
    script = tmp_path / "bin" / "followthrough"
    script.parent.mkdir(exist_ok=True)
    script.write_text(SQLITE_HOLDER)
    script.chmod(0o755)
    holder = subprocess.Popen([str(script), "import", "big.json", db], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.kill()
        holder.wait(timeout=30)


def _run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ) | {"FOLLOWTHROUGH_BUSY_TIMEOUT": "0.3", "FOLLOWTHROUGH_SMTP_PASSWORD": ""}
    env.pop("DISPLAY", None)
    command = [sys.executable, "-m", "followthrough", "--db", db, *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_every_writing_command_says_the_database_is_busy_and_who_holds_it(db: str, tmp_path: Path) -> None:
    from django.db import connections

    from followthrough.services.jobsearch.applications import get_plan

    setup_profile(zone="America/Chicago")
    add_acme("acme", dt.date(2026, 11, 2))
    step = get_plan("acme").pending[0].id
    backup = tmp_path / "backup.json"
    initech = {"id": "initech", "company": "Initech", "role": "Analyst", "contacts": [], "events": []}
    backup.write_text(json.dumps({"format": "followthrough/1", "applications": [initech]}))
    connections.close_all()
    before = _run(db, "export", "--json").stdout
    commands = [
        ["add", "Globex", "Analyst"],
        ["done", step],  # the fast path first, then the full command
        ["respond", "acme", "--outcome", "offer"],
        ["contact", "add", "acme", "--name", "Di Eve", "--role", "interviewer"],
        ["remind", "--as-of", "2026-11-20", "--no-desktop"],
        ["import", str(backup)],
    ]
    with _held(db, tmp_path):
        for args in commands:
            result = _run(db, *args)
            assert result.returncode == 2, (args, result.stdout, result.stderr)
            assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
            said = result.stderr.strip()
            assert said.startswith("Error: the database is busy: followthrough import ("), said
            assert "is writing to it (waited 0.3 s)" in said, said
        assert _run(db, "export", "--json").stdout == before, "reads go on meanwhile"
    assert _run(db, "export", "--json").stdout == before, "and nothing changed"
    assert _run(db, "add", "Globex", "Analyst").returncode == 0, "once it is free, writes go through"


def test_a_holder_that_is_not_followthrough_is_named_by_its_program(sqlite_db: str, tmp_path: Path) -> None:
    from django.db import connections

    connections.close_all()
    holder = subprocess.Popen(
        [sys.executable, "-c", SQLITE_HOLDER.split("\n", 1)[1], sqlite_db], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        result = _run(sqlite_db, "add", "Globex", "Analyst")
    finally:
        holder.kill()
        holder.wait(timeout=30)
    python = Path(sys.executable).name
    assert result.returncode == 2 and result.stderr.strip().startswith(
        f"Error: the database is busy: {python} (pid {holder.pid}) is writing to it"
    ), result.stderr


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["/home/u/.local/bin/followthrough", "--db", "x.sqlite3", "import", "big.json"], "followthrough import"),
        (["/usr/bin/python3", "-m", "followthrough", "serve", "--no-browser"], "followthrough serve"),
        (["/usr/bin/python3", "/usr/bin/followthrough", "remind"], "followthrough remind"),
        (["/usr/bin/sqlite3", "followthrough.sqlite3"], "sqlite3"),
        ([], "another program"),
    ],
)
def test_a_process_is_named_as_a_person_would(argv: list[str], named: str) -> None:
    from followthrough.store.busy import describe

    assert describe(argv) == named


def test_the_web_app_says_the_database_is_busy_with_a_page_not_a_server_error(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import use_database
    from tests.test_web import web_session

    monkeypatch.setenv("FOLLOWTHROUGH_BUSY_TIMEOUT", "0.3")
    use_database(db)  # the store's connection waits 0.3 s from now on
    for web in web_session():
        token = web.csrf("/applications/")
        with _held(db, tmp_path):
            response = web.client.post(
                "/applications/", {"csrfmiddlewaretoken": token, "company": "Globex", "role": "Analyst"}
            )
        page = response.content.decode()
        assert response.status_code == 503 and response["Retry-After"] == "5"
        assert "The database is busy: followthrough import (" in page and "Nothing was changed" in page
    monkeypatch.delenv("FOLLOWTHROUGH_BUSY_TIMEOUT")
    use_database(db)
    from followthrough.store.models import Application

    assert not Application.objects.filter(company="Globex").exists()
