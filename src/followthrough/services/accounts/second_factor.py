"""The second factor: a TOTP authenticator app (django-otp), required of coaches and
administrators, and chosen by any job seeker who wants one.

Enrolment makes an unconfirmed device and shows its secret; the first right code confirms
it. From then on each sign-in asks for a code. Wrong codes slow further tries down
(django-otp's throttling, kept in the database), and a code is never accepted twice.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from followthrough.services.accounts.members import second_factor_required
from followthrough.services.errors import Field, RefusedField, UserError
from followthrough.store.models import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrolment:
    secret: str  # base32, as authenticator apps take it when typed in
    uri: str  # otpauth://totp/…, as the QR code holds it
    device: int  # the device waiting for its first code: the session that was shown it keeps this

    @property
    def secret_in_groups(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def enrolled(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists())


def enrolment(user: Any, shown_before: int | None = None) -> Enrolment:
    """The secret of the device ``user`` is setting up in this session (``shown_before``:
    the device this session was shown already), else a new one. A new one replaces any
    other waiting device: a secret someone else saw (say, with a stolen password) before
    the owner set the app up is never the one the owner confirms."""

    with transaction.atomic():
        waiting = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False)
        device = waiting.filter(pk=shown_before).first() if shown_before else None
        if device is None:
            waiting.delete()
            device = TOTPDevice.objects.create(user_id=user.pk, name="Authenticator app", confirmed=False)
            log.info("second factor: a device made for enrolment of account %s", user.pk)
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return Enrolment(secret=secret, uri=device.config_url, device=device.pk)


def check_code(user: Any, code: str, enrolling: int | None = None) -> Any | None:
    """The device ``code`` is right for, or None: one of ``user``'s confirmed devices, else
    the device ``enrolling`` this session was shown (confirmed by the code).

    The device rows are locked while the code is checked: two requests with one code
    cannot both pass."""

    digits = "".join(code.split())
    if not (digits.isascii() and digits.isdigit() and len(digits) in (6, 8)):
        return None
    with transaction.atomic():
        confirmed = TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True)
        candidates = list(confirmed)
        if not candidates and enrolling:
            candidates = list(TOTPDevice.objects.select_for_update().filter(pk=enrolling, user_id=user.pk))
        for device in candidates:
            if device.verify_token(digits):
                if not device.confirmed:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                    TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
                    log.info("second factor: account %s enrolled", user.pk)
                return device
    log.info("second factor: a wrong code for account %s", user.pk)
    return None


def held_back_until(user: Any, enrolling: int | None = None) -> dt.datetime | None:
    """When the next code may be tried, while wrong codes hold ``user``'s device back
    (django-otp's throttling: 1 s, 2 s, 4 s… after each wrong one); else None."""

    devices = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True)
    if not devices.exists() and enrolling:
        devices = TOTPDevice.objects.filter(pk=enrolling, user_id=user.pk)
    until = [info["locked_until"] for d in devices for ok, info in [d.verify_is_allowed()] if not ok and info]
    return max(until) if until else None


def give_code(user: Any, code: str, enrolling: int | None = None) -> tuple[Any | None, dt.datetime | None]:
    """A code typed at sign-in or set-up: (the device it is right for, None), or (None,
    until when wrong codes before hold the next try back), or (None, None): wrong. A try
    while held back is not checked, so it is not counted against the owner either."""
    until = held_back_until(user, enrolling)
    if until is not None:
        return None, until
    return check_code(user, code, enrolling), None


def forget_wrong_codes(user: Any) -> None:
    """Lift the hold wrong codes put on ``user``'s devices (a reset link that keeps them)."""

    for device in TOTPDevice.objects.select_for_update().filter(user_id=user.pk):
        device.throttle_reset()


def signs_in_with_code(user: Any) -> bool:
    """Whether ``user`` gives a code at sign-in: a coach or administrator always; a job
    seeker once they have set up an authenticator app themselves."""

    return second_factor_required(user) or enrolled(user)


def turn_on(user: Any, password: str, code: str, enrolling: int | None) -> tuple[Any | None, dt.datetime | None]:
    """A job seeker's authenticator confirmed: their password (a session left open is not
    enough to lock them out with an app of someone else's) and the app's first code.
    What :func:`give_code` says."""

    if not user.check_password(password):
        raise RefusedField("the password is not right", Field.PASSWORD)
    return give_code(user, code, enrolling)


def turn_off(user: Any, password: str) -> int:
    """A job seeker's authenticator removed (they give their password): sign-ins ask for
    no code again. Coaches and administrators keep theirs. Returns the devices removed."""

    if second_factor_required(user):
        raise UserError(
            "coaches and administrators always sign in with a code: an administrator's reset link "
            "replaces a lost authenticator"
        )
    with transaction.atomic():
        row = User.objects.select_for_update().get(pk=user.pk)
        if not row.check_password(password):
            raise RefusedField("the password is not right", Field.PASSWORD)
        removed, _ = TOTPDevice.objects.filter(user_id=user.pk).delete()
    log.info("second factor: account %s removed its authenticator (%d device(s))", user.pk, removed)
    return int(removed)
