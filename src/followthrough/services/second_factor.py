"""The second factor of coaches and administrators: a TOTP authenticator app (django-otp).

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
