"""The Files page: upload a file, see the import's dry run, confirm, and the very bytes
uploaded are imported, all or nothing; a bad file is refused with nothing changed; every
export the CLI writes downloads with its type and file name. On both databases."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.test_ical import INVITE
from tests.test_web import WebClient, web_session
from tests.test_web_corrections import SLUG, _case_a
from tests.test_web_settings import everything

GLOBEX = {
    "format": "followthrough/1",
    "applications": [
        {
            "id": "globex-analyst",
            "company": "Globex",
            "role": "Analyst",
            "contacts": [{"key": "hank", "name": "Hank Scorpio", "role": "hiring_officer"}],
            "events": [{"type": "interview", "on": "2026-11-03", "with": ["hank"]}],
        }
    ],
}
CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee Ramos\r\nN:Ramos;Dee;;;\r\nTITLE:Team Lead\r\n"
    "EMAIL:dee@acme.example\r\nEND:VCARD\r\n"
)


@pytest.fixture
def uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "uploads"
    monkeypatch.setenv("FOLLOWTHROUGH_UPLOAD_DIR", str(where))
    return where


@pytest.fixture
def web(db: str, uploads: Path) -> Iterator[WebClient]:
    yield from web_session()


def _upload(web: WebClient, name: str, data: bytes, **fields: str) -> tuple[int, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = web.post("/files/import", {"file": SimpleUploadedFile(name, data), **fields}, "/files/")
    return response.status_code, response.content.decode()


def _token(page: str) -> str:
    found = re.search(r'name="token" value="([A-Za-z0-9_-]+)"', page)
    assert found, "no confirmation on the page"
    return found.group(1)


def _kept(uploads: Path) -> list[str]:
    return sorted(p.name for p in uploads.glob("*")) if uploads.exists() else []


def test_a_backup_is_previewed_then_imported_from_the_bytes_kept(web: WebClient, ft: Cli, uploads: Path) -> None:
    page = web.get("/files/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    before = everything()
    data = json.dumps(GLOBEX).encode()
    status, preview = _upload(web, "globex.json", data)
    assert status == 200 and "Import globex.json?" in preview
    assert "Would import 1 application from globex.json." in preview and "Imported" not in preview
    counts = re.findall(r"<th scope=\"row\">(\w+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", preview)
    assert counts == [("Applications", "1", "0", "0"), ("People", "1", "0", "0"), ("Events", "1", "0", "0")]
    assert everything() == before  # the dry run changed nothing
    assert len(_kept(uploads)) == 2 and (uploads / f"{_token(preview)}.data").read_bytes() == data
    done = web.follow(web.post("/files/import/confirm", {"token": _token(preview)}, "/files/"))
    assert "Imported 1 application from globex.json." in done
    plan = json.loads(ft("plan", "globex-analyst", "--json").stdout)
    assert [s["kind"] for s in plan["steps"]][:1] == ["thank_you_note"]
    assert _kept(uploads) == []  # used: gone
    again = web.post("/files/import/confirm", {"token": _token(preview)}, "/files/")
    assert again.status_code == 400 and "no longer here" in again.content.decode()


def test_the_preview_counts_what_a_backup_replaces(web: WebClient, ft: Cli) -> None:
    _case_a()
    document = json.loads(ft("export").stdout)
    document["applications"][0]["company"] = "Acme Inc"
    document["applications"][0]["events"] = document["applications"][0]["events"][:1]
    status, preview = _upload(web, "backup.json", json.dumps(document).encode())
    counts = re.findall(r"<th scope=\"row\">(\w+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", preview)
    assert status == 200 and counts[0] == ("Applications", "0", "1", "0") and counts[2] == ("Events", "0", "0", "1")
    assert "1 of them replacing those with the same id" in preview and "Also: profile" not in preview


def test_a_faulty_file_is_refused_naming_where_and_nothing_changes(web: WebClient, ft: Cli, uploads: Path) -> None:
    _case_a()
    before = everything()
    bad = json.loads(json.dumps(GLOBEX))
    bad["applications"][0]["events"][0]["on"] = "2026-13-45"
    cases = [
        ("bad.json", json.dumps(bad).encode(), {}, "bad.json: $.applications[0].events[0].on"),
        ("broken.json", b'{"format": "followthrough/1",\n "applications": [}', {}, "malformed JSON at line 2"),
        ("empty.csv", b"", {}, "empty.csv: the file is empty"),
        ("notes.txt", b"hello", {}, "unknown kind of file &#x27;.txt&#x27;"),
        ("cards.vcf", CARD.encode(), {}, "needs an application: whose contacts are they?"),
        ("cards.vcf", CARD.encode(), {"application": "nobody"}, "No application &#x27;nobody&#x27;"),
        ("t.csv", b"Company,Role\nInitech,Engineer\n", {"application": SLUG}, "An application goes with a .vcf"),
        ("t.csv", b"Employer,Position\nInitech,\n", {"map": "Employer=company\nPosition=role"}, "t.csv: row 2"),
        ("x.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", {}, "x.ics"),
    ]
    for name, data, fields, said in cases:
        status, page = _upload(web, name, data, **fields)
        assert status == 400 and said in page and "Traceback" not in page, (name, said, page[-2000:])
        assert 'aria-invalid="true"' in page and '<p class="field-error"' in page  # beside the input at fault
    assert everything() == before and _kept(uploads) == []
    assert web.post("/files/import", {}, "/files/").status_code == 400  # no file at all


def test_an_oversized_file_is_refused_before_it_is_kept(
    web: WebClient, ft: Cli, uploads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followthrough.interop import files
    from followthrough.services.files import file_import

    monkeypatch.setattr(files, "MAX_IMPORT_BYTES", 100)
    monkeypatch.setattr(file_import, "MAX_IMPORT_BYTES", 100)
    before = everything()
    status, page = _upload(web, "big.json", json.dumps(GLOBEX).encode())
    assert status == 400 and "more than the 100 bytes an import reads" in page
    assert everything() == before and _kept(uploads) == []


def test_an_upload_is_usable_only_by_its_own_session_and_only_for_a_while(
    web: WebClient, ft: Cli, uploads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followthrough.services.files import uploads as kept

    _status, preview = _upload(web, "globex.json", json.dumps(GLOBEX).encode())
    token = _token(preview)
    before = everything()
    other = WebClient()  # another browser that opened the launch link
    refused = other.post("/files/import/confirm", {"token": token}, "/files/")
    assert refused.status_code == 400 and "choose the file again" in refused.content.decode()
    for made_up in ["../../etc/passwd", str(uploads / f"{token}.data"), "x" * 43, ""]:
        assert web.post("/files/import/confirm", {"token": made_up}, "/files/").status_code == 400
    assert everything() == before and len(_kept(uploads)) == 2  # still there for its owner
    from followthrough import clock

    clock.pin(clock.now() + dt.timedelta(seconds=kept.KEEP_SECONDS + 1))
    expired = web.post("/files/import/confirm", {"token": token}, "/files/")
    assert expired.status_code == 400 and "expired after 30 minutes" in expired.content.decode()
    assert everything() == before and _kept(uploads) == []


def test_cancel_puts_the_file_away(web: WebClient, ft: Cli, uploads: Path) -> None:
    _status, preview = _upload(web, "globex.json", json.dumps(GLOBEX).encode())
    before = everything()
    done = web.follow(web.post("/files/import/cancel", {"token": _token(preview)}, "/files/"))
    assert "Not imported" in done and _kept(uploads) == [] and everything() == before


def test_a_spreadsheet_with_column_mappings(web: WebClient, ft: Cli) -> None:
    data = b"Employer,Position,Status,Source\nInitech,Engineer,applied,board\nUmbrella,Chemist,rejected,referral\n"
    status, preview = _upload(web, "tracker.csv", data, map="Employer=company\nPosition=role")
    assert status == 200 and "tracker.csv: 2 applications would be added, 0 updated." in preview
    assert "columns kept as notes on each application: Source" in preview
    done = web.follow(web.post("/files/import/confirm", {"token": _token(preview)}, "/files/"))
    assert "tracker.csv: 2 applications added, 0 updated." in done
    assert {r["company"] for r in csv.DictReader(io.StringIO(ft("export", "--csv").stdout))} == {"Initech", "Umbrella"}


def test_business_cards_and_an_invitation_for_an_application(web: WebClient, ft: Cli) -> None:
    _case_a()
    ft("profile", "set", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    status, preview = _upload(web, "dee.vcf", CARD.encode(), application=SLUG, role="inside_contact")
    assert status == 200 and f"dee.vcf: 1 contact would be added, 0 updated in {SLUG}." in preview
    web.follow(web.post("/files/import/confirm", {"token": _token(preview)}, "/files/"))
    contacts = {c["name"]: c for c in json.loads(ft("export").stdout)["applications"][0]["contacts"]}
    assert contacts["Dee Ramos"]["role"] == "inside_contact"
    invite = INVITE.replace("{sequence}", "0").replace("{start}", "20261110T150000").encode()
    status, preview = _upload(web, "invite.ics", invite, application=SLUG)
    assert status == 200 and f"invite.ics: interview would be added in {SLUG}." in preview
    web.follow(web.post("/files/import/confirm", {"token": _token(preview)}, "/files/"))
    events = json.loads(ft("export").stdout)["applications"][0]["events"]
    assert any(e["type"] == "interview" and e["on"] == "2026-11-10" for e in events)


def test_every_export_downloads_with_its_type_and_name(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from followthrough.web import views_files

    _case_a()
    ft("contact", "edit", SLUG, "ann", "--email", "ann@acme.example")
    monkeypatch.setattr(views_files, "local_today", lambda: dt.date(2026, 11, 20))
    expected = {
        "json": ("application/json", "followthrough-2026-11-20.json"),
        "csv": ("text/csv; charset=utf-8", "followthrough-2026-11-20-applications.csv"),
        "ics": ("text/calendar; charset=utf-8", "followthrough-2026-11-20-steps.ics"),
        "todo": ("text/calendar; charset=utf-8", "followthrough-2026-11-20-todo.ics"),
        "vcf": ("text/vcard; charset=utf-8", "followthrough-2026-11-20-contacts.vcf"),
    }
    page = web.get("/files/").content.decode()
    got = {}
    for what, (kind, name) in expected.items():
        assert f'href="/files/export/{what}"' in page
        response = web.get(f"/files/export/{what}")
        assert response.status_code == 200 and response["Content-Type"] == kind
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        got[what] = response.content.decode()
    assert json.loads(got["json"]) == json.loads(ft("export").stdout)
    assert [r["company"] for r in csv.DictReader(io.StringIO(got["csv"]))] == ["Acme Corp"]
    assert "BEGIN:VEVENT" in got["ics"] and "Ann Lee" in got["ics"] and "BEGIN:VTODO" not in got["ics"]
    assert "BEGIN:VTODO" in got["todo"]
    assert got["vcf"].count("BEGIN:VCARD") == 3 and "EMAIL" in got["vcf"] and "ann@acme.example" in got["vcf"]
    assert web.get("/files/export/passwords").status_code == 404
    # What was downloaded goes back in: the backup's dry run replaces the one application.
    _status, preview = _upload(web, "followthrough-2026-11-20.json", got["json"].encode())
    assert "Would import 1 application" in preview and "1 of them replacing those with the same id" in preview


def test_the_page_previews_exactly_what_the_cli_dry_run_says(web: WebClient, ft: Cli, tmp_path: Path) -> None:
    _case_a()
    document = json.loads(ft("export").stdout)
    document["applications"][0]["contacts"] = document["applications"][0]["contacts"][:3]
    document["applications"].append(GLOBEX["applications"][0])
    path = tmp_path / "both.json"
    path.write_text(json.dumps(document))
    said = ft("import", str(path), "--dry-run").stdout
    cli = re.findall(r"  (\w+): (\d+) added, (\d+) changed, (\d+) removed or replaced", said)
    _status, preview = _upload(web, "both.json", path.read_bytes())
    page = re.findall(r"<th scope=\"row\">(\w+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", preview)
    assert [c[1:] for c in cli] == [p[1:] for p in page] and len(page) == 3
    assert said.startswith(f"Dry run of {path}: nothing was changed.\nWould import 2 applications from")
    assert "Would import 2 applications from" in preview
