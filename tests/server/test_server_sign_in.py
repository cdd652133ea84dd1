"""Signing in to the career-centre server, as OWASP ASVS 5.0 level 1 asks: Argon2 hashes,
length and common-password rules only, sessions renewed at sign-in and ended on the
server at sign-out, Secure/HttpOnly/SameSite cookies, CSRF, known host names only, HSTS
over TLS, and a second factor for coaches and administrators."""

from __future__ import annotations

import pytest

from tests.server.support import (
    ADMIN,
    HOST,
    PASSWORD,
    Browser,
    as_if_the_hold_had_passed,
    member,
    signed_in_admin,
    start,
)

pytestmark = pytest.mark.usefixtures("server")

PAGES = ["/", "/applications/", "/statistics/", "/settings/", "/organisation/"]


def _session_rows() -> set[str]:
    from django.contrib.sessions.models import Session

    return set(Session.objects.values_list("session_key", flat=True))


def test_passwords_are_kept_as_argon2_hashes() -> None:
    from django.db import connection

    start()
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM ft_user WHERE username = %s", [ADMIN])
        (stored,) = cursor.fetchone()
    assert stored.startswith("argon2$argon2id$")
    assert PASSWORD not in stored


def test_a_job_seeker_signs_in_and_reaches_the_pages_of_the_local_app() -> None:
    member(start(), "sam@example.org")
    browser = Browser()
    answer = browser.sign_in("Sam@Example.org")  # the address as typed, in any case
    assert answer.status_code == 303 and answer["Location"] == "/"
    for path in PAGES[:-1]:
        assert browser.get(path).status_code == 200, path
    today = browser.get("/").content.decode()
    assert "sam@example.org" in today and "Sign out" in today
    assert browser.get("/organisation/").status_code == 403  # administrators only


def test_everything_but_sign_in_invitation_and_reset_links_static_files_and_health_asks_to_sign_in() -> None:
    browser = Browser()
    for path in PAGES:
        answer = browser.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith("/login"), path
    assert browser.get("/applications/")["Location"] == "/login?next=%2Fapplications%2F"
    assert browser.get("/login").status_code == 200
    assert browser.get("/health").content == b"ok\n"
    assert browser.get("/static/app.css").status_code == 200
    assert browser.get("/invitations/no-such-token").status_code == 410
    assert browser.get("/reset/no-such-token").status_code == 410
    assert browser.get("/calendar/not-a-feed-address.ics").status_code == 404  # its address is its key


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong() -> None:
    start()
    for email, password in [(ADMIN, "not the password"), ("nobody@example.org", PASSWORD)]:
        answer = Browser().sign_in(email, password)
        assert answer.status_code == 400
        assert "do not match an active account" in answer.content.decode()


def test_signing_in_renews_the_session_key() -> None:
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    member(start(), "sam@example.org")
    planted = SessionStore()
    planted["followthrough_notice"] = ["ok", "set by someone else"]
    planted.create()
    browser = Browser()
    browser.client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert browser.sign_in("sam@example.org").status_code == 303
    assert browser.session_key != planted.session_key
    assert planted.session_key not in _session_rows()


def test_signing_out_ends_the_session_on_the_server() -> None:
    member(start(), "sam@example.org")
    browser = Browser()
    browser.sign_in("sam@example.org")
    old_key = browser.session_key
    assert old_key in _session_rows()
    answer = browser.post("/logout", page="/")
    assert answer.status_code == 303 and answer["Location"] == "/login?signed_out=1"
    assert old_key not in _session_rows()
    thief = Browser()  # someone who kept a copy of the old cookie
    thief.client.cookies["followthrough_session"] = old_key
    assert thief.get("/")["Location"].startswith("/login")


def test_cookies_are_secure_httponly_and_samesite() -> None:
    member(start(), "sam@example.org")
    browser = Browser()
    browser.get("/login")
    browser.sign_in("sam@example.org")
    session = browser.client.cookies["followthrough_session"]
    csrf = browser.client.cookies["followthrough_csrf"]
    for cookie in (session, csrf):
        assert cookie["secure"] is True and cookie["httponly"] is True, cookie.output()
    assert session["samesite"] == "Lax" and csrf["samesite"] == "Strict"
    assert session["max-age"] == "" or int(session["max-age"]) <= 12 * 3600  # ends with the browser, or the day


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing() -> None:
    member(start(), "sam@example.org")
    browser = Browser()
    refused = browser.client.post("/login", {"username": "sam@example.org", "password": PASSWORD})
    assert refused.status_code == 403
    assert "followthrough_session" not in browser.client.cookies
    browser.sign_in("sam@example.org")
    assert browser.client.post("/logout").status_code == 403
    assert browser.session_key in _session_rows()
    assert browser.get("/").status_code == 200  # still signed in


def test_a_request_for_another_host_name_is_refused() -> None:
    stranger = Browser(host="evil.example")
    for path in ["/login", "/static/app.css", "/health", "/"]:
        assert stranger.get(path).status_code == 400, path
    assert Browser(host=HOST).get("/login").status_code == 200


def test_hsts_is_sent_over_tls_behind_the_proxy_and_only_then() -> None:
    from django.test import override_settings

    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        over_tls = Browser().get("/login", HTTP_X_FORWARDED_PROTO="https")
        plain = Browser().get("/login")
    assert over_tls["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in plain


def test_coaches_and_administrators_reach_nothing_before_their_second_factor() -> None:
    admin = start()
    member(admin, "cora@example.org", "coach")
    for email in (ADMIN, "cora@example.org"):
        browser = Browser()
        assert browser.sign_in(email).status_code == 303
        for path in PAGES:
            answer = browser.get(path)
            assert answer.status_code == 302 and answer["Location"] == "/account/second-factor", (email, path)
        enrolment = browser.get("/account/second-factor").content.decode()
        assert "otpauth://totp/followthrough%3A" in enrolment and "<svg" in enrolment
        assert 'class="secret"' in enrolment
        wrong = browser.post("/account/second-factor", {"code": "000000"})
        assert wrong.status_code == 400 and "not right" in wrong.content.decode()
        as_if_the_hold_had_passed()  # a wrong code holds the next try back a second (django-otp's throttling)
        secret = browser.second_factor()
        assert browser.get("/").status_code == 200
        # Next time: the code only, no new secret.
        browser.post("/logout", page="/")
        again = Browser()
        again.sign_in(email)
        assert again.get("/")["Location"] == "/account/second-factor"
        asked = again.get("/account/second-factor").content.decode()
        assert secret not in asked.replace(" ", "") and "Your code" in asked
        again.second_factor(secret)
        assert again.get("/").status_code == 200


def test_a_job_seeker_is_not_asked_for_a_second_factor() -> None:
    member(start(), "sam@example.org")
    browser = Browser()
    browser.sign_in("sam@example.org")
    assert browser.get("/").status_code == 200
    assert browser.get("/account/second-factor").status_code == 303


def test_disabling_an_account_ends_every_session_it_holds() -> None:
    sam = member(start(), "sam@example.org")
    phone, laptop = Browser(), Browser()
    phone.sign_in("sam@example.org")
    laptop.sign_in("sam@example.org")
    assert phone.session_key != laptop.session_key
    assert {phone.session_key, laptop.session_key} <= _session_rows()
    admin = signed_in_admin()
    answer = admin.post(f"/organisation/members/{sam.pk}/disable", page="/organisation/")
    assert answer.status_code == 303
    assert "is disabled" in admin.get("/organisation/").content.decode()
    assert not {phone.session_key, laptop.session_key} & _session_rows()
    for browser in (phone, laptop):
        assert browser.get("/")["Location"].startswith("/login")
    assert Browser().sign_in("sam@example.org").status_code == 400  # and cannot sign in again
    admin.post(f"/organisation/members/{sam.pk}/enable", page="/organisation/")
    assert Browser().sign_in("sam@example.org").status_code == 303


def test_changing_the_password_keeps_this_session_and_ends_the_others() -> None:
    member(start(), "sam@example.org")
    here, there = Browser(), Browser()
    here.sign_in("sam@example.org")
    there.sign_in("sam@example.org")
    new = "a brand new passphrase for sam"
    wrong = here.post("/account/password", {"current": "nope", "password": new, "password_again": new})
    assert wrong.status_code == 400 and "current password is not right" in wrong.content.decode()
    common = here.post("/account/password", {"current": PASSWORD, "password": "password", "password_again": "password"})
    assert common.status_code == 400 and "too common" in common.content.decode()
    assert Browser().sign_in("sam@example.org").status_code == 303  # nothing changed yet
    changed = here.post("/account/password", {"current": PASSWORD, "password": new, "password_again": new})
    assert changed.status_code == 303
    assert here.get("/").status_code == 200
    assert there.get("/")["Location"].startswith("/login")
    assert there.session_key not in _session_rows()
    assert Browser().sign_in("sam@example.org").status_code == 400
    assert Browser().sign_in("sam@example.org", new).status_code == 303
