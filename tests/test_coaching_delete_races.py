"""A coach looks at a seeker at the very moment the seeker deletes their account, in real
processes on each database: the look either comes first (and goes with the account's
access log) or is refused; the deletion always succeeds; nothing of the seeker is left.
Never a deadlock, never an error page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.coaching_support import PASSWORD, TODAY, Centre, job_search, make_centre, quick_passwords
from tests.racing import racing, together

ROUNDS = 10


def _worker(location: str, barrier: Any, jobs: Any, results: Any) -> None:
    from django.test import override_settings

    from followthrough import settings

    settings.configure(location)
    from followthrough.services.accounts import my_data
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed
    from followthrough.store.models import User

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        while (job := jobs.get()) is not None:
            what, coach_id, seeker_id = job
            coach, seeker = User.objects.get(pk=coach_id), User.objects.get(pk=seeker_id)
            together(barrier)
            try:
                if what == "look":
                    coaching.seeker_page(coach, seeker_id, TODAY)
                else:
                    my_data.delete_account(seeker, PASSWORD)
                results.put((what, "ok"))
            except NotAllowed:
                results.put((what, "refused"))
            except Exception as error:  # a deadlock, a foreign key: what the user would see as a 500
                results.put((what, repr(error)))


@pytest.fixture
def centre(db: str) -> Iterator[Centre]:
    with quick_passwords():
        yield make_centre(with_searches=False)


def test_a_look_and_the_seekers_account_deletion_at_once(db: str, centre: Centre) -> None:
    from followthrough.services.coaching import consent
    from followthrough.store.models import AccessLogEntry, Application, KeptSummary, Membership, User

    with racing(_worker, db) as racers, quick_passwords():
        for n in range(ROUNDS):
            seeker = User.objects.create_user(username=f"leaving{n}@example.org", password=PASSWORD)
            Membership.objects.create(user=seeker, organisation=centre.north, role="job_seeker")
            job_search(seeker, f"Firm{n}")
            consent.invite(seeker, centre.cleo.pk)
            outcome = dict(racers.run(("look", centre.cleo.pk, seeker.pk), ("delete", centre.cleo.pk, seeker.pk)))
            assert outcome["delete"] == "ok", f"round {n}: {outcome}"
            assert outcome["look"] in ("ok", "refused"), f"round {n}: {outcome}"
            assert not User.objects.filter(pk=seeker.pk).exists()
            from django_scopes import scopes_disabled

            with scopes_disabled():
                assert not Application.objects.filter(owner_id=seeker.pk).exists()
                assert not KeptSummary.objects.filter(owner_id=seeker.pk).exists()
            assert not AccessLogEntry.objects.filter(seeker_id=seeker.pk).exists()
