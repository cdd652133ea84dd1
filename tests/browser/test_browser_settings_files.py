"""Settings and Files in a real browser: the SMTP server (on a machine without a keyring,
the page says which variable to set), a draft template edited with its live preview and
reset, an application's mail domains, and a file uploaded, previewed and imported; a bad
file refused with nothing changed; every export downloaded and read. axe-core checks
each new page."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server, axe_violations

SLUG = "acme-corp-data-analyst"
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


@pytest.fixture(autouse=True)
def headless(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The server runs as on CI: no system keyring, uploads in a folder of the test's."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("FOLLOWTHROUGH_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("FOLLOWTHROUGH_UPLOAD_DIR", str(tmp_path / "uploads"))
    yield


def _case(server: Server) -> None:
    server.cli("add", "Acme Corp", "Data Analyst")
    server.cli("contact", "add", SLUG, "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    server.cli("interview", SLUG, "--on", "2026-11-03", "--with", "ann")


def test_smtp_settings_and_the_digest_time(page: Any, server: Server) -> None:
    page.goto(f"{server.base}/settings/")
    assert not axe_violations(page)
    smtp = page.locator("#smtp-server")
    assert smtp.get_by_text("FOLLOWTHROUGH_SMTP_PASSWORD=…").count() == 1  # no keyring here: the variable instead
    assert smtp.locator("input[type=password]").count() == 0
    smtp.get_by_label("Server", exact=True).fill("smtp.example.org")
    smtp.get_by_label("Encryption", exact=True).select_option("ssl")
    smtp.get_by_label("Login name").fill("jordan")
    smtp.get_by_role("button", name="Use this SMTP server").click()
    page.get_by_role("status").filter(has_text="Outgoing mail (SMTP) saved: smtp.example.org:465 (ssl).").wait_for()
    assert "smtp.example.org:465 ssl, user jordan, password not set" in server.cli("profile", "smtp")
    assert page.get_by_role("button", name="Test the SMTP connection").count() == 1
    smtp = page.locator("#smtp-server")
    smtp.get_by_label("Port").fill("99999")
    smtp.get_by_role("button", name="Use this SMTP server").click()
    page.get_by_role("alert").filter(has_text="not a TCP port").wait_for()
    assert "smtp.example.org:465 ssl" in server.cli("profile", "smtp")
    page.get_by_label("Time of the daily digest").fill("07:45")
    page.get_by_role("button", name="Set the digest time").click()
    page.get_by_text("The daily digest now comes at 07:45 your time.").wait_for()
    assert "07:45" in server.cli("profile", "digest")
    assert not axe_violations(page)


def test_a_template_is_edited_with_its_live_preview_and_reset(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/settings/")
    page.get_by_role("link", name="Thank-you note").click()
    page.get_by_role("heading", name="Thank-you note wording").wait_for()
    assert not axe_violations(page)
    preview = page.locator("#template-preview")
    assert "Thank you for meeting with me" in preview.inner_text()
    page.get_by_label("Preview with").select_option(SLUG)
    preview.get_by_text("Acme Corp, Data Analyst: the step due Tue 03 Nov 2026").wait_for()
    editor = page.get_by_label("Template")
    editor.fill("Subject: Many thanks, {{ contact_first_name }}\n\nIt was a pleasure to meet at {{ company }}.\n")
    preview.get_by_text("Many thanks, Ann").wait_for()  # as typed, before any save
    assert "It was a pleasure to meet at Acme Corp." in preview.inner_text()
    editor.fill("Subject: x\n\n{% if %}\n")
    preview.get_by_role("alert").filter(has_text="line 3").wait_for()
    assert not axe_violations(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").filter(has_text="Nothing was saved.").wait_for()
    editor = page.get_by_label("Template")
    editor.fill("Subject: Many thanks, {{ contact_first_name }}\n\nIt was a pleasure.\n")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved your thank-you note").wait_for()
    step = next(s["id"] for s in json.loads(server.cli("plan", SLUG, "--json"))["steps"])
    assert "Subject: Many thanks, Ann" in server.cli("draft", step)
    page.get_by_role("button", name="Reset to the default").click()
    page.get_by_text("Thank-you note: back to the product's own wording.").wait_for()
    assert "Thank you for meeting with me" in server.cli("draft", step)


def test_the_company_mail_domains_are_edited(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/applications/{SLUG}/edit")
    field = page.get_by_label("Mail domains")
    field.fill("https://acme.example")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").filter(has_text="without http://").wait_for()
    assert "no domains" in server.cli("domains", SLUG)
    assert not axe_violations(page)
    page.get_by_label("Mail domains").fill("acme.example\ncareers.acme.example")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Mail domains: acme.example, careers.acme.example").wait_for()
    assert server.cli("domains", SLUG).strip().endswith("acme.example, careers.acme.example")


def test_upload_preview_confirm_and_a_bad_file_changes_nothing(page: Any, server: Server) -> None:
    _case(server)
    page.goto(f"{server.base}/files/")
    assert not axe_violations(page)
    before = server.cli("export")
    bad = json.dumps({**GLOBEX, "format": "followthrough/9"}).encode()
    chooser = page.locator("input[type=file]")  # labelled "File (.json backup, …)"
    chooser.set_input_files(files=[{"name": "bad.json", "mimeType": "application/json", "buffer": bad}])
    page.get_by_role("button", name="Preview the import").click()
    expect(chooser).to_have_accessible_description(re.compile(r"bad\.json: \$\.format"))  # beside the file
    assert server.cli("export") == before
    assert not axe_violations(page)
    good = json.dumps(GLOBEX).encode()
    chooser = page.locator("input[type=file]")
    chooser.set_input_files(files=[{"name": "globex.json", "mimeType": "application/json", "buffer": good}])
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Import globex.json?").wait_for()
    assert page.get_by_role("row", name="Applications 1 0 0").count() == 1
    assert server.cli("export") == before  # the preview saved nothing
    assert not axe_violations(page)
    page.get_by_role("button", name="Import globex.json").click()
    page.get_by_role("status").filter(has_text="Imported 1 application from globex.json.").wait_for()
    ids = [a["id"] for a in json.loads(server.cli("export"))["applications"]]
    assert ids == [SLUG, "globex-analyst"]


def test_every_export_is_downloaded_and_read(page: Any, server: Server, tmp_path: Path) -> None:
    _case(server)
    page.goto(f"{server.base}/files/")
    got: dict[str, tuple[str, str]] = {}
    for link in page.locator("ul.exports a").all():
        with page.expect_download() as waiting:
            link.click()
        download = waiting.value
        path = tmp_path / download.suggested_filename
        download.save_as(str(path))
        got[path.suffix + ("-todo" if "todo" in path.name else "")] = (path.name, path.read_text(encoding="utf-8"))
    assert sorted(got) == [".csv", ".ics", ".ics-todo", ".json", ".vcf"]
    assert json.loads(got[".json"][1]) == json.loads(server.cli("export"))
    assert [r["company"] for r in csv.DictReader(io.StringIO(got[".csv"][1]))] == ["Acme Corp"]
    assert "BEGIN:VEVENT" in got[".ics"][1] and "BEGIN:VTODO" in got[".ics-todo"][1]
    assert "FN:Ann Lee" in got[".vcf"][1]
    assert all(name.startswith("followthrough-") for name, _text in got.values())
