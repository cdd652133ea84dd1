"""Query budgets: what the commands and pages users run most may cost the database,
whatever the size of the job search (issue 8). Counted with Django's
CaptureQueriesContext, transaction statements and the migration check included."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator

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
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

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


def _today(pin_clock: Callable[..., None]) -> None:
    """Noon on TODAY (UTC, the profile's zone unless set), for every reader of the clock."""
    pin_clock(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC))


def test_cli_done_costs_at_most_12_queries(ft: Cli) -> None:
    _search(ft, 3)
    call = _call(ft)
    with CaptureQueriesContext(connection) as queries:
        ft("done", call, "--on", "2026-11-18", "--outcome", "voicemail")
    assert len(queries) <= 12, "\n".join(q["sql"][:120] for q in queries.captured_queries)
    assert json.loads(ft("plan", "acme-1", "--json").stdout)["steps"]  # and it did land:
    assert any(s["status"] == "done" for s in json.loads(ft("plan", "acme-1", "--json").stdout)["steps"])


@pytest.mark.parametrize("applications", [2, 12])
def test_a_web_done_click_costs_at_most_18_queries_19_on_the_server(
    ft: Cli, web: WebClient, pin_clock: Callable[..., None], applications: int
) -> None:
    _search(ft, applications)
    _today(pin_clock)
    page = web.get("/").content.decode()
    step = re.findall(r'action="/steps/([0-9a-f]+)/settle"', page)[0]
    token = web.csrf("/")
    with CaptureQueriesContext(connection) as queries:
        response = web.client.post(
            f"/steps/{step}/settle", {"csrfmiddlewaretoken": token, "action": "done"}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert "Marked" in response.content.decode()
    # 18: the agenda drawn again, with one query for the call cards (phone numbers, last call
    # notes), one for who is called in several applications (one person, one call), and
    # the application's kept facts (last activity, for a coach's caseload); on the server
    # one more, the version of the job search the agenda drawn is kept under.
    budget = 19 if connection.vendor == "postgresql" else 18
    assert len(queries) <= budget, "\n".join(q["sql"][:120] for q in queries.captured_queries)


@pytest.mark.parametrize("applications", [1, 15])
def test_the_today_page_costs_at_most_10_queries_whatever_the_size(
    ft: Cli, web: WebClient, pin_clock: Callable[..., None], applications: int
) -> None:
    from followthrough.services.pages import kept_pages

    _search(ft, applications)
    _today(pin_clock)
    web.get("/")
    kept_pages.forget_all()  # drawn from the job search, as after any change
    with CaptureQueriesContext(connection) as queries:
        page = web.get("/").content.decode()
    assert page.count("Call Ann Lee") >= applications  # every application's call is on it
    # On the server, one more: the version of the job search the page is kept under.
    budget = 11 if connection.vendor == "postgresql" else 10
    assert len(queries) <= budget, "\n".join(q["sql"][:120] for q in queries.captured_queries)


def test_the_today_page_opened_again_unchanged_costs_4_queries_on_the_server(
    ft: Cli, web: WebClient, pin_clock: Callable[..., None]
) -> None:
    """On the career-centre server the page's data is kept while the job search is
    unchanged: opened again, only the profile (the day) and the version are read."""
    _search(ft, 15)
    _today(pin_clock)
    first = web.get("/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = web.get("/").content.decode()
    assert again.count("Call Ann Lee") == first.count("Call Ann Lee") >= 15
    budget = 4 if connection.vendor == "postgresql" else 10  # SQLite (the local app) keeps nothing
    assert len(queries) <= budget, "\n".join(q["sql"][:120] for q in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert not any("ft_step" in q["sql"] for q in queries.captured_queries)
