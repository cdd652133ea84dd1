"""The tokens of one-time links (invitations, reset links): random, shown once in the
link, and kept only as their SHA-256, so whoever reads the table cannot use one."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # secrets.token_urlsafe: 43 characters of the URL-safe alphabet


def new_token() -> tuple[str, str]:
    """A new token and the hash to store for it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    """What is stored for ``token`` (any text a link can hold: a stray one only misses)."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
