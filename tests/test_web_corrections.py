"""Correcting from the web app: edit and remove applications, people and events, delete
with a confirmation, and Undo right after a settle or an answer. On both databases."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session

SLUG = "acme-corp-data-analyst"
PAGE = f"/applications/{SLUG}/"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Today is ``day`` (noon UTC) in this process."""
    from followthrough import clock

    clock.pin(dt.datetime.combine(day, dt.time(12, 0), dt.UTC))


def _case_a() -> None:
    """Ann (hiring officer) and Bo interviewed on 11-03; two weeks promised."""
    from followthrough.core.model import ContactRole, Debrief, Interview
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    add_application("Acme Corp", "Data Analyst")
    add_contact(SLUG, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
    add_contact(SLUG, "Bo Park", ContactRole.INTERVIEWER, key="bo")
    add_contact(SLUG, "Cy Diaz", ContactRole.INSIDE_CONTACT, key="cy")
    record_event(SLUG, Interview(dt.date(2026, 11, 3), ("ann", "bo"), notes="SQL test"))
    record_event(SLUG, Debrief(dt.date(2026, 11, 3), timeframe="two weeks"))


def _events(ft: Cli) -> list[dict[str, object]]:
    return list(json.loads(ft("events", SLUG, "--json").stdout)["events"])


def _plan(ft: Cli) -> dict[str, dict[str, str]]:
    return {s["id"]: s for s in json.loads(ft("plan", SLUG, "--json").stdout)["steps"]}


def _dump(ft: Cli) -> str:
    return ft("export").stdout


def _fingerprint(web: WebClient, n: int) -> str:
    """The fingerprint event ``n``'s Remove posts, from the page that asks first."""
    html = web.get(f"{PAGE}events/{n}/remove").content.decode()
    found = re.search(rf'action="{PAGE}events/{n}/remove".*?name="fingerprint" value="([0-9a-f]+)"', html, re.S)
    assert found, f"no Remove for event {n}"
    return found.group(1)


def _undo_fields(html: str) -> dict[str, str]:
    form = re.search(r'<form method="post" action="/undo".*?</form>', html, re.S)
    assert form, "no Undo on the page"
    return dict(re.findall(r'name="(application|n|fingerprint|next)" value="([^"]*)"', form.group(0)))


# -- the application itself -------------------------------------------------------------------


def test_editing_an_application_saves_and_an_empty_company_is_refused(web: WebClient, ft: Cli) -> None:
    _case_a()
    form = web.get(f"{PAGE}edit").content.decode()
    assert 'value="Acme Corp"' in form and 'value="Data Analyst"' in form
    page = web.follow(web.post(f"{PAGE}edit", {"company": "Acme Inc", "role": "Data Analyst"}, f"{PAGE}edit"))
    assert "Saved Acme Inc." in page and "<h1>Acme Inc" in page
    before = _dump(ft)
    refused = web.post(f"{PAGE}edit", {"company": " ", "role": "Data Analyst"}, f"{PAGE}edit")
    assert refused.status_code == 400
    assert "must not be empty" in refused.content.decode() or "required" in refused.content.decode()
    assert _dump(ft) == before


def test_delete_asks_first_and_only_a_post_deletes(web: WebClient, ft: Cli) -> None:
    _case_a()
    ask = web.get(f"{PAGE}delete")
    html = ask.content.decode()
    assert ask.status_code == 200 and "Delete Acme Corp?" in html
    assert f'action="{PAGE}delete"' in html and "Yes, delete Acme Corp" in html and "No, keep it" in html
    assert web.get(PAGE).status_code == 200  # asking deleted nothing
    board = web.follow(web.post(f"{PAGE}delete", {}, f"{PAGE}delete"))
    assert "Deleted Acme Corp (Data Analyst)" in board
    assert web.get(PAGE).status_code == 404
    assert "deleted" in ft("journal").stdout


def test_a_delete_without_the_page_s_token_changes_nothing(web: WebClient, ft: Cli) -> None:
    _case_a()
    before = _dump(ft)
    refused = web.client.post(f"{PAGE}delete", {})
    assert refused.status_code == 403
    assert _dump(ft) == before


# -- people -----------------------------------------------------------------------------------


def test_a_contact_is_edited_and_a_bad_email_is_refused(web: WebClient, ft: Cli) -> None:
    _case_a()
    edit = f"{PAGE}contacts/bo/edit"
    assert 'value="Bo Park"' in web.get(edit).content.decode()
    fields = {"name": "Bo Park", "role": "interviewer", "email": "bo@acme.example"}
    page = web.follow(web.post(edit, fields, edit))
    assert "Saved Bo Park." in page and "mailto:bo@acme.example" in page
    before = _dump(ft)
    refused = web.post(edit, {**fields, "email": "bo at acme"}, edit)
    assert refused.status_code == 400 and "e-mail" in refused.content.decode().lower()
    assert _dump(ft) == before


def test_a_contact_named_in_an_event_cannot_be_removed_and_one_not_named_can(web: WebClient, ft: Cli) -> None:
    _case_a()
    before = _dump(ft)
    page = web.follow(web.post(f"{PAGE}contacts/bo/remove", {}, f"{PAGE}contacts/bo/edit"))
    assert "Bo Park (bo) is named in event 1" in page and "under What happened" in page
    assert _dump(ft) == before
    page = web.follow(web.post(f"{PAGE}contacts/cy/remove", {}, f"{PAGE}contacts/cy/edit"))
    assert "Removed Cy Diaz." in page and "Cy Diaz" not in page.split('id="contacts-title"')[1]


# -- events by their number -------------------------------------------------------------------


def test_an_event_is_edited_by_its_number_and_a_stale_form_is_refused(web: WebClient, ft: Cli) -> None:
    _case_a()
    form = web.get(f"{PAGE}events/1/edit").content.decode()
    assert "Edit event 1: Interview" in form and "SQL test" in form
    fingerprint = re.search(r'events/1/edit".*name="fingerprint" value="([0-9a-f]+)"', form, re.S)
    assert fingerprint
    fields = {"fingerprint": fingerprint.group(1), "on": "2026-11-03", "notes": "SQL and Python"}
    page = web.follow(web.post(f"{PAGE}events/1/edit", fields, f"{PAGE}events/1/edit"))
    assert "Saved the interview of Tue 03 Nov 2026." in page and "Notes: SQL and Python" in page
    assert _events(ft)[0]["notes"] == "SQL and Python"
    before = _dump(ft)
    stale = web.post(f"{PAGE}events/1/edit", {**fields, "notes": "again"}, f"{PAGE}events/1/edit")
    assert stale.status_code == 400 and "changed since the page was shown" in stale.content.decode()
    bad = web.get(f"{PAGE}events/1/edit").content.decode()
    fresh = re.search(r'events/1/edit".*name="fingerprint" value="([0-9a-f]+)"', bad, re.S)
    assert fresh
    wrong = web.post(f"{PAGE}events/1/edit", {**fields, "fingerprint": fresh.group(1), "on": "someday"}, PAGE)
    assert wrong.status_code == 400 and "is not a date" in wrong.content.decode()
    assert _dump(ft) == before
    assert web.get(f"{PAGE}events/9/edit").status_code == 404


def test_an_event_is_removed_by_its_number_only_as_the_page_showed_it(web: WebClient, ft: Cli) -> None:
    _case_a()
    html = web.get(PAGE).content.decode()
    assert "(event 1)" in html and "(event 2)" in html
    debrief = _fingerprint(web, 2)
    interview = _fingerprint(web, 1)
    page = web.follow(web.post(f"{PAGE}events/2/remove", {"fingerprint": debrief}, PAGE))
    assert "Removed the debrief of Tue 03 Nov 2026; the plan follows." in page
    assert [e["type"] for e in _events(ft)] == ["interview"]
    before = _dump(ft)
    # A page from before: its event 2 is gone, and event 1 was shown with another fingerprint.
    page = web.follow(web.post(f"{PAGE}events/2/remove", {"fingerprint": debrief}, PAGE))
    assert "no event 2" in page.lower()
    page = web.follow(web.post(f"{PAGE}events/1/remove", {"fingerprint": debrief}, PAGE))
    assert "not the one the page showed" in page
    assert _dump(ft) == before
    web.follow(web.post(f"{PAGE}events/1/remove", {"fingerprint": interview}, PAGE))
    assert _events(ft) == []


# -- undo --------------------------------------------------------------------------------------


def test_undo_after_skip_takes_out_exactly_that_event_and_the_plan_is_as_before(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    plan = _plan(ft)
    call = max(
        (s["due"], i) for i, s in plan.items() if s["kind"] == "call_hiring_officer" and s["due"] <= "2026-11-25"
    )
    page = web.follow(web.post(f"/steps/{call[1]}/settle", {"action": "skip", "next": "/"}))
    assert "Skipped the call to Ann Lee" in page
    fields = _undo_fields(page)
    assert (fields["application"], fields["n"]) == (SLUG, "3")
    # It stays on the next page too, until another action.
    assert _undo_fields(web.get(PAGE).content.decode()) == {**fields, "next": PAGE}
    page = web.follow(web.post("/undo", fields))
    assert "Undone: the skip of Wed 25 Nov 2026 is taken out" in page
    assert _plan(ft) == plan
    assert 'action="/undo"' not in page  # nothing more to undo from here
    assert "undone" in ft("journal", SLUG).stdout


def test_a_stale_undo_is_refused_and_removes_nothing(web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    note = next(i for i, s in _plan(ft).items() if s["kind"] == "thank_you_note" and s["contact"] == "ann")
    page = web.follow(web.post(f"/steps/{note}/settle", {"action": "done", "next": "/"}))
    stale = _undo_fields(page)
    bo = next(i for i, s in _plan(ft).items() if s["kind"] == "thank_you_note" and s["contact"] == "bo")
    page = web.follow(web.post(f"/steps/{bo}/settle", {"action": "skip", "next": "/"}))
    assert _undo_fields(page)["n"] == "4"  # the latest action's Undo replaced the earlier one
    before = _dump(ft)
    page = web.follow(web.post("/undo", stale))
    assert "That is no longer the latest thing recorded: nothing was undone." in page
    assert _dump(ft) == before


def test_undo_is_offered_after_an_answer_and_after_an_htmx_settle(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    note = next(i for i, s in _plan(ft).items() if s["kind"] == "thank_you_note" and s["contact"] == "ann")
    fragment = web.post(
        f"/steps/{note}/settle", {"action": "done", "next": "/"}, "/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert _undo_fields(fragment)["n"] == "3"
    answer = {"on": "2026-11-25", "outcome": "rejected", "source": ""}
    page = web.follow(web.post(f"{PAGE}responses", answer, PAGE))
    assert "The application is closed" in page
    fields = _undo_fields(page)
    assert fields["n"] == "4"
    page = web.follow(web.post("/undo", fields))
    assert "Undone: the answer of Wed 25 Nov 2026" in page
    assert json.loads(ft("plan", SLUG, "--json").stdout)["status"] != "closed"


def test_skipping_a_later_call_on_the_page_skips_that_call(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followthrough.core.model import StepSkipped
    from followthrough.services.jobsearch.applications import get_application

    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    before = _plan(ft)
    calls = sorted((s["due"], i) for i, s in before.items() if s["kind"] == "call_hiring_officer")
    (first_due, first), (_, second) = calls[0], calls[1]
    page = web.follow(web.post(f"/steps/{second}/settle", {"action": "skip", "next": PAGE}, PAGE))
    assert "Skipped the call to Ann Lee" in page
    after = _plan(ft)
    assert after[second]["status"] == "skipped"
    assert (after[first]["status"], after[first]["due"]) == ("pending", first_due)
    assert [e.nth for e in get_application(SLUG).events if isinstance(e, StepSkipped)] == [2]


def test_the_person_form_has_no_role_chosen_until_the_user_chooses_one(web: WebClient, ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    page = web.get("/applications/acme/").content.decode()
    select = page.split('id="c_role"')[1].split("</select>")[0]
    assert " selected" not in select and '<option value="">' in select
    assert page.split('id="c_role"')[1].startswith(' name="role" required>')
    refused = web.post("/applications/acme/contacts", {"name": "Ann Lee", "role": ""}, "/applications/acme/")
    assert refused.status_code == 400 and "Say what part they have" in refused.content.decode()
    assert json.loads(ft("export", "--json").stdout)["applications"][0]["contacts"] == []
