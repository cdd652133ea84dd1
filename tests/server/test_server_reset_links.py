"""A member who cannot sign in (a forgotten password, a lost authenticator) gets a one-time
reset link from an administrator: the link works once, for a day, while the account is
active; using it sets the new password, ends every session of theirs and lifts a sign-in
lock; with "new authenticator", a coach sets up a new one at once. Refused requests
change nothing, and two people following one link at the same moment reset it once."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import re
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from tests.server.support import PASSWORD, Browser, member, options, signed_in_admin, start

pytestmark = pytest.mark.usefixtures("server")

NEW = "a brand new passphrase for the winter"


def _reset_link(admin: Browser, member_id: int, new_authenticator: bool = False) -> str:
    """The link the administrator's page shows once (its path)."""
    data = {"new_authenticator": "yes"} if new_authenticator else {}
    answer = admin.post(f"/organisation/members/{member_id}/reset-link", data, page="/organisation/")
    page = answer.content.decode()
    assert answer.status_code == 201, page[:500]
    found = re.search(r'value="(http://[^"]+/reset/[^"]+)"', page)
    assert found, page
    return found.group(1).split("careers.example.org", 1)[1]


def _state() -> list[tuple[object, ...]]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from followthrough.store.models import ResetLink, SignedInSession, User

    return [
        *User.objects.order_by("id").values_list("username", "is_active", "password"),
        *ResetLink.objects.order_by("id").values_list("user_id", "token_hash", "expires_at", "used_at"),
        *TOTPDevice.objects.order_by("id").values_list("user_id", "key", "confirmed"),
        *SignedInSession.objects.order_by("id").values_list("user_id", "session_key"),
    ]


def _use(link: str, password: str = NEW, browser: Browser | None = None) -> Any:
    """The form sent (with the sign-in page's CSRF token: a used link shows no form)."""
    return (browser or Browser()).post(link, {"password": password, "password_again": password}, page="/login")


def test_a_job_seeker_who_forgot_their_password_gets_back_in_once() -> None:
    sam = member(start(), "sam@example.org")
    admin = signed_in_admin()
    elsewhere = Browser()
    assert elsewhere.sign_in("sam@example.org").status_code == 303  # a session left open somewhere
    assert "Reset link" in admin.get("/organisation/").content.decode()
    link = _reset_link(admin, sam.pk)
    page = Browser().get(link).content.decode()
    assert "A new password" in page and "sam@example.org" in page and "authenticator" not in page
    used = Browser()
    answer = _use(link, browser=used)
    assert answer.status_code == 303 and answer["Location"] == "/"
    assert "Your new password is set" in used.get("/").content.decode()  # signed in straight away
    assert elsewhere.get("/").status_code == 302  # the other session ended
    assert Browser().sign_in("sam@example.org", PASSWORD).status_code == 400  # the old password is gone
    assert Browser().sign_in("sam@example.org", NEW).status_code == 303
    again = _use(link, "yet another long passphrase", Browser())
    assert again.status_code == 410 and "used or has expired" in again.content.decode()
    assert Browser().sign_in("sam@example.org", NEW).status_code == 303  # the second use changed nothing


def test_a_link_lifts_the_lock_of_too_many_failed_sign_ins() -> None:
    sam = member(start(), "sam@example.org")
    for _ in range(5):
        Browser().sign_in("sam@example.org", "not my password")
    assert Browser().sign_in("sam@example.org", PASSWORD).status_code == 429
    assert _use(_reset_link(signed_in_admin(), sam.pk)).status_code == 303
    assert Browser().sign_in("sam@example.org", NEW).status_code == 303


def test_a_coach_who_lost_their_phone_sets_up_a_new_authenticator() -> None:
    cleo = member(start(), "cleo@example.org", "coach")
    coach = Browser()
    coach.sign_in("cleo@example.org")
    old_secret = coach.second_factor()
    admin = signed_in_admin()
    link = _reset_link(admin, cleo.pk, new_authenticator=True)
    assert "authenticator app is removed" in Browser().get(link).content.decode()
    back = Browser()
    assert _use(link, browser=back).status_code == 303
    assert coach.get("/").status_code == 302  # the old session ended
    assert back.get("/")["Location"] == "/account/second-factor"  # a code before anything else
    enrolment = back.get("/account/second-factor").content.decode()
    new_secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', enrolment)
    assert new_secret and new_secret.group(1).replace(" ", "") != old_secret
    back.second_factor()
    assert back.get("/caseload/").status_code == 200


def test_without_a_new_authenticator_a_coach_keeps_theirs() -> None:
    cleo = member(start(), "cleo@example.org", "coach")
    coach = Browser()
    coach.sign_in("cleo@example.org")
    secret = coach.second_factor()
    back = Browser()
    assert _use(_reset_link(signed_in_admin(), cleo.pk), browser=back).status_code == 303
    asked = back.get("/account/second-factor").content.decode()
    assert "Your code" in asked and 'class="secret"' not in asked
    back.second_factor(secret)  # the same app's codes
    assert back.get("/caseload/").status_code == 200


def test_a_newer_link_replaces_the_older_and_a_link_lasts_a_day() -> None:
    from django.utils import timezone

    from followthrough.store.models import ResetLink

    sam = member(start(), "sam@example.org")
    admin = signed_in_admin()
    older, newer = _reset_link(admin, sam.pk), _reset_link(admin, sam.pk)
    assert Browser().get(older).status_code == 410
    assert Browser().get(newer).status_code == 200
    ResetLink.objects.filter(used_at__isnull=True).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    before = _state()
    assert _use(newer).status_code == 410
    assert _state() == before


def test_a_link_made_before_the_account_was_disabled_does_not_work() -> None:
    sam = member(start(), "sam@example.org")
    admin = signed_in_admin()
    link = _reset_link(admin, sam.pk)
    admin.post(f"/organisation/members/{sam.pk}/disable", page="/organisation/")
    before = _state()
    assert _use(link).status_code == 410
    refused = admin.post(f"/organisation/members/{sam.pk}/reset-link", page="/organisation/")
    assert refused.status_code == 400 and "enable the account first" in refused.content.decode()
    assert _state() == before


def test_refused_requests_change_nothing() -> None:
    admin_user = start()
    sam = member(admin_user, "sam@example.org")
    member(admin_user, "tess@example.org")
    admin = signed_in_admin()
    link = _reset_link(admin, sam.pk)
    seeker = Browser()
    seeker.sign_in("tess@example.org")
    before = _state()
    weak = _use(link, "password")
    assert weak.status_code == 400 and "too common" in weak.content.decode()
    mismatch = Browser().post(link, {"password": NEW, "password_again": NEW + "!"}, page="/login")
    assert mismatch.status_code == 400
    own = admin.post(f"/organisation/members/{admin_user.pk}/reset-link", page="/organisation/")
    assert own.status_code == 400 and "cannot reset your own account" in own.content.decode()
    assert seeker.post(f"/organisation/members/{sam.pk}/reset-link", page="/").status_code == 403
    assert admin.post(f"/organisation/members/{10**6}/reset-link", page="/organisation/").status_code == 403
    assert Browser().get("/reset/not-a-link").status_code == 410
    assert _state() == before
    assert _use(link).status_code == 303  # the link still works after all that
    assert Browser().sign_in("tess@example.org", PASSWORD).status_code == 303  # and reset Sam alone


def test_the_link_is_kept_as_a_hash_only() -> None:
    from followthrough.store.models import ResetLink

    sam = member(start(), "sam@example.org")
    token = _reset_link(signed_in_admin(), sam.pk).rsplit("/", 1)[1]
    stored = list(ResetLink.objects.values_list("token_hash", flat=True))
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64


def _follow(location: str, static: str, token: str, password: str, barrier: Barrier, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """Another server process following the link."""
    from followthrough import settings

    settings.configure(location, mode="server", server=options(Path(static)))
    from followthrough.services import reset_links

    barrier.wait(timeout=60)
    try:
        reset_links.use(token, password, password)
        results.put(("used", password))
    except reset_links.ResetLinkGone:
        results.put(("gone", password))
    except Exception as error:
        results.put((f"crashed: {error!r}", password))


def test_two_people_following_one_link_at_once_reset_it_once(server: str, static_root: Path) -> None:
    from django.db import connections

    from followthrough.services import reset_links
    from followthrough.store.models import User

    admin = start()
    sam = member(admin, "sam@example.org")
    context = mp.get_context("spawn")
    for round_ in range(6):
        token, _ = reset_links.make(admin, sam.pk)
        connections.close_all()
        barrier, results = context.Barrier(2), context.Queue()
        passwords = [f"first racer's passphrase {round_}", f"second racer's passphrase {round_}"]
        racers = [
            context.Process(target=_follow, args=(server, str(static_root), token, p, barrier, results))
            for p in passwords
        ]
        for racer in racers:
            racer.start()
        outcomes = sorted(results.get(timeout=120) for _ in racers)
        for racer in racers:
            racer.join(timeout=60)
        assert [what for what, _ in outcomes] == ["gone", "used"], outcomes
        winner, loser = outcomes[1][1], outcomes[0][1]
        now = User.objects.get(pk=sam.pk)
        assert now.check_password(winner) and not now.check_password(loser)
