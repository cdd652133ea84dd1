"""A job seeker's calendar feed on the career-centre server: the secret address is the
only thing a calendar program holds, so it alone says whose plan it is, and it shows that
plan and nobody else's."""

from __future__ import annotations

from typing import Any

import pytest

from followthrough import clock
from tests.server.support import Browser, member, start

pytestmark = pytest.mark.usefixtures("server")


def _job_search(user: Any, company: str) -> str:
    """An application with the same id for everyone, a thank-you note due; the feed's address."""
    from followthrough.core.model import ContactRole, Interview
    from followthrough.services import owners
    from followthrough.services.files import calendar_feed
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    with owners.acting_as(user):
        add_application(company, "Analyst", slug="acme-analyst")
        add_contact("acme-analyst", "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
        record_event("acme-analyst", Interview(on=clock.today_in("UTC"), with_=("ann",)))
        return calendar_feed.new_feed_token()


def test_a_secret_address_shows_its_owners_plan_and_no_one_elses() -> None:
    admin = start()
    sam, kim = member(admin, "sam@example.org"), member(admin, "kim@example.org")
    sams, kims = _job_search(sam, "Sam's Acme"), _job_search(kim, "Kim's Acme")
    anyone = Browser()  # a calendar program: no session, no password

    answer = anyone.get(f"/calendar/{sams}.ics")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    body = answer.content.decode()
    assert "Sam's Acme" in body and "Kim's Acme" not in body and "BEGIN:VALARM" in body
    assert "Kim's Acme" in anyone.get(f"/calendar/{kims}.ics").content.decode()

    for wrong in (sams[:-1] + ("A" if sams[-1] != "A" else "B"), "x" * 43):
        refused = anyone.get(f"/calendar/{wrong}.ics")
        assert refused.status_code == 404 and b"Acme" not in refused.content
    assert anyone.get("/applications/").status_code == 302  # the secret opens nothing else


def test_a_new_address_ends_the_old_one_for_that_seeker_only() -> None:
    from followthrough.services import owners
    from followthrough.services.files import calendar_feed

    admin = start()
    sam, kim = member(admin, "sam@example.org"), member(admin, "kim@example.org")
    old, kims = _job_search(sam, "Sam's Acme"), _job_search(kim, "Kim's Acme")
    with owners.acting_as(sam):
        new = calendar_feed.new_feed_token()
    anyone = Browser()
    assert anyone.get(f"/calendar/{old}.ics").status_code == 404
    assert anyone.get(f"/calendar/{new}.ics").status_code == 200
    assert anyone.get(f"/calendar/{kims}.ics").status_code == 200
