"""One-time reset links: how a member who cannot sign in gets back in.

A member who forgot their password, or lost the phone with their authenticator, asks an
administrator of their organisation. The administrator makes a link on the Organisation
page (and says whether the authenticator goes too) and hands it over themselves, as they
do invitations: only the token's SHA-256 is kept. Following the link, the member chooses
a new password (the usual rules); every session of theirs ends, the failed sign-ins
counted against their address are forgotten, and they are signed in. Where the
authenticator went, a coach or administrator sets up a new one straight away, as at
their first sign-in.

A link works once, for a day, while the account is active; a newer link replaces an
older one. Two people following it at the same moment: the use claims the link with a
conditional update, and only the request that changed the row goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from followthrough.services import accounts
from followthrough.services.errors import UserError

log = logging.getLogger(__name__)

VALID_FOR = dt.timedelta(days=1)


class ResetLinkGone(UserError):
    """Unknown, used, replaced, expired, or the account disabled: one answer for each, so
    a link tells nothing."""

    def __init__(self) -> None:
        super().__init__("this reset link has been used or has expired: ask your administrator for a new one")


@dataclass(frozen=True)
class ResetLink:
    email: str  # the member's sign-in name
    name: str
    new_authenticator: bool  # their authenticator goes when the link is used
    expires_at: dt.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


def _view(row: Any) -> ResetLink:
    return ResetLink(row.user.username, row.user.first_name, row.new_authenticator, row.expires_at)


def make(admin: Any, member_id: int, new_authenticator: bool = False) -> tuple[str, ResetLink]:
    """A reset link for a member of ``admin``'s organisation. Returns the token (shown
    once, in the link; never stored) and the link. Earlier links of theirs stop working."""
    from followthrough.store.models import Membership, User

    with transaction.atomic():
        organisation = accounts.administered(admin)
        if not Membership.objects.filter(organisation=organisation, user_id=member_id).exists():
            raise PermissionError("no such member in your organisation")
        if member_id == admin.pk:
            raise UserError(
                "you cannot reset your own account: change your password on the Password page, "
                "or ask another administrator"
            )
        return _make(User.objects.select_for_update().get(pk=member_id), admin.pk, new_authenticator)


def make_on_the_server(email: str, new_authenticator: bool = False) -> tuple[str, ResetLink]:
    """A reset link made by whoever runs the server (``followthrough server reset-link``):
    the way back in for an organisation's only administrator."""
    from followthrough.store.models import User

    address = accounts.sign_in_name(email)
    with transaction.atomic():
        member = User.objects.select_for_update().filter(username__iexact=address).first()
        if member is None:
            raise UserError(f"there is no account for {address}")
        return _make(member, None, new_authenticator)


def _make(member: Any, made_by: int | None, new_authenticator: bool) -> tuple[str, ResetLink]:
    """The link for ``member`` (locked by the caller's transaction), replacing older ones."""
    from followthrough.store.models import ResetLink as Row

    if not member.is_active:
        raise UserError(f"{member.username} is disabled: enable the account first")
    token, now = secrets.token_urlsafe(32), _now()
    Row.objects.filter(user=member, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    row = Row.objects.create(
        user=member,
        token_hash=_hash(token),
        made_by_id=made_by,
        new_authenticator=new_authenticator,
        expires_at=now + VALID_FOR,
    )
    by = f"account {made_by}" if made_by else "the server's operator"
    log.info("reset link %s made by %s for account %s (authenticator: %s)", row.pk, by, member.pk, new_authenticator)
    return token, _view(row)


def _unused(token: str, now: dt.datetime) -> Any:
    """The link, while unused and unexpired: conditions on its own row only, so that the
    update claiming it is checked again against the row another request just changed
    (a condition through a join would be checked against what was read before)."""
    from followthrough.store.models import ResetLink as Row

    return Row.objects.filter(token_hash=_hash(token), used_at__isnull=True, expires_at__gt=now)


def waiting(token: str) -> ResetLink:
    """The reset link ``token`` names, while it can still be used."""
    row = _unused(token, _now()).filter(user__is_active=True).select_related("user").first()
    if row is None:
        raise ResetLinkGone()
    return _view(row)


def use(token: str, password: str, again: str) -> Any:
    """Use the link: the member's new password, their sessions ended, their failed
    sign-ins forgotten (and their authenticator removed, if the link says so), in one
    transaction that first claims the link. Returns the member's account."""
    from axes.utils import reset as forget_failed_sign_ins

    from followthrough.store.models import ResetLink as Row
    from followthrough.store.models import User

    link = waiting(token)
    accounts.check_password(password, link.email, again)
    now = _now()
    with transaction.atomic():
        if _unused(token, now).update(used_at=now) != 1:  # used a moment ago, in another request
            raise ResetLinkGone()
        row = Row.objects.get(token_hash=_hash(token))
        user = User.objects.select_for_update().get(pk=row.user_id)
        if not user.is_active:  # disabled a moment ago: the claim is rolled back with this
            raise ResetLinkGone()
        user.set_password(password)
        user.save(update_fields=["password"])
        ended = accounts.end_sessions(user)
        if row.new_authenticator:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            TOTPDevice.objects.filter(user_id=user.pk).delete()
        forget_failed_sign_ins(username=user.username)
    log.info(
        "reset link %s used: account %s has a new password (%d sessions ended; authenticator %s)",
        row.pk,
        user.pk,
        ended,
        "removed" if row.new_authenticator else "kept",
    )
    return user
