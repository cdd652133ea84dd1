"""The forms: no answer chosen for the user, interview notes, a new date shown before saving,
settings lists that hold only what works, and a first visit that points to Settings."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session

APP = "/applications/acme-corp-data-analyst/"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _application(web: WebClient) -> None:
    web.follow(web.post("/applications/", {"company": "Acme Corp", "role": "Data Analyst"}, "/applications/"))
    web.follow(web.post(f"{APP}contacts", {"name": "Ann Lee", "role": "hiring_officer"}, APP))


def test_record_an_answer_chooses_nothing_for_the_user(web: WebClient, ft: Cli) -> None:
    _application(web)
    html = web.get(APP).content.decode()
    select = html.split('id="r_outcome"')[1].split("</select>")[0]
    assert " required" in select.split(">")[0]
    first = re.search(r"<option([^>]*)>([^<]*)</option>", select)
    assert first and 'value=""' in first.group(1) and "offer" not in first.group(2).lower()
    assert "selected" not in select
    response = web.post(f"{APP}responses", {"on": "2026-11-18", "source": "ann"}, APP)
    assert response.status_code == 400
    assert '<p class="field-error" id="r_outcome-error">Choose what they said.</p>' in response.content.decode()
    assert "response" not in ft("show", "acme-corp-data-analyst").stdout.lower().split("events")[-1]


def test_an_interview_keeps_its_notes(web: WebClient) -> None:
    from followthrough.core.model import Interview
    from followthrough.services.jobsearch.applications import get_application

    _application(web)
    notes = "Talked about <script>alert(1)</script> the SQL migration"
    page = web.follow(web.post(f"{APP}interviews", {"on": "2026-11-03", "interviewers": ["ann"], "notes": notes}, APP))
    assert 'id="i_notes"' in page
    assert "Notes: Talked about &lt;script&gt;alert(1)&lt;/script&gt; the SQL migration" in page
    interview = get_application("acme-corp-data-analyst").events[0]
    assert isinstance(interview, Interview) and interview.notes == notes


def test_a_new_promised_date_is_shown_before_saving(web: WebClient, ft: Cli) -> None:
    _application(web)
    html = web.get(APP).content.decode()
    field = html.split('id="p_by"')[1].split(">")[0]
    assert 'hx-get="/applications/acme-corp-data-analyst/debrief/preview"' in field and "#promise-preview" in field
    shown = web.get(f"{APP}debrief/preview?decision_by=two+weeks&on=2026-11-18&strict=1").content.decode()
    assert "Wed 02 Dec 2026" in shown
    unread = web.get(f"{APP}debrief/preview?decision_by=someday&on=2026-11-18&strict=1").content.decode()
    assert "Not understood" in unread and "no timeframe" not in unread
    # Without script: the "Show the date" button answers with the page, nothing saved.
    page = web.post(
        f"{APP}responses",
        {"on": "2026-11-18", "outcome": "not_decided", "decision_by": "two weeks", "preview": "1"},
        APP,
    ).content.decode()
    assert "That is <strong>Wed 02 Dec 2026</strong>" in page and 'value="two weeks"' in page
    assert "not_decided" not in ft("show", "acme-corp-data-analyst").stdout


def test_settings_offer_real_countries_and_zones(web: WebClient, ft: Cli) -> None:
    html = web.get("/settings/").content.decode()
    country = html.split('id="s_country"')[1].split("</select>")[0]
    assert (
        '<option value="" selected>None' in country and '<option value="US"' in country and "United States" in country
    )
    zones = html.split('id="timezones"')[1].split("</datalist>")[0]
    assert 'value="America/Chicago"' in zones and 'value="UTC"' in zones
    assert 'value="localtime"' not in zones and 'value="US/Eastern"' not in zones and 'value="EST5EDT"' not in zones
    page = web.follow(web.post("/settings/", {"timezone": "Europe/Berlin", "country": "de"}, "/settings/"))
    assert '<option value="DE" selected>' in page
    bad = web.post("/settings/", {"timezone": "Europe/Berlin", "country": "XX"}, "/settings/")
    assert bad.status_code == 400
    error = '<p class="field-error" id="s_country-error">No public holidays are known for XX.</p>'
    assert error in bad.content.decode()


def test_a_fresh_database_points_to_settings(web: WebClient) -> None:
    html = web.get("/").content.decode()
    assert 'First, <a href="/settings/">fill in your profile</a>' in html
    web.follow(web.post("/settings/", {"name": "Jo", "timezone": "Europe/Paris"}, "/settings/"))
    assert "fill in your profile" not in web.get("/").content.decode()
