"""How the drafts greet people (issue 20, defect 12): each contact has a salutation
("Ann", "Dr. Lee"), by default their first name, never their full name. Set from the
command line, the web's contact forms, the exchange document and a tracker's CSV."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.hostile_support import snapshot
from tests.test_web import WebClient, web_session

APP = "/applications/acme/"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _search(ft: Cli) -> None:
    ft("profile", "set", "--name", "Jo Doe", "--timezone", "UTC")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.example")
    ft.contact("acme", "Bo Park", "interviewer", key="bo", salutation="Dr. Park")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann", "--with", "bo")


def _steps(ft: Cli) -> dict[tuple[str, str | None], str]:
    """(kind, contact) -> the id of its first pending step."""
    found: dict[tuple[str, str | None], str] = {}
    for step in json.loads(ft("plan", "acme", "--json").stdout)["steps"]:
        if step["status"] == "pending":
            found.setdefault((step["kind"], step["contact"]), step["id"])
    return found


def test_drafts_greet_by_salutation_and_else_by_first_name(ft: Cli) -> None:
    _search(ft)
    steps = _steps(ft)
    assert "\nDear Ann,\n" in ft("draft", steps[("thank_you_note", "ann")]).stdout
    assert "\nDear Dr. Park,\n" in ft("draft", steps[("thank_you_note", "bo")]).stdout
    assert '"Hello Ann, this is Jo Doe.' in ft("draft", steps[("call_hiring_officer", "ann")]).stdout
    assert "\nDear Ann,\n" in ft("draft", steps[("email_hiring_officer", "ann")]).stdout
    assert "greeted as Dr. Park" in ft("show", "acme").stdout
    ft("contact", "edit", "acme", "ann", "--salutation", "Ms. Lee")
    assert "\nDear Ms. Lee,\n" in ft("draft", steps[("thank_you_note", "ann")]).stdout
    assert '"Hello Ms. Lee, this is' in ft("draft", steps[("call_hiring_officer", "ann")]).stdout
    ft("contact", "edit", "acme", "ann", "--salutation", "")  # back to the first name
    assert "\nDear Ann,\n" in ft("draft", steps[("thank_you_note", "ann")]).stdout


def test_a_salutation_on_two_lines_is_refused_naming_the_option_and_changes_nothing(ft: Cli) -> None:
    _search(ft)
    before = snapshot(ft.location)
    result = ft("contact", "edit", "acme", "ann", "--salutation", "Dear\nAnn", code=2)
    assert "--salutation" in result.output
    adding = ("contact", "add", "acme", "--name", "Cy Diaz", "--role", "inside_contact")
    result = ft(*adding, "--salutation", "C\ny", code=2)
    assert "--salutation" in result.output
    assert snapshot(ft.location) == before


def test_the_exchange_document_carries_a_salutation_and_gives_it_back_unchanged(
    ft: Cli, another_db: str, tmp_path: Path
) -> None:
    _search(ft)
    backup = ft("export", "--json").stdout
    contacts = {c["key"]: c for c in json.loads(backup)["applications"][0]["contacts"]}
    assert contacts["bo"]["salutation"] == "Dr. Park"
    assert "salutation" not in contacts["ann"]  # the default is not written out
    path = tmp_path / "backup.json"
    path.write_text(backup)
    restored = Cli(another_db)
    restored("import", str(path))
    assert restored("export", "--json").stdout == backup
    bo = _steps(restored)[("thank_you_note", "bo")]
    assert "\nDear Dr. Park,\n" in restored("draft", bo).stdout


def test_a_trackers_salutation_column_greets_its_contact(ft: Cli, tmp_path: Path) -> None:
    ft("profile", "set", "--name", "Jo Doe", "--timezone", "UTC")
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,Contact,Email,Salutation\nAcme Corp,Data Analyst,Ann Lee,ann@acme.example,Dr. Lee\n")
    ft("import", str(path))
    contact = json.loads(ft("export", "--json").stdout)["applications"][0]["contacts"][0]
    assert contact["name"] == "Ann Lee" and contact["salutation"] == "Dr. Lee"


def test_the_web_contact_forms_set_the_salutation_and_the_draft_page_uses_it(ft: Cli, web: WebClient) -> None:
    _search(ft)
    form = web.get(f"{APP}contacts/ann/edit").content.decode()
    assert '<label for="k_salutation">Greet them as' in form and "the drafts say “Dear Ann,”" in form
    fields = {"name": "Ann Lee", "role": "hiring_officer", "email": "ann@acme.example", "salutation": "Dr. Lee"}
    web.follow(web.post(f"{APP}contacts/ann/edit", fields, APP))
    page = web.get(f"/steps/{_steps(ft)[('thank_you_note', 'ann')]}/draft").content.decode()
    assert "Dear Dr. Lee," in page and "Dear Ann Lee," not in page
    assert '<label for="c_salutation">Greet them as' in web.get(APP).content.decode()
    web.follow(web.post(f"{APP}contacts", {"name": "Cy Diaz", "role": "inside_contact", "salutation": "Cyrus"}, APP))
    assert "greeted as Cyrus" in ft("show", "acme").stdout
