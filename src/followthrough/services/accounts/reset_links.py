"""One-time reset links: how a member who cannot sign in gets back in.

A member who forgot their password, or lost the phone with their authenticator, asks an
administrator of their organisation. The administrator makes a link on the Organisation
page (and says whether the authenticator goes too) and hands it over themselves, as they
do invitations: only the token's SHA-256 is kept. Following the link, the member chooses
a new password (the usual rules); every session of theirs ends, the failed sign-ins
counted against their address are forgotten, and they are signed in. Where the
authenticator went, a coach or administrator sets up a new one straight away, as at
their first sign-in.

Making a link asks for the administrator's own password, and every administrator of the
organisation sees the links made, by whom, and whether they were used. A link works
once, for a day, while the account is active; a newer link, a password change or
disabling the account ends a waiting one. Every path that makes, uses or ends a link
locks the member's account row first, so they take their turns; two people following a
link at the same moment: the use claims it with a conditional update, and only the
request that changed the row goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace
from typing import Any

from axes.utils import reset as forget_failed_sign_ins
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from followthrough import clock
from followthrough.services import owners
from followthrough.services.accounts import members as accounts
from followthrough.services.accounts import second_factor
from followthrough.services.accounts.link_tokens import new_token, token_hash
from followthrough.services.errors import Field, Hint, Refusal, RefusedField, UserError
from followthrough.services.files import calendar_feed
from followthrough.store.models import Membership, User
from followthrough.store.models import ResetLink as Row

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
    created_at: dt.datetime | None = None
    used_at: dt.datetime | None = None
    made_by: str = ""  # who made it, in words
    signs_in_with_code: bool = False  # the member gives a code at sign-in (known to waiting())
    code_required: bool = False  # by their role: a coach or administrator (known to waiting())

    def state(self, now: dt.datetime) -> str:
        if self.used_at is not None:
            return "used"
        return "ended" if self.expires_at <= now else "waiting"


@dataclass(frozen=True)
class ToReset:
    """The member an administrator is about to make a link for."""

    id: int
    email: str
    name: str
    signs_in_with_code: bool  # a coach, an administrator, or a job seeker with an app: it can go


def _maker(row: Any) -> str:
    if row.made_by is not None:
        return str(row.made_by.first_name or row.made_by.username)
    return "the server's operator" if row.by_operator else "a deleted account"


def _view(row: Any) -> ResetLink:
    user = row.user
    return ResetLink(
        user.username, user.first_name, row.new_authenticator, row.expires_at, row.created_at, row.used_at, _maker(row)
    )


def member_to_reset(admin: Any, member_id: int) -> ToReset:
    """A member of ``admin``'s organisation whose account a link may reset (a refusal
    otherwise: PermissionError for anyone not theirs)."""

    organisation = accounts.administered(admin)
    if not Membership.objects.filter(organisation=organisation, user_id=member_id).exists():
        raise PermissionError("no such member in your organisation")
    if member_id == admin.pk:
        raise UserError(
            "you cannot reset your own account: change your password on the Password page, or ask another administrator"
        )
    member = User.objects.get(pk=member_id)
    elsewhere = Membership.objects.filter(user_id=member_id).exclude(organisation=organisation).exists()
    if elsewhere or member.is_staff or member.is_superuser:
        raise Refusal(
            f"the account {member.username} is not your organisation's alone: whoever runs the server can reset it",
            hint=Hint.SERVER_RESET_LINK,
        )
    if not member.is_active:
        raise UserError(f"the account {member.username} is disabled: enable it first")
    return ToReset(member.pk, member.username, member.first_name, second_factor.signs_in_with_code(member))


def make(admin: Any, member_id: int, admin_password: str, new_authenticator: bool = False) -> tuple[str, ResetLink]:
    """A reset link for a member of ``admin``'s organisation, who gives their own password
    again. Returns the token (shown once, in the link; never stored) and the link.
    Earlier links of the member stop working."""

    with transaction.atomic():
        member_to_reset(admin, member_id)
        if not admin.check_password(admin_password):
            raise RefusedField("your password is not right: making a reset link asks for it", Field.PASSWORD)
        member = User.objects.select_for_update().get(pk=member_id)
        return _make(member, admin, new_authenticator)


def make_on_the_server(email: str, new_authenticator: bool = False) -> tuple[str, ResetLink]:
    """A reset link made by whoever runs the server (``followthrough server reset-link``):
    the way back in for an organisation's only administrator."""

    address = accounts.sign_in_name(email)
    with transaction.atomic():
        member = User.objects.select_for_update().filter(username__iexact=address).first()
        if member is None:
            raise UserError(f"there is no account for {address}")
        return _make(member, None, new_authenticator)


def _make(member: Any, made_by: Any | None, new_authenticator: bool) -> tuple[str, ResetLink]:
    """The link for ``member`` (locked by the caller's transaction), ending older ones;
    ``made_by``: the administrator, or None for the server's operator."""

    if not member.is_active:
        raise UserError(f"the account {member.username} is disabled: enable it first")
    new_authenticator = new_authenticator and second_factor.signs_in_with_code(member)  # else there is none
    accounts.end_reset_links(member.pk)
    (token, stored), now = new_token(), clock.now()
    row = Row.objects.create(
        user=member,
        token_hash=stored,
        made_by=made_by,
        by_operator=made_by is None,
        new_authenticator=new_authenticator,
        expires_at=now + VALID_FOR,
    )
    by = f"account {made_by.pk}" if made_by else "the server's operator"
    log.info("reset link %s made by %s for account %s (authenticator: %s)", row.pk, by, member.pk, new_authenticator)
    return token, _view(row)


def _unused(token: str, now: dt.datetime) -> Any:
    """The link, while unused and unexpired: conditions on its own row only, so that the
    update claiming it is checked again against the row another request just changed
    (a condition through a join would be checked against what was read before)."""

    return Row.objects.filter(token_hash=token_hash(token), used_at__isnull=True, expires_at__gt=now)


def waiting(token: str) -> ResetLink:
    """The reset link ``token`` names, while it can still be used."""
    row = _unused(token, clock.now()).filter(user__is_active=True).select_related("user", "made_by").first()
    if row is None:
        raise ResetLinkGone()
    required = accounts.second_factor_required(row.user)
    return replace(_view(row), signs_in_with_code=required or second_factor.enrolled(row.user), code_required=required)


@dataclass(frozen=True)
class Reset:
    user: Any  # the member's account, with its new password
    feed_turned_off: bool  # their calendar feed's address stopped answering (a lost phone)


def use(token: str, password: str, again: str) -> Reset:
    """Use the link: the member's new password, their sessions ended, their failed
    sign-ins forgotten (and, if the link says so, their authenticator removed and their
    calendar feed turned off), in one transaction that locks the member's account, then
    claims the link."""

    link = waiting(token)
    accounts.check_password(password, link.email, again)
    with transaction.atomic():
        owner = _unused(token, clock.now()).values_list("user_id", flat=True).first()
        if owner is None:
            raise ResetLinkGone()
        user = User.objects.select_for_update().get(pk=owner)  # first the account, as make() and the rest
        now = clock.now()  # read once the account is ours: a link ended meanwhile is seen as ended
        if not user.is_active or _unused(token, now).update(used_at=now) != 1:
            raise ResetLinkGone()
        row = Row.objects.get(token_hash=token_hash(token))
        user.set_password(password)
        user.save(update_fields=["password"])
        ended = accounts.end_sessions(user)
        feed_off = False
        if row.new_authenticator:
            TOTPDevice.objects.filter(user_id=user.pk).delete()
            with owners.acting_as(user):  # the lost phone may follow the calendar feed too
                feed_off = calendar_feed.turn_feed_off()
        else:  # kept: wrong codes someone typed no longer hold it back
            second_factor.forget_wrong_codes(user)
        forget_failed_sign_ins(username=user.username)
    log.info(
        "reset link %s used: account %s has a new password (%d sessions ended; authenticator %s)",
        row.pk,
        user.pk,
        ended,
        "removed" if row.new_authenticator else "kept",
    )
    return Reset(user, feed_off)


def of_organisation(admin: Any) -> list[ResetLink]:
    """The reset links made for members of ``admin``'s organisation, newest first: every
    administrator sees who made which."""

    organisation = accounts.administered(admin)
    members = Membership.objects.filter(organisation=organisation).values("user_id")
    rows = Row.objects.filter(user_id__in=members).select_related("user", "made_by")[:50]
    return [_view(row) for row in rows]
