"""Every correction the command line makes, in the browser too: replace the hiring officer
in one step, rename an application's id, and edit every answer of a debrief. Each is one
transaction; a refused request changes nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session
from tests.test_web_corrections import PAGE, SLUG, _case_a, _dump, _events

NEW = "acme-analytics"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _contacts(ft: Cli) -> dict[str, str]:
    """Each person's name and part, as an export gives them."""
    exported = json.loads(ft("export").stdout)["applications"]
    return {c["name"]: c["role"] for a in exported if a["id"] == SLUG for c in a["contacts"]}


def test_the_hiring_officer_is_replaced_in_one_step_and_the_old_one_stays_an_interviewer(
    web: WebClient, ft: Cli
) -> None:
    _case_a()
    html = web.get(PAGE).content.decode()
    assert "Replace the hiring officer" in html and "Replace Ann Lee" in html
    fields = {"name": "Dee Fox", "title": "Head of Data", "email": "dee@acme.example"}
    page = web.follow(web.post(f"{PAGE}hiring-officer", fields, PAGE))
    assert "Dee Fox is now the hiring officer" in page and "Ann Lee stays on the application as an interviewer" in page
    assert _contacts(ft) == {
        "Ann Lee": "interviewer",
        "Bo Park": "interviewer",
        "Cy Diaz": "inside_contact",
        "Dee Fox": "hiring_officer",
    }
    assert "Replace Dee Fox" in page  # the form now names who is on file
    assert "contact ann edited" in ft("journal").stdout  # who she was is kept


def test_a_refused_replacement_changes_nothing(web: WebClient, ft: Cli) -> None:
    _case_a()
    before = _dump(ft)
    refused = web.post(f"{PAGE}hiring-officer", {"name": "Dee Fox", "email": "dee at acme"}, PAGE)
    assert refused.status_code == 400 and "e-mail" in refused.content.decode().lower()
    empty = web.post(f"{PAGE}hiring-officer", {"name": " "}, PAGE)
    assert empty.status_code == 400
    assert _dump(ft) == before


def test_an_application_is_renamed_from_its_edit_page_and_its_plan_follows(web: WebClient, ft: Cli) -> None:
    _case_a()
    steps_before = [s["kind"] for s in json.loads(ft("plan", SLUG, "--json").stdout)["steps"]]
    form = web.get(f"{PAGE}edit").content.decode()
    assert f'name="new_id" maxlength="200" spellcheck="false" autocapitalize="none" value="{SLUG}"' in form
    fields = {"company": "Acme Corp", "role": "Data Analyst", "new_id": NEW}
    response = web.post(f"{PAGE}edit", fields, f"{PAGE}edit")
    assert response["Location"] == f"/applications/{NEW}/"
    page = web.follow(response)
    assert f"Its id is now {NEW}" in page and "<h1>Acme Corp" in page
    assert web.get(PAGE).status_code == 404
    plan = json.loads(ft("plan", NEW, "--json").stdout)["steps"]
    assert [s["kind"] for s in plan] == steps_before


def test_a_rename_to_a_taken_id_is_refused_and_changes_nothing(web: WebClient, ft: Cli) -> None:
    _case_a()
    ft("add", "Beta Labs", "Engineer")
    before = _dump(ft)
    fields = {"company": "Acme Inc", "role": "Data Analyst", "new_id": "beta-labs-engineer"}
    refused = web.post(f"{PAGE}edit", fields, f"{PAGE}edit")
    html = refused.content.decode()
    assert refused.status_code == 400 and "another application has that id" in html and "choose another id" in html
    bad = web.post(f"{PAGE}edit", {**fields, "new_id": "Not An Id!"}, f"{PAGE}edit")
    assert bad.status_code == 400
    assert _dump(ft) == before


def _fingerprint(html: str) -> str:
    """The edit form's fingerprint (an Undo offered on the page carries one of its own)."""
    form = html[html.rfind("<form", 0, html.index('id="ev_on"')) :]
    found = re.search(r'name="fingerprint" value="([0-9a-f]+)"', form)
    assert found
    return found.group(1)


def test_every_answer_of_a_debrief_is_edited_on_the_web(web: WebClient, ft: Cli) -> None:
    _case_a()
    edit = f"{PAGE}events/2/edit"
    form = web.get(edit).content.decode()
    for label in (
        "Are you being considered?",
        "Did you get the hiring officer&#x27;s business card?",
        "May you follow up with a phone call?",
        "Did you say plainly that you want the job?",
    ):
        assert label in form, label
    fields = {
        "fingerprint": _fingerprint(form),
        "on": "2026-11-03",
        "timeframe": "two weeks",
        "how_did_i_do": "Went well",
        "considered": "yes",
        "card": "yes",
        "call_permission": "asked_not_to_call",
        "stated_interest": "no",
    }
    page = web.follow(web.post(edit, fields, edit))
    assert "Saved the debrief of Tue 03 Nov 2026." in page
    assert "Being considered: Yes" in page and "Got the hiring officer&#x27;s card" in page
    assert "Did not say I want the job" in page and "They asked me not to call" in page
    debrief = _events(ft)[1]
    assert debrief["considered"] == "yes" and debrief["card"] is True and debrief["stated_interest"] is False
    assert debrief["call_permission"] == "asked_not_to_call"
    again = web.get(edit).content.decode()
    assert '<option value="no" selected>No</option>' in again  # stated interest shown as saved
    # "Not recorded" takes an answer out.
    cleared = {**fields, "fingerprint": _fingerprint(again), "card": "", "stated_interest": ""}
    web.follow(web.post(edit, cleared, edit))
    debrief = _events(ft)[1]
    assert "card" not in debrief and "stated_interest" not in debrief and debrief["considered"] == "yes"


def test_an_answer_not_offered_is_refused_and_changes_nothing(web: WebClient, ft: Cli) -> None:
    _case_a()
    edit = f"{PAGE}events/2/edit"
    before = _dump(ft)
    fields = {"fingerprint": _fingerprint(web.get(edit).content.decode()), "on": "2026-11-03", "considered": "maybe"}
    refused = web.post(edit, {**fields, "timeframe": "two weeks"}, edit)
    assert refused.status_code == 400 and "Choose one of the answers offered" in refused.content.decode()
    assert _dump(ft) == before
