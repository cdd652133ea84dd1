"""Settling a step from Today: the whole agenda comes back, never a date ahead, words not ids."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session

SLUG = "acme-corp-data-analyst"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Today is ``day`` (noon UTC) in this process."""
    from followthrough import clock

    clock.pin(dt.datetime.combine(day, dt.time(12, 0), dt.UTC))


def _case_a(ft: Cli) -> None:
    """Case A through the services: Ann's calls due 11-18, 11-25 and 12-02."""
    from followthrough.core.model import ContactRole, Debrief, Interview
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    add_application("Acme Corp", "Data Analyst")
    add_contact(SLUG, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
    add_contact(SLUG, "Bo Park", ContactRole.INTERVIEWER, key="bo")
    add_contact(SLUG, "Cy Diaz", ContactRole.INSIDE_CONTACT, key="cy")
    record_event(SLUG, Interview(dt.date(2026, 11, 3), ("ann", "bo")))
    record_event(SLUG, Debrief(dt.date(2026, 11, 3), timeframe="two weeks"))


def _steps(ft: Cli) -> list[tuple[str, str | None, str, str]]:
    body = json.loads(ft("plan", SLUG, "--json").stdout)
    return [(s["kind"], s["contact"], s["due"], s["status"]) for s in body["steps"]]


def _ids(html: str) -> list[str]:
    return re.findall(r'action="/steps/([0-9a-f]+)/settle"', html)


def test_settling_today_s_call_redraws_the_agenda_without_the_overdue_one(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a(ft)
    _today(monkeypatch, dt.date(2026, 11, 25))
    page = web.get("/").content.decode()
    ids = dict(re.findall(r'id="step-([0-9a-f]+)">\s*<div class="step-head">\s*<p class="what">([^<]+)</p>', page))
    # Today's call to Ann (11-25), not the overdue one (11-18): both are on the page.
    calls = [i for i, what in ids.items() if what == "Call Ann Lee"]
    assert len(calls) == 2
    due_today = next(i for i in calls if "Due today" in page.split(f'id="step-{i}"')[1].split("</li>")[0])
    overdue = next(i for i in calls if i != due_today)
    before = re.search(r"(\d+) steps? due", page)
    assert before
    fragment = web.post(
        f"/steps/{due_today}/settle", {"action": "reached", "next": "/"}, "/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith('<div id="agenda">')
    # The very call clicked is settled (playbook rule 7), and the one still open from
    # last week moves a week past today's (the pest guard): neither is on today's list.
    assert f"/steps/{overdue}/settle" not in fragment and f"/steps/{due_today}/settle" not in fragment
    assert before.group(0) == "5 steps due"
    assert "3 steps due, <strong>3 overdue</strong>" in fragment
    assert 'role="status"' in fragment and "data-focus-me" in fragment
    assert "Recorded the call to Ann Lee: you reached them." in fragment
    calls = [s for s in json.loads(ft("plan", SLUG, "--json").stdout)["steps"] if s["kind"] == "call_hiring_officer"]
    assert [(s["status"], s.get("done_on")) for s in calls if s["id"] == due_today] == [("done", "2026-11-25")]
    assert [(s["status"], s["due"]) for s in calls if s["id"] == overdue] == [("pending", "2026-12-02")]


def test_a_settle_on_a_day_ahead_is_recorded_today(web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _case_a(ft)
    _today(monkeypatch, dt.date(2026, 11, 25))
    page = web.get("/?as_of=2026-12-02").content.decode()
    note = next(i for i in _ids(page) if "thank-you note to Ann Lee" in page.split(f'id="step-{i}"')[1][:300])
    page = web.follow(web.post(f"/steps/{note}/settle", {"action": "done", "on": "2026-12-02", "next": "/"}))
    assert "Marked the thank-you note to Ann Lee done." in page
    assert "recorded as of today, Wed 25 Nov 2026" in page
    plan = json.loads(ft("plan", SLUG, "--json").stdout)
    done = [s for s in plan["steps"] if s["kind"] == "thank_you_note" and s["contact"] == "ann"]
    assert done[0]["status"] == "done"
    from followthrough.core.model import StepDone
    from followthrough.services.jobsearch.applications import get_application

    dones = [e.on for e in get_application(SLUG).events if isinstance(e, StepDone)]
    assert dones == [dt.date(2026, 11, 25)]
    # A day in the past is still the day it was done (catching up).
    page = web.get("/?as_of=2026-11-03").content.decode()
    bo = _ids(page)[0]
    web.follow(web.post(f"/steps/{bo}/settle", {"action": "done", "on": "2026-11-03"}))
    assert ("thank_you_note", "bo", "2026-11-03", "done") in _steps(ft)


def test_messages_name_the_step_and_never_an_id_or_a_command(
    web: WebClient, ft: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_a(ft)
    _today(monkeypatch, dt.date(2026, 11, 3))
    note = _ids(web.get("/").content.decode())[0]
    web.follow(web.post(f"/steps/{note}/settle", {"action": "skip"}))
    again = web.follow(web.post(f"/steps/{note}/settle", {"action": "done"}))
    assert "The thank-you note to Ann Lee is already skipped (on Tue 03 Nov 2026)." in again
    assert note not in again.split('<main id="main"')[1].split("</div>")[0]
    gone = web.post("/steps/ffffffffffff/settle", {"action": "done"})  # the plan changed, or not a step of ours
    assert gone.status_code == 404
    said = gone.content.decode().split('<main id="main"')[1]
    assert "not on your plan" in said
    assert "ffff" not in said and "followthrough" not in said and "'" not in said


def test_a_card_for_someone_else_makes_them_the_hiring_officer(db: str) -> None:
    from followthrough.core.model import Debrief
    from followthrough.services.jobsearch.applications import get_application, get_plan
    from followthrough.services.jobsearch.debriefs import BusinessCard, record_debrief

    _case_a(Cli(db))
    saved = record_debrief(
        SLUG, Debrief(dt.date(2026, 11, 4)), BusinessCard("Dee Moss", "Director", None, "dee@x.example")
    )
    assert (saved.officer, saved.added, saved.changed, saved.previous) == ("Dee Moss", True, True, ("Ann Lee",))
    roles = {c.name: c.role.value for c in get_application(SLUG).contacts}
    assert roles["Dee Moss"] == "hiring_officer" and roles["Ann Lee"] == "interviewer"
    pending = [(s.kind.value, s.contact) for s in get_plan(SLUG).steps if s.status.value == "pending"]
    assert ("call_hiring_officer", "dee") in pending and ("email_hiring_officer", "dee") in pending
    assert ("call_hiring_officer", "ann") not in pending
    assert ("thank_you_note", "ann") in pending  # she interviewed the user: her note is still owed
    again = record_debrief(SLUG, Debrief(dt.date(2026, 11, 5)), BusinessCard("dee moss", None, "555 0100"))
    assert (again.added, again.changed, again.previous) == (False, False, ())


def test_the_debrief_page_says_who_gets_the_calls_now(web: WebClient, ft: Cli) -> None:
    _case_a(ft)
    page = web.follow(
        web.post(
            f"/applications/{SLUG}/debrief",
            {"on": "2026-11-04", "card_name": "<b>Dee</b> Moss", "card_email": "dee@x.example"},
            f"/applications/{SLUG}/debrief",
        )
    )
    assert "&lt;b&gt;Dee&lt;/b&gt; Moss is the hiring officer now" in page
    assert "Ann Lee stays on as an interviewer." in page
    assert "Call &lt;b&gt;Dee&lt;/b&gt; Moss" in page


def test_errors_read_as_sentences_without_options_or_parameter_names(web: WebClient) -> None:
    page = web.get(web.get("/?as_of=next+tuesday")["Location"]).content.decode()
    notice = page.split('class="notice')[1].split("</div>")[0]
    assert "“next tuesday” is not a date" in notice and "as_of" not in notice
    web.follow(web.post("/applications/", {"company": "Acme Corp", "role": "Data Analyst"}, "/applications/"))
    bad = web.post(
        f"/applications/{SLUG}/contacts", {"name": "Ann\x07Lee", "role": "interviewer"}, f"/applications/{SLUG}/"
    )
    assert bad.status_code == 400
    assert "--" not in bad.content.decode().split('role="alert"')[1].split("</p>")[0]


def test_a_debrief_written_up_the_day_after_still_names_the_promised_date(web: WebClient, ft: Cli) -> None:
    from followthrough.core.model import ContactRole, Interview
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    add_application("Acme Corp", "Data Analyst")
    add_contact(SLUG, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
    record_event(SLUG, Interview(dt.date(2026, 11, 3), ("ann",)))
    page = web.follow(  # "two weeks", said at Tuesday's interview, written up on Wednesday
        web.post(
            f"/applications/{SLUG}/debrief",
            {"on": "2026-11-04", "timeframe": "two weeks"},
            f"/applications/{SLUG}/debrief",
        )
    )
    assert "Debrief saved. They will decide by Tue 17 Nov 2026." in page
    said = ft("debrief", SLUG, "--on", "2026-11-05", "--timeframe", "three weeks").stdout
    assert "They will decide by Tue 2026-11-24 ('three weeks')." in said


OFF_SITE = ["https://evil.example/", "//evil.example/today", "/\\evil.example", "http://127.0.0.1:9999/"]
OFF_SITE += ["javascript:alert(1)", "evil.example"]


def test_after_a_form_the_browser_never_goes_to_another_site(web: WebClient, ft: Cli) -> None:
    _case_a(ft)
    page = web.get("/?as_of=2026-11-03").content.decode()
    for note, elsewhere in zip(_ids(page), OFF_SITE[:2], strict=False):  # settled, sent home
        response = web.post(f"/steps/{note}/settle", {"action": "done", "on": "2026-11-03", "next": elsewhere})
        assert (response.status_code, response["Location"]) == (303, "/"), elsewhere
    assert [s[3] for s in _steps(ft) if s[0] == "thank_you_note"] == ["done", "done"]
    for elsewhere in OFF_SITE:  # a step no longer on the plan: refused, and sent nowhere
        response = web.post("/steps/0123456789ab/settle", {"action": "done", "next": elsewhere})
        assert response.status_code == 404 and not response.has_header("Location"), elsewhere


def test_after_a_form_the_browser_returns_to_the_page_it_came_from(web: WebClient, ft: Cli) -> None:
    _case_a(ft)
    note = _ids(web.get("/?as_of=2026-11-03").content.decode())[0]
    back = "/?as_of=2026-11-03"
    response = web.post(f"/steps/{note}/settle", {"action": "done", "on": "2026-11-03", "next": back})
    assert (response.status_code, response["Location"]) == (303, back)


def test_a_click_on_a_step_gone_from_the_plan_reloads_the_page_which_says_so(web: WebClient, ft: Cli) -> None:
    _case_a(ft)
    response = web.post("/steps/0123456789ab/settle", {"action": "done"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 404 and response["HX-Refresh"] == "true"
    assert "not on your plan" in web.get("/").content.decode()
    snoozed = web.post("/steps/0123456789ab/snooze", {"until": "2026-12-01"}, HTTP_HX_REQUEST="true")
    assert snoozed.status_code == 404
