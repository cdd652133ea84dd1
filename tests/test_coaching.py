"""Consent, not access by default: what a coach sees of a job seeker, for how long, and
what the seeker can read of it afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from followthrough.services.errors import UserError
from tests.coaching_support import TODAY, Centre, make_centre, quick_passwords


@pytest.fixture
def centre(db: str) -> Iterator[Centre]:
    with quick_passwords():
        yield make_centre()


def _state() -> list[tuple[Any, ...]]:
    from followthrough.store.models import AccessLogEntry, CoachLink

    links = list(CoachLink.objects.order_by("id").values_list("seeker_id", "coach_id", "status", "full_view"))
    return [*links, AccessLogEntry.objects.count()]


def test_a_coach_sees_only_the_seekers_who_consent(centre: Centre) -> None:
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed

    found = coaching.caseload_page(centre.cleo, TODAY)
    assert [s.name for s in found.summaries] == ["Sam"]
    words = [r.words for r in found.summaries[0].reasons]
    assert "called Samcorp's hiring officer 0 of 3 times since the promised date, 13 days ago" in words
    assert coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY).summary.name == "Sam"
    for other in (centre.tess, centre.uma, centre.cole, centre.ada):
        with pytest.raises(NotAllowed):
            coaching.seeker_page(centre.cleo, other.pk, TODAY)


def test_every_look_is_in_the_seekers_access_log(centre: Centre) -> None:
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching

    coaching.caseload_page(centre.cleo, TODAY)
    coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY)
    coaching.caseload_csv(centre.cleo, TODAY)
    log = consent.access_log(centre.sam)
    assert [(line.coach, line.page) for line in log] == [
        ("Cleo", "caseload CSV export"),
        ("Cleo", "summary"),
        ("Cleo", "caseload list"),
    ]
    assert consent.access_log(centre.tess) == []


def test_full_view_only_when_the_seeker_allows_it(centre: Centre) -> None:
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed

    with pytest.raises(NotAllowed):
        coaching.seeker_applications(centre.cleo, centre.sam.pk)
    consent.set_full_view(centre.sam, centre.cleo.pk, True)
    name, rows = coaching.seeker_applications(centre.cleo, centre.sam.pk)
    assert name == "Sam" and {r.company for r in rows} == {"Samcorp", "Samcorp Labs", "Samcorp Group"}
    _name, app, plan = coaching.seeker_application(centre.cleo, centre.sam.pk, "samcorp-waiting")
    assert app.company == "Samcorp" and plan.steps
    with pytest.raises(NotAllowed):
        coaching.seeker_application(centre.cleo, centre.sam.pk, "no-such-application")
    consent.set_full_view(centre.sam, centre.cleo.pk, False)
    with pytest.raises(NotAllowed):
        coaching.seeker_applications(centre.cleo, centre.sam.pk)
    assert "applications (full view)" in [line.page for line in consent.access_log(centre.sam)]


def test_revoking_ends_access_at_once(centre: Centre) -> None:
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed

    consent.revoke(centre.sam, centre.cleo.pk)
    assert coaching.caseload_page(centre.cleo, TODAY).summaries == []
    with pytest.raises(NotAllowed):
        coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY)
    assert "Samcorp" not in coaching.caseload_csv(centre.cleo, TODAY)
    consent.invite(centre.sam, centre.cleo.pk)  # and can be given again, summary only
    assert coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY).full_view is False


def test_a_coach_asks_and_the_seeker_decides(centre: Centre) -> None:
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching

    consent.ask(centre.cleo, " Tess@Example.org ")
    assert [(link.person.name, link.status) for link in consent.links_of_seeker(centre.tess)] == [("Cleo", "requested")]
    assert [s.name for s in coaching.caseload_page(centre.cleo, TODAY).summaries] == ["Sam"]
    consent.accept(centre.tess, centre.cleo.pk)
    assert [s.name for s in coaching.caseload_page(centre.cleo, TODAY, sort="name").summaries] == ["Sam", "Tess"]


def test_refusals_change_nothing(centre: Centre) -> None:
    from followthrough.services.coaching import consent
    from followthrough.services.coaching.consent import NotAllowed

    before = _state()
    refusals = [
        lambda: consent.invite(centre.sam, centre.cole.pk),  # a coach of another organisation
        lambda: consent.invite(centre.sam, centre.tess.pk),  # not a coach
        lambda: consent.invite(centre.sam, 10**6),  # no one
        lambda: consent.ask(centre.cleo, "uma@example.org"),  # a seeker of another organisation
        lambda: consent.ask(centre.cleo, "nobody@example.org"),
        lambda: consent.ask(centre.cleo, "sam@example.org"),  # consent given already
        lambda: consent.accept(centre.tess, centre.cleo.pk),  # nothing was asked
        lambda: consent.revoke(centre.tess, centre.cleo.pk),  # nothing to end
        lambda: consent.set_full_view(centre.tess, centre.cleo.pk, True),  # not invited
        lambda: consent.step_back(centre.cleo, centre.tess.pk),
    ]
    for refused in refusals:
        with pytest.raises((UserError, NotAllowed)):
            refused()
    assert _state() == before


def test_administrators_see_counts_and_nothing_else(centre: Centre) -> None:
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed

    name, counts = coaching.organisation_counts(centre.ada)
    assert name == "North Careers"
    assert (counts.seekers, counts.active_searches, counts.applications) == (2, 2, 6)
    assert counts.outcomes == {"offer": 2} and counts.interviewed == 4 and counts.answered == 2
    for not_admin in (centre.cleo, centre.sam):
        with pytest.raises(NotAllowed):
            coaching.organisation_counts(not_admin)
    with pytest.raises(NotAllowed):
        coaching.seeker_page(centre.ada, centre.sam.pk, TODAY)


def test_a_coach_counts_each_seeker_on_their_own_date(centre: Centre, pin_clock: Any) -> None:
    """Noon UTC on 30 November is already 1 December in Kiritimati (UTC+14): a seeker who
    lives there is counted for their own date, not the server's (nor UTC's)."""
    import datetime as dt

    from followthrough.services.coaching import looks as coaching
    from followthrough.services.owners import acting_as
    from followthrough.store.models import Profile

    with acting_as(centre.sam):
        Profile.objects.update_or_create(defaults={"timezone": "Pacific/Kiritimati"})
    pin_clock(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC))
    (sam,) = coaching.caseload_page(centre.cleo).summaries  # the day: each seeker's own
    words = [r.words for r in sam.reasons]
    assert "called Samcorp's hiring officer 0 of 3 times since the promised date, 14 days ago" in words
    assert sam == coaching.caseload_page(centre.cleo, dt.date(2026, 12, 1)).summaries[0]
    assert sam != coaching.caseload_page(centre.cleo, TODAY).summaries[0], "the 30th: one day less"
