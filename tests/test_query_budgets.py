"""Query budgets: what the commands and pages users run most may cost the database,
whatever the size of the job search (issue 8). Counted with Django's
CaptureQueriesContext, transaction statements and the migration check included."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Cli
from tests.test_web import WebClient, web_session

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _search(ft: Cli, applications: int) -> None:
    """Applications like case A, each with a thank-you note, calls and an inside contact."""
    from followthrough.core.model import ContactRole, Debrief, Interview
    from followthrough.services.applications import add_application, add_contact, record_event

    for n in range(applications):
        slug = add_application(f"Acme {n}", "Data Analyst", f"acme-{n}")
        add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
        add_contact(slug, "Bo Park", ContactRole.INTERVIEWER, key="bo")
        add_contact(slug, "Cy Diaz", ContactRole.INSIDE_CONTACT, key="cy")
        record_event(slug, Interview(dt.date(2026, 11, 3), ("ann", "bo")))
        record_event(slug, Debrief(dt.date(2026, 11, 3), timeframe="two weeks"))


def _call(ft: Cli, slug: str = "acme-1") -> str:
    steps = json.loads(ft("plan", slug, "--json").stdout)["steps"]
    return next(s["id"] for s in steps if s["kind"] == "call_hiring_officer")


def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    from followthrough.services import profile

    monkeypatch.setattr(profile, "today", lambda profile=None: TODAY)


def test_cli_done_costs_at_most_12_queries(ft: Cli) -> None:
    _search(ft, 3)
    call = _call(ft)
    with CaptureQueriesContext(connection) as queries:
        ft("done", call, "--on", "2026-11-18", "--outcome", "voicemail")
    assert len(queries) <= 12, "\n".join(q["sql"][:120] for q in queries.captured_queries)
    assert json.loads(ft("plan", "acme-1", "--json").stdout)["steps"]  # and it did land:
    assert any(s["status"] == "done" for s in json.loads(ft("plan", "acme-1", "--json").stdout)["steps"])


@pytest.mark.parametrize("applications", [2, 12])
def test_a_web_done_click_costs_at_most_17_queries(
    ft: Cli, web: WebClient, monkeypatch: pytest.MonkeyPatch, applications: int
) -> None:
    _search(ft, applications)
    _today(monkeypatch)
    page = web.get("/").content.decode()
    step = re.findall(r'action="/steps/([0-9a-f]+)/settle"', page)[0]
    token = web.csrf("/")
    with CaptureQueriesContext(connection) as queries:
        response = web.client.post(
            f"/steps/{step}/settle", {"csrfmiddlewaretoken": token, "action": "done"}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert "Marked" in response.content.decode()
    # 17: the agenda drawn again, with one query for the call cards (phone numbers, last call
    # notes), and the application's kept facts (last activity, for a coach's caseload).
    assert len(queries) <= 17, "\n".join(q["sql"][:120] for q in queries.captured_queries)


@pytest.mark.parametrize("applications", [1, 15])
def test_the_today_page_costs_at_most_10_queries_whatever_the_size(
    ft: Cli, web: WebClient, monkeypatch: pytest.MonkeyPatch, applications: int
) -> None:
    _search(ft, applications)
    _today(monkeypatch)
    web.get("/")
    with CaptureQueriesContext(connection) as queries:
        page = web.get("/").content.decode()
    assert page.count("Call Ann Lee") >= applications  # every application's call is on it
    assert len(queries) <= 10, "\n".join(q["sql"][:120] for q in queries.captured_queries)
