"""The server's account forms show each error beside its field (issue 20, #8): the
password page names which password was wrong, marks that field invalid, describes it by
the error and gives it the focus; a refused invitation address is beside its field."""

from __future__ import annotations

import re

import pytest

from tests.server.support import PASSWORD, Browser, member, signed_in_admin, start

pytestmark = pytest.mark.usefixtures("server")


def _beside(html: str, id_: str) -> str:
    """The error shown beside the control with this id, which is marked invalid."""
    tag = re.search(rf'<(?:input|select) id="{id_}"[^>]*>', html)
    assert tag, f"no control {id_}"
    assert f'aria-invalid="true" aria-describedby="{id_}-error"' in tag.group(0), tag.group(0)
    found = re.search(rf'<p class="field-error" id="{id_}-error">([^<]*)</p>', html.split(tag.group(0), 1)[1][:400])
    assert found, html.split(tag.group(0), 1)[1][:400]
    return found.group(1)


def test_the_password_page_says_which_password_is_wrong_beside_it() -> None:
    member(start(), "sam@example.org")
    here = Browser()
    here.sign_in("sam@example.org")
    new = "a brand new passphrase for sam"
    html = here.post("/account/password", {"current": "nope", "password": new, "password_again": new}).content.decode()
    assert _beside(html, "p_current") == "The current password is not right."
    assert " autofocus" in html.split('id="p_current"')[1].split(">")[0] and html.count("aria-invalid") == 1
    html = here.post(
        "/account/password", {"current": PASSWORD, "password": new, "password_again": "x"}
    ).content.decode()
    assert _beside(html, "p_again") == "The two passwords differ: type the same one twice."
    weak = {"current": PASSWORD, "password": "password", "password_again": "password"}
    html = here.post("/account/password", weak).content.decode()
    assert "too common" in _beside(html, "p_new") and 'role="alert"' not in html


def test_a_refused_invitation_address_is_beside_its_field() -> None:
    start()
    admin = signed_in_admin()
    html = admin.post(
        "/organisation/invitations", {"email": "not an address", "role": "job_seeker"}, "/organisation/"
    ).content.decode()
    assert "not an e-mail address" in _beside(html, "v_email")
