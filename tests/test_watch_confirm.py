"""Confirming a possible response (never over an answer the user already recorded), and the
watcher's other commands saying what they did."""

from __future__ import annotations

import datetime as dt
import json

from followthrough.core.model import ContactRole, Interview, Response, ResponseOutcome
from followthrough.services.mail.watch import Found
from tests.conftest import Cli


def _found(slug: str, key: str, subject: str, day: int) -> Found:
    when = dt.datetime(2026, 11, day, 15, 0, tzinfo=dt.UTC)
    return Found(slug, key, f"Ann Lee <ann@{slug}.example>", subject, when, "contact", "ann", "INBOX", day)


def _job_search(ft: Cli) -> None:
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event
    from followthrough.services.mail import watch

    ft("profile", "set", "--timezone", "America/Chicago")
    for slug in ("acme", "beta"):
        add_application(slug.title(), "Analyst", slug)
        add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER, "ann", email=f"ann@{slug}.example")
        record_event(slug, Interview(dt.date(2026, 11, 3), ("ann",)))
    found = [
        _found("acme", "m1", "Offer", 10),
        _found("acme", "m2", "Re: your application", 12),
        _found("beta", "m3", "Update", 12),
    ]
    watch.save_pass("me@host:993", "INBOX", 1, 12, found)


def _ids() -> dict[str, int]:
    from followthrough.store.models import PossibleResponse

    return {p.message_key: p.pk for p in PossibleResponse.objects.all()}


def test_a_stale_possible_response_cannot_reopen_a_closed_outcome(ft: Cli) -> None:
    _job_search(ft)
    ids = _ids()
    assert "closed (offer)" in ft("confirm", str(ids["m1"]), "--outcome", "offer").stdout
    refused = ft("confirm", str(ids["m2"]), "--outcome", "rejected", code=2)
    assert "acme is already closed (offer)" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    assert json.loads(ft("plan", "acme", "--json").stdout)["outcome"] == "offer"
    agenda = json.loads(ft("agenda", "--as-of", "2026-11-20", "--json").stdout)
    assert [p["subject"] for p in agenda["possible_responses"]] == ["Update"], "the stale one left the agenda"


def test_closed_another_way_its_possible_responses_are_stale_too(ft: Cli) -> None:
    from followthrough.services.jobsearch.applications import record_event
    from followthrough.services.mail import watch

    _job_search(ft)
    record_event("beta", Response(dt.date(2026, 11, 13), ResponseOutcome.FILLED, "ann"))
    assert [p.subject for p in watch.possible_responses()] == ["Offer", "Re: your application"]
    refused = ft("confirm", str(_ids()["m3"]), "--outcome", "offer", code=2)
    assert "beta is already closed (filled)" in refused.output
    assert json.loads(ft("plan", "beta", "--json").stdout)["outcome"] == "filled"


def test_removing_a_domain_that_is_not_there_says_so(ft: Cli) -> None:
    _job_search(ft)
    ft("domains", "acme", "acme.example", "jobs.acme.example")
    refused = ft("domains", "acme", "--remove", "nothere.example", code=2)
    assert "nothere.example was not among its domains (watching: acme.example, jobs.acme.example)" in refused.output
    assert "acme: acme.example, jobs.acme.example" in ft("domains", "acme").stdout, "nothing changed"
    out = ft("domains", "acme", "--remove", "@Jobs.Acme.example").stdout
    assert "Removed jobs.acme.example." in out and "acme: acme.example" in out
