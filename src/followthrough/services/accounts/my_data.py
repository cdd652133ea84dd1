"""A job seeker's own data on the career-centre server: bring it (a followthrough/1 file
from their local job search, previewed first), take it (the same format, any time),
delete the account, leave an organisation.

Each takes the acting user and works on their job search alone (services.owners).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django_scopes import scopes_disabled

from followthrough.interop import exchange
from followthrough.services.coaching import consent
from followthrough.services.errors import Field, RefusedField, UserError
from followthrough.services.files import rows as files
from followthrough.services.files.dry_run import existing_ids, preview
from followthrough.services.files.exchange import import_document
from followthrough.services.owners import acting_as
from followthrough.store.models import Application, CoachLink, Membership, User

log = logging.getLogger(__name__)

MAX_UPLOAD = 20 * 1024 * 1024  # a followthrough/1 file of 10,000 applications is about 8 MB


@dataclass(frozen=True)
class ImportResult:
    applications: int
    replaced: int
    lines: tuple[str, ...]  # what a dry run would add, change and remove
    saved: bool


def export_mine(user: Any) -> str:
    """The seeker's whole job search as a followthrough/1 document."""

    with acting_as(user):
        return files.job_search()


def import_mine(user: Any, raw: bytes, source: str, dry_run: bool) -> ImportResult:
    """Bring a followthrough/1 file into the seeker's job search: its applications replace
    those of the same id, others are kept. ``dry_run``: do it all, then roll it back and
    say what it would have changed. A bad file changes nothing and says where it is bad."""

    if len(raw) > MAX_UPLOAD:
        raise UserError(f"{source}: larger than {MAX_UPLOAD // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{source}: not a followthrough/1 file (not UTF-8 text)") from None
    document = exchange.parse(text, source)
    ids = [a.id for a in document.job_search.applications]
    with acting_as(user):
        replaced = len(existing_ids(ids))
        if dry_run:
            saved, seen = preview(lambda: import_document(document))
            lines = tuple(line.strip() for line in seen.lines())
        else:
            saved, lines = import_document(document), ()
    if not dry_run:
        log.info("user %s imported %d applications (%d replaced)", user.pk, saved, replaced)
    return ImportResult(saved, replaced, lines, not dry_run)


def delete_account(user: Any, password: str) -> None:
    """Delete the account and everything in it: the job search, the coaches' access, the
    access log. Kept afterwards: one anonymous line in the server's log, nothing in the
    database."""

    if not user.check_password(password):
        raise RefusedField("the password is not right: the account was not deleted", Field.PASSWORD)
    with transaction.atomic():
        _hold_consent(user.pk)
        _hold_applications(user.pk)
        row = User.objects.select_for_update().get(pk=user.pk)
        admin_of = Membership.objects.filter(user_id=row.pk, role=consent.ADMINISTRATOR).values("organisation_id")
        others = Membership.objects.filter(organisation_id__in=admin_of, role=consent.ADMINISTRATOR).exclude(
            user_id=row.pk
        )
        if admin_of.exists() and not others.exists():
            raise UserError("you are your organisation's only administrator: make someone else one first")
        # The job search (every owned table's rows), memberships, consent and the access
        # log go with it: each has the user as owner, seeker or coach, on delete CASCADE.
        row.delete()
    log.info("an account was deleted at its owner's request")


def _hold_consent(user_id: int) -> None:
    """Lock the seeker's coach links before anything else, as a coach's look takes them
    (``FOR SHARE``) before it writes the access log: a look under way finishes first, a
    look after it finds no consent. Locking the account first instead, the look (holding
    the link, then checking the account for its log line) and the deletion (holding the
    account, then deleting the link) waited for each other: a deadlock, a coach's error page."""

    links = CoachLink.objects.select_for_update().filter(Q(seeker_id=user_id) | Q(coach_id=user_id))
    list(links.order_by("id").values_list("id"))


def _hold_applications(user_id: int) -> None:
    """Lock the user's applications, as a change to one of them does, before anything
    else: a Done click in another tab either commits first (its event and steps are then
    deleted with the rest) or waits and finds its application gone. Deleting without this
    took the steps first and the applications after, the click the other way round: a
    deadlock, or its new event left pointing at a deleted application."""

    with scopes_disabled():
        list(Application.objects.select_for_update().filter(owner_id=user_id).order_by("id").values_list("id"))


def organisations_of(user: Any) -> list[tuple[int, str, str]]:
    """(organisation id, name, role) of each membership."""

    rows = Membership.objects.filter(user_id=user.pk).select_related("organisation").order_by("organisation__name")
    return [(m.organisation_id, m.organisation.name, m.role) for m in rows]


def leave_organisation(user: Any, organisation_id: int) -> str:
    """A job seeker leaves an organisation: their data stays theirs; coaches who no longer
    share an organisation with them lose access at once."""

    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(user_id=user.pk, organisation_id=organisation_id, role=consent.SEEKER)
            .select_related("organisation")
            .first()
        )
        if membership is None:
            raise consent.NotAllowed("you are not a job seeker of that organisation")
        name = str(membership.organisation.name)
        membership.delete()
        ended = consent.end_links_outside_organisations(user.pk)
    log.info("user %s left organisation %s (%d coach links ended)", user.pk, organisation_id, ended)
    return name
