"""One-time invitation links: how people join an organisation.

An administrator invites an e-mail address with a role; the link holds a random token,
of which only the SHA-256 is stored. Whoever follows the link sets a password (the usual
rules) and becomes a member. A link works once, even when two people follow it at the
same moment: the acceptance claims the invitation with a conditional update, and only
the request that changed the row goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from followthrough import clock
from followthrough.core.roles import ROLE_NAMES, MemberRole
from followthrough.services.accounts import members as accounts
from followthrough.services.accounts.link_tokens import new_token, token_hash
from followthrough.services.errors import UserError
from followthrough.store.models import Invitation as Row
from followthrough.store.models import Membership, User

log = logging.getLogger(__name__)

VALID_FOR = dt.timedelta(days=7)


class InvitationGone(UserError):
    """Unknown, used or expired: the same answer for each, so a link tells nothing."""

    def __init__(self) -> None:
        super().__init__("this invitation link has been used or has expired: ask your administrator for a new one")


@dataclass(frozen=True)
class Invitation:
    email: str
    role: MemberRole
    organisation: str
    expires_at: dt.datetime
    accepted_at: dt.datetime | None = None

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]

    def state(self, now: dt.datetime) -> str:
        if self.accepted_at is not None:
            return "accepted"
        return "expired" if self.expires_at <= now else "waiting"


def _view(row: Any) -> Invitation:
    return Invitation(
        email=row.email,
        role=MemberRole(row.role),
        organisation=row.organisation.name,
        expires_at=row.expires_at,
        accepted_at=row.accepted_at,
    )


def invite(admin: Any, email: str, role: str) -> tuple[str, Invitation]:
    """A new invitation from ``admin`` to their organisation. Returns the token (shown
    once, in the link; never stored) and the invitation."""

    address = accounts.sign_in_name(email)
    try:
        chosen = MemberRole(role)
    except ValueError:
        raise UserError(f"role {role!r}: choose one of {', '.join(r.value for r in MemberRole)}") from None
    token, stored = new_token()
    with transaction.atomic():
        organisation = accounts.administered(admin)
        if User.objects.filter(username__iexact=address).exists():
            raise UserError(f"there is already an account for {address}")
        row = Row.objects.create(
            organisation=organisation,
            email=address,
            role=chosen,
            token_hash=stored,
            invited_by_id=admin.pk,
            expires_at=clock.now() + VALID_FOR,
        )
    log.info("invitation %s made by %s (%s)", row.pk, admin.pk, chosen.value)
    return token, _view(row)


def waiting(token: str) -> Invitation:
    """The invitation a link names, while it can still be accepted."""

    row = (
        Row.objects.select_related("organisation")
        .filter(token_hash=token_hash(token), accepted_at__isnull=True, expires_at__gt=clock.now())
        .first()
    )
    if row is None:
        raise InvitationGone()
    return _view(row)


def accept(token: str, password: str, again: str, name: str = "") -> Any:
    """Accept the invitation: the account and its membership, in one transaction that
    first claims the invitation. Returns the new user."""

    invitation = waiting(token)
    accounts.check_password(password, invitation.email, again)
    now = clock.now()
    with transaction.atomic():
        claimed = Row.objects.filter(token_hash=token_hash(token), accepted_at__isnull=True, expires_at__gt=now).update(
            accepted_at=now
        )
        if claimed != 1:  # someone else followed the same link a moment ago
            raise InvitationGone()
        row = Row.objects.select_related("organisation").get(token_hash=token_hash(token))
        user = accounts.new_user(row.email, password, name)
        Membership.objects.create(user=user, organisation=row.organisation, role=row.role)
        Row.objects.filter(pk=row.pk).update(accepted_by=user)
    log.info("invitation %s accepted: account %s", row.pk, user.pk)
    return user


def of_organisation(admin: Any) -> list[Invitation]:
    """The administrator's organisation's invitations, newest first."""

    organisation = accounts.administered(admin)
    return [_view(row) for row in Row.objects.filter(organisation=organisation).select_related("organisation")[:200]]
