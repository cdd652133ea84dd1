"""The import budget of the commands people run most: `agenda` and `done`/`skip` on a
SQLite file answer within a few times a bare `python -c pass`, and what they import is
most of that time. Held here by WHICH modules they load (timings are too noisy on a
shared machine to assert): never Django or Click, never the libraries that take tens
of milliseconds to import and that these commands need not (logging, dateparser, the
holidays package, importlib.metadata …)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from followthrough import clock
from tests.conftest import Cli

# Never on either fast path: each of these costs more than the fast path's own work.
NEVER = {
    "django",
    "click",
    "rich",
    "logging",  # services.fastpath.local_time imports it only to warn of an unreadable holiday table
    "dateparser",
    "holidays",  # the profile keeps its country's holidays as data
    "importlib.metadata",  # the holidays version is read from its metadata file
    "email",
    "pathlib",
    "platformdirs",
}
# Nor on the agenda's: it reads rows and prints them, and plans nothing.
NEVER_ON_THE_AGENDA = NEVER | {
    "typing",
    "dataclasses",
    "inspect",
    "dateutil",
    "followthrough.core.model",
    "followthrough.core.calendar",
    "followthrough.core.planner",
}


def _imported(location: str, *args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules the console script's entry imports to answer ``args`` (python -X importtime)."""
    probe = (
        "import sys\n"
        "from followthrough.cli.entry import main\n"
        f"sys.argv = ['followthrough', '--db', {location!r}, *{list(args)!r}]\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", probe], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    names = {line.rpartition("|")[2].strip() for line in run.stderr.splitlines() if line.startswith("import time:")} - {
        "package"
    }
    return names, run


def _loaded(names: set[str], forbidden: set[str]) -> set[str]:
    return {n for n in names if n in forbidden or n.partition(".")[0] in forbidden}


def _search(ft: Cli) -> str:
    """One application with a thank-you note due today; the profile keeps the US's holidays."""
    today = clock.today_in("UTC")
    ft("profile", "set", "--name", "Jordan", "--timezone", "UTC", "--country", "US")
    ft("add", "Acme", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme", "--on", (today - dt.timedelta(days=3)).isoformat(), "--with", "ann")
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    return next(s["id"] for s in steps if s["kind"] == "thank_you_note" and s["status"] == "pending")


def test_the_agenda_loads_none_of_the_slow_modules(sqlite_db: str) -> None:
    _search(Cli(sqlite_db))
    for args in (["agenda"], ["today", "--json"], ["agenda", "--as-of", "2026-11-25"]):
        names, run = _imported(sqlite_db, *args)
        assert "followthrough.store.fast_agenda" in names, args  # the fast path answered
        assert run.stdout.strip(), args
        assert _loaded(names, NEVER_ON_THE_AGENDA) == set(), args


def test_done_and_skip_load_none_of_the_slow_modules(sqlite_db: str) -> None:
    note = _search(Cli(sqlite_db))
    names, run = _imported(sqlite_db, "done", note)
    assert "followthrough.store.fast_write" in names
    assert "acme" in run.stdout
    assert _loaded(names, NEVER) == set()
