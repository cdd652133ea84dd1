"""`done` and `skip` on SQLite take a fast path without Django or Click (issue 8's speed
goal). It must write exactly what the ORM path writes and print exactly what it prints,
and leave everything out of the ordinary to the ORM path."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from followthrough import clock
from tests.conftest import Cli

ZONE = "America/Chicago"  # the job seeker's: their today
TABLES = ("ft_application", "ft_contact", "ft_event", "ft_step", "ft_profile")


def _search(ft: Cli) -> None:
    """Three applications with a US calendar: notes, calls, an inside contact each."""
    today = clock.today_in(ZONE)
    ft("profile", "set", "--name", "Jordan", "--timezone", "America/Chicago", "--country", "US")
    for n, weeks in enumerate((1, 3, 6)):
        slug = f"acme-{n}"
        ft("add", f"Acme {n}", "Data Analyst", "--id", slug)
        ft.contact(slug, "Ann Lee", "hiring_officer", key="ann")
        ft.contact(slug, "Bo Park", "interviewer", key="bo")
        ft.contact(slug, "Cy Diaz", "inside_contact", key="cy")
        on = (today - dt.timedelta(weeks=weeks)).isoformat()
        ft("interview", slug, "--on", on, "--with", "ann", "--with", "bo")
        ft("debrief", slug, "--on", on, "--timeframe", "a week")


def _steps(ft: Cli, slug: str) -> list[dict[str, str]]:
    return json.loads(ft("plan", slug, "--json").stdout)["steps"]


def _pending(ft: Cli, slug: str, kind: str, contact: str | None = None) -> list[str]:
    return [
        s["id"]
        for s in _steps(ft, slug)
        if s["kind"] == kind and s["status"] == "pending" and (contact is None or s["contact"] == contact)
    ]


def _fast(location: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command, through the console script's entry point; says whether Django loaded."""
    probe = (
        "import sys\n"
        "from followthrough.cli.entry import main\n"
        f"sys.argv = ['followthrough', '--db', {location!r}, *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\nelse:\n    code = 0\n"
        "print('DJANGO LOADED' if 'django' in sys.modules else 'NO DJANGO', file=sys.stderr)\n"
        "print('DATEPARSER LOADED' if 'dateparser' in sys.modules else '', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)


def _dump(location: str) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(location) as connection:
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def test_fast_done_and_skip_write_and_print_exactly_what_the_orm_path_does(sqlite_db: str, tmp_path: Path) -> None:
    ft = Cli(sqlite_db)
    _search(ft)
    fast_copy = str(tmp_path / "fast.sqlite3")
    orm = Cli(str(tmp_path / "orm.sqlite3"))
    shutil.copy(sqlite_db, fast_copy)
    shutil.copy(sqlite_db, orm.location)
    tomorrow = (clock.today_in(ZONE) + dt.timedelta(days=1)).isoformat()
    calls_2 = _pending(ft, "acme-2", "call_hiring_officer")
    commands = [
        ["done", _pending(ft, "acme-0", "thank_you_note", "ann")[0]],
        ["skip", _pending(ft, "acme-0", "thank_you_note", "bo")[0][:6]],  # a prefix, as people type it
        ["done", _pending(ft, "acme-1", "call_hiring_officer")[0], "--outcome", "voicemail", "--note", "left word"],
        ["done", calls_2[1], "--on", tomorrow],  # a later call, a day ahead: recorded today, aimed at it (nth)
        ["skip", _pending(ft, "acme-2", "call_inside_contact")[0], "--on", clock.today_in(ZONE).isoformat()],
    ]
    for command in commands:
        fast = _fast(fast_copy, *command)
        assert fast.returncode == 0, fast.stderr
        assert fast.stderr.split() == ["NO", "DJANGO"], f"{command}: {fast.stderr}"
        assert fast.stdout == orm(*command).stdout, command
    assert _dump(fast_copy) == _dump(orm.location)
    assert _dump(fast_copy) != _dump(sqlite_db)  # and something was written


def test_a_refused_settle_takes_the_orm_path_and_says_why(sqlite_db: str) -> None:
    ft = Cli(sqlite_db)
    _search(ft)
    note = _pending(ft, "acme-0", "thank_you_note", "ann")[0]
    assert _fast(sqlite_db, "done", note).returncode == 0
    before = _dump(sqlite_db)
    again = _fast(sqlite_db, "done", note)
    assert again.returncode == 2
    assert again.stderr.splitlines()[0].startswith("Error: that step is already done on ")
    assert _dump(sqlite_db) == before
    unknown = _fast(sqlite_db, "skip", "ffffffff")
    assert unknown.returncode == 2 and "no step 'ffffffff'" in unknown.stderr


def test_other_forms_of_done_are_left_to_the_full_command(sqlite_db: str) -> None:
    ft = Cli(sqlite_db)
    _search(ft)
    note = _pending(ft, "acme-0", "thank_you_note", "ann")[0]
    assert "DJANGO LOADED" in _fast(sqlite_db, "done", note, "--on", "yesterday").stderr  # words for dates
    assert "Usage" in _fast(sqlite_db, "done", "--help").stdout


def test_words_only_dateparser_reads_are_read_once_and_kept(sqlite_db: str) -> None:
    """A promise our grammar does not know costs dateparser (half a second) once; the
    reading is kept with the job search, and the fast path plans with it."""
    ft = Cli(sqlite_db)
    today = clock.today_in(ZONE)
    ft("add", "Acme", "Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    on = (today - dt.timedelta(days=2)).isoformat()
    ft("interview", "acme", "--on", on, "--with", "ann")
    phrase = "in 1 week and 2 days"  # dateparser's, not the grammar's
    ft("debrief", "acme", "--on", on, "--timeframe", phrase)
    with sqlite3.connect(sqlite_db) as connection:
        (readings,) = connection.execute("SELECT readings FROM ft_profile").fetchone()
    expected = (dt.date.fromisoformat(on) + dt.timedelta(days=9)).isoformat()
    assert json.loads(readings) == {f"{phrase}\x1f{on}": expected}
    done = _fast(sqlite_db, "done", _pending(ft, "acme", "thank_you_note", "ann")[0])
    assert done.returncode == 0 and done.stderr.split() == ["NO", "DJANGO"], done.stderr
    plan = json.loads(ft("plan", "acme", "--json").stdout)
    assert plan["promised"][0]["date"] == expected


def _settle_fast(location: str, step: str) -> object:
    """The fast path in this process: what it settled, or None for the ORM path."""
    from followthrough.core.model import StepStatus
    from followthrough.services.fastpath.fast_settle import settle

    return settle(location, step, StepStatus.DONE)


def _set_json(location: str, table: str, column: str, value: object, where: str = "1") -> None:
    with sqlite3.connect(location) as connection:
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (json.dumps(value),))


def test_settings_the_fast_path_does_not_know_are_left_to_the_orm_path(sqlite_db: str) -> None:
    """An allow-list: a setting kept in the profile (or the application) that the fast
    path has never heard of might change the plan, so the full command plans it."""
    ft = Cli(sqlite_db)
    _search(ft)
    note = _pending(ft, "acme-0", "thank_you_note", "ann")[0]
    _set_json(sqlite_db, "ft_profile", "extra", {"away": [], "work_days": "Sun-Thu"})  # a newer version's, say
    before = _dump(sqlite_db)
    assert _settle_fast(sqlite_db, note) is None
    assert _dump(sqlite_db) == before
    _set_json(sqlite_db, "ft_profile", "extra", {"away": [], "playbooks": {}})  # known, and unset
    _set_json(sqlite_db, "ft_application", "extra", {"recruiter_notes": "ask about visa"}, "slug = 'acme-0'")
    assert _settle_fast(sqlite_db, note) is None
    _set_json(sqlite_db, "ft_application", "extra", {}, "slug = 'acme-0'")
    assert _settle_fast(sqlite_db, note) is not None  # what it knows, it settles
    assert _pending(ft, "acme-0", "thank_you_note", "ann") == []


def test_a_holiday_table_from_another_version_of_the_holidays_package_is_left_to_the_orm_path(
    sqlite_db: str,
) -> None:
    """As the ORM path does, the fast path checks where the kept holiday table came from;
    the full command then computes it again with the installed package."""
    from followthrough.services.fastpath.local_time import holidays_source

    ft = Cli(sqlite_db)
    _search(ft)
    note = _pending(ft, "acme-0", "thank_you_note", "ann")[0]
    with sqlite3.connect(sqlite_db) as connection:
        (kept,) = connection.execute("SELECT holidays FROM ft_profile").fetchone()
    table = json.loads(kept)
    assert table["source"] == holidays_source()
    _set_json(sqlite_db, "ft_profile", "holidays", table | {"source": "holidays 0.1"})
    before = _dump(sqlite_db)
    assert _settle_fast(sqlite_db, note) is None
    assert _dump(sqlite_db) == before
    done = _fast(sqlite_db, "done", note)  # a process of its own: the ORM path reads the table afresh
    assert done.returncode == 0 and "DJANGO LOADED" in done.stderr, done.stderr
    with sqlite3.connect(sqlite_db) as connection:
        (kept,) = connection.execute("SELECT holidays FROM ft_profile").fetchone()
    assert json.loads(kept)["source"] == holidays_source()
    _set_json(sqlite_db, "ft_profile", "holidays", table | {"last_year": table["last_year"] - 11})  # too short
    assert _settle_fast(sqlite_db, _pending(ft, "acme-0", "thank_you_note", "bo")[0]) is None
