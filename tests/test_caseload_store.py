"""Caseload summaries from the stored job search: what a coach reads about a seeker
matches what the seeker recorded, read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.core.caseload import APPLIED, INTERVIEWED

TODAY = dt.date(2026, 11, 30)


def me() -> int:
    """The acting owner's id: the test's local job search."""
    from followthrough.services.owners import current_owner_id

    return current_owner_id()


def _search(prefix: str = "") -> None:
    """Case A at Acme (waiting past its promise, notes and calls late), an application
    at Initech with no interview yet, an offer at Globex."""
    from followthrough.core.model import ContactRole, Debrief, Interview, Response, ResponseOutcome
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event

    acme = add_application(f"{prefix}Acme", "Data Analyst", f"{prefix}acme")
    add_contact(acme, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann")
    add_contact(acme, "Bo Park", ContactRole.INTERVIEWER, key="bo")
    add_contact(acme, "Cy Diaz", ContactRole.INSIDE_CONTACT, key="cy")
    record_event(acme, Interview(dt.date(2026, 11, 3), ("ann", "bo")))
    record_event(acme, Debrief(dt.date(2026, 11, 3), timeframe="two weeks"))
    add_application(f"{prefix}Initech", "Analyst", f"{prefix}initech", applied_on=dt.date(2026, 11, 20))
    globex = add_application(f"{prefix}Globex", "Analyst", f"{prefix}globex")
    record_event(globex, Interview(dt.date(2026, 11, 2)))
    record_event(globex, Response(dt.date(2026, 11, 9), ResponseOutcome.OFFER))


def test_the_summary_says_what_the_seeker_recorded(db: str) -> None:
    from followthrough.services.coaching.caseload import summaries

    _search()
    (summary,) = summaries([me()], {me(): "Dee"}, TODAY)
    assert summary.stages == {APPLIED: 1, INTERVIEWED: 1, "offer": 1}
    assert summary.last_activity == dt.date(2026, 11, 20)
    assert summary.late_thank_you_notes == 2 and summary.waiting_past_promise == 1
    words = [r.words for r in summary.reasons]
    assert words == [
        "2 thank-you notes to Acme, the first 27 days late",
        "called Acme's hiring officer 0 of 3 times since the promised date, 13 days ago",
        "call to an inside contact at Acme 12 days overdue",
    ]
    assert not any(name in " ".join(words) for name in ("Ann", "Bo", "Cy"))


def test_calls_made_count_in_the_waiting_line(db: str) -> None:
    from followthrough.core.model import StepDone, StepKind
    from followthrough.services.coaching.caseload import summaries
    from followthrough.services.jobsearch.applications import record_event

    _search()
    record_event("acme", StepDone(dt.date(2026, 11, 18), StepKind.CALL_HIRING_OFFICER, "ann"))
    (summary,) = summaries([me()], {me(): "Dee"}, TODAY)
    assert "called Acme's hiring officer 1 of 3 times since the promised date, 13 days ago" in [
        r.words for r in summary.reasons
    ]


FACTS = ("slug", "promised_on", "interviews", "last_event_on")


def test_an_imported_search_keeps_the_facts_a_caseload_reads(db: str, another_db: str) -> None:
    from followthrough.services.files.exchange import export_document, import_document
    from followthrough.store.models import Application
    from tests.conftest import acting_locally, use_database

    _search()
    document = export_document()
    kept = {slug: facts for slug, *facts in Application.objects.values_list(*FACTS)}
    assert kept["acme"] == [dt.date(2026, 11, 17), 1, dt.date(2026, 11, 3)]
    assert kept["globex"] == [None, 1, dt.date(2026, 11, 9)] and kept["initech"] == [None, 0, None]
    use_database(another_db)
    for _ in acting_locally():  # the other database's own local owner
        import_document(document)
        assert {slug: facts for slug, *facts in Application.objects.values_list(*FACTS)} == kept


def test_a_caseload_costs_the_same_few_queries_however_large(db: str) -> None:
    from followthrough.services.coaching.caseload import summaries

    _search()
    with CaptureQueriesContext(connection) as small:
        summaries([me()], {me(): "Dee"}, TODAY)
    for n in range(5):
        _search(f"x{n}")
    with CaptureQueriesContext(connection) as large:
        (summary,) = summaries([me()], {me(): "Dee"}, TODAY)
    assert summary.stages[INTERVIEWED] == 6
    # Counting: three aggregate queries; on PostgreSQL also reading and keeping the result.
    budget = 5 if connection.vendor == "postgresql" else 3
    assert len(large) == len(small) <= budget, "\n".join(q["sql"][:160] for q in large.captured_queries)
