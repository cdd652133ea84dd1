"""Hostile input, case by case (issue 9): the edges of the calendar, numbers and strings no
database or file can hold, time zones that are folders, ids a URL should never carry,
files that never end. Each gets one line and exit 2 (a 400 or 404 page on the web) and
changes nothing, or is accepted and restores from its backup identically."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.hostile_support import Restore, run, settled, snapshot
from tests.test_web import WebClient, web_session

BASE: dict[str, Any] = {
    "format": "followthrough/1",
    "profile": {"name": "Jordan Rivera", "email": "jordan@example.org", "timezone": "America/Chicago"},
    "applications": [
        {
            "id": "globex",
            "company": "Globex",
            "role": "Analyst",
            "contacts": [{"key": "ann", "name": "Ann Lee", "role": "hiring_officer", "email": "ann@globex.com"}],
            "events": [{"type": "interview", "on": "2026-11-03", "with": ["ann"]}],
        }
    ],
}


@pytest.fixture
def seeded(ft: Cli) -> Cli:
    ft("profile", "set", "--name", "Jordan Rivera", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    return ft


@pytest.fixture
def restore(seeded: Cli, tmp_path: Path, request: pytest.FixtureRequest, another_db: str) -> Restore:
    sqlite = "://" not in seeded.location
    template = request.getfixturevalue("sqlite_template") if sqlite else None
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return Restore(seeded.location, another_db, template, scratch)


def _refused(ft: Cli, *args: str) -> str:
    """The command refuses with one line and leaves the database as it was."""
    before = snapshot(ft.location)
    result = run(ft.location, *args)
    assert not settled(result, args), f"accepted: {args}"
    assert snapshot(ft.location) == before
    return str(result.stderr)


def _document(path: list[Any], value: Any) -> dict[str, Any]:
    doc = json.loads(json.dumps(BASE))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


def _write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content)
    return str(path)


# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_a_date_outside_1900_to_2200_is_refused_where_it_enters(seeded: Cli, tmp_path: Path, day: str) -> None:
    assert "outside the dates accepted" in _refused(seeded, "add", "Initech", "Analyst", "--applied-on", day)
    _refused(seeded, "interview", "acme", "--on", day, "--with", "ann")
    _refused(seeded, "respond", "acme", "--outcome", "not_decided", "--by", day)
    _refused(seeded, "agenda", "--as-of", day)
    for where in (["applications", 0, "applied_on"], ["applications", 0, "events", 0, "on"]):
        line = _refused(seeded, "import", _write(tmp_path, "d.json", json.dumps(_document(where, day))))
        assert "$.applications[0]" in line and "outside the dates accepted" in line
    csv = _write(tmp_path, "d.csv", f"company,role,applied_on\r\nInitech,Analyst,{day}\r\n")
    assert "row 2" in _refused(seeded, "import", csv)
    stamp = day.replace("-", "") + "T150000Z"
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u@acme.com\r\n"
        f"DTSTART:{stamp}\r\nSUMMARY:Interview at Acme Corp\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert "line 6" in _refused(seeded, "import", _write(tmp_path, "d.ics", ics), "--application", "acme")


def test_the_first_and_last_days_accepted_are_accepted_and_restore(
    seeded: Cli, restore: Restore, tmp_path: Path
) -> None:
    seeded("add", "Initech", "Analyst", "--id", "initech", "--applied-on", "1900-01-01")
    seeded.contact("initech", "Bo Park", "hiring_officer", key="bo")
    # Typed, an interview more than a year ahead is taken for a typo and refused; a file
    # may still hold the last day.
    assert "more than a year ahead" in _refused(seeded, "interview", "initech", "--on", "2200-12-31", "--with", "bo")
    app = json.loads(seeded("export", "--json").stdout)["applications"][1]
    app["events"] = [
        {"type": "interview", "on": "2200-12-31", "with": ["bo"]},
        {"type": "debrief", "on": "2200-12-31", "timeframe": "two weeks"},
    ]
    seeded("import", _write(tmp_path, "last.json", json.dumps({"format": "followthrough/1", "applications": [app]})))
    assert settled(run(seeded.location, "plan", "initech"))
    restore.check("the last day")


@pytest.mark.parametrize("said", ["99999999999999999999 weeks", "9" * 5000 + " business days", "by 9999-12-31"])
def test_a_timeframe_beyond_the_calendar_is_kept_unread_not_a_crash(seeded: Cli, restore: Restore, said: str) -> None:
    seeded("debrief", "acme", "--on", "2026-11-03", "--timeframe", said)
    shown = seeded("show", "acme").stdout
    assert "not understood" in shown
    assert settled(run(seeded.location, "agenda", "--as-of", "2026-12-01", "--json"))
    restore.check(said)


# -- the exchange format -------------------------------------------------------------------


# Written into the file as they stand: JSON that json.dumps would never write.
RAW = {
    "BIG": "1" * 5000,
    "NaN": "NaN",
    "-Infinity": "-Infinity",
    "1e999": "1e999",
    "SURROGATE": '"a\\ud800b"',
    "NUL": '"a\\u0000b"',
}


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        (["applications", 0, "x-big"], "BIG", "digits"),
        (["applications", 0, "x-nan"], "NaN", "not a number"),
        (["applications", 0, "x-inf"], "-Infinity", "not a number"),
        (["applications", 0, "x-huge"], "1e999", "too large"),
        (["applications", 0, "company"], "SURROGATE", "surrogate"),
        (["applications", 0, "x-note"], "SURROGATE", "surrogate"),
        (["applications", 0, "x-nul"], "NUL", "NUL"),
        (["applications", 0, "events", 0, "with"], [[1]], "$.applications[0].events[0].with[0]"),
        (["applications", 0, "events", 0, "with"], [{"a": 1}], "expected a contact key"),
        (["profile", "timezone"], "America", "unknown time zone"),
        (["profile", "timezone"], "A" * 5000, "unknown time zone"),
        (["profile", "timezone"], "America/../Europe/Paris", "unknown time zone"),
        (["applications", 0, "id"], "javascript:alert(10)", "$.applications[0].id"),
        (["applications", 0, "id"], "Acme", "lower-case letters"),
        (["applications", 0, "contacts", 0, "emails"], 5, "$.applications[0].contacts[0].emails"),
        (["applications", 0, "contacts", 0, "phone_types"], ["cell"], "phone_types"),
        (["applications", 0, "contacts", 0, "name_parts"], {"given": 7}, "name_parts.given"),
        (["applications", 0, "contacts", 0, "organization"], "Acme\nBcc: x@y.z", "organization"),
        (["applications", 0, "events", 0, "ical_sequence"], "abc", "ical_sequence"),
        (["applications", 0, "events", 0, "ical_sequence"], -1, "ical_sequence"),
        (["applications", 0, "events", 0, "ical_sequence"], True, "ical_sequence"),
        (["applications", 0, "events", 0, "ical_uid"], ["u"], "ical_uid"),
    ],
)
def test_a_file_the_product_could_not_hold_is_refused_with_its_json_path(
    seeded: Cli, tmp_path: Path, where: list[Any], value: Any, expected: str
) -> None:
    raw = RAW.get(value) if isinstance(value, str) else None
    text = json.dumps(_document(where, "@@@" if raw else value)).replace('"@@@"', raw or '"@@@"')
    line = _refused(seeded, "import", _write(tmp_path, "bad.json", text))
    assert expected in line


def test_fields_the_product_reads_are_read_back_and_unknown_ones_pass_untouched(
    seeded: Cli, tmp_path: Path, restore: Restore
) -> None:
    doc = _document(["applications", 0, "x-later"], {"nested": [1, 2.5, "s", None, True], "é": "\u2028"})
    contact = doc["applications"][0]["contacts"][0]
    contact |= {"emails": ["ann.lee@globex.com"], "phone_types": {"+1 555 0100": "cell"}, "phone": "+1 555 0100"}
    contact |= {"name_parts": {"given": "Ann", "family": "Lee", "suffix": "PhD"}, "organization": "Globex Labs"}
    doc["applications"][0]["events"][0] |= {"ical_uid": "u1@globex.com", "ical_sequence": 3, "x-seen": 1.5}
    seeded("import", _write(tmp_path, "good.json", json.dumps(doc)))
    exported = json.loads(seeded("export", "--json").stdout)
    globex = next(a for a in exported["applications"] if a["id"] == "globex")
    assert globex["x-later"] == {"nested": [1, 2.5, "s", None, True], "é": "\u2028"}
    cards = seeded("export", "--vcard", "--application", "globex").stdout
    assert "ann.lee@globex.com" in cards and "TYPE=CELL" in cards and "PhD" in cards and "Globex Labs" in cards
    older = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u1@globex.com\r\n"
        "SEQUENCE:2\r\nDTSTART:20261105T150000Z\r\nSUMMARY:Interview at Globex\r\n"
        "ORGANIZER;CN=Ann Lee:mailto:ann.lee@globex.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert "unchanged" in seeded("import", _write(tmp_path, "old.ics", older), "--application", "globex").stdout
    restore.check("unknown fields")


# -- the other importers -------------------------------------------------------------------


def test_a_grouped_vcard_property_is_read_as_the_property(seeded: Cli, tmp_path: Path, restore: Restore) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Diaz\r\nN:Diaz;Cy;;;\r\nitem1.TEL;type=CELL:+1 555 0199\r\n"
        "item1.X-ABLabel:mobile\r\nitem2.EMAIL;type=INTERNET:cy@acme.com\r\nEND:VCARD\r\n"
    )
    seeded("import", _write(tmp_path, "cy.vcf", card), "--application", "acme", "--role", "inside_contact")
    cards = seeded("export", "--vcard", "--application", "acme").stdout
    assert "cy@acme.com" in cards and "+1 555 0199" in cards
    bad = card.replace("+1 555 0199", "call the desk")
    assert "line 5" in _refused(seeded, "import", _write(tmp_path, "bad.vcf", bad), "--application", "acme")
    restore.check("a grouped vCard")


@pytest.mark.parametrize("sequence", ["9" * 5000, "²", "-1", "4294967296"])
def test_a_calendar_sequence_that_is_no_number_is_refused(seeded: Cli, tmp_path: Path, sequence: str) -> None:
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u@acme.com\r\n"
        f"SEQUENCE:{sequence}\r\nDTSTART:20261110T150000Z\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert "SEQUENCE" in _refused(seeded, "import", _write(tmp_path, "s.ics", ics), "--application", "acme")


@pytest.mark.parametrize(
    "row",
    ["javascript:alert(10),Initech,Analyst", 'ok-id,Initech,"Ana\u2028lyst"', 'ok-id,"=?utf-8?b?QQ==?=",Analyst'],
)
def test_a_spreadsheet_row_the_exchange_format_would_refuse_is_refused(seeded: Cli, tmp_path: Path, row: str) -> None:
    assert "row 2" in _refused(seeded, "import", _write(tmp_path, "t.csv", f"id,company,role\r\n{row}\r\n"))


def test_the_cli_holds_ids_to_the_same_rule_as_an_import(seeded: Cli) -> None:
    assert "lower-case letters" in _refused(seeded, "add", "Initech", "Analyst", "--id", "javascript:alert(10)")
    _refused(seeded, "add", "Initech", "Analyst", "--id", "a" * 101)
    long = seeded("add", "Initech " * 40, "Analyst " * 40).stdout.strip()
    assert len(long) <= 100 and long == long.lower()


# -- files that are not files ---------------------------------------------------------------


def test_an_import_reads_regular_files_of_a_sane_size_only(seeded: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert "not a regular file (a pipe)" in _refused(seeded, "import", str(fifo))
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    assert "not a regular file (a device)" in _refused(seeded, "import", str(zero))
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    _refused(seeded, "import", str(folder))
    from followthrough.interop.files import MAX_IMPORT_BYTES

    for suffix in (".json", ".csv", ".ics", ".vcf"):
        big = tmp_path / f"big{suffix}"
        with big.open("wb") as file:
            file.truncate(MAX_IMPORT_BYTES + 1)  # sparse: no disk used
        extra = ["--application", "acme"] if suffix == ".vcf" else []
        assert "more than the 50,000,000 bytes" in _refused(seeded, "import", str(big), *extra)


# -- the command line itself -----------------------------------------------------------------


def test_arguments_that_are_not_utf8_and_time_zones_that_are_folders_are_refused(seeded: Cli) -> None:
    assert "not UTF-8" in _refused(seeded, "add", "Acme\udcff", "Analyst")
    assert "not UTF-8" in _refused(seeded, "show", "acme\udcff")
    assert "unknown time zone" in _refused(seeded, "profile", "set", "--timezone", "America")
    assert "unknown time zone" in _refused(seeded, "profile", "set", "--timezone", "Europe/" + "x" * 5000)


def test_a_postgresql_password_is_never_printed(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from followthrough.cli import web

    class Server:
        effective_port = 8765

        def run(self) -> None:
            raise KeyboardInterrupt

        def close(self) -> None:
            return None

    monkeypatch.setattr(web, "_server", lambda port, explicit: Server())
    from urllib.parse import urlsplit

    scheme, rest = postgres_url.split("://", 1)
    secret = urlsplit(postgres_url).password or "s3cret-Pa55"
    with_password = (  # CI's server checks passwords: keep its own; trust auth takes any
        postgres_url if urlsplit(postgres_url).password else f"{scheme}://{rest.replace('@', f':{secret}@', 1)}"
    )
    served = run(with_password, "serve", "--no-browser", "--no-reminders")
    assert served.exit_code == 0 and "followthrough is serving" in served.output
    assert secret not in served.output and ":***@" in served.output
    unreachable = run(f"postgresql://jordan:{secret}@127.0.0.1:1/none", "list")
    assert not settled(unreachable) and secret not in unreachable.output


# -- the web app -----------------------------------------------------------------------------


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def test_the_web_answers_hostile_requests_with_400_or_404_never_500(seeded: Cli, web: WebClient) -> None:
    before = snapshot(seeded.location)
    for path in ("/static/app.css%00", "/static/%00", "/static/..%00/x", "/steps/%00abcdef/draft"):
        assert web.get(path).status_code == 404, path
    assert web.get("/?as_of=9999-12-31").status_code == 302
    preview = web.get("/applications/acme/debrief/preview?timeframe=two+weeks&on=9999-12-31")
    assert preview.status_code == 200
    page = "/applications/acme/"
    for day in ("0001-01-01", "9999-12-31", "2201-01-01"):
        assert web.post(f"{page}interviews", {"on": day, "interviewers": ["ann"]}, page).status_code == 400
        added = web.post("/applications/", {"company": "Initech", "role": "R", "applied_on": day}, "/applications/")
        assert added.status_code == 400
    for zone in ("America", "x" * 64, "Etc/../../etc/passwd"):
        assert web.post("/settings/", {"name": "J", "timezone": zone}, "/settings/").status_code == 400
    said = {"on": "2026-11-03", "timeframe": "99999999999999999999 weeks", "preview": "1"}
    assert web.post(f"{page}debrief", said, f"{page}debrief").status_code == 200
    assert snapshot(seeded.location) == before


def test_the_fast_paths_leave_bytes_that_are_not_utf8_to_the_full_command(sqlite_db: str) -> None:
    from tests.conftest import run_followthrough

    ft = Cli(sqlite_db)
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    step = json.loads(ft("plan", "acme", "--json").stdout)["steps"][0]["id"]
    before = snapshot(sqlite_db)
    for args in (
        ["done", step + "\udcff"],
        ["skip", step, "--note", "a\udcffb"],
        ["agenda", "--as-of", "2026-11-0\udcff"],
    ):
        refused = run_followthrough("--db", sqlite_db, *args, code=2)
        assert refused.stderr.startswith("Error: argument") and len(refused.stderr.splitlines()) == 1
    assert snapshot(sqlite_db) == before


def test_a_date_an_older_version_stored_outside_the_range_is_one_line_not_a_traceback(seeded: Cli) -> None:
    from followthrough.store.models import Event

    payload = {"type": "interview", "on": "1850-01-01", "with": ["ann"]}
    Event.objects.filter(application__slug="acme").update(on="1850-01-01", payload=payload)
    for command in (["plan", "acme"], ["export", "--json"]):
        result = run(seeded.location, *command)
        assert not settled(result, command) and "outside the dates accepted" in result.stderr
