"""The pages as a job seeker uses them: case A from the first interview to closing, and each form."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session, with_demo

APP = "/applications/acme-corp-data-analyst/"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


@pytest.fixture
def demo_web(web: WebClient) -> WebClient:
    return with_demo(web)


def _plan(ft: Cli) -> list[tuple[str, str | None, str, str]]:
    body = json.loads(ft("plan", "acme-corp-data-analyst", "--json").stdout)
    return [(s["kind"], s["contact"], s["due"], s["status"]) for s in body["steps"]]


def _pending(ft: Cli) -> list[tuple[str, str | None, str]]:
    return [(k, c, d) for k, c, d, s in _plan(ft) if s == "pending"]


def _step_ids(html: str) -> list[str]:
    return re.findall(r'action="/steps/([0-9a-f]+)/settle"', html)


def _set_up_case_a(web: WebClient) -> None:
    """Case A, entered only through the pages: profile, application, people, interview, debrief."""
    web.follow(
        web.post("/settings/", {"name": "Jordan Rivera", "timezone": "America/Chicago", "country": ""}, "/settings/")
    )
    page = web.follow(web.post("/applications/", {"company": "Acme Corp", "role": "Data Analyst"}, "/applications/"))
    assert "Acme Corp" in page
    for name, role in (("Ann Lee", "hiring_officer"), ("Bo Park", "interviewer"), ("Cy Diaz", "inside_contact")):
        web.follow(web.post(f"{APP}contacts", {"name": name, "role": role, "relation": ""}, APP))
    page = web.follow(
        web.post(f"{APP}interviews", {"on": "2026-11-03", "interviewers": ["ann", "bo"], "final": "on"}, APP)
    )
    assert "With Ann Lee, Bo Park (final)" in page
    preview = web.get(f"{APP}debrief/preview?timeframe=two+weeks&on=2026-11-03").content.decode()
    assert "Tue 17 Nov 2026" in preview
    page = web.follow(
        web.post(
            f"{APP}debrief",
            {
                "on": "2026-11-03",
                "how_did_i_do": "Good on SQL",
                "considered": "yes",
                "card": "yes",
                "timeframe": "two weeks",
                "call_permission": "ok",
                "stated_interest": "yes",
            },
            f"{APP}debrief",
        )
    )
    assert "They will decide by Tue 17 Nov 2026" in page


def test_case_a_from_first_interview_to_closing(web: WebClient, ft: Cli) -> None:
    _set_up_case_a(web)
    assert _pending(ft) == [
        ("thank_you_note", "ann", "2026-11-03"),
        ("thank_you_note", "bo", "2026-11-03"),
        ("call_hiring_officer", "ann", "2026-11-18"),
        ("call_inside_contact", "cy", "2026-11-18"),
        ("call_hiring_officer", "ann", "2026-11-25"),
        ("call_hiring_officer", "ann", "2026-12-02"),
        ("email_hiring_officer", "ann", "2026-12-17"),
        ("move_on", None, "2026-12-24"),
    ]
    # Interview day: the two thank-you notes, one click each.
    today = web.get("/?as_of=2026-11-03").content.decode()
    assert "Send a thank-you note to Ann Lee" in today and "Send a thank-you note to Bo Park" in today
    for step in _step_ids(today):
        web.follow(web.post(f"/steps/{step}/settle", {"action": "done", "on": "2026-11-03", "next": "/"}))
    assert "Nothing to do today" in web.get("/?as_of=2026-11-03").content.decode()
    # The first calls: Ann by voicemail, Cy not answering.
    calls = web.get("/?as_of=2026-11-18").content.decode()
    ann, cy = _step_ids(calls)
    web.follow(web.post(f"/steps/{ann}/settle", {"action": "voicemail", "on": "2026-11-18"}))
    web.follow(web.post(f"/steps/{cy}/settle", {"action": "no_answer", "on": "2026-11-18"}))
    statuses = _plan(ft)
    assert ("call_hiring_officer", "ann", "2026-11-18", "done") in statuses
    assert ("call_inside_contact", "cy", "2026-11-18", "done") in statuses
    # The offer: everything still pending is cancelled and the application closes.
    page = web.follow(web.post(f"{APP}responses", {"on": "2026-11-20", "outcome": "offer", "source": "ann"}, APP))
    assert "The application is closed: Offer" in page
    assert not _pending(ft)
    board = web.get("/applications/").content.decode()
    assert "Acme Corp" not in board.split('class="board"')[1].split('id="add-title"')[0]  # archived
    assert "Archive (1)" in board
    closed = web.get("/applications/?archive=1").content.decode().split('id="col-closed"')[1]
    assert "Acme Corp" in closed and "Offer" in closed


def test_a_new_promised_date_restarts_the_wait(web: WebClient, ft: Cli) -> None:
    _set_up_case_a(web)
    page = web.follow(
        web.post(
            f"{APP}responses",
            {"on": "2026-11-18", "outcome": "not_decided", "source": "ann", "decision_by": "2026-12-01"},
            APP,
        )
    )
    assert "they will decide by Tue 01 Dec 2026" in page
    assert ("call_hiring_officer", "ann", "2026-12-02") in _pending(ft)


def test_a_response_with_an_unreadable_date_says_so_and_records_nothing(web: WebClient, ft: Cli) -> None:
    _set_up_case_a(web)
    response = web.post(
        f"{APP}responses", {"on": "2026-11-18", "outcome": "not_decided", "decision_by": "someday maybe"}, APP
    )
    assert response.status_code == 400
    assert "not a date I can read" in response.content.decode()
    assert ("call_hiring_officer", "ann", "2026-11-18") in _pending(ft)


def test_the_today_page_settles_a_step_inline_with_htmx(web: WebClient) -> None:
    _set_up_case_a(web)
    step = _step_ids(web.get("/?as_of=2026-11-03").content.decode())[0]
    response = web.post(
        f"/steps/{step}/settle", {"action": "skip", "on": "2026-11-03"}, "/?as_of=2026-11-03", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Skipped" in response.content.decode() and "<html" not in response.content.decode()
    again = web.post(f"/steps/{step}/settle", {"action": "done"}, "/", HTTP_HX_REQUEST="true").content.decode()
    assert "already skipped" in again


def test_only_a_call_ends_in_voicemail(web: WebClient) -> None:
    _set_up_case_a(web)
    note = _step_ids(web.get("/?as_of=2026-11-03").content.decode())[0]
    page = web.follow(web.post(f"/steps/{note}/settle", {"action": "voicemail", "on": "2026-11-03"}))
    # It names the step and the outcome given (the old words spoke of voicemail to a
    # "reached" too: issue 20).
    assert "is not a call: it has no outcome such as voicemail." in page
    assert "thank-you note" in page.split("is not a call")[0][-200:]


def test_today_shows_the_draft_with_copy_and_mailto(demo_web: WebClient) -> None:
    html = demo_web.get("/").content.decode()
    assert 'data-copy="draft-' in html
    assert 'href="mailto:ann.lee@northwind.example?subject=' in html


def test_a_draft_opens_inline_or_as_a_page_of_its_own(demo_web: WebClient) -> None:
    html = demo_web.get("/").content.decode()
    step = _step_ids(html)[0]
    fragment = demo_web.get(f"/steps/{step}/draft", HTTP_HX_REQUEST="true").content.decode()
    assert f'id="draft-{step}"' in fragment and "<html" not in fragment
    whole = demo_web.get(f"/steps/{step}/draft").content.decode()
    assert "<html" in whole and "Copy the text" in whole
    assert demo_web.get("/steps/ffffffffff/draft").status_code == 404


def test_an_empty_day_says_what_comes_next_and_when(web: WebClient) -> None:
    _set_up_case_a(web)
    for step in _step_ids(web.get("/?as_of=2026-11-03").content.decode()):
        web.follow(web.post(f"/steps/{step}/settle", {"action": "done", "on": "2026-11-03"}))
    html = web.get("/?as_of=2026-11-04").content.decode()
    assert "Nothing to do today" in html
    assert "Wed 18 Nov 2026" in html and "Call Ann Lee" in html


def test_a_fresh_install_shows_a_calm_start(web: WebClient) -> None:
    html = web.get("/").content.decode()
    assert "No follow-up is planned" in html


def test_the_board_shows_each_stage(demo_web: WebClient) -> None:
    html = demo_web.get("/applications/").content.decode()
    columns = {m: html.split(f'id="col-{m}"')[1].split("</section>")[0] for m in ("waiting", "applied")}
    assert 'id="col-closed"' not in html and "Hooli" not in html  # closed: in the archive
    archive = demo_web.get("/applications/?archive=1").content.decode()
    columns["closed"] = archive.split('id="col-closed"')[1].split("</section>")[0]
    assert "Hooli" in columns["closed"] and "Rejected" in columns["closed"]
    assert "Initech" in columns["waiting"]
    demo_web.follow(demo_web.post("/applications/", {"company": "Umbrella", "role": "Chemist"}, "/applications/"))
    applied = demo_web.get("/applications/?stage=applied").content.decode()
    assert "Umbrella" in applied and "Hooli" not in applied


def test_adding_an_application_without_a_company_says_what_is_missing(web: WebClient) -> None:
    response = web.post("/applications/", {"company": "", "role": "Chemist"}, "/applications/")
    assert response.status_code == 400 and "company" in response.content.decode()


def test_a_business_card_on_the_debrief_names_the_hiring_officer(web: WebClient, ft: Cli) -> None:
    web.follow(web.post("/applications/", {"company": "Acme Corp", "role": "Data Analyst"}, "/applications/"))
    web.follow(web.post(f"{APP}interviews", {"on": "2026-11-03"}, APP))
    web.follow(
        web.post(
            f"{APP}debrief",
            {"on": "2026-11-03", "card_name": "Ann Lee", "card_title": "Boss", "card_email": "ann@acme.example"},
            f"{APP}debrief",
        )
    )
    shown = ft("show", "acme-corp-data-analyst").stdout
    assert "Ann Lee (hiring officer): Boss, ann@acme.example" in shown
    assert "no_hiring_officer" not in ft("plan", "acme-corp-data-analyst", "--json").stdout


VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTITLE:Analytics Manager\r\n"
    "TEL:+1 312 555 0100\r\nEMAIL:ann@acme.example\r\nEND:VCARD\r\n"
)


@pytest.mark.parametrize("how", ["paste", "upload"])
def test_a_vcard_on_the_debrief_becomes_the_hiring_officer(web: WebClient, ft: Cli, how: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    web.follow(web.post("/applications/", {"company": "Acme Corp", "role": "Data Analyst"}, "/applications/"))
    web.follow(web.post(f"{APP}interviews", {"on": "2026-11-03"}, APP))
    card: dict[str, object] = (
        {"vcard_text": VCARD} if how == "paste" else {"vcard_file": SimpleUploadedFile("ann.vcf", VCARD.encode())}
    )
    web.follow(web.post(f"{APP}debrief", {"on": "2026-11-03", **card}, f"{APP}debrief"))
    shown = ft("show", "acme-corp-data-analyst").stdout
    assert "Ann Lee (hiring officer): Analytics Manager, +1 312 555 0100, ann@acme.example" in shown


def test_a_broken_vcard_is_refused_with_a_reason(web: WebClient, ft: Cli) -> None:
    web.follow(web.post("/applications/", {"company": "Acme Corp", "role": "Data Analyst"}, "/applications/"))
    response = web.post(f"{APP}debrief", {"on": "2026-11-03", "vcard_text": "BEGIN:VCARD\nFN"}, f"{APP}debrief")
    assert response.status_code == 400 and "vCard" in response.content.decode()
    assert "debrief" not in ft("show", "acme-corp-data-analyst").stdout


def test_the_debrief_shows_the_date_before_saving_without_script(web: WebClient) -> None:
    web.follow(web.post("/applications/", {"company": "Acme Corp", "role": "Data Analyst"}, "/applications/"))
    page = web.post(f"{APP}debrief", {"on": "2026-11-06", "timeframe": "by Friday", "preview": "1"}, f"{APP}debrief")
    html = page.content.decode()
    assert "Fri 13 Nov 2026" in html
    assert "What happened" not in html  # still the form: nothing was saved
    nonsense = web.get(f"{APP}debrief/preview?timeframe=when+pigs+fly&on=2026-11-06").content.decode()
    assert "Not understood" in nonsense


def test_settings_save_the_profile_and_refuse_a_bad_zone(web: WebClient, ft: Cli) -> None:
    page = web.follow(
        web.post(
            "/settings/",
            {
                "name": "Jo",
                "home_address": "1 Main St",
                "phone": "01 23 45 67 89",
                "email": "jo@example.org",
                "timezone": "Europe/Paris",
                "country": "fr",
            },
            "/settings/",
        )
    )
    assert "Profile saved" in page and 'value="Europe/Paris"' in page
    assert "FR" in ft("profile", "show").stdout
    response = web.post("/settings/", {"timezone": "Mars/Olympus"}, "/settings/")
    assert response.status_code == 400 and "Mars/Olympus" in response.content.decode()


def test_statistics_count_answers_promises_and_waits(demo_web: WebClient) -> None:
    from followthrough.services.pages.statistics import compute

    found = compute(dt.date(2026, 11, 18))
    assert (found.applications, found.active, found.interviewed, found.answered) == (4, 3, 4, 1)
    assert found.days_to_answer == (14,)  # Hooli: interviewed Fri 9 Oct, rejected Fri 23 Oct
    # Globex said "within ten days" on 23 Oct and has not answered; Northwind's date is ahead.
    assert (found.promises_due, found.promises_kept) == (1, 0)
    html = demo_web.get("/statistics/").content.decode()
    assert html.count("<svg") == 3
    assert "Applications still active" in html and "25%" in html


def test_an_unknown_application_is_a_404(web: WebClient) -> None:
    assert web.get("/applications/nope/").status_code == 404
