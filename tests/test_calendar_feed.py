"""The plan as a calendar feed at a secret address: what a calendar program receives, and
that the address lets it read the plan and nothing else."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.test_web import TOKEN, WebClient, web_session, with_demo


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


@pytest.fixture
def demo_web(web: WebClient) -> WebClient:
    return with_demo(web)


def _calendar_program() -> Any:
    """A client with no session and no launch token, as a calendar program is."""
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def _address(ft: Cli, *options: str) -> str:
    lines = ft("calendar-url", *options).stdout.splitlines()
    assert len(lines) == 1, lines
    found = re.fullmatch(r"http://127\.0\.0\.1:(\d+)(/calendar/[A-Za-z0-9_-]{43}\.ics)", lines[0])
    assert found, lines[0]
    return found.group(2)


def _events(body: bytes) -> list[Any]:
    import icalendar

    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_the_feed_is_the_calendar_export_with_its_alarms(demo_web: WebClient, db: str, tmp_path: Path) -> None:
    ft = Cli(db)
    path = _address(ft, "--new")
    response = _calendar_program().get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = _events(response.content)
    ft("export", "--ics", "-o", str(tmp_path / "steps.ics"))
    export = _events((tmp_path / "steps.ics").read_bytes())
    assert sorted(str(e["UID"]) for e in feed) == sorted(str(e["UID"]) for e in export)
    assert {str(e["UID"]): str(e["SUMMARY"]) for e in feed} == {str(e["UID"]): str(e["SUMMARY"]) for e in export}
    pending = [e for e in feed if "STATUS" not in e]
    assert len(pending) >= 5
    for event in pending:  # each pending step rings on its due day
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY", event


def test_a_calendar_program_asking_again_gets_304_until_the_plan_changes(demo_web: WebClient, db: str) -> None:
    ft = Cli(db)
    path = _address(ft, "--new")
    program = _calendar_program()
    first = program.get(path)
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)
    again = program.get(path, HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    step = json.loads(ft("agenda", "--as-of", "2026-11-18", "--json").stdout)["steps"][0]["id"]
    ft("done", step)
    changed = program.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    settled = next(e for e in _events(changed.content) if str(e["UID"]) == f"{step}@followthrough")
    assert str(settled["STATUS"]) == "CANCELLED" and not settled.walk("VALARM")


def test_the_address_opens_the_feed_and_nothing_else(demo_web: WebClient, db: str) -> None:
    ft = Cli(db)
    path = _address(ft, "--new")
    secret = path.removeprefix("/calendar/").removesuffix(".ics")
    program = _calendar_program()
    assert program.get(path).status_code == 200
    assert "Set-Cookie" not in program.get(path).headers, "no session is made for the feed"
    for elsewhere in ("/", f"/?token={secret}", "/applications/", f"{path}/", f"/statistics/?next={path}"):
        assert program.get(elsewhere).status_code == 403, elsewhere
    assert program.post(path).status_code == 405


def test_a_wrong_old_or_revoked_address_is_a_404_that_says_nothing(
    demo_web: WebClient, db: str, caplog: pytest.LogCaptureFixture
) -> None:
    ft = Cli(db)
    program = _calendar_program()
    never = "/calendar/" + "A" * 43 + ".ics"
    assert program.get(never).status_code == 404, "the feed is off until an address is made"
    old = _address(ft, "--new")
    new = _address(ft, "--new")
    assert new != old
    assert program.get(new).status_code == 200
    ft("calendar-url", "--off")
    caplog.set_level(logging.INFO)
    answers = [program.get(p) for p in (old, new, never, "/calendar/x.ics")]
    assert {(a.status_code, a.content) for a in answers} == {(404, b"Not found.\n")}
    secrets = {p.removeprefix("/calendar/").removesuffix(".ics") for p in (old, new, never)}
    assert not any(s in caplog.text for s in secrets), "the secret tried is not logged"


def test_calendar_url_prints_the_same_address_until_a_new_one(db: str) -> None:
    ft = Cli(db)
    off = ft("calendar-url", code=2)
    assert off.output.count("\n") == 1 and "calendar-url --new" in off.output
    made = ft("calendar-url", "--new").stdout.strip()
    assert made.startswith("http://127.0.0.1:8765/calendar/"), "the default port when serve was never given one"
    assert ft("calendar-url").stdout.strip() == made
    assert ft("calendar-url", "--port", "9001").stdout.strip() == made.replace(":8765/", ":9001/")
    refused = ft("calendar-url", "--new", "--off", code=2)
    assert "choose one" in refused.output and ft("calendar-url").stdout.strip() == made, "nothing changed"
    assert "The calendar feed is off." in ft("calendar-url", "--off").stdout
    assert "already off" in ft("calendar-url", "--off").stdout
    ft("calendar-url", code=2)


def test_calendar_url_names_the_port_serve_was_last_given(db: str) -> None:
    from followthrough.services.files.calendar_feed import remember_port

    ft = Cli(db)
    ft("calendar-url", "--new")
    remember_port(9123)  # what 'serve --port 9123' does
    assert ft("calendar-url").stdout.startswith("http://127.0.0.1:9123/calendar/")


def test_the_secret_is_in_no_export(demo_web: WebClient, db: str, tmp_path: Path) -> None:
    ft = Cli(db)
    secret = _address(ft, "--new").removeprefix("/calendar/").removesuffix(".ics")
    for option in ("--json", "--ics", "--csv", "--vcard"):
        out = tmp_path / f"export{option}"
        ft("export", option, "-o", str(out))
        assert secret not in out.read_text(), option


def _shown(web: WebClient) -> str | None:
    found = re.search(r'id="c_url" readonly value="([^"]+)"', web.get("/settings/").content.decode())
    return found.group(1) if found else None


def test_the_settings_page_shows_the_address_with_a_new_one_and_off(demo_web: WebClient, db: str) -> None:
    ft = Cli(db)
    page = demo_web.get("/settings/").content.decode()
    assert "The feed is off" in page and _shown(demo_web) is None
    made = demo_web.follow(demo_web.post("/settings/calendar/new", {}, page="/settings/"))
    assert "A new calendar address" in made
    shown = _shown(demo_web)
    assert shown == ft("calendar-url", "--port", "80").stdout.strip().replace(":80/", "/")  # the page's own host
    demo_web.follow(demo_web.post("/settings/calendar/new", {}, page="/settings/"))
    renewed = _shown(demo_web)
    assert renewed and renewed != shown
    program = _calendar_program()
    assert program.get(shown.split("127.0.0.1", 1)[1]).status_code == 404
    assert program.get(renewed.split("127.0.0.1", 1)[1]).status_code == 200
    off = demo_web.follow(demo_web.post("/settings/calendar/off", {}, page="/settings/"))
    assert "The calendar feed is off." in off and _shown(demo_web) is None
    assert program.get(renewed.split("127.0.0.1", 1)[1]).status_code == 404


def test_a_refused_request_changes_nothing(demo_web: WebClient, db: str) -> None:
    ft = Cli(db)
    made = ft("calendar-url", "--new").stdout
    assert demo_web.get("/settings/calendar/new").status_code == 405
    assert demo_web.get("/settings/calendar/off").status_code == 405
    forged = _calendar_program().post("/settings/calendar/off")  # no session: the gate refuses it
    assert forged.status_code == 403
    assert demo_web.client.post("/settings/calendar/new").status_code == 403, "no CSRF token"
    assert ft("calendar-url").stdout == made
    assert TOKEN  # the web session above is a launched one
