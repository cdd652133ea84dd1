"""The employer's clock on an application (issue 21, point 1): its time zone and country,
through every door (the command line, the exchange format, a spreadsheet, the web forms),
checked the same way; absent, the user's own are used."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session


def _apps(ft: Cli) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in json.loads(ft("export", "--json").stdout)["applications"]}


def test_add_edit_and_show_the_employers_clock(ft: Cli) -> None:
    ft("add", "Acme GmbH", "Data Analyst", "--id", "acme", "--timezone", "Europe/Berlin", "--country", "de")
    app = _apps(ft)["acme"]
    assert (app["timezone"], app["country"]) == ("Europe/Berlin", "DE")
    assert "Employer's clock: Europe/Berlin · DE" in ft("show", "acme").stdout
    ft("edit", "acme", "--timezone", "", "--country", "")
    assert not {"timezone", "country"} & set(_apps(ft)["acme"])
    assert "--timezone" in ft("add", "--help").stdout and "--country" in ft("edit", "--help").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--timezone", "Europe/Atlantis"), "Error: --timezone: unknown time zone"),
        (("--country", "XX"), "Error: --country: no public holidays known for country 'XX'"),
    ],
)
def test_a_clock_nobody_keeps_is_refused_in_one_line_and_changes_nothing(
    ft: Cli, args: tuple[str, ...], message: str
) -> None:
    ft("add", "Acme GmbH", "Data Analyst", "--id", "acme")
    before = ft("export", "--json").stdout
    result = ft("edit", "acme", *args, code=2)
    assert result.output.startswith(message) and len(result.output.strip().splitlines()) == 1
    assert ft("add", "Globex", "Analyst", *args, code=2).output.startswith(message)
    assert ft("export", "--json").stdout == before


def test_the_exchange_format_carries_it_and_names_a_bad_one(ft: Cli, another_db: str, tmp_path: Path) -> None:
    app = {"id": "acme", "company": "Acme GmbH", "role": "Analyst", "timezone": "Europe/Berlin", "country": "DE"}
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"format": "followthrough/1", "applications": [app]}))
    ft("import", str(path))
    first = ft("export", "--json").stdout
    assert {k: _apps(ft)["acme"][k] for k in ("timezone", "country")} == {"timezone": "Europe/Berlin", "country": "DE"}
    (tmp_path / "backup.json").write_text(first)
    other = Cli(another_db)
    other("import", str(tmp_path / "backup.json"))
    assert other("export", "--json").stdout == first
    bad = {"format": "followthrough/1", "applications": [app | {"id": "initech", "timezone": "Mars/Olympus"}]}
    path.write_text(json.dumps(bad))
    result = ft("import", str(path), code=2)
    assert "$.applications[0].timezone" in result.output
    assert ft("export", "--json").stdout == first


def test_a_spreadsheet_gives_it_in_its_own_columns(ft: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Company,Position,Time zone,Country\nAcme GmbH,Data Analyst,Europe/Berlin,DE\n")
    ft("import", str(sheet))
    [app] = _apps(ft).values()
    assert (app["timezone"], app["country"]) == ("Europe/Berlin", "DE")
    exported = ft("export", "--csv").stdout.splitlines()
    header = exported[0].split(",")
    row = exported[1].split(",")
    assert row[header.index("timezone")] == "Europe/Berlin" and row[header.index("country")] == "DE"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def test_the_web_forms_set_and_clear_it(web: WebClient, ft: Cli) -> None:
    form = {"company": "Acme GmbH", "role": "Data Analyst", "timezone": "Europe/Berlin", "country": "de"}
    web.follow(web.post("/applications/", form, "/applications/"))
    slug = "acme-gmbh-data-analyst"
    assert {k: _apps(ft)[slug][k] for k in ("timezone", "country")} == {"timezone": "Europe/Berlin", "country": "DE"}
    edit = f"/applications/{slug}/edit"
    page = web.get(edit).content.decode()
    assert 'value="Europe/Berlin"' in page and "Employer's time zone" in page
    before = ft("export", "--json").stdout
    refused = web.post(edit, form | {"timezone": "Europe/Atlantis"}, edit)
    assert refused.status_code == 400 and "unknown time zone" in refused.content.decode()
    assert ft("export", "--json").stdout == before
    web.follow(web.post(edit, form | {"timezone": "", "country": ""}, edit))
    assert not {"timezone", "country"} & set(_apps(ft)[slug])


def _a_call_due_today(ft: Cli, tmp_path: Path, **clock: str) -> None:
    """A call to Ann at Acme due today, Friday 14 March 2031 (the user in Chicago)."""
    app = {
        "id": "acme",
        "company": "Acme GmbH",
        "role": "Data Analyst",
        **clock,
        "contacts": [{"key": "ann", "name": "Ann Lee", "role": "hiring_officer", "phone": "+49 30 1234567"}],
        "events": [
            {"type": "interview", "on": "2031-02-24", "with": ["ann"]},
            {"type": "debrief", "on": "2031-02-24", "timeframe": "2031-03-13"},
            {"type": "step_done", "kind": "thank_you_note", "contact": "ann", "on": "2031-02-24"},
        ],
    }
    profile = {"name": "Sam", "timezone": "America/Chicago", "country": "US"}
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"format": "followthrough/1", "profile": profile, "applications": [app]}))
    ft("import", str(path))


def test_a_call_card_shows_their_local_time(ft: Cli, tmp_path: Path, web: WebClient) -> None:
    _a_call_due_today(ft, tmp_path, timezone="Europe/Berlin", country="DE")
    page = web.get("/").content.decode()  # 15:00 UTC: 16:00 in Berlin, a Friday afternoon
    assert "Their time: Fri 16:00 (Europe/Berlin)" in page
    assert "Outside their working hours" not in page


def test_a_call_card_says_when_they_have_gone_home(
    ft: Cli, tmp_path: Path, web: WebClient, pin_clock: Callable[..., None]
) -> None:
    _a_call_due_today(ft, tmp_path, timezone="Europe/Berlin", country="DE")
    pin_clock(dt.datetime(2031, 3, 14, 18, 30, tzinfo=dt.UTC))  # 13:30 in Chicago, 19:30 in Berlin
    page = web.get("/").content.decode()
    assert "Their time: Fri 19:30 (Europe/Berlin)" in page
    assert "Outside their working hours" in page


def test_an_employer_on_the_users_clock_shows_no_second_time(ft: Cli, tmp_path: Path, web: WebClient) -> None:
    _a_call_due_today(ft, tmp_path)
    page = web.get("/").content.decode()  # 10:00 in Chicago: they are at work
    assert "Their time" not in page and "Outside their working hours" not in page
