"""Accounts on the career-centre server: organisations, members and their sessions.

An organisation has administrators, coaches and job seekers (core.roles). People sign in
with their e-mail address. Administrators invite people (services.accounts.invitations), and
disable or enable accounts; disabling one ends every session it holds, on every worker,
because the sessions live in the database and each account's session keys are kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from followthrough import clock
from followthrough.core.roles import ROLE_NAMES, MemberRole, needs_second_factor
from followthrough.services.errors import Field, RefusedField, UserError
from followthrough.services.jobsearch.checks import check_email
from followthrough.store.models import Membership, Organisation, ResetLink, SignedInSession, User

log = logging.getLogger(__name__)

RESERVED_NAMES = frozenset({"local"})  # the local job search's implicit owner (services/owners.py)


@dataclass(frozen=True)
class Member:
    id: int
    email: str
    name: str
    role: MemberRole
    active: bool
    last_sign_in: dt.datetime | None

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]

    @property
    def signs_in_with_code(self) -> bool:
        """A coach or an administrator: an authenticator app gives a code at each sign-in."""
        return needs_second_factor({self.role})


@dataclass(frozen=True)
class OrganisationView:
    id: int
    name: str
    members: list[Member]


def sign_in_name(email: str) -> str:
    """The name someone signs in with: their e-mail address, checked, in lower case."""

    address = email.strip().lower()
    if not address:
        raise UserError("an e-mail address is needed: it is the name to sign in with")
    check_email(address)
    if address in RESERVED_NAMES:
        raise UserError(f"{address!r} is reserved")
    return address


def check_password(password: str, email: str = "", again: str | None = None) -> None:
    """The password rules (settings.AUTH_PASSWORD_VALIDATORS: at least 8 characters, not a
    common password, nothing else; and no control character), as one line."""

    if again is not None and password != again:
        raise RefusedField("the two passwords differ: type the same one twice", Field.PASSWORD_AGAIN)
    if any(unicodedata.category(c) == "Cc" for c in password):  # no keyboard types one
        raise RefusedField("password refused: it holds a control character (a stray paste?)", Field.PASSWORD)
    try:
        password_validation.validate_password(password, User(username=email, email=email))
    except ValidationError as error:
        raise RefusedField("password refused: " + " ".join(error.messages), Field.PASSWORD) from None


def new_user(email: str, password: str, name: str = "") -> Any:
    if User.objects.filter(username__iexact=email).exists():
        raise UserError(f"there is already an account for {email}")

    user = User(username=email, email=email, first_name=name.strip()[:150])
    user.set_password(password)
    try:
        with transaction.atomic():  # a savepoint: the same address signing up twice at once
            user.save()
    except IntegrityError:
        raise UserError(f"there is already an account for {email}") from None
    return user


def start_organisation(organisation: str, email: str, password: str, name: str = "") -> str:
    """`followthrough server init`: the organisation and its first administrator, in one
    transaction. Returns the administrator's sign-in name."""

    title = " ".join(organisation.split())
    if not title:
        raise UserError("the organisation needs a name")
    address = sign_in_name(email)
    check_password(password, address)
    with transaction.atomic():
        if Organisation.objects.filter(name=title).exists():
            raise UserError(f"the organisation {title!r} exists already")
        made = Organisation.objects.create(name=title)
        user = new_user(address, password, name)
        Membership.objects.create(user=user, organisation=made, role=MemberRole.ADMINISTRATOR)
    log.info("organisation %s started with administrator %s", made.pk, user.pk)
    return address


def roles_of(user: Any) -> set[MemberRole]:
    return {MemberRole(r) for r in Membership.objects.filter(user_id=user.pk).values_list("role", flat=True)}


def second_factor_required(user: Any, roles: set[MemberRole] | None = None) -> bool:
    """Coaches and administrators (and Django superusers) sign in with a second factor.
    ``roles``: the user's, when the caller has read them already."""
    return bool(user.is_superuser or user.is_staff) or needs_second_factor(roles_of(user) if roles is None else roles)


def administered(admin: Any) -> Any:
    """The organisation ``admin`` administers, or a refusal."""

    membership = (
        Membership.objects.filter(user_id=admin.pk, role=MemberRole.ADMINISTRATOR)
        .select_related("organisation")
        .order_by("id")
        .first()
    )
    if membership is None:
        raise PermissionError("only an organisation's administrators manage its accounts")
    return membership.organisation


def is_administrator(user: Any) -> bool:
    return MemberRole.ADMINISTRATOR in roles_of(user)


def organisation_of(admin: Any) -> OrganisationView:
    """The administrator's organisation and its members."""

    organisation = administered(admin)
    rows = Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__username", "id")
    members = [
        Member(
            id=m.user.pk,
            email=m.user.username,
            name=m.user.first_name,
            role=MemberRole(m.role),
            active=m.user.is_active,
            last_sign_in=m.user.last_login,
        )
        for m in rows
    ]
    return OrganisationView(id=organisation.pk, name=organisation.name, members=members)


def set_active(admin: Any, member_id: int, active: bool) -> str:
    """Disable (ending every session it holds) or enable a member's account. Returns the
    member's sign-in name."""

    with transaction.atomic():
        organisation = administered(admin)
        if not Membership.objects.filter(organisation=organisation, user_id=member_id).exists():
            raise PermissionError("no such member in your organisation")
        if member_id == admin.pk and not active:
            raise UserError("you cannot disable your own account: ask another administrator")
        user = User.objects.select_for_update().get(pk=member_id)
        if user.is_active != active:
            user.is_active = active
            user.save(update_fields=["is_active"])
        if not active:  # enabled again later, it does not bring a waiting reset link back
            end_reset_links(user.pk)
        ended = 0 if active else end_sessions(user)
    log.info("account %s %s by %s (%d sessions ended)", user.pk, "enabled" if active else "disabled", admin.pk, ended)
    return str(user.username)


def change_password(user: Any, current: str, new: str, again: str, session_key: str | None) -> None:
    """A new password for ``user``, who knows the current one; their other sessions end."""

    check_password(new, user.username, again)
    with transaction.atomic():
        row = User.objects.select_for_update().get(pk=user.pk)
        if not row.check_password(current):  # the password as it is now, not as this request read it
            raise RefusedField("the current password is not right", Field.CURRENT_PASSWORD)
        row.set_password(new)
        row.save(update_fields=["password"])
        end_sessions(row, keep=session_key)
        end_reset_links(row.pk)  # they know their password: a link made meanwhile is not needed
    user.password = row.password
    log.info("account %s changed its password", user.pk)


def end_reset_links(user_id: int) -> int:
    """End the reset links of ``user_id`` that wait to be used (services.accounts.reset_links), under
    the caller's lock on the account row."""

    now = clock.now()
    return int(
        ResetLink.objects.filter(user_id=user_id, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    )


# Sessions. Django keeps them in the database (server mode); we keep which keys belong
# to whom, filled at each sign-in, so an account's sessions can all be ended.


def signed_in(user: Any, session_key: str | None) -> None:
    """Remember the session ``user`` just signed in with (its key is new: Django renews it
    at sign-in), forgetting keys of theirs that have ended since."""

    if not session_key:
        return
    with transaction.atomic():
        # Django dates its sessions by the real time, not by followthrough's clock (which tests pin)
        live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")  # noqa: TID251
        SignedInSession.objects.filter(user_id=user.pk).exclude(session_key__in=live).delete()
        SignedInSession.objects.get_or_create(session_key=session_key, defaults={"user_id": user.pk})


def signed_out(session_key: str | None) -> None:
    if session_key:
        SignedInSession.objects.filter(session_key=session_key).delete()


def end_sessions(user: Any, keep: str | None = None) -> int:
    """End every session ``user`` holds (but ``keep``), on the server: their cookies no
    longer work."""

    store = import_module(settings.SESSION_ENGINE).SessionStore
    theirs = SignedInSession.objects.filter(user_id=user.pk).exclude(session_key=keep or "")
    keys = list(theirs.values_list("session_key", flat=True))
    for key in keys:
        store(key).delete(key)
    theirs.delete()
    return len(keys)


def database_answers() -> bool:
    """The health check: the database answers a query."""

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception as error:
        log.warning("health check: the database does not answer: %s", error)
        return False
