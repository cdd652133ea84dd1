"""A member who cannot sign in (a forgotten password, a lost authenticator) gets a one-time
reset link from an administrator, who gives their own password again: the link works
once, for a day, while the account is active and nothing newer ended it; using it sets
the new password, ends every session of theirs and lifts a sign-in lock; with "new
authenticator", a coach sets up a new one at once. Every administrator sees the links
made. Refused requests change nothing; two people following one link at the same moment
reset it once; a link made while the old one is used never deadlocks."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from followthrough import clock
from tests.racing import racing, together
from tests.server.support import ADMIN, PASSWORD, Browser, member, second_server, signed_in_admin, start

pytestmark = pytest.mark.usefixtures("server")

NEW = "a brand new passphrase for the winter"


def _reset_link(admin: Browser, member_id: int, new_authenticator: bool = False, status: int = 201) -> str:
    """The link the administrator's page shows once (its path), made as the page offers."""
    data = {"password": PASSWORD, **({"new_authenticator": "yes"} if new_authenticator else {})}
    answer = admin.post(f"/organisation/members/{member_id}/reset-link", data)
    page = answer.content.decode()
    assert answer.status_code == status, page[:500]
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
    assert f'href="/organisation/members/{sam.pk}/reset-link"' in admin.get("/organisation/").content.decode()
    asked = admin.get(f"/organisation/members/{sam.pk}/reset-link").content.decode()
    assert "Your own password" in asked and "authenticator" not in asked  # a seeker has none
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

    from followthrough.store.models import ResetLink

    sam = member(start(), "sam@example.org")
    admin = signed_in_admin()
    older, newer = _reset_link(admin, sam.pk), _reset_link(admin, sam.pk)
    assert Browser().get(older).status_code == 410
    assert Browser().get(newer).status_code == 200
    ResetLink.objects.filter(used_at__isnull=True).update(expires_at=clock.now() - dt.timedelta(seconds=1))
    before = _state()
    assert _use(newer).status_code == 410
    assert _state() == before


def test_refused_requests_change_nothing() -> None:
    from followthrough.store.models import Membership, Organisation

    admin_user = start()
    sam = member(admin_user, "sam@example.org")
    tess = member(admin_user, "tess@example.org")
    elsewhere = Organisation.objects.create(name="South Career Centre")
    Membership.objects.create(user=tess, organisation=elsewhere, role="administrator")
    admin = signed_in_admin()
    link = _reset_link(admin, sam.pk)
    seeker = Browser()
    seeker.sign_in("sam@example.org")
    before = _state()
    weak = _use(link, "password")
    assert weak.status_code == 400 and "too common" in weak.content.decode()
    mismatch = Browser().post(link, {"password": NEW, "password_again": NEW + "!"}, page="/login")
    assert mismatch.status_code == 400
    not_me = admin.post(f"/organisation/members/{sam.pk}/reset-link", {"password": "not my password"})
    assert not_me.status_code == 400 and "Your password is not right" in not_me.content.decode()
    own = admin.post(f"/organisation/members/{admin_user.pk}/reset-link", {"password": PASSWORD}, page="/organisation/")
    assert own.status_code == 400 and "cannot reset your own account" in own.content.decode()
    # An administrator elsewhere too: taking the account over would reach another organisation.
    shared = admin.post(f"/organisation/members/{tess.pk}/reset-link", {"password": PASSWORD}, page="/organisation/")
    assert shared.status_code == 400 and "is not your organisation" in shared.content.decode()
    assert (
        seeker.post(f"/organisation/members/{sam.pk}/reset-link", {"password": PASSWORD}, page="/").status_code == 403
    )
    assert seeker.get(f"/organisation/members/{sam.pk}/reset-link").status_code == 403
    assert admin.post(f"/organisation/members/{10**6}/reset-link", page="/organisation/").status_code == 403
    assert Browser().get("/reset/not-a-link").status_code == 410
    assert _state() == before
    assert _use(link).status_code == 303  # the link still works after all that
    assert Browser().sign_in("tess@example.org", PASSWORD).status_code == 303  # and reset Sam alone


def test_disabling_or_a_changed_password_ends_a_waiting_link() -> None:
    sam = member(start(), "sam@example.org")
    admin = signed_in_admin()
    link = _reset_link(admin, sam.pk)
    admin.post(f"/organisation/members/{sam.pk}/disable", page="/organisation/")
    before = _state()
    assert _use(link).status_code == 410
    refused = admin.post(f"/organisation/members/{sam.pk}/reset-link", {"password": PASSWORD}, page="/organisation/")
    assert refused.status_code == 400 and "is disabled: enable it first" in refused.content.decode()
    assert _state() == before
    admin.post(f"/organisation/members/{sam.pk}/enable", page="/organisation/")
    assert Browser().get(link).status_code == 410  # enabled again: the link stays ended
    # Sam remembers the password after all, and changes it: the new link is not needed.
    link = _reset_link(admin, sam.pk)
    own = Browser()
    own.sign_in("sam@example.org")
    changed = own.post("/account/password", {"current": PASSWORD, "password": NEW, "password_again": NEW})
    assert changed.status_code == 303, changed.content.decode()[:500]
    assert Browser().get(link).status_code == 410


def test_every_administrator_sees_the_links_made() -> None:
    from followthrough.services.accounts import reset_links

    admin_user = start()
    sam = member(admin_user, "sam@example.org")
    member(admin_user, "ben@example.org", "administrator")
    admin = signed_in_admin()
    _use(_reset_link(admin, sam.pk))
    reset_links.make_on_the_server("sam@example.org")
    other = Browser()
    other.sign_in("ben@example.org")
    other.second_factor()
    listing = other.get("/organisation/").content.decode()
    assert listing.count("For sam@example.org") == 2
    assert f"made by {ADMIN}" in listing and "used " in listing
    assert "made by the server&#x27;s operator" in listing and "waiting, until" in listing


def test_a_link_for_a_job_seeker_without_an_app_removes_none() -> None:
    from followthrough.store.models import ResetLink

    sam = member(start(), "sam@example.org")
    link = _reset_link(signed_in_admin(), sam.pk, new_authenticator=True)  # a form made by hand
    assert "authenticator" not in Browser().get(link).content.decode()
    assert list(ResetLink.objects.values_list("new_authenticator", flat=True)) == [False]


def test_the_link_is_kept_as_a_hash_only() -> None:
    from followthrough.store.models import ResetLink

    sam = member(start(), "sam@example.org")
    token = _reset_link(signed_in_admin(), sam.pk).rsplit("/", 1)[1]
    stored = list(ResetLink.objects.values_list("token_hash", flat=True))
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64


@contextmanager
def _slow_claim() -> Iterator[None]:
    """Hold on for 0.3 s after a reset link's row is updated, in the same transaction: what
    the use holds then, the other racer meets. (Claiming the link before locking the
    account, the use and a new link deadlocked: this makes it happen every time.)"""
    from django.db.models.query import QuerySet

    from followthrough.store.models import ResetLink

    update = QuerySet.update

    def slow(self: QuerySet[Any], **changes: Any) -> int:
        done = update(self, **changes)
        if self.model is ResetLink:
            time.sleep(0.3)  # the claim held open a while: the window under test, made wide
        return done

    QuerySet.update = slow  # type: ignore[method-assign]
    try:
        yield
    finally:
        QuerySet.update = update  # type: ignore[method-assign]


def _racer(location: str, static: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """Another server process: follows a link with a password, or makes a new link as
    the administrator, when released with the other racer."""
    second_server(location, static)
    from followthrough.services.accounts import members as accounts
    from followthrough.services.accounts import reset_links
    from followthrough.services.errors import UserError
    from followthrough.store.models import User

    while (job := jobs.get()) is not None:
        what, argument = job
        together(barrier)
        try:
            if what == "use":
                token, password, slow = (*argument, False)[:3]
                with _slow_claim() if slow else nullcontext():
                    reset_links.use(token, password, password)
                results.put(("used", password))
            elif what == "disable":
                admin, sam = User.objects.get(username=ADMIN), User.objects.get(username="sam@example.org")
                accounts.set_active(admin, sam.pk, False)
                results.put(("disabled", ""))
            elif what == "change":  # Sam remembers the password and changes it on the Password page
                sam = User.objects.get(username="sam@example.org")
                try:
                    accounts.change_password(sam, PASSWORD, argument, argument, None)
                    results.put(("changed", argument))
                except UserError:
                    results.put(("refused", argument))
            else:
                admin, sam = User.objects.get(username=ADMIN), User.objects.get(username="sam@example.org")
                if argument == "late":
                    time.sleep(0.1)  # while the other racer holds what it claimed
                results.put(("made", reset_links.make(admin, sam.pk, PASSWORD)[0]))
        except reset_links.ResetLinkGone:
            results.put(("gone", argument[1] if what == "use" else ""))
        except Exception as error:
            results.put((f"crashed: {error!r}", ""))


@pytest.fixture
def racers(server: str, static_root: Path) -> Any:
    from django.db import connections

    with racing(_racer, server, str(static_root), server_mode=True) as started:

        def run(*given: tuple[str, Any]) -> list[tuple[str, str]]:
            connections.close_all()
            return started.run(*given)

        yield run


def test_two_people_following_one_link_at_once_reset_it_once(racers: Any) -> None:
    from followthrough.services.accounts import reset_links
    from followthrough.store.models import User

    admin = start()
    sam = member(admin, "sam@example.org")
    for round_ in range(6):
        token, _ = reset_links.make(admin, sam.pk, PASSWORD)
        passwords = [f"first racer's passphrase {round_}", f"second racer's passphrase {round_}"]
        outcomes = racers(("use", (token, passwords[0])), ("use", (token, passwords[1])))
        assert [what for what, _ in outcomes] == ["gone", "used"], outcomes
        winner, loser = outcomes[1][1], outcomes[0][1]
        now = User.objects.get(pk=sam.pk)
        assert now.check_password(winner) and not now.check_password(loser)


def test_a_link_made_while_the_last_one_is_used_takes_its_turn(racers: Any) -> None:
    """The use and the new link lock the account first, in that order both: no deadlock,
    and the old link either was used before the new one was made, or is ended by it."""
    from followthrough.services.accounts import reset_links
    from followthrough.store.models import ResetLink, User

    admin = start()
    sam = member(admin, "sam@example.org")
    seen = set()
    for round_ in range(8):
        token, _ = reset_links.make(admin, sam.pk, PASSWORD)
        password = f"a racing passphrase {round_}"
        slow = round_ % 2 == 1  # every other round, the use holds on and the new link comes late
        outcomes = dict(racers(("use", (token, password, slow)), ("make", "late" if slow else None)))
        assert set(outcomes) in ({"used", "made"}, {"gone", "made"}), outcomes
        seen |= set(outcomes)
        assert User.objects.get(pk=sam.pk).check_password(password) == ("used" in outcomes)
        newest = ResetLink.objects.order_by("-id").first()
        assert newest is not None and newest.used_at is None and reset_links.waiting(outcomes["made"])
    assert "made" in seen


def test_a_password_changed_while_a_link_is_used_leaves_one_of_them(racers: Any) -> None:
    """Sam changes the password while the link made for them is used: one wins, and the
    other is refused (the change ends the link; the link's new password makes the current
    one wrong), never both, never neither."""
    from followthrough.services.accounts import reset_links
    from followthrough.store.models import User

    admin = start()
    sam = member(admin, "sam@example.org")
    winners = set()
    for round_ in range(6):
        sam.set_password(PASSWORD)
        sam.save(update_fields=["password"])
        token, _ = reset_links.make(admin, sam.pk, PASSWORD)
        by_link, by_change = f"the link's passphrase {round_}", f"a changed passphrase {round_}"
        outcomes = dict(racers(("use", (token, by_link)), ("change", by_change)))
        assert set(outcomes) in ({"used", "refused"}, {"gone", "changed"}), outcomes
        winner = outcomes.get("used") or outcomes["changed"]
        assert User.objects.get(pk=sam.pk).check_password(winner)
        winners.add("used" if "used" in outcomes else "changed")
    assert winners  # at least one round ran to the end


def test_a_lost_phones_reset_turns_the_calendar_feed_off_and_says_so() -> None:
    """The lost phone may follow the member's calendar feed: a reset with a new
    authenticator stops its address answering; a reset of the password alone does not."""
    from followthrough.services import owners
    from followthrough.services.files import calendar_feed

    admin_user = start()
    cleo = member(admin_user, "cleo@example.org", "coach")
    with owners.acting_as(cleo):
        feed = calendar_feed.feed_path(calendar_feed.new_feed_token())
    assert Browser().get(feed).status_code == 200
    admin = signed_in_admin()
    assert _use(_reset_link(admin, cleo.pk)).status_code == 303
    assert Browser().get(feed).status_code == 200  # a forgotten password: the feed stays
    back = Browser()
    assert (
        _use(_reset_link(admin, cleo.pk, new_authenticator=True), "another passphrase entirely", back).status_code
        == 303
    )
    assert Browser().get(feed).status_code == 404
    told = back.get("/account/second-factor").content.decode()  # a new app first, and the news
    assert "Your calendar feed is turned off" in told and 'class="secret"' in told
    back.second_factor()
    assert back.get("/").status_code == 200


JUNK = ["%00", "%0A%0D", "=?utf-8?b?w6k=?=", "é" * 50, "x" * 5000, "..%2F..%2Fetc", "%F0%9F%92%A5", "'%22<script>"]


def test_junk_links_and_passwords_are_refused_and_change_nothing() -> None:
    """Addresses no one was given (control characters, an encoded word, 5,000 letters,
    broken escapes) are one used-or-expired page; a huge or control-character password on
    a real link is refused by the rules, and the link still works."""
    sam = member(start(), "sam@example.org")
    link = _reset_link(signed_in_admin(), sam.pk)
    before = _state()
    for junk in JUNK:
        answer = Browser().get("/reset/" + junk)
        assert answer.status_code in (404, 410), (junk, answer.status_code)
        if answer.status_code == 410:
            assert "used or has expired" in answer.content.decode()
    for password in ("\x00" * 12, "long enough but\ttabbed", "new\nline in it", "", " " * 7):
        assert _use(link, password).status_code == 400, repr(password)
    assert _state() == before
    huge = "p" * 1_000_000  # a form of a megabyte: refused whole or set; never a crash
    assert _use(link, huge).status_code in (303, 400, 413)
    assert _use(link).status_code in (303, 410)


def test_an_account_disabled_while_its_link_is_used_stays_disabled(racers: Any) -> None:
    """The administrator disables Sam as the link is followed: the use either came first
    (and its session is ended with the rest) or finds the link gone; Sam stays disabled
    with no link waiting, never signed in on a disabled account."""

    from followthrough.services.accounts import reset_links
    from followthrough.store.models import ResetLink, SignedInSession, User

    admin = start()
    sam = member(admin, "sam@example.org")
    for round_ in range(6):
        User.objects.filter(pk=sam.pk).update(is_active=True)
        token, _ = reset_links.make(admin, sam.pk, PASSWORD)
        outcomes = dict(racers(("use", (token, f"a racing passphrase {round_}")), ("disable", None)))
        assert set(outcomes) in ({"used", "disabled"}, {"gone", "disabled"}), outcomes
        assert not User.objects.get(pk=sam.pk).is_active
        assert not SignedInSession.objects.filter(user=sam).exists()
        assert not ResetLink.objects.filter(user=sam, used_at__isnull=True, expires_at__gt=clock.now()).exists()
