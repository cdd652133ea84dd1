"""A job seeker may add a second factor of their own: an authenticator app set up on the
Authenticator app page (a code confirms it; their other sessions end), asked for at each
sign-in after, removed with their password. Coaches and administrators always have one.
Refused requests change nothing; a double-click on "Turn it on" confirms one app."""

from __future__ import annotations

import multiprocessing as mp
import re
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from tests.server.support import PASSWORD, Browser, fresh_code, member, options, signed_in_admin, start, totp

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
    answer = browser.post("/account/authenticator", {"action": "on", "code": fresh_code(secret)})
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
    before = _devices()
    wrong = sam.post("/account/authenticator", {"action": "on", "code": "000000"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    assert _devices() == before  # still waiting for its first right code
    time.sleep(1.1)  # a wrong code holds the next try back a second (django-otp's throttling)
    secret = _turn_on(sam)
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
    again = sam.post("/account/authenticator", {"action": "on", "code": "123456"})
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


def _confirm(location: str, static: str, code: str, barrier: Barrier, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """Another server process confirming the app with the same code (a double-click)."""
    from followthrough import settings

    settings.configure(location, mode="server", server=options(Path(static)))
    from followthrough.services import second_factor
    from followthrough.store.models import User

    user = User.objects.get(username="sam@example.org")
    barrier.wait(timeout=60)
    try:
        results.put("confirmed" if second_factor.check_code(user, code) is not None else "refused")
    except Exception as error:
        results.put(f"crashed: {error!r}")


def test_turning_it_on_twice_at_once_confirms_one_app(server: str, static_root: Path) -> None:
    from django.db import connections
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from followthrough.services import second_factor

    sam = member(start(), "sam@example.org")
    context = mp.get_context("spawn")
    for _ in range(4):
        TOTPDevice.objects.all().delete()
        secret = second_factor.enrolment(sam).secret
        code = totp(secret, int(time.time() // 30))
        connections.close_all()
        barrier, results = context.Barrier(2), context.Queue()
        racers = [
            context.Process(target=_confirm, args=(server, str(static_root), code, barrier, results)) for _ in range(2)
        ]
        for racer in racers:
            racer.start()
        outcomes = sorted(results.get(timeout=120) for _ in racers)
        for racer in racers:
            racer.join(timeout=60)
        assert outcomes == ["confirmed", "refused"]
        assert list(TOTPDevice.objects.values_list("confirmed", flat=True)) == [True]


def test_signed_out_the_page_asks_to_sign_in(server: Any) -> None:
    member(start(), "sam@example.org")
    assert Browser().get("/account/authenticator")["Location"].startswith("/login")
