"""The SASL initial responses carrying an access token: XOAUTH2 and OAUTHBEARER (RFC 7628)."""

from __future__ import annotations

import base64

import pytest

from followthrough.interop.sasl_oauth import oauthbearer, xoauth2


def test_oauthbearer_is_rfc_7628_s_example() -> None:
    # RFC 7628, section 4.1 (the ^A separators written out as \x01)
    expected = (
        b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01"
        b"auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"
    )
    token = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="
    assert oauthbearer("user@example.com", token, "server.example.com", 143) == expected


def test_oauthbearer_escapes_comma_and_equals_in_the_user() -> None:
    assert oauthbearer("a,b=c@example.com", "t").startswith(b"n,a=a=2Cb=3Dc@example.com,\x01auth=Bearer t")


def test_xoauth2_is_google_s_documented_example() -> None:
    # developers.google.com/gmail/imap/xoauth2-protocol: the base64 of the initial response
    response = xoauth2("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg")
    assert base64.b64encode(response) == (
        b"dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52"
        b"YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ=="
    )


def test_a_control_character_cannot_smuggle_another_field() -> None:
    with pytest.raises(ValueError, match=r"user"):
        xoauth2("ann@example.com\x01auth=Bearer x", "t")
    with pytest.raises(ValueError, match=r"token"):
        oauthbearer("ann@example.com", "t\r\nA1 LOGOUT")
