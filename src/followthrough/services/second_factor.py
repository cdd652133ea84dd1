"""The second factor: a TOTP authenticator app (django-otp), required of coaches and
administrators, and chosen by any job seeker who wants one.

Enrolment makes an unconfirmed device and shows its secret; the first right code confirms
it. From then on each sign-in asks for a code. Wrong codes slow further tries down
(django-otp's throttling, kept in the database), and a code is never accepted twice.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrolment:
    secret: str  # base32, as authenticator apps take it when typed in
    uri: str  # otpauth://totp/…, as the QR code holds it

    @property
    def secret_in_groups(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def enrolled(user: Any) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return bool(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists())


def enrolment(user: Any) -> Enrolment:
    """The secret of ``user``'s device waiting for its first code, made on first need."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user_id=user.pk, name="Authenticator app", confirmed=False)
            log.info("second factor: a device made for enrolment of account %s", user.pk)
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return Enrolment(secret=secret, uri=device.config_url)


def check_code(user: Any, code: str) -> Any | None:
    """The device ``code`` is right for (confirming it if it was being enrolled), or None.

    The device row is locked while the code is checked: two requests with one code
    cannot both pass."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    digits = "".join(code.split())
    if not (digits.isascii() and digits.isdigit() and len(digits) in (6, 8)):
        return None
    with transaction.atomic():
        confirmed = TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True)
        candidates = list(confirmed) or list(
            TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=False).order_by("id")[:1]
        )
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


def signs_in_with_code(user: Any) -> bool:
    """Whether ``user`` gives a code at sign-in: a coach or administrator always; a job
    seeker once they have set up an authenticator app themselves."""
    from followthrough.services.accounts import second_factor_required

    return second_factor_required(user) or enrolled(user)


def turn_off(user: Any, password: str) -> int:
    """A job seeker's authenticator removed (they give their password): sign-ins ask for
    no code again. Coaches and administrators keep theirs. Returns the devices removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from followthrough.services.accounts import second_factor_required
    from followthrough.services.errors import UserError
    from followthrough.store.models import User

    if second_factor_required(user):
        raise UserError(
            "coaches and administrators always sign in with a code: an administrator's reset link "
            "replaces a lost authenticator"
        )
    with transaction.atomic():
        row = User.objects.select_for_update().get(pk=user.pk)
        if not row.check_password(password):
            raise UserError("the password is not right")
        removed, _ = TOTPDevice.objects.filter(user_id=user.pk).delete()
    log.info("second factor: account %s removed its authenticator (%d device(s))", user.pk, removed)
    return int(removed)
