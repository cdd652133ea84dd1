"""Two tabs saving Settings at once (or the web and the CLI): real processes released
together by a barrier, many rounds, on each database. Each save is one transaction on the
locked profile row, so the last write wins field by field and neither save is lost: the
profile beside the SMTP server, days away beside the phone number, two templates."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier

import pytest

from tests import racing as racing_harness
from tests.conftest import Cli, use_database
from tests.racing import racing, second_front_end, together

ROUNDS = 8


def _worker(location: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    second_front_end(location)  # its own process and connection, the local owner's job search
    from followthrough.services.corrections.pauses import add_away
    from followthrough.services.jobsearch.profile_edit import update_profile
    from followthrough.services.mail import draft_templates
    from followthrough.services.mail.mail_setup import save_mail_server

    while (job := jobs.get()) is not None:
        what, value = job
        together(barrier)
        try:
            if what == "name":
                update_profile(name=value)
            elif what == "phone":
                update_profile(phone=value)
            elif what == "smtp":
                save_mail_server("smtp", value, None, "starttls", "jordan")
            elif what == "away":
                day = dt.date.fromisoformat(value)
                add_away(day, day)
            else:
                draft_templates.save(what, f"Subject: {value}\n\n{value}\n")
            results.put(("saved", ""))
        except Exception as error:  # a race the service did not survive
            results.put(("crashed", repr(error)))


class Racers(racing_harness.Racers):
    def race(self, first: tuple[str, str], second: tuple[str, str]) -> list[tuple[str, str]]:
        return self.run(first, second)


@pytest.fixture
def racers(ft: Cli) -> Iterator[Racers]:
    ft("profile", "set", "--name", "Jordan Rivera", "--timezone", "America/Chicago")
    with racing(_worker, ft.location) as started:
        yield Racers(started.barrier, started.jobs, started.results)


def _fresh(ft: Cli) -> None:
    use_database(ft.location)
    from django.db import connections

    for connection in connections.all():
        connection.close()


def test_two_settings_saved_at_once_both_stay(ft: Cli, racers: Racers) -> None:
    from followthrough.services.jobsearch.profile import get_profile
    from followthrough.services.mail import draft_templates
    from followthrough.services.mail.servers import server_settings

    for n in range(ROUNDS):
        outcomes = racers.race(("name", f"Jordan {n}"), ("smtp", f"smtp{n}.example.org"))
        assert outcomes == [("saved", ""), ("saved", "")], outcomes
        outcomes = racers.race(("phone", f"+1 555 01{n:02d}"), ("away", f"2027-01-{n + 10:02d}"))
        assert outcomes == [("saved", ""), ("saved", "")], outcomes
        outcomes = racers.race(("move_on", f"Onwards {n}"), ("checklist", f"List {n}"))
        assert outcomes == [("saved", ""), ("saved", "")], outcomes
        _fresh(ft)
        profile = get_profile()
        assert profile.name == f"Jordan {n}" and server_settings("smtp").host == f"smtp{n}.example.org", n
        assert profile.phone == f"+1 555 01{n:02d}", n
        assert len(profile.away) == n + 1 and profile.away[-1].from_ == dt.date(2027, 1, n + 10), n
        saved = {t.name: t.text for t in draft_templates.templates() if t.source == "saved"}
        assert saved == {
            "move_on": f"Subject: Onwards {n}\n\nOnwards {n}\n",
            "checklist": f"Subject: List {n}\n\nList {n}\n",
        }
