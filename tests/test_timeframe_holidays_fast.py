"""A promise tied to a holiday ("after Christmas") on the fast path of `done`: the names of
the country's holidays are kept with the profile, as their days are, so `done` reads
them without loading the holidays package; a table kept before names were is computed
again by the full command."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from tests.conftest import Cli


def _search(ft: Cli) -> str:
    """An interview in Germany, the decision promised for after Christmas; a note's id."""
    ft("profile", "set", "--name", "Jordan", "--timezone", "Europe/Berlin", "--country", "DE")
    ft("add", "Acme", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft.contact("acme", "Bo Park", "interviewer", key="bo")
    ft("interview", "acme", "--on", "2026-12-01", "--with", "ann", "--with", "bo", "--final")
    said = ft("debrief", "acme", "--on", "2026-12-01", "--timeframe", "after Christmas").stdout
    assert "They will decide by Mon 2026-12-28 ('after Christmas')." in said  # 12-26 is a holiday too
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    return next(s["id"] for s in steps if s["kind"] == "thank_you_note" and s["contact"] == "ann")


def _done(location: str, step: str) -> set[str]:
    """The modules `done` loads, run as the console script runs it."""
    probe = (
        "import sys\n"
        "from followthrough.cli.entry import main\n"
        f"sys.argv = ['followthrough', '--db', {location!r}, 'done', {step!r}, '--on', '2026-12-01']\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", probe], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    return {line.rpartition("|")[2].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


def _kept(location: str) -> dict:
    with sqlite3.connect(location) as connection:
        (kept,) = connection.execute("SELECT holidays FROM ft_profile").fetchone()
    return json.loads(kept)


def test_done_reads_a_holiday_promise_without_the_holidays_package(sqlite_db: str) -> None:
    ft = Cli(sqlite_db)
    note = _search(ft)
    assert _kept(sqlite_db)["names"]["2026-12-25"] == "Christmas Day"  # in English, for Germany too
    names = _done(sqlite_db, note)
    assert "followthrough.services.fastpath.fast_settle" in names and "django" not in names
    assert "holidays" not in names, "the fast path loaded the holidays package"
    calls = [
        s["due"] for s in json.loads(ft("plan", "acme", "--json").stdout)["steps"] if s["kind"] == "call_hiring_officer"
    ]
    assert calls[0] == "2026-12-29"


def test_a_holiday_table_kept_without_names_is_computed_again(sqlite_db: str) -> None:
    ft = Cli(sqlite_db)
    note = _search(ft)
    without = {k: v for k, v in _kept(sqlite_db).items() if k != "names"}
    with sqlite3.connect(sqlite_db) as connection:
        connection.execute("UPDATE ft_profile SET holidays = ?", (json.dumps(without),))
    names = _done(sqlite_db, note)
    assert "django" in names  # the full command, which keeps the names again
    assert _kept(sqlite_db)["names"]["2026-12-26"] == "Second Day of Christmas"
