"""The promises people really make, read where they are typed: `debrief --timeframe` and
`respond --by` say the date they read, and the plan starts its calls after it; the
browser's preview shows the same date."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session


def test_the_terminal_says_the_date_read_from_a_holiday_and_from_hours(ft: Cli) -> None:
    ft("profile", "set", "--name", "Jordan", "--timezone", "America/Chicago", "--country", "US")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann", "--final")
    debriefed = ft("debrief", "acme", "--on", "2026-11-03", "--timeframe", "after the holidays").stdout
    assert "They will decide by Mon 2027-01-04 ('after the holidays')." in debriefed
    calls = [
        s["due"] for s in json.loads(ft("plan", "acme", "--json").stdout)["steps"] if s["kind"] == "call_hiring_officer"
    ]
    assert calls[0] == "2027-01-05"
    answered = ft("respond", "acme", "--outcome", "not_decided", "--by", "within 48 hours", "--on", "2027-01-05")
    assert "They will decide by Thu 2027-01-07 ('within 48 hours')." in answered.stdout
    answered = ft("respond", "acme", "--outcome", "not_decided", "--by", "first week of February", "--on", "2027-01-08")
    assert "They will decide by Fri 2027-02-05 ('first week of February')." in answered.stdout


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def test_the_browser_shows_the_date_read_from_a_holiday(web: WebClient, ft: Cli) -> None:
    ft("profile", "set", "--name", "Jordan", "--timezone", "America/Chicago", "--country", "US")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann", "--final")
    shown = web.get("/applications/acme/debrief/preview?decision_by=before+Thanksgiving&on=2026-11-03&strict=1")
    assert "That is <strong>Wed 25 Nov 2026</strong>" in shown.content.decode()
