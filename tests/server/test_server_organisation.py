"""An organisation's administrators invite people by one-time links and disable or enable
accounts; a link works once, even followed by two people at the same moment; a weak
password is refused and the link stays usable."""

from __future__ import annotations

import multiprocessing as mp
import re
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from tests.racing import racing, together
from tests.server.support import (
    ADMIN,
    PASSWORD,
    Browser,
    member,
    second_server,
    signed_in_admin,
    start,
)

pytestmark = pytest.mark.usefixtures("server")


def _invite(admin: Browser, email: str, role: str = "job_seeker") -> str:
    """The link the administrator's page shows once."""
    answer = admin.post("/organisation/invitations", {"email": email, "role": role}, page="/organisation/")
    assert answer.status_code == 201, answer.content.decode()[:500]
    found = re.search(r'value="(http://[^"]+/invitations/[^"]+)"', answer.content.decode())
    assert found, answer.content.decode()
    return found.group(1).split("careers.example.org", 1)[1]


def _state() -> list[tuple[object, ...]]:
    from followthrough.store.models import Invitation, Membership, User

    return [
        *User.objects.order_by("id").values_list("username", "is_active", "password"),
        *Membership.objects.order_by("id").values_list("user_id", "role"),
        *Invitation.objects.order_by("id").values_list("email", "accepted_at", "token_hash"),
    ]


def test_an_invitation_link_works_once() -> None:
    start()
    admin = signed_in_admin()
    link = _invite(admin, "sam@example.org")
    page = Browser().get(link).content.decode()
    assert "Join North Career Centre" in page and "sam@example.org" in page and "job seeker" in page
    newcomer = Browser()
    answer = newcomer.post(link, {"name": "Sam Ode", "password": PASSWORD, "password_again": PASSWORD})
    assert answer.status_code == 303 and answer["Location"] == "/"
    assert "Welcome" in newcomer.get("/").content.decode()  # signed in straight away
    again = Browser().post(link, {"password": PASSWORD, "password_again": PASSWORD}, page="/login")
    assert again.status_code == 410 and "used or has expired" in again.content.decode()
    assert Browser().get(link).status_code == 410
    listing = admin.get("/organisation/").content.decode()
    assert "Sam Ode" in listing and "accepted" in listing


def test_only_the_hash_of_an_invitation_token_is_kept() -> None:
    import hashlib

    from django.db import connection

    start()
    token = _invite(signed_in_admin(), "sam@example.org").rsplit("/", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM ft_invitation")
        row = " ".join(map(str, cursor.fetchone()))
        cursor.execute("SELECT session_data FROM django_session")
        sessions = " ".join(r[0] for r in cursor.fetchall())
    assert token not in row and hashlib.sha256(token.encode()).hexdigest() in row
    assert token not in sessions


def test_a_100_character_passphrase_is_accepted() -> None:
    start()
    link = _invite(signed_in_admin(), "sam@example.org")
    passphrase = "the quick brown fox jumps over the lazy dog while seven tired owls watch from a quiet oak tree, ok?!"
    assert len(passphrase) == 100
    answer = Browser().post(link, {"password": passphrase, "password_again": passphrase})
    assert answer.status_code == 303
    assert Browser().sign_in("sam@example.org", passphrase).status_code == 303


@pytest.mark.parametrize(
    ("password", "again", "why"),
    [
        ("password", "password", "too common"),
        ("short7!", "short7!", "at least 8 characters"),
        ("a long enough phrase", "another phrase", "the two passwords differ"),
    ],
)
def test_a_refused_password_creates_nothing_and_the_link_still_works(password: str, again: str, why: str) -> None:
    start()
    link = _invite(signed_in_admin(), "sam@example.org")
    before = _state()
    answer = Browser().post(link, {"password": password, "password_again": again})
    assert answer.status_code == 400
    assert why in answer.content.decode().lower()
    assert _state() == before
    assert Browser().post(link, {"password": PASSWORD, "password_again": PASSWORD}).status_code == 303


def test_no_composition_rule_a_long_lower_case_password_is_fine() -> None:
    from followthrough.services.accounts.members import check_password

    check_password("plainlowercaseletters")  # no digit, capital or symbol asked for
    with pytest.raises(Exception, match="too common"):
        check_password("password")


def test_an_expired_invitation_is_refused() -> None:
    import datetime as dt

    from followthrough.store.models import Invitation

    start()
    link = _invite(signed_in_admin(), "sam@example.org")
    Invitation.objects.update(expires_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert Browser().get(link).status_code == 410
    assert Browser().post(link, {"password": PASSWORD, "password_again": PASSWORD}, page="/login").status_code == 410


def test_the_administrators_page_lists_members_and_is_theirs_alone() -> None:
    admin_user = start()
    member(admin_user, "cora@example.org", "coach")
    member(admin_user, "sam@example.org")
    admin = signed_in_admin()
    page = admin.get("/organisation/").content.decode()
    for text in ("North Career Centre", ADMIN, "cora@example.org", "Coach", "sam@example.org", "Job seeker"):
        assert text in page
    seeker = Browser()
    seeker.sign_in("sam@example.org")
    assert seeker.get("/organisation/").status_code == 403
    before = _state()
    refused = seeker.client.post(
        "/organisation/invitations", {"email": "x@example.org", "role": "administrator"}, HTTP_X_CSRFTOKEN="bad"
    )
    assert refused.status_code == 403
    assert seeker.post("/organisation/invitations", {"email": "x@example.org"}, page="/").status_code == 403
    assert _state() == before


def test_an_administrator_cannot_disable_their_own_account() -> None:
    admin_user = start()
    admin = signed_in_admin()
    before = _state()
    answer = admin.post(f"/organisation/members/{admin_user.pk}/disable", page="/organisation/")
    assert answer.status_code == 303
    assert "cannot disable your own account" in admin.get("/organisation/").content.decode()
    assert _state() == before


def test_an_address_that_has_an_account_is_not_invited_again() -> None:
    start()
    admin = signed_in_admin()
    before = _state()
    answer = admin.post("/organisation/invitations", {"email": ADMIN, "role": "coach"}, page="/organisation/")
    assert answer.status_code == 400 and "already an account" in answer.content.decode()
    assert _state() == before


def _accept(location: str, static: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    """Another server process following the link it is given."""
    second_server(location, static)
    from followthrough.services.accounts import invitations

    while (token := jobs.get()) is not None:
        together(barrier)
        try:
            invitations.accept(token, PASSWORD, PASSWORD)
            results.put("accepted")
        except invitations.InvitationGone:
            results.put("gone")
        except Exception as error:
            results.put(f"crashed: {error!r}")


def test_two_people_following_one_link_at_once_make_one_account(server: str, static_root: Path) -> None:
    from followthrough.services.accounts import invitations
    from followthrough.store.models import Membership, User

    admin = start()
    tokens = [invitations.invite(admin, f"racer{n}@example.org", "job_seeker")[0] for n in range(3)]
    with racing(_accept, server, str(static_root), server_mode=True) as racers:
        for token in tokens:
            assert racers.run(token, token) == ["accepted", "gone"]
    assert User.objects.filter(username__startswith="racer").count() == 3
    assert Membership.objects.filter(user__username__startswith="racer").count() == 3
