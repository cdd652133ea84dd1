"""Passwords for SMTP and IMAP: from the environment or the system keyring, never the
database, the config, the logs or an export."""

from __future__ import annotations

import logging
import os

from followthrough.services.errors import UserError

KEYRING_SERVICE = "followthrough"
log = logging.getLogger(__name__)

ENV = {"smtp": "FOLLOWTHROUGH_SMTP_PASSWORD", "imap": "FOLLOWTHROUGH_IMAP_PASSWORD"}


def password(kind: str, user: str) -> str | None:
    """The password for ``kind`` ("smtp" or "imap") and ``user``, or None if none is set."""
    from_env = os.environ.get(ENV[kind])
    if from_env:
        return from_env
    try:
        import keyring

        return keyring.get_password(f"{KEYRING_SERVICE}-{kind}", user)
    except Exception as error:  # no keyring backend on this machine (headless, CI)
        log.info("no %s password from the keyring: %s", kind.upper(), error)
        return None


def keyring_usable() -> bool:
    """Whether this machine has a system keyring to keep a password in (a headless
    server or CI has none)."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring | null.Keyring) and getattr(backend, "backends", [None]) != []
    except Exception:  # keyring missing or broken: the same for the user
        log.debug("the keyring cannot be used", exc_info=True)
        return False


def require_keyring(kind: str) -> None:
    """Fail before asking for a password when there is no system keyring to keep it in."""
    if not keyring_usable():
        raise UserError(f"no system keyring here to keep the {kind.upper()} password: set {ENV[kind]} instead")


def password_source(kind: str, user: str) -> str | None:
    """Where the password for ``kind`` and ``user`` comes from: "environment",
    "keyring", or None when there is none (the password itself is not returned)."""
    if os.environ.get(ENV[kind]):
        return "environment"
    if user and password(kind, user) is not None:
        return "keyring"
    return None


def store_password(kind: str, user: str, secret: str) -> None:
    try:
        import keyring

        keyring.set_password(f"{KEYRING_SERVICE}-{kind}", user, secret)
    except Exception as error:
        raise UserError(
            f"no system keyring to keep the {kind.upper()} password ({error}); set {ENV[kind]} instead"
        ) from None
