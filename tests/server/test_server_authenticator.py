"""A job seeker may add a second factor of their own: an authenticator app set up on the
Authenticator app page (a code confirms it; their other sessions end), asked for at each
sign-in after, removed with their password. Coaches and administrators always have one.
Refused requests change nothing; a double-click on "Turn it on" confirms one app."""

from __future__ import annotations

import multiprocessing as mp
import re
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from tests.racing import racing, together
from tests.server.support import (
    PASSWORD,
    Browser,
    as_if_the_hold_had_passed,
    fresh_code,
    member,
    second_server,
    signed_in_admin,
    start,
    totp,
    totp_step,
)

pytestmark = pytest.mark.usefixtures("server")


def _devices() -> list[tuple[object, ...]]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return list(TOTPDevice.objects.order_by("id").values_list("user_id", "key", "confirmed", "last_t"))


def _secret(page: str) -> str:
    found = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)
    assert found, page[:800]
    return found.group(1).replace(" ", "")


def _turn_on(browser: Browser) -> str:
    secret = _secret(browser.get("/account/authenticator").content.decode())
    answer = browser.post("/account/authenticator", {"action": "on", "password": PASSWORD, "code": fresh_code(secret)})
    assert answer.status_code == 303, answer.content.decode()[:500]
    return secret


def test_a_job_seeker_turns_it_on_and_is_asked_for_a_code_at_each_sign_in() -> None:
    member(start(), "sam@example.org")
    sam, elsewhere = Browser(), Browser()
    sam.sign_in("sam@example.org")
    elsewhere.sign_in("sam@example.org")
    assert "/account/authenticator" in sam.get("/account/password").content.decode()
    page = sam.get("/account/authenticator").content.decode()
    assert "Off." in page and "<svg" in page
    shown = _secret(page)
    no_password = sam.post("/account/authenticator", {"action": "on", "password": "", "code": fresh_code(shown)})
    assert no_password.status_code == 400 and "password is not right" in no_password.content.decode()
    before = _devices()
    wrong = sam.post("/account/authenticator", {"action": "on", "password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    assert _devices() == before  # still waiting for its first right code
    as_if_the_hold_had_passed()  # a wrong code holds the next try back a second (django-otp's throttling)
    secret = _turn_on(sam)
    assert secret == shown  # the page shows this session the same secret each time
    assert "is set up" in sam.get("/account/authenticator").content.decode()
    assert sam.get("/").status_code == 200  # this session gave its code
    assert elsewhere.get("/").status_code == 302  # the other one ended
    later = Browser()
    assert later.sign_in("sam@example.org").status_code == 303
    assert later.get("/")["Location"] == "/account/second-factor"
    assert later.get("/applications/")["Location"] == "/account/second-factor"
    asked = later.get("/account/second-factor").content.decode()
    assert "Your code" in asked and 'class="secret"' not in asked
    later.second_factor(secret)
    assert later.get("/").status_code == 200


def test_a_job_seeker_removes_it_with_their_password() -> None:
    member(start(), "sam@example.org")
    sam = Browser()
    sam.sign_in("sam@example.org")
    _turn_on(sam)
    before = _devices()
    wrong = sam.post("/account/authenticator", {"action": "off", "password": "not my password"})
    assert wrong.status_code == 400 and "password is not right" in wrong.content.decode()
    again = sam.post("/account/authenticator", {"action": "on", "password": PASSWORD, "code": "123456"})
    assert again.status_code == 400 and "on already" in again.content.decode()
    assert _devices() == before
    removed = sam.post("/account/authenticator", {"action": "off", "password": PASSWORD})
    assert removed.status_code == 303 and _devices() == []
    assert "Off." in sam.get("/account/authenticator").content.decode()
    later = Browser()
    later.sign_in("sam@example.org")
    assert later.get("/").status_code == 200  # the password alone again


def test_a_code_asked_for_an_app_removed_in_another_session_is_not_asked_again() -> None:
    member(start(), "sam@example.org")
    first = Browser()
    first.sign_in("sam@example.org")
    _turn_on(first)
    second = Browser()
    second.sign_in("sam@example.org")  # asked for a code...
    assert second.get("/")["Location"] == "/account/second-factor"
    first.post("/account/authenticator", {"action": "off", "password": PASSWORD})  # ...removed meanwhile
    assert second.get("/account/second-factor").status_code == 303
    assert second.get("/").status_code == 200


def test_coaches_and_administrators_keep_theirs() -> None:
    member(start(), "cleo@example.org", "coach")
    cleo = Browser()
    cleo.sign_in("cleo@example.org")
    cleo.second_factor()
    page = cleo.get("/account/authenticator").content.decode()
    assert "always sign in with a code" in page and "Remove" not in page
    before = _devices()
    off = cleo.post("/account/authenticator", {"action": "off", "password": PASSWORD})
    assert off.status_code == 400 and "reset link" in off.content.decode()
    assert _devices() == before


def test_a_reset_link_with_a_new_authenticator_frees_a_job_seeker_who_lost_their_phone() -> None:
    sam = member(start(), "sam@example.org")
    own = Browser()
    own.sign_in("sam@example.org")
    _turn_on(own)
    admin = signed_in_admin()
    asked = admin.get(f"/organisation/members/{sam.pk}/reset-link").content.decode()
    assert "Their authenticator app goes too" in asked  # a job seeker who chose one has one to lose
    made = admin.post(
        f"/organisation/members/{sam.pk}/reset-link", {"password": PASSWORD, "new_authenticator": "yes"}
    ).content.decode()
    link = re.search(r'value="http://[^"]+(/reset/[^"]+)"', made)
    assert link
    back = Browser()
    assert "Authenticator app page" in back.get(link.group(1)).content.decode()
    answer = back.post(
        link.group(1), {"password": "a new winter passphrase", "password_again": "a new winter passphrase"}
    )
    assert answer.status_code == 303 and back.get("/").status_code == 200
    assert [d for d in _devices() if d[0] == sam.pk] == []


def _confirm(location: str, static: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """Another server process confirming the app with the same code (a double-click)."""
    second_server(location, static)
    from followthrough.services.accounts import second_factor
    from followthrough.store.models import User

    while (job := jobs.get()) is not None:
        code, device = job
        user = User.objects.get(username="sam@example.org")
        together(barrier)
        try:
            results.put("confirmed" if second_factor.check_code(user, code, device) is not None else "refused")
        except Exception as error:
            results.put(f"crashed: {error!r}")


def test_turning_it_on_twice_at_once_confirms_one_app(server: str, static_root: Path) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from followthrough.services.accounts import second_factor

    sam = member(start(), "sam@example.org")
    with racing(_confirm, server, str(static_root), server_mode=True) as racers:
        for _ in range(4):
            TOTPDevice.objects.all().delete()
            shown = second_factor.enrolment(sam)
            job = (totp(shown.secret, totp_step()), shown.device)
            assert racers.run(job, job) == ["confirmed", "refused"]
            assert list(TOTPDevice.objects.values_list("confirmed", flat=True)) == [True]


def test_signed_out_the_page_asks_to_sign_in(server: Any) -> None:
    member(start(), "sam@example.org")
    assert Browser().get("/account/authenticator")["Location"].startswith("/login")


def test_a_secret_another_session_saw_is_never_the_one_confirmed() -> None:
    """Someone with the password alone opens the page before the owner sets the app up:
    the owner is shown a new secret, and the one seen before opens nothing."""
    member(start(), "sam@example.org")
    thief = Browser()
    thief.sign_in("sam@example.org")
    seen = _secret(thief.get("/account/authenticator").content.decode())
    owner = Browser()
    owner.sign_in("sam@example.org")
    assert _turn_on(owner) != seen
    assert thief.get("/").status_code == 302  # ended with the owner's other sessions
    again = Browser()
    again.sign_in("sam@example.org")
    refused = again.post("/account/second-factor", {"code": fresh_code(seen)})
    assert refused.status_code == 400 and again.get("/")["Location"] == "/account/second-factor"


def test_the_password_alone_reaches_nothing_once_the_app_is_on() -> None:
    """Every address the server answers, read and write, with the password but no code:
    sent to the code page, and the app stays (turning it off included)."""
    from tests.server.test_server_access_matrix import _patterns

    member(start(), "sam@example.org")
    own = Browser()
    own.sign_in("sam@example.org")
    _turn_on(own)
    before = _devices()
    thief = Browser()
    thief.sign_in("sam@example.org")
    csrf = thief.csrf("/account/second-factor")
    form = {"csrfmiddlewaretoken": csrf, "action": "off", "password": PASSWORD, "current": PASSWORD}
    open_to_all = ("login", "logout", "health", "second-factor", "invitation", "reset", "static")
    leaks = []
    for name, route, _converters in _patterns():
        if name in open_to_all or route.startswith("calendar/"):
            continue
        path = "/" + re.sub(r"<(\w+:)?\w+>", "1", route)
        for answer in (thief.client.get(path), thief.client.post(path, form)):
            if not (answer.status_code == 302 and answer["Location"] == "/account/second-factor"):
                leaks.append(f"{path}: {answer.status_code}")
    assert not leaks, leaks
    assert _devices() == before


def test_a_sign_in_while_the_app_is_turned_on_ends_or_asks_for_a_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The owner's code confirms the app between a sign-in's password and the record of
    its session: that session either is ended with the others or asks for the code."""
    from followthrough.web import views_accounts  # the sign-in records its session through this name

    member(start(), "sam@example.org")
    owner = Browser()
    owner.sign_in("sam@example.org")
    secret = _secret(owner.get("/account/authenticator").content.decode())
    csrf = owner.csrf("/account/authenticator")
    signed_in, turned_on = views_accounts.signed_in, []

    def meanwhile(user: Any, key: str | None) -> None:
        if not turned_on:  # the owner's click lands here, once (not again in its own request)
            turned_on.append(0)
            form = {"csrfmiddlewaretoken": csrf, "action": "on", "password": PASSWORD, "code": fresh_code(secret)}
            turned_on[0] = owner.client.post("/account/authenticator", form).status_code
        signed_in(user, key)

    monkeypatch.setattr(views_accounts, "signed_in", meanwhile)
    other = Browser()
    assert other.sign_in("sam@example.org").status_code == 303
    monkeypatch.setattr(views_accounts, "signed_in", signed_in)
    assert turned_on == [303]
    assert other.get("/").status_code == 302
    from django.conf import settings

    token = other.client.cookies[settings.CSRF_COOKIE_NAME].value
    off = other.client.post(
        "/account/authenticator", {"csrfmiddlewaretoken": token, "action": "off", "password": PASSWORD}
    )
    assert off.status_code == 302
    assert len(_devices()) == 1


def test_wrong_codes_hold_the_next_try_back_and_say_until_when() -> None:
    """Someone with the password types wrong codes: the owner is told the codes are held
    back (not that theirs is wrong); an administrator's reset link lifts the hold."""
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    sam = member(start(), "sam@example.org")
    own = Browser()
    own.sign_in("sam@example.org")
    secret = _turn_on(own)
    TOTPDevice.objects.filter(user_id=sam.pk).update(
        throttling_failure_count=12,
        throttling_failure_timestamp=timezone.now(),  # noqa: TID251 (django-otp's time)
    )
    later = Browser()
    later.sign_in("sam@example.org")
    code = fresh_code(secret)
    held = later.post("/account/second-factor", {"code": code})
    assert held.status_code == 400 and "Too many wrong codes: the next try is possible at" in held.content.decode()
    made = signed_in_admin().post(f"/organisation/members/{sam.pk}/reset-link", {"password": PASSWORD})
    link = re.search(r'value="http://[^"]+(/reset/[^"]+)"', made.content.decode())
    assert link
    back = Browser()
    back.post(link.group(1), {"password": "a new winter passphrase", "password_again": "a new winter passphrase"})
    given = back.post("/account/second-factor", {"code": code})  # the same app, no longer held back
    assert given.status_code == 303 and back.get("/").status_code == 200


def test_junk_codes_are_refused_and_confirm_nothing() -> None:
    """Full-width digits, a control character, 5,000 digits, an encoded word, a code
    with letters: "not right", and no app is turned on."""
    member(start(), "sam@example.org")
    sam = Browser()
    sam.sign_in("sam@example.org")
    sam.get("/account/authenticator")
    before = _devices()
    for junk in ("１２３４５６", "12345\x00", "1" * 5000, "=?utf-8?b?MTIzNDU2?=", "12e456", "-12345"):
        answer = sam.post("/account/authenticator", {"action": "on", "password": PASSWORD, "code": junk})
        assert answer.status_code == 400 and "not right" in answer.content.decode(), repr(junk)
    assert _devices() == before


def _remove_or_give_pair(location: str, static: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """Another server process: Sam removes the app (their password), or gives the code at
    sign-in; which one, the barrier's release decides (it numbers the two apart)."""
    second_server(location, static)
    from followthrough.services.accounts import second_factor
    from followthrough.store.models import User

    while (code := jobs.get()) is not None:
        sam = User.objects.get(username="sam@example.org")
        removes = together(barrier) == 0
        try:
            if removes:
                results.put(f"removed {second_factor.turn_off(sam, PASSWORD)}")
            else:
                device, _held = second_factor.give_code(sam, code)
                results.put("code taken" if device is not None else "code refused")
        except Exception as error:
            results.put(f"crashed: {error!r}")


def test_removing_the_app_while_a_code_is_given_elsewhere_ends_with_no_app(server: str, static_root: Path) -> None:
    """The owner removes the app on one device while signing in with a code on another:
    the code is taken (before) or refused (after), never a crash, and no app is left."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from followthrough.services.accounts import second_factor

    sam = member(start(), "sam@example.org")
    with racing(_remove_or_give_pair, server, str(static_root), server_mode=True) as racers:
        for _ in range(6):
            TOTPDevice.objects.all().delete()
            shown = second_factor.enrolment(sam)
            assert second_factor.check_code(sam, totp(shown.secret, totp_step()), shown.device)
            code = totp(shown.secret, totp_step() + 1)  # the next step: not used yet
            outcomes = racers.run(code, code)
            assert outcomes in (["code refused", "removed 1"], ["code taken", "removed 1"]), outcomes
            assert not TOTPDevice.objects.exists()
