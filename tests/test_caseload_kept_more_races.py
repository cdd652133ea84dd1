"""A job seeker deleting their account while their other tab records a Done click, in
real processes on each database: the deletion succeeds, the click either lands first (and
goes with the account) or is refused cleanly, and nothing of the seeker is left behind,
their coach's kept summary included. (A companion of test_caseload_kept_more.py, which is
near the size a module may have.)"""

from __future__ import annotations

from typing import Any

from django.db import connection

from tests.coaching_support import PASSWORD, TODAY, job_search, quick_passwords
from tests.racing import together

ROUNDS = 8


def _racer(location: str, barrier: Any, jobs: Any, results: Any) -> None:
    from tests.racing import second_front_end

    second_front_end(location)
    from followthrough.core.model import StepStatus
    from followthrough.services.accounts import my_data
    from followthrough.services.errors import UserError
    from followthrough.services.jobsearch.steps import settle_step
    from followthrough.services.owners import acting_as
    from followthrough.store.models import User

    while (job := jobs.get()) is not None:
        what, user_id, step = job
        user = User.objects.get(pk=user_id)
        together(barrier)
        try:
            with quick_passwords():
                if what == "delete":
                    my_data.delete_account(user, PASSWORD)
                else:
                    with acting_as(user):
                        settle_step(step, StepStatus.DONE, on=TODAY, today=TODAY)
            results.put((what, "ok"))
        except UserError:  # the step went with the account: said in words, not a crash
            results.put((what, "refused"))
        except Exception as error:  # a race the services did not survive
            results.put((what, repr(error)))


def _left_of(user_id: int) -> list[int]:
    """How many rows of the user each table still holds."""
    tables = ["ft_application", "ft_seeker_change", "ft_seeker_summary"]
    if connection.vendor != "postgresql":
        tables = tables[:1]
    with connection.cursor() as cursor:
        counts = []
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE owner_id = %s", [user_id])
            counts.append(int(cursor.fetchone()[0]))
        return counts


def test_an_account_deleted_while_another_tab_clicks_done(db: str) -> None:
    from followthrough.services.coaching.caseload import summaries
    from followthrough.services.jobsearch.applications import get_plan
    from followthrough.services.owners import acting_as
    from followthrough.store.models import User
    from tests.racing import racing

    with racing(_racer, db) as racers:
        for n in range(ROUNDS):
            with quick_passwords():
                user = User.objects.create_user(username=f"seeker{n}@example.org", password=PASSWORD)
            job_search(user, f"Firm{n}")
            summaries([user.pk], {user.pk: "Dee"}, TODAY)  # their coach has looked: a kept summary
            with acting_as(user):
                step = get_plan(f"firm{n}-waiting").pending[0].id
            outcomes = dict(racers.run(("delete", user.pk, None), ("done", user.pk, step)))
            assert outcomes["delete"] == "ok", f"round {n}: {outcomes}"
            assert outcomes["done"] in ("ok", "refused"), f"round {n}: {outcomes}"
            assert not any(_left_of(user.pk)), f"round {n}"
            assert not User.objects.filter(pk=user.pk).exists()
