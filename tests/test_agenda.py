"""The agenda: what is due, overdue first; the sqlite3 fast path answers as the ORM does."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from followthrough.services.fastpath.agenda import fast_due_steps
from followthrough.services.pages.agenda import due_steps
from tests.conftest import Cli

TODAY = dt.date(2026, 11, 25)


def _fill(ft: Cli) -> None:
    ft("demo", "--as-of", TODAY.isoformat())
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    ft("interview", "acme-analyst", "--on", "2026-11-03")  # no interviewers, no hiring officer: flagged steps
    ft("add", "Zeta", "Clerk", "--id", "zeta-clerk")
    ft("contact", "add", "zeta-clerk", "--name", "Zoë Ämmälä", "--role", "hiring_officer")
    ft("interview", "zeta-clerk", "--on", "2026-11-24", "--with", "zoe")


def test_fast_path_answers_exactly_what_the_orm_answers(sqlite_db: str) -> None:
    ft = Cli(sqlite_db)
    _fill(ft)
    compared = 0
    for as_of in [TODAY + dt.timedelta(days=n) for n in range(-40, 90, 3)]:
        fast = fast_due_steps(sqlite_db, as_of)
        assert fast is not None
        assert fast == due_steps(as_of)
        compared += len(fast.entries)
    assert compared, "steps fall due on some of those days: the answers compared are not all empty"


def test_overdue_first_then_by_due_date(ft: Cli) -> None:
    _fill(ft)
    body = json.loads(ft("agenda", "--as-of", TODAY.isoformat(), "--json").stdout)
    assert body["as_of"] == TODAY.isoformat()
    steps = body["steps"]
    assert steps, "the demo has steps due"
    flags = [s["overdue"] for s in steps]
    assert flags == sorted(flags, reverse=True)
    assert [s["due"] for s in steps] == sorted(s["due"] for s in steps)
    assert all(s["due"] <= TODAY.isoformat() for s in steps)
    assert set(steps[0]) >= {"id", "application", "company", "role", "kind", "contact", "contact_name", "due"}
    assert any(s["contact_name"] == "Zoë Ämmälä" for s in steps)
    acme = [s for s in steps if s["application"] == "acme-analyst" and s["kind"] == "call_hiring_officer"]
    assert acme and acme[0]["contact"] is None and acme[0]["flags"] == ["no_hiring_officer"]


def test_today_is_an_alias_and_text_says_what_to_do(ft: Cli) -> None:
    _fill(ft)
    text = ft("today", "--as-of", TODAY.isoformat()).stdout
    assert "send a thank-you note to Ann Lee" in text
    assert "Overdue" in text


def test_an_empty_day_says_what_comes_next(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    assert "No follow-up planned" in ft("agenda", "--as-of", "2026-11-03").stdout
    ft("interview", "acme-analyst", "--on", "2026-11-03")
    text = ft("agenda", "--as-of", "2026-11-04").stdout
    assert "Nothing due on Wed 2026-11-04" in text and "Tue 2026-11-10" in text


def test_today_is_today_in_the_profiles_time_zone(ft: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 11:30 UTC on 4 November, Kiritimati (UTC+14) is already on the 5th and Pago Pago
    (UTC-11) still on the 4th: each gets its own date (fast path on SQLite, ORM on PostgreSQL)."""
    from followthrough import clock

    clock.pin(dt.datetime(2026, 11, 4, 11, 30, tzinfo=dt.UTC))
    zones = {"Pacific/Kiritimati": "2026-11-05", "Pacific/Pago_Pago": "2026-11-04", "UTC": "2026-11-04"}
    for zone, today in zones.items():
        ft("profile", "set", "--timezone", zone)
        assert json.loads(ft("agenda", "--json").stdout)["as_of"] == today, zone


def test_the_demo_is_dated_by_its_seekers_clock(ft: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 00:30 UTC on 30 November it is still the 29th in Chicago, the demo seeker's home:
    the demo's final interview is on their today, and its thank-you note can be marked done
    at once (it was dated by UTC's date and refused: "no event reaches it")."""
    from followthrough import clock

    clock.pin(dt.datetime(2026, 11, 30, 0, 30, tzinfo=dt.UTC))
    ft("profile", "set", "--timezone", "UTC")
    ft("demo")
    agenda = json.loads(ft("agenda", "--json").stdout)
    assert agenda["as_of"] == "2026-11-29"
    note = next(s for s in agenda["steps"] if s["kind"] == "thank_you_note")
    assert note["due"] == "2026-11-29" and not note["overdue"]
    assert note["id"] in ft("agenda").stdout
    ft("done", note["id"])  # exit 0, checked by Cli
    assert note["id"] not in ft("agenda").stdout


def test_the_agenda_command_never_loads_django(sqlite_db: str) -> None:
    ft = Cli(sqlite_db)
    _fill(ft)
    probe = (
        "import sys\n"
        "from followthrough.cli.entry import main\n"
        f"sys.argv = ['followthrough', '--db', {sqlite_db!r}, 'agenda', '--as-of', '2026-11-25']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        "print('DJANGO LOADED' if 'django' in sys.modules else 'NO DJANGO')\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "call Dana Whit" in out
    assert out.strip().endswith("NO DJANGO")


def test_a_database_not_yet_created_takes_the_orm_path(tmp_path: Path) -> None:
    location = str(tmp_path / "new.sqlite3")
    assert fast_due_steps(location, TODAY) is None
    assert "No follow-up planned" in Cli(location)("agenda").stdout


@pytest.mark.parametrize("as_of", ["2026-13-01", "yesterdayish", "11/25"])
def test_a_bad_as_of_is_one_line(ft: Cli, as_of: str) -> None:
    result = ft("agenda", "--as-of", as_of, code=2)
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_default_database_is_where_platformdirs_puts_user_data(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from followthrough.store.location import default_location

    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    expected = Path(platformdirs.user_data_dir("followthrough", appauthor=False)) / "followthrough.sqlite3"
    assert Path(default_location()) == expected
