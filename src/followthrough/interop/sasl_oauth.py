"""The SASL initial responses that carry an OAuth 2.0 access token to IMAP and SMTP:
XOAUTH2 (Google's and Microsoft's) and OAUTHBEARER (RFC 7628). Raw bytes: IMAP's and
SMTP's AUTHENTICATE/AUTH commands base64-encode them."""

from __future__ import annotations

__all__ = ["oauthbearer", "xoauth2"]

_SOH = "\x01"


def _checked(**values: str) -> None:
    for key, value in values.items():
        if _SOH in value or "\n" in value or "\r" in value:
            raise ValueError(f"the {key} holds a control character")


def xoauth2(user: str, access_token: str) -> bytes:
    """``user={user}^Aauth=Bearer {token}^A^A``."""
    _checked(user=user, token=access_token)
    return f"user={user}{_SOH}auth=Bearer {access_token}{_SOH}{_SOH}".encode()


def oauthbearer(user: str, access_token: str, host: str = "", port: int | None = None) -> bytes:
    """The RFC 7628 client response: a GS2 header naming the user ("," and "=" escaped as
    ``=2C`` and ``=3D``), then host, port and the bearer token, separated by ^A."""
    _checked(user=user, token=access_token, host=host)
    authzid = user.replace("=", "=3D").replace(",", "=2C")
    parts = [f"n,a={authzid},"]
    if host:
        parts.append(f"host={host}")
    if port is not None:
        parts.append(f"port={port}")
    parts.append(f"auth=Bearer {access_token}")
    return (_SOH.join(parts) + _SOH + _SOH).encode()
