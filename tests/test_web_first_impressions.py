"""What a new user met on the pages (issue 20): form errors at the top with the internal
field name, one at a time (#8); notices piling up, stages in lower case, a stage that
stayed "Screening" after interviews (#9); a stray space in button names, tel: links with
spaces, a bare 404 page, the Files page's column help without the job's fields (#12)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session

SLUG = "acme-corp-data-analyst"
APP = f"/applications/{SLUG}/"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _application(web: WebClient, **job: str) -> None:
    added = web.post("/applications/", {"company": "Acme Corp", "role": "Data Analyst", **job}, "/applications/")
    web.follow(added)


def _with_ann(web: WebClient, phone: str = "") -> None:
    _application(web)
    web.follow(web.post(f"{APP}contacts", {"name": "Ann Lee", "role": "hiring_officer", "phone": phone}, APP))


def _field(html: str, id_: str) -> str:
    """The opening tag of the control with this id."""
    found = re.search(rf'<(?:input|select|textarea) id="{id_}"[^>]*>', html)
    assert found, f"no control {id_}"
    return found.group(0)


def _marked(html: str, id_: str) -> str:
    """The control is marked invalid and described by its error, shown right after it (before
    the next label or control): the error's words."""
    tag = _field(html, id_)
    assert 'aria-invalid="true"' in tag and f'aria-describedby="{id_}-error"' in tag, tag
    rest = html.split(tag, 1)[1]
    closing = {"<textarea": "</textarea>", "<select ": "</select>"}
    rest = next((rest.split(end, 1)[1] for start, end in closing.items() if tag.startswith(start)), rest)
    after = re.split(r"<label|<input|<select|<button|<fieldset", rest)[0]
    found = re.search(rf'<p class="field-error" id="{id_}-error">([^<]*)</p>', after)
    assert found, after[:300]
    return found.group(1)


def test_every_error_of_a_form_is_beside_its_field_and_the_first_takes_the_focus(web: WebClient) -> None:
    _application(web)
    answer = web.post(f"{APP}contacts", {"name": " ", "role": "", "email": "nope"}, APP)
    html = answer.content.decode()
    assert answer.status_code == 400
    assert _marked(html, "c_name") == "This field is required."
    assert _marked(html, "c_role").startswith("Say what part they have in the hiring")
    assert _marked(html, "c_email") == "Enter a valid email address."
    assert " autofocus" in _field(html, "c_name") and html.count(" autofocus") == 1  # the first, and only it
    assert "email:" not in html and 'role="alert"' not in html  # no line at the top with the internal name
    assert 'value="nope"' in _field(html, "c_email")  # what was typed stays, to be corrected
    for other in ("i_on", "r_outcome", "p_by"):  # the page's other forms are not marked
        assert "aria-invalid" not in _field(html, other)


def test_a_refusal_about_a_field_is_shown_beside_that_field(web: WebClient) -> None:
    shown = {"company": "Acme Corp", "role": "Analyst", "url": "not a web address"}
    answer = web.post("/applications/", shown, "/applications/")
    html = answer.content.decode()
    assert answer.status_code == 400
    tag = _field(html, "id_url")
    assert 'aria-invalid="true" aria-describedby="id_url-error" autofocus' in tag
    assert '<p class="field-error" id="id_url-error">' in html and "not a web address" in html.split(tag)[1][:400]
    assert "Acme" not in web.get("/applications/").content.decode().split("Add an application")[0]


def test_the_debrief_names_a_field_by_its_label_never_its_internal_name(web: WebClient) -> None:
    _application(web)
    page = f"{APP}debrief"
    answer = web.post(page, {"on": "2026-11-03", "how_did_i_do": "x" * 2001}, page)
    html = answer.content.decode()
    assert answer.status_code == 400 and "how did i do" not in html.lower() and "how_did_i_do:" not in html
    assert _marked(html, "d_how") == "Ensure this value has at most 2000 characters (it has 2001)."


def test_an_event_edit_refused_marks_the_field_it_is_about(web: WebClient) -> None:
    _with_ann(web)
    web.follow(web.post(f"{APP}interviews", {"on": "2026-11-03", "interviewers": ["ann"]}, APP))
    page = f"{APP}events/1/edit"
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', web.get(page).content.decode())
    assert fingerprint
    answer = web.post(page, {"fingerprint": fingerprint.group(1), "on": "2026-11-03", "at": "25:99"}, page)
    html = answer.content.decode()
    assert answer.status_code == 400
    assert _marked(html, "ev_at") == "“25:99” is not a time (HH:MM)"
    assert " autofocus" in _field(html, "ev_at") and "aria-invalid" not in _field(html, "ev_on")


def test_an_answer_on_the_page_replaces_the_notice_above_it(web: WebClient) -> None:
    _with_ann(web)
    web.follow(web.post(f"{APP}interviews", {"on": "2026-11-03", "interviewers": ["ann"]}, APP))
    today = web.get("/?as_of=2026-11-03").content.decode()
    assert '<div id="notices">' in today  # where the page's notice is: one at a time
    step = re.search(r'action="/steps/([0-9a-f]+)/settle"', today)
    assert step
    settled = web.post(
        f"/steps/{step.group(1)}/settle", {"action": "done", "next": "/"}, "/?as_of=2026-11-03", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'class="settled-message ok"' in settled  # the latest word, where the step was
    assert '<div id="notices" hx-swap-oob="true"></div>' in settled  # the earlier notice goes


def test_a_refused_move_names_the_stage_as_the_board_does(web: WebClient) -> None:
    _application(web, stage="saved")
    token = web.csrf("/applications/")
    stale = web.client.post(
        f"/applications/{SLUG}/stage",
        {"csrfmiddlewaretoken": token, "stage": "applied", "expected": "screening"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert stale.status_code == 409
    assert stale.content.decode() == "Acme Corp was moved meanwhile: it is in “Saved” now; nothing changed."


def test_the_application_page_shows_the_stage_it_is_in_now(web: WebClient) -> None:
    _application(web, stage="screening")
    assert "<dt>Stage</dt><dd>Screening</dd>" in web.get(APP).content.decode()
    web.follow(web.post(f"{APP}contacts", {"name": "Ann Lee", "role": "hiring_officer"}, APP))
    web.follow(web.post(f"{APP}interviews", {"on": "2026-11-03", "interviewers": ["ann"]}, APP))
    web.follow(web.post(f"{APP}responses", {"on": "2026-11-10", "outcome": "offer"}, APP))
    web.follow(web.post(f"{APP}reopen", {"on": "2026-11-20"}, APP))
    html = web.get(APP).content.decode()
    assert "<dt>Stage</dt><dd>Waiting for an answer</dd>" in html and "Screening" not in html


def test_a_phone_link_dials_in_international_form_with_its_extension(web: WebClient) -> None:
    _with_ann(web, phone="+1 312 555 0199 ext. 12")
    html = web.get(APP).content.decode()
    assert '<a href="tel:+13125550199;ext=12">+1 312 555 0199 ext. 12</a>' in html
    assert 'href="tel:+1 ' not in html


def test_button_names_have_no_stray_space(web: WebClient) -> None:
    _with_ann(web)
    web.follow(web.post(f"{APP}interviews", {"on": "2026-11-03", "interviewers": ["ann"]}, APP))
    today = web.get("/?as_of=2026-11-03").content.decode()
    assert 'aria-label="Done: Send a thank-you note to Ann Lee">Done</button>' in today
    assert 'aria-label="Snooze: Send a thank-you note to Ann Lee">Snooze</button>' in today
    plan = web.get(APP).content.decode()
    assert 'aria-label="Done: Send a thank-you note to Ann Lee, due Tue 03 Nov 2026">Done</button>' in plan
    assert 'aria-label="Delete Acme Corp…">Delete…</a>' in plan
    for html in (today, plan):  # a visually hidden part after a word is read with a space before it
        assert 'visually-hidden">:' not in html


def test_a_missing_page_says_so_in_the_layout_with_a_way_back(web: WebClient) -> None:
    from django.conf import settings

    assert settings.DEBUG is False  # as served: Django's own error pages would show otherwise
    for path in ("/applications/nobody/", "/no-such-page/"):
        answer = web.get(path)
        html = answer.content.decode()
        assert answer.status_code == 404 and "<h1>There is no page at this address</h1>" in html
        assert '<a href="/">Back to Today</a>' in html and '<nav aria-label="Main">' in html
        assert "nobody" not in html  # what was asked for is not echoed back


def test_the_files_page_lists_every_column_an_import_reads(web: WebClient) -> None:
    html = web.get("/files/").content.decode()
    help_text = html.split('<label for="f_map">')[1].split("</label>")[0]
    for column in ("company", "contact_phone", "url", "location", "salary", "notes", "tags", "priority", "stage"):
        assert re.search(rf"\b{column}\b", help_text), column


def test_a_file_refused_is_said_beside_the_file(web: WebClient, ft: Cli) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    token = web.csrf("/files/")
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    answer = web.client.post("/files/import", {"csrfmiddlewaretoken": token, "file": upload})
    html = answer.content.decode()
    assert answer.status_code == 400
    tag = _field(html, "f_file")
    assert 'aria-invalid="true" aria-describedby="f_file-error" autofocus' in tag
    assert "unknown kind of file" in html.split(tag)[1][:300]


def test_a_refused_form_and_a_failure_are_pages_with_a_way_back(
    web: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followthrough.web import views_misc

    forged = web.client.post("/applications/", {"company": "Evil", "role": "Forged"})  # no CSRF token
    html = forged.content.decode()
    assert forged.status_code == 403 and "nothing was changed" in html and '<a href="/">Back to Today</a>' in html

    def broken(*args: object) -> None:
        raise RuntimeError("a fault in the statistics")

    monkeypatch.setattr(views_misc, "compute", broken)
    web.client.raise_request_exception = False  # as served: the fault is a page, not a traceback
    failed = web.get("/statistics/")
    html = failed.content.decode()
    assert failed.status_code == 500 and "<h1>Something went wrong</h1>" in html
    assert '<a href="/">Back to Today</a>' in html and "a fault in the statistics" not in html
