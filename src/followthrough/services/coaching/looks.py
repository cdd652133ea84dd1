"""What a coach sees of the job seekers who consent, and what an administrator sees of
the organisation: summaries and counts, computed set-wise (services.coaching.caseload), each
look written to the seekers' access logs (services.coaching.consent.looking).

A coach sees a seeker's summary only while the seeker consents, and their applications
and plans (read only) only with full view. An administrator sees counts for the whole
organisation and never one seeker's details. A refusal is NotAllowed whatever the
reason (no such person, another organisation, no consent): it reveals nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from followthrough import clock
from followthrough.core import caseload as core_caseload
from followthrough.core.caseload import OrganisationCounts, SeekerSummary
from followthrough.core.model import DECISIONS, Application, Plan
from followthrough.interop.caseload_csv import write_caseload
from followthrough.services.coaching import caseload, consent
from followthrough.services.coaching.consent import ADMINISTRATOR, SEEKER, NotAllowed
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.applications import get_application_and_plan, list_applications
from followthrough.services.owners import reading_as
from followthrough.services.pages import kept_pages
from followthrough.store import caseload as queries
from followthrough.store.models import Membership, User
from followthrough.store.page_stamps import caseload_stamp as stamp_of

PAGE_SIZE = 50  # seekers per caseload page: the summaries are all computed, a page is shown


@dataclass(frozen=True)
class Caseload:
    summaries: list[SeekerSummary]  # the page shown
    total: int
    page: int
    pages: int
    full_view: dict[int, bool]
    kept_as: Hashable | None = None  # the key its summaries are kept under (services.pages.kept_pages)


def _days(people: Mapping[int, consent.Consenting], today: dt.date | None) -> caseload.Days:
    """The day each seeker's summary is counted for: ``today`` for all (tests, tools), else
    each seeker's own date where they live."""

    if today is not None:
        return today
    return caseload.local_days(sorted(people), clock.now(), {i: p.zone for i, p in people.items()})


def _names(people: Mapping[int, consent.Consenting]) -> dict[int, str]:
    return {i: p.name for i, p in people.items()}


def caseload_page(coach: Any, today: dt.date | None = None, sort: str = "attention", page: int = 1) -> Caseload:
    """Every consenting seeker's summary, sorted (most urgent first by default), one page
    of them shown and written to those seekers' access logs. ``today``: the day to count
    for; by default each seeker's own. The page's summaries are kept while nothing they
    are drawn from changes (services.pages.kept_pages); the look is checked and logged every time."""

    sort = sort if sort in core_caseload.ORDERS else "attention"  # what is drawn, and kept under
    stamp = caseload_stamp(coach) if today is None else None
    # Any seeker's date can turn only at a quarter hour (the world's zones are whole
    # quarters of an hour from UTC): a page is drawn again at least that often.
    quarter = int(clock.epoch() // 900)
    key = None if stamp is None else ("caseload", coach.pk, stamp, quarter, sort, page)
    drawn = kept_pages.kept(key, lambda: _draw_caseload(coach, today, sort, page))
    allowed = set(consent.looked_at(coach, [s.seeker for s in drawn.summaries], "caseload list"))
    # A revocation between the drawing and the look removes the line.
    shown = [s for s in drawn.summaries if s.seeker in allowed]
    full_view = {i: v for i, v in drawn.full_view.items() if i in allowed}
    return Caseload(shown, drawn.total, drawn.page, drawn.pages, full_view, key)


def caseload_stamp(coach: Any) -> str | None:
    return stamp_of(coach.pk) if kept_pages.keeping() else None


def _draw_caseload(coach: Any, today: dt.date | None, sort: str, page: int) -> Caseload:
    """The page's summaries, before the look (nothing written, nothing of the request's)."""
    people = consent.consenting(coach)
    key = core_caseload.ORDERS.get(sort, core_caseload.ORDERS["attention"])
    days = _days(people, today)
    ordered = sorted(caseload.kept(sorted(people), _names(people), days), key=lambda k: key(k.rank))
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = caseload.shown(ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], days)
    return Caseload(shown, len(ordered), page, pages, {s.seeker: people[s.seeker].full_view for s in shown})


def caseload_csv(coach: Any, today: dt.date | None = None) -> str:
    """The whole caseload's summaries as CSV (written to every seeker's access log)."""

    people = consent.consenting(coach)
    with consent.looking(coach, sorted(people), "caseload CSV export") as allowed:
        summaries = caseload.summaries(allowed, _names(people), _days(people, today))
    return write_caseload(summaries)


@dataclass(frozen=True)
class SeekerPage:
    summary: SeekerSummary
    full_view: bool


def seeker_page(coach: Any, seeker_id: int, today: dt.date | None = None) -> SeekerPage:
    """One seeker's summary: NotAllowed without their consent."""
    with consent.looking(coach, [seeker_id], "summary") as allowed:
        people = {i: p for i, p in consent.consenting(coach).items() if i in allowed}
        if not people:
            raise NotAllowed
        (summary,) = caseload.summaries(allowed, _names(people), _days(people, today))
    return SeekerPage(summary, people[seeker_id].full_view)


@contextmanager
def _as_seeker(seeker_id: int) -> Iterator[Any]:
    seeker = User.objects.get(pk=seeker_id)
    with reading_as(seeker):  # a look: a write attempted in it raises
        yield seeker


@dataclass(frozen=True)
class ApplicationLine:
    id: str
    company: str
    role: str
    status: str
    outcome: str | None
    next_due: dt.date | None


def seeker_applications(coach: Any, seeker_id: int) -> tuple[str, list[ApplicationLine]]:
    """Full view: the seeker's applications, read only. NotAllowed without full view."""

    with consent.looking(coach, [seeker_id], "applications (full view)", full_view=True) as allowed:
        if not allowed:
            raise NotAllowed
        with _as_seeker(seeker_id) as seeker:
            rows = [
                ApplicationLine(a.id, a.company, a.role, a.status, a.outcome, a.next_due) for a in list_applications()
            ]
            return consent.name_of(seeker), rows


def seeker_application(coach: Any, seeker_id: int, slug: str) -> tuple[str, Application, Plan]:
    """Full view: one application of the seeker and its plan, read only."""

    with consent.looking(coach, [seeker_id], f"application {slug} (full view)", full_view=True) as allowed:
        if not allowed:
            raise NotAllowed
        with _as_seeker(seeker_id) as seeker:
            try:
                application, plan = get_application_and_plan(slug)
            except UserError:
                raise NotAllowed from None
            return consent.name_of(seeker), application, plan


def organisation_counts(admin: Any) -> tuple[str, OrganisationCounts]:
    """The administrator's organisation in counts: never one seeker's details."""

    membership = Membership.objects.filter(user_id=admin.pk, role=ADMINISTRATOR).select_related("organisation").first()
    if membership is None:
        raise NotAllowed
    organisation = membership.organisation
    ids = sorted(
        set(Membership.objects.filter(organisation=organisation, role=SEEKER).values_list("user_id", flat=True))
    )
    days = caseload.local_days(ids, clock.now())  # "today" is each seeker's own date
    rows: list[tuple[int, str, str | None, bool, int, dt.date | None]] = []
    for day in sorted(set(days.values())):
        with caseload.reading([who for who in ids if days[who] == day]):
            rows += queries.stages(day)
    active: set[int] = set()
    outcomes: dict[str, int] = {}
    applications = interviewed = answered = 0
    for who, status, outcome, was_interviewed, n, _last in rows:
        applications += n
        if status == "open":
            active.add(who)
        elif outcome:
            outcomes[outcome] = outcomes.get(outcome, 0) + n
        interviewed += n if was_interviewed else 0
        answered += n if was_interviewed and outcome in DECISIONS else 0
    counts = OrganisationCounts(len(ids), len(active), applications, interviewed, answered, outcomes)
    return str(organisation.name), counts
