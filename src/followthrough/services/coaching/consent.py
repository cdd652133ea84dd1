"""A job seeker's consent to a coach of their organisation, and the log of every look.

Access is never by default: a coach sees a seeker only while the seeker consents (they
invited the coach, or accepted the coach's request), and sees the summary alone unless
the seeker turned on full view. The seeker can revoke at any time; every page a coach
opens about a seeker is written to the seeker's access log in the same transaction that
reads the seeker's data, under a lock the revocation waits for (store.consent_locks):
once a revocation has committed, no coach view of that seeker succeeds.

Every function takes the acting user first and trusts no id from a request: an id names
a person the acting user may deal with, or the answer is the same refusal whether or
not that person exists.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q

from followthrough import clock
from followthrough.services.errors import UserError
from followthrough.store import consent_locks
from followthrough.store.models import AccessLogEntry, CoachLink, Membership, User

log = logging.getLogger(__name__)

SEEKER, COACH, ADMINISTRATOR = "job_seeker", "coach", "administrator"  # core.roles.MemberRole's values


class NotAllowed(Exception):
    """The acting user may not see or do this (a 404 on the web: it reveals nothing)."""


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True)
class Link:
    """One seeker-coach pair as either of them sees it."""

    person: Person  # the other one
    status: str  # requested | active | revoked
    full_view: bool
    asked_by_coach: bool
    since: dt.datetime | None


@dataclass(frozen=True)
class LogLine:
    coach: str
    at: dt.datetime
    page: str


def name_of(user: Any) -> str:
    return _name(user.first_name, user.username)


def _name(first_name: str, username: str) -> str:
    """The name a person goes by: their first name, else the address they sign in with."""
    return str(first_name or username)


def _organisations(user_id: int, role: str) -> Any:
    return Membership.objects.filter(user_id=user_id, role=role).values("organisation_id")


def shares_organisation(seeker_id: int, coach_id: int) -> bool:
    """The seeker is a job seeker and the coach a coach of one organisation."""

    return Membership.objects.filter(
        user_id=coach_id, role=COACH, organisation_id__in=_organisations(seeker_id, SEEKER)
    ).exists()


def _people(ids: Any) -> list[Person]:
    rows = User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "username", "id")
    return [Person(u.pk, name_of(u)) for u in rows]


def coaches_for(seeker: Any) -> list[Person]:
    """The coaches of the seeker's organisations."""

    ids = Membership.objects.filter(role=COACH, organisation_id__in=_organisations(seeker.pk, SEEKER))
    return [p for p in _people(ids.values("user_id")) if p.id != seeker.pk]


_LINK = ("status", "full_view", "asked_by_coach", "consented_at", "revoked_at", "created_at")


def _links(other: str, **where: Any) -> list[Link]:
    """The links ``where`` says, each with the other person (``other``): the columns a
    link shows, in one query (no account rows: the coach's caseload asks at every look)."""

    rows = CoachLink.objects.filter(**where).order_by("id")
    links = []
    for status, full, by_coach, consented, revoked, created, who, first, username in rows.values_list(
        *_LINK, f"{other}_id", f"{other}__first_name", f"{other}__username"
    ):
        since = consented if status == "active" else revoked if status == "revoked" else None
        links.append(Link(Person(who, _name(first, username)), status, full, by_coach, since or created))
    return links


def links_of_seeker(seeker: Any) -> list[Link]:
    return _links("coach", seeker_id=seeker.pk)


def links_of_coach(coach: Any, status: str | None = None) -> list[Link]:
    where = {"status": status} if status else {}
    return _links("seeker", coach_id=coach.pk, **where)


def _locked(seeker_id: int, coach_id: int) -> Any:
    return CoachLink.objects.select_for_update().filter(seeker_id=seeker_id, coach_id=coach_id).first()


def _related(seeker_id: int, coach_id: int) -> Any:
    """The pair's link, locked; NotAllowed when they never had one (a stranger's id)."""
    row = _locked(seeker_id, coach_id)
    if row is None:
        raise NotAllowed("no such coach or job seeker")
    return row


def invite(seeker: Any, coach_id: int) -> str:
    """The seeker lets a coach of their organisation see their summary (again)."""

    with transaction.atomic():
        if not shares_organisation(seeker.pk, coach_id):
            raise NotAllowed("no such coach in your organisation")
        row = _locked(seeker.pk, coach_id)
        if row is None:
            row = CoachLink(seeker_id=seeker.pk, coach_id=coach_id, asked_by_coach=False)
        if row.status != CoachLink.Status.ACTIVE:
            row.status, row.consented_at, row.revoked_at = CoachLink.Status.ACTIVE, clock.now(), None
            row.full_view = False
            row.save()
        coach = row.coach
    log.info("seeker %s consents to coach %s", seeker.pk, coach_id)
    return name_of(coach)


def accept(seeker: Any, coach_id: int) -> str:
    """The seeker says yes to a coach's request."""
    with transaction.atomic():
        row = _related(seeker.pk, coach_id)
        if row.status != "requested":
            raise UserError("no request from that coach is waiting")
    return invite(seeker, coach_id)


def revoke(seeker: Any, coach_id: int) -> str:
    """The seeker ends a coach's access (or declines their request): from the moment this
    commits, the coach sees nothing of them."""
    with transaction.atomic():
        row = _related(seeker.pk, coach_id)
        if row.status == "revoked":
            raise UserError("that coach has no access to end")
        row.status, row.full_view, row.revoked_at = "revoked", False, clock.now()
        row.save()
        coach = row.coach
    log.info("seeker %s revoked coach %s", seeker.pk, coach_id)
    return name_of(coach)


def set_full_view(seeker: Any, coach_id: int, on: bool) -> str:
    """Let an active coach read the applications and plans too (read only), or stop it."""
    with transaction.atomic():
        row = _related(seeker.pk, coach_id)
        if row.status != "active":
            raise UserError("that coach does not have your consent: invite them first")
        if row.full_view != on:
            row.full_view = on
            row.save(update_fields=["full_view", "changed_at"])
        coach = row.coach
    return name_of(coach)


def ask(coach: Any, email: str) -> str:
    """A coach asks a job seeker of their organisation (by the address they sign in
    with) for consent."""

    address = email.strip().lower()
    with transaction.atomic():
        seeker_id = User.objects.filter(username=address, is_active=True).values_list("pk", flat=True).first()
        if seeker_id is None or not shares_organisation(seeker_id, coach.pk):
            raise UserError(f"{address or 'that address'}: no job seeker of your organisation signs in with it")
        row = _locked(seeker_id, coach.pk)
        if row is not None and row.status == "active":
            raise UserError("you already have their consent")
        if row is None:
            row = CoachLink(seeker_id=seeker_id, coach_id=coach.pk)
        row.status, row.asked_by_coach, row.full_view = CoachLink.Status.REQUESTED, True, False
        row.save()
        seeker = row.seeker
    return name_of(seeker)


def step_back(coach: Any, seeker_id: int) -> str:
    """The coach ends their own access to a seeker (or withdraws a request)."""
    with transaction.atomic():
        row = _related(seeker_id, coach.pk)
        if row.status == "revoked":
            raise UserError("you have no access to end")
        row.status, row.full_view, row.revoked_at = "revoked", False, clock.now()
        row.save()
        seeker = row.seeker
    return name_of(seeker)


def end_links_outside_organisations(user_id: int) -> int:
    """After someone left an organisation: end every link whose seeker and coach no longer
    share one. Returns how many ended. Call inside the transaction that removed them."""

    ended = 0
    live = CoachLink.objects.select_for_update().filter(status__in=("active", "requested"))
    for row in live.filter(Q(seeker_id=user_id) | Q(coach_id=user_id)).order_by("id"):
        if not shares_organisation(row.seeker_id, row.coach_id):
            row.status, row.full_view, row.revoked_at = "revoked", False, clock.now()
            row.save()
            ended += 1
    return ended


def access_log(seeker: Any, limit: int = 500) -> list[LogLine]:
    """Every page a coach opened about the seeker, newest first."""

    rows = AccessLogEntry.objects.filter(seeker_id=seeker.pk).order_by("-at", "-id")[:limit]
    return [LogLine(r.coach_name, r.at, r.page) for r in rows]


@contextmanager
def looking(coach: Any, seeker_ids: Sequence[int], page: str, full_view: bool = False) -> Iterator[list[int]]:
    """A coach's look at some seekers, in one transaction: keep only the seekers who
    consent (and allow full view, if asked), hold their consent against revocation until
    the look is over, and write the look to each one's access log. Yields the ids
    allowed, in the order given."""

    with transaction.atomic():
        still = consent_locks.active_seekers(coach.pk, seeker_ids, full_view)
        allowed = [i for i in seeker_ids if i in still]
        now, who = clock.now(), name_of(coach)
        AccessLogEntry.objects.bulk_create(
            [AccessLogEntry(seeker_id=i, coach_id=coach.pk, coach_name=who, at=now, page=page) for i in allowed]
        )
        yield allowed


def looked_at(coach: Any, seeker_ids: Sequence[int], page: str) -> list[int]:
    """A look at a page already drawn: of ``seeker_ids``, the seekers who consent now, the
    look written to each one's access log, all at once (PostgreSQL: one statement that
    holds their consent while it writes). Returns the ids allowed, in the order given."""

    if not consent_locks.looks_in_one_statement():
        with looking(coach, seeker_ids, page) as allowed:
            return allowed
    if not seeker_ids:
        return []
    still = consent_locks.look_logged(coach.pk, seeker_ids, name_of(coach), clock.now(), page)
    return [i for i in seeker_ids if i in still]


class Consenting(NamedTuple):
    """A seeker who consents to a coach, as a caseload needs them."""

    full_view: bool
    name: str  # the name they go by
    zone: str | None  # their time zone, when they have a profile


def consenting(coach: Any) -> dict[int, Consenting]:
    """The seekers who consent to ``coach``, by id, in one query."""

    rows = CoachLink.objects.filter(coach_id=coach.pk, status="active").values_list(
        "seeker_id", "full_view", "seeker__first_name", "seeker__username", "seeker__profile__timezone"
    )
    return {seeker: Consenting(full, _name(first, username), zone) for seeker, full, first, username, zone in rows}
