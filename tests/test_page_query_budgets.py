"""What the board, the statistics and the calendar feed cost the database does not grow
with the job search: the same number of queries for 3 applications as for 12."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Cli
from tests.test_web import WebClient, web_session


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _grow(ft: Cli, first: int, last: int) -> None:
    """Applications with an interview, a promise, contacts; every third one closed."""
    from followthrough.core.model import ContactRole, Debrief, Interview
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    for n in range(first, last):
        slug = add_application(f"Acme {n}", "Data Analyst", f"acme-{n}")
        add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
        record_event(slug, Interview(dt.date(2026, 11, 3), ("ann",)))
        record_event(slug, Debrief(dt.date(2026, 11, 3), timeframe="two weeks"))
        if n % 3 == 0:
            ft("respond", slug, "--outcome", "rejected", "--on", "2026-11-20")


def _queries(web: WebClient, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = web.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return len(queries)


BUDGETS = {  # what each costs today (session and profile reads included), with no slack
    "/applications/": 4,
    "/applications/?stage=closed": 3,
    "/applications/?stage=waiting": 2,
    "/statistics/": 3,
    "FEED": 3,
}


@pytest.mark.parametrize("path", list(BUDGETS))
def test_a_page_costs_the_same_queries_for_3_or_12_applications(web: WebClient, db: str, path: str) -> None:
    ft = Cli(db)
    if path == "FEED":
        found = re.search(r"/calendar/[\w-]+\.ics", ft("calendar-url", "--new").stdout)
        assert found
        path = found.group(0)
    _grow(ft, 0, 3)
    few = _queries(web, path)
    _grow(ft, 3, 12)
    many = _queries(web, path)
    assert many == few, f"{path}: {few} queries for 3 applications, {many} for 12"
    assert many <= BUDGETS.get(path, BUDGETS["FEED"]), many
