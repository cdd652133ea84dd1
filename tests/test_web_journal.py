"""Every correction in the browser can be taken back: removing asks first, then offers
Undo; Undo follows any change (snooze, reopen, edits, removals, a playbook switch, days
away); the Journal page lists what was removed, replaced or undone, with Restore. Each
Undo or Restore undoes exactly the change it names and a stale one changes nothing. On
both databases."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session
from tests.test_web_corrections import PAGE, SLUG, _case_a, _dump, _events, _plan, _today


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _undo(html: str) -> dict[str, str]:
    """The Undo form's fields, as the page offers them."""
    form = re.search(r'<form method="post" action="/undo".*?</form>', html, re.S)
    assert form, "no Undo on the page"
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(0).replace('name="csrfmiddlewaretoken"', "")))


def _confirmed(web: WebClient, ask: str) -> tuple[str, dict[str, str]]:
    """The confirmation page at ``ask`` and the fields its Yes button posts."""
    html = web.get(ask).content.decode()
    form = re.search(rf'<form method="post" action="{re.escape(ask)}".*?</form>', html, re.S)
    assert form, f"no confirmation form on {ask}"
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(0)))
    fields.pop("csrfmiddlewaretoken", None)
    return html, fields


def _undo_label(html: str) -> str:
    form = re.search(r'<form method="post" action="/undo".*?</form>', html, re.S)
    assert form
    return re.sub(r"<[^>]+>", "", form.group(0).split("<button")[1].split(">", 1)[1]).strip()


# -- removing asks first, then offers Undo ------------------------------------------------------


def test_removing_an_event_asks_first_and_undo_puts_it_back_where_it_was(web: WebClient, ft: Cli) -> None:
    _case_a()
    before_events, before_plan = _events(ft), _plan(ft)
    html = web.get(PAGE).content.decode()
    assert f'href="{PAGE}events/1/remove"' in html
    assert f'action="{PAGE}events/1/remove"' not in html  # no one-click removal on the page
    ask, fields = _confirmed(web, f"{PAGE}events/1/remove")
    assert "Remove the interview of Tue 03 Nov 2026?" in ask and "Yes, remove it" in ask and "No, keep it" in ask
    assert "With Ann Lee, Bo Park" in ask
    assert _events(ft) == before_events  # asking removed nothing
    page = web.follow(web.post(f"{PAGE}events/1/remove", fields, f"{PAGE}events/1/remove"))
    assert "Removed the interview of Tue 03 Nov 2026" in page
    assert [e["type"] for e in _events(ft)] == ["debrief"]
    assert _undo_label(page) == "Undo removing the interview of Tue 03 Nov 2026"
    undo = _undo(page)
    page = web.follow(web.post("/undo", undo, PAGE))
    assert "Undone: the interview of Tue 03 Nov 2026 is back." in page
    assert _events(ft) == before_events  # as event 1 again, not last
    assert _plan(ft) == before_plan  # the same steps, the same ids
    before = _dump(ft)
    page = web.follow(web.post("/undo", undo, PAGE))  # the same Undo again (a second tab)
    assert "That was restored already: nothing changed." in page
    assert _dump(ft) == before


def test_removing_a_person_asks_first_and_undo_brings_them_back(web: WebClient, ft: Cli) -> None:
    _case_a()
    before = _dump(ft)
    edit = web.get(f"{PAGE}contacts/cy/edit").content.decode()
    assert f'href="{PAGE}contacts/cy/remove"' in edit and f'action="{PAGE}contacts/cy/remove"' not in edit
    ask, fields = _confirmed(web, f"{PAGE}contacts/cy/remove")
    assert "Remove Cy Diaz?" in ask and "Yes, remove Cy Diaz" in ask
    assert _dump(ft) == before
    page = web.follow(web.post(f"{PAGE}contacts/cy/remove", fields, f"{PAGE}contacts/cy/remove"))
    assert "Removed Cy Diaz." in page
    assert _undo_label(page) == "Undo removing Cy Diaz"
    page = web.follow(web.post("/undo", _undo(page), PAGE))
    assert "Undone: Cy Diaz is back." in page
    assert _dump(ft) == before


def test_removing_days_away_asks_first_and_undo_adds_them_back(web: WebClient, ft: Cli) -> None:
    _case_a()
    page = web.follow(web.post("/settings/away", {"first": "2026-12-07", "last": "2026-12-11"}, "/settings/"))
    before = _dump(ft)
    settings = web.get("/settings/").content.decode()
    assert 'href="/settings/away/1/remove"' in settings and 'action="/settings/away/1/remove"' not in settings
    ask, fields = _confirmed(web, "/settings/away/1/remove")
    assert "Remove these days away?" in ask and "Away from Mon 07 Dec 2026 to Fri 11 Dec 2026" in ask
    assert fields == {"period": "2026-12-07/2026-12-11"}
    page = web.follow(web.post("/settings/away/1/remove", fields, "/settings/away/1/remove"))
    assert "No longer away from Mon 07 Dec 2026" in page and "No days away." in page
    page = web.follow(web.post("/undo", _undo(page), "/settings/"))
    assert "Undone: away from Mon 07 Dec 2026 to Fri 11 Dec 2026 again." in page
    assert _dump(ft) == before
    # A confirmation page for a period no longer there says so and removes nothing.
    page = web.follow(web.get("/settings/away/2/remove"))
    assert "not on the list any more" in page
    assert _dump(ft) == before


# -- Undo after any change ----------------------------------------------------------------------


def test_undo_after_adding_days_away_takes_them_out_and_a_stale_one_changes_nothing(web: WebClient, ft: Cli) -> None:
    _case_a()
    before = _plan(ft)
    page = web.follow(web.post("/settings/away", {"first": "2026-12-07", "last": "2026-12-11"}, "/settings/"))
    undo = _undo(page)
    assert undo == {"kind": "away-added", "first": "2026-12-07", "last": "2026-12-11", "next": "/settings/#away"}
    page = web.follow(web.post("/undo", undo, "/settings/"))
    assert "Undone: no longer away from Mon 07 Dec 2026 to Fri 11 Dec 2026." in page
    assert _plan(ft) == before and json.loads(_dump(ft))["profile"].get("away", []) == []
    unchanged = _dump(ft)
    page = web.follow(web.post("/undo", undo, "/settings/"))
    assert "Not away from 2026-12-07 to 2026-12-11 any more: nothing changed." in page
    assert _dump(ft) == unchanged


def test_undo_after_a_snooze_and_after_a_reopen(web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _case_a()
    _today(monkeypatch, dt.date(2026, 11, 25))
    before = _plan(ft)
    call = next(i for i, s in before.items() if s["kind"] == "call_hiring_officer")
    page = web.follow(web.post(f"/steps/{call}/snooze", {"until": "2026-12-14", "next": "/"}))
    assert "Snoozed the call to Ann Lee" in page
    page = web.follow(web.post("/undo", _undo(page)))
    assert "Undone: the snooze of Wed 25 Nov 2026 is taken out, the plan is as it was before." in page
    assert _plan(ft) == before
    ft("respond", SLUG, "--outcome", "rejected", "--on", "2026-11-20")
    closed = _plan(ft)
    page = web.follow(web.post(f"{PAGE}reopen", {"on": "2026-11-25", "note": ""}, PAGE))
    assert "Reopened Acme Corp" in page
    page = web.follow(web.post("/undo", _undo(page), PAGE))
    assert "is taken out, the plan is as it was before" in page
    assert _plan(ft) == closed
    assert json.loads(ft("plan", SLUG, "--json").stdout)["status"] == "closed"


def test_undo_after_editing_an_event_and_a_stale_undo_after_another_edit(web: WebClient, ft: Cli) -> None:
    _case_a()
    before = _dump(ft)
    form = web.get(f"{PAGE}events/1/edit").content.decode()
    fingerprint = re.search(r'events/1/edit".*name="fingerprint" value="([0-9a-f]+)"', form, re.S)
    assert fingerprint
    fields = {"fingerprint": fingerprint.group(1), "on": "2026-11-03", "notes": "SQL and Python"}
    page = web.follow(web.post(f"{PAGE}events/1/edit", fields, f"{PAGE}events/1/edit"))
    undo = _undo(page)
    assert _undo_label(page) == "Undo the edit of the interview of Tue 03 Nov 2026"
    page = web.follow(web.post("/undo", undo, PAGE))
    assert "Undone: the interview of Tue 03 Nov 2026 says again what it said before the edit." in page
    assert _events(ft)[0]["notes"] == "SQL test"
    assert _dump(ft) == before
    # Edit again, then another tab edits it once more: the first Undo is refused.
    form = web.get(f"{PAGE}events/1/edit").content.decode()
    fingerprint = re.search(r'events/1/edit".*name="fingerprint" value="([0-9a-f]+)"', form, re.S)
    assert fingerprint
    page = web.follow(web.post(f"{PAGE}events/1/edit", {**fields, "fingerprint": fingerprint.group(1)}, PAGE))
    stale = _undo(page)
    ft("event", "edit", SLUG, "1", "--notes", "from the other tab")
    changed = _dump(ft)
    page = web.follow(web.post("/undo", stale, PAGE))
    assert "No event says what that edit made of event 1 any more: nothing was restored." in page
    assert _dump(ft) == changed


def test_undo_after_editing_a_person_and_the_application(web: WebClient, ft: Cli) -> None:
    _case_a()
    before = _dump(ft)
    edit = f"{PAGE}contacts/bo/edit"
    fields = {"name": "Bo Park", "role": "interviewer", "email": "bo@acme.example"}
    page = web.follow(web.post(edit, fields, edit))
    assert _undo_label(page) == "Undo the edit of Bo Park"
    page = web.follow(web.post("/undo", _undo(page), PAGE))
    assert "Undone: Bo Park says again what it said before the edit." in page
    assert _dump(ft) == before
    page = web.follow(web.post(f"{PAGE}edit", {"company": "Acme Inc", "role": "Data Analyst"}, f"{PAGE}edit"))
    assert "Saved Acme Inc." in page
    page = web.follow(web.post("/undo", _undo(page), PAGE))
    assert "Undone: Acme Corp (Data Analyst) says again what it said before the edit." in page
    assert _dump(ft) == before


def test_undo_after_deleting_an_application_brings_it_all_back(web: WebClient, ft: Cli) -> None:
    _case_a()
    before_events, before_plan = _events(ft), _plan(ft)
    board = web.follow(web.post(f"{PAGE}delete", {}, f"{PAGE}delete"))
    assert "Deleted Acme Corp (Data Analyst)" in board
    assert _undo_label(board) == "Undo deleting Acme Corp"
    page = web.follow(web.post("/undo", _undo(board), "/applications/"))
    assert "Undone: Acme Corp (Data Analyst) is back." in page and "<h1>Acme Corp" in page
    assert (_events(ft), _plan(ft)) == (before_events, before_plan)


def test_undo_after_a_playbook_switch_and_a_stale_one_changes_nothing(web: WebClient, ft: Cli) -> None:
    _case_a()
    before = _dump(ft)
    page = web.follow(web.post(f"{PAGE}playbook", {"playbook": "email-first"}, PAGE))
    assert "Now on the email-first playbook" in page
    undo = _undo(page)
    assert undo == {"kind": "playbook", "application": SLUG, "now": "email-first", "then": "", "next": PAGE}
    page = web.follow(web.post("/undo", undo, PAGE))
    assert "Undone: back on the default playbook; the plan follows it." in page
    assert _dump(ft) == before
    web.follow(web.post(f"{PAGE}playbook", {"playbook": "email-first"}, PAGE))
    ft("edit", SLUG, "--playbook", "column")  # another tab, or the command line
    changed = _dump(ft)
    page = web.follow(web.post("/undo", undo, PAGE))
    assert f"The playbook of {SLUG} was changed again since: nothing was undone." in page
    assert _dump(ft) == changed


def test_undo_after_a_move_on_the_board_and_after_recording_an_interview(web: WebClient, ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", "--stage", "saved")
    before = _dump(ft)
    move = {"stage": "screening", "expected": "saved", "next": "/applications/"}
    board = web.follow(web.post("/applications/acme/stage", move, "/applications/"))
    assert "Moved Acme Corp to Screening." in board
    assert _undo_label(board) == "Undo moving Acme Corp to Screening"
    undo = _undo(board)
    board = web.follow(web.post("/undo", undo, "/applications/"))
    assert "Undone: Acme Corp is back in Saved." in board
    assert _dump(ft) == before
    ft("edit", "acme", "--stage", "applied")  # another tab moved it meanwhile
    moved = _dump(ft)
    board = web.follow(web.post("/undo", {**undo, "stage": "saved", "expected": "screening"}, "/applications/"))
    assert "Acme Corp was moved meanwhile" in board and "nothing changed" in board
    assert _dump(ft) == moved
    ft("contact", "add", "acme", "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann")
    before = _dump(ft)
    interview = {"on": "2026-11-03", "interviewers": ["ann"]}
    page = web.follow(web.post("/applications/acme/interviews", interview, "/applications/acme/"))
    assert "Interview on Tue 03 Nov 2026 recorded" in page
    page = web.follow(web.post("/undo", _undo(page), "/applications/acme/"))
    assert "Undone: the interview of Tue 03 Nov 2026 is taken out, the plan is as it was before." in page
    assert json.loads(_dump(ft))["applications"] == json.loads(before)["applications"]


def test_a_malformed_undo_is_refused_and_changes_nothing(web: WebClient, ft: Cli) -> None:
    _case_a()
    before = _dump(ft)
    for fields in (
        {"kind": "journal", "entry": "x", "fingerprint": "0"},
        {"kind": "journal", "entry": "99", "fingerprint": "0"},
        {"kind": "away-added", "first": "soon", "last": "2026-12-11"},
        {"kind": "playbook", "application": SLUG},
        {"kind": "what"},
    ):
        page = web.follow(web.post("/undo", fields))
        assert "nothing was restored" in page or "the page was out of date" in page, fields
    assert _dump(ft) == before


# -- the Journal page and Restore ---------------------------------------------------------------


def _restore_forms(html: str) -> list[tuple[str, str]]:
    """(entry number, fingerprint) of each Restore button, newest first."""
    return re.findall(r'action="/journal/(\d+)/restore".*?name="fingerprint" value="([0-9a-f]+)"', html, re.S)


def test_the_journal_lists_what_was_removed_replaced_or_undone_with_restore(web: WebClient, ft: Cli) -> None:
    _case_a()
    assert "Nothing was taken out or replaced yet." in web.get("/journal/").content.decode()
    ft("event", "edit", SLUG, "1", "--notes", "SQL and Python")
    ft("event", "remove", SLUG, "2")
    ft("contact", "remove", SLUG, "cy")
    html = web.get("/journal/").content.decode()
    assert '<a href="/journal/" aria-current="page">Journal</a>' in html
    assert "<strong>Removed</strong>: person, Cy Diaz" in html
    assert "<strong>Removed</strong>: event, the debrief of Tue 03 Nov 2026" in html
    assert "<strong>Replaced by an edit</strong>: event, the interview of Tue 03 Nov 2026" in html
    assert "notes: was “SQL test”, then “SQL and Python”" in html
    assert f'<a href="{PAGE}">Acme Corp (Data Analyst)</a>' in html
    forms = _restore_forms(html)
    assert len(forms) == 3
    removed_debrief = forms[1]
    page = web.follow(
        web.post(f"/journal/{removed_debrief[0]}/restore", {"fingerprint": removed_debrief[1]}, "/journal/")
    )
    assert "Restored: the debrief of Tue 03 Nov 2026 is back." in page
    assert "<p>Restored Fri 14 Mar 2031, 15:00.</p>" in page.split(f'id="entry-{removed_debrief[0]}"')[1]
    assert [e["type"] for e in _events(ft)] == ["interview", "debrief"]
    assert len(_restore_forms(page)) == 2  # restored once: no Restore for it any more
    before = _dump(ft)
    again = web.post(f"/journal/{removed_debrief[0]}/restore", {"fingerprint": removed_debrief[1]}, "/journal/")
    assert "That was restored already: nothing changed." in web.follow(again)
    wrong = web.post(f"/journal/{forms[0][0]}/restore", {"fingerprint": "0000"}, "/journal/")
    assert "not the one the page showed: nothing was restored" in web.follow(wrong)
    missing = web.post("/journal/999/restore", {"fingerprint": forms[0][1]}, "/journal/")
    assert "The journal has no such entry: nothing was restored." in web.follow(missing)
    assert _dump(ft) == before
    assert web.get(f"/journal/{forms[0][0]}/restore").status_code == 405


def test_the_journal_words_what_an_edit_changed_not_the_stored_codes(web: WebClient, ft: Cli) -> None:
    _case_a()
    ft("event", "edit", SLUG, "2", "--call-permission", "asked_not_to_call", "--considered", "unclear")
    ft("contact", "edit", SLUG, "cy", "--role", "interviewer")
    html = web.get("/journal/").content.decode()
    assert "call permission: was “(empty)”, then “They asked me not to call”" in html
    assert "considered: was “(empty)”, then “Unclear”" in html
    assert "role: was “Inside contact”, then “Interviewer”" in html
    assert "asked_not_to_call" not in html and "inside_contact" not in html


def test_restoring_an_edit_keeps_what_it_replaces_in_the_journal(web: WebClient, ft: Cli) -> None:
    _case_a()
    ft("event", "edit", SLUG, "1", "--notes", "SQL and Python")
    entry, fingerprint = _restore_forms(web.get("/journal/").content.decode())[0]
    page = web.follow(web.post(f"/journal/{entry}/restore", {"fingerprint": fingerprint}, "/journal/"))
    assert "says again what it said before the edit" in page
    assert _events(ft)[0]["notes"] == "SQL test"
    assert "notes: was “SQL and Python”, then “SQL test”" in page  # nothing lost either way


def test_a_restore_refused_by_the_state_of_things_changes_nothing(web: WebClient, ft: Cli) -> None:
    _case_a()
    ft("contact", "remove", SLUG, "cy")
    ft("contact", "add", SLUG, "--name", "Cy Other", "--role", "interviewer", "--key", "cy")
    before = _dump(ft)
    entry, fingerprint = _restore_forms(web.get("/journal/").content.decode())[0]
    page = web.follow(web.post(f"/journal/{entry}/restore", {"fingerprint": fingerprint}, "/journal/"))
    assert "Acme Corp has someone else under the key &#x27;cy&#x27; now: nothing was restored." in page
    assert _dump(ft) == before
    assert len(_restore_forms(page)) == 1  # still there to restore later


def test_restore_puts_back_a_renamed_application_an_undone_event_and_a_deleted_one(web: WebClient, ft: Cli) -> None:
    _case_a()
    before_events = _events(ft)
    ft("undo", SLUG)  # takes out the debrief (event 2)
    entry, fingerprint = _restore_forms(web.get("/journal/").content.decode())[0]
    assert "<strong>Undone</strong>: event, the debrief of Tue 03 Nov 2026" in web.get("/journal/").content.decode()
    page = web.follow(web.post(f"/journal/{entry}/restore", {"fingerprint": fingerprint}, "/journal/"))
    assert "Restored: the debrief of Tue 03 Nov 2026 is back." in page
    assert _events(ft) == before_events
    ft("edit", SLUG, "--id", "acme", "--role", "Senior Analyst")
    entry, fingerprint = _restore_forms(web.get("/journal/").content.decode())[0]
    page = web.follow(web.post(f"/journal/{entry}/restore", {"fingerprint": fingerprint}, "/journal/"))
    assert "Restored: Acme Corp (Data Analyst) says again what it said before the edit." in page
    assert [a["id"] for a in json.loads(_dump(ft))["applications"]] == [SLUG]
    assert _events(ft) == before_events  # its events followed it back
    ft("delete", SLUG, "--yes")
    ft("add", "Other Corp", "Analyst", "--id", SLUG)
    before = _dump(ft)
    entry, fingerprint = _restore_forms(web.get("/journal/").content.decode())[0]
    page = web.follow(web.post(f"/journal/{entry}/restore", {"fingerprint": fingerprint}, "/journal/"))
    assert f"Another application has the id {SLUG} now: nothing was restored." in page
    assert _dump(ft) == before
