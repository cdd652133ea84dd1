"""A debrief recorded where no interview is on file: it is kept, and both front ends say
plainly that nothing is planned until the interview is recorded, offering to record it on
the debrief's day (it used to say "They will decide by …" and "nothing pending")."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session

APP = "/applications/acme-analyst/"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def test_the_command_line_says_nothing_is_planned_and_how_to_record_the_interview(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    ft.contact("acme-analyst", "Ann Lee", "hiring_officer")
    out = ft("debrief", "acme-analyst", "--on", "2026-11-06", "--timeframe", "two weeks").stdout
    assert "nothing is planned until an interview is recorded" in out
    assert "none is on file on or before Fri 2026-11-06" in out
    assert "followthrough interview acme-analyst --on 2026-11-06 --final" in out
    assert "They will decide by" not in out and "nothing pending" not in out
    # the debrief is kept: recording the interview as offered plans from its promise
    ft("interview", "acme-analyst", "--on", "2026-11-06", "--final")
    plan = json.loads(ft("plan", "acme-analyst", "--json").stdout)
    assert plan["promised"] == [{"said": "two weeks", "on": "2026-11-06", "date": "2026-11-20"}]
    assert any(s["kind"] == "call_hiring_officer" and s["status"] == "pending" for s in plan["steps"])


def test_the_web_says_nothing_is_planned_and_offers_the_interview_on_that_day(web: WebClient, ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme-analyst")
    form = web.get(f"{APP}debrief").content.decode()
    assert "No interview is recorded yet: a debrief plans nothing until its interview is." in form
    assert f'<a href="{APP}#record-interview">Record the interview first</a>' in form
    page = web.follow(web.post(f"{APP}debrief", {"on": "2026-11-06", "timeframe": "two weeks"}, f"{APP}debrief"))
    assert "Debrief saved, but nothing is planned until an interview is recorded" in page
    assert "Debrief saved. They will decide by" not in page
    assert "Record the final interview on Fri 06 Nov 2026" in page
    form = page.split("Nothing is planned from the debrief")[1].split("</form>")[0]
    assert 'action="/applications/acme-analyst/interviews"' in form and 'value="2026-11-06"' in form
    # the offered button records the final interview of that day, and the plan follows
    page = web.follow(web.post(f"{APP}interviews", {"on": "2026-11-06", "final": "on"}, APP))
    assert "Nothing is planned from the debrief" not in page
    assert "No interview is recorded yet" not in web.get(f"{APP}debrief").content.decode()
    plan = json.loads(ft("plan", "acme-analyst", "--json").stdout)
    assert plan["promised"][0]["date"] == "2026-11-20"
    assert any(s["kind"] == "call_hiring_officer" and s["status"] == "pending" for s in plan["steps"])
