"""A career centre for the coaching tests: two organisations, six people, job searches.

North: seekers Sam (trusts coach Cleo) and Tess (trusts no one), coach Cleo, administrator
Ada. South: seeker Uma and coach Cole. Company names are each seeker's own, so a page
that shows a company reveals whose data it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

TODAY = dt.date(2026, 11, 30)
PASSWORD = "correct horse battery staple"
COMPANIES = {"sam": "Samcorp", "tess": "Tessellate", "uma": "Umbra"}


@dataclass
class Centre:
    sam: Any
    tess: Any
    cleo: Any
    ada: Any
    uma: Any
    cole: Any
    north: Any
    south: Any

    def everyone(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("sam", "tess", "cleo", "ada", "uma", "cole")}


def job_search(user: Any, company: str) -> None:
    """An application waiting past its promise with late notes and calls, one just sent,
    one with an offer."""
    from followthrough.core.model import ContactRole, Debrief, Interview, Response, ResponseOutcome
    from followthrough.services.jobsearch.applications import add_application, add_contact, record_event
    from followthrough.services.owners import acting_as

    slug = company.lower()  # ids differ between seekers: a page answering for another's id is a leak
    with acting_as(user):
        waiting = add_application(company, "Data Analyst", f"{slug}-waiting")
        add_contact(waiting, "Ann Lee", ContactRole.HIRING_OFFICER, key="ann", email="ann@example.com")
        add_contact(waiting, "Cy Diaz", ContactRole.INSIDE_CONTACT, key="cy")
        record_event(waiting, Interview(dt.date(2026, 11, 3), ("ann",), notes=f"secret notes about {company}"))
        record_event(waiting, Debrief(dt.date(2026, 11, 3), timeframe="two weeks"))
        add_application(f"{company} Labs", "Analyst", f"{slug}-sent", applied_on=dt.date(2026, 11, 20))
        _found_mail(waiting, company)
        offer = add_application(f"{company} Group", "Analyst", f"{slug}-offer")
        record_event(offer, Interview(dt.date(2026, 11, 2)))
        record_event(offer, Response(dt.date(2026, 11, 9), ResponseOutcome.OFFER))


@contextmanager
def quick_passwords() -> Iterator[None]:
    """Passwords hashed in microseconds: the server's Argon2 (or Django's default) takes
    most of a second per account, and these tests are about coaching, not hashing."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def _found_mail(slug: str, company: str) -> None:
    """A message the reply watcher found, waiting for the seeker's word (in their scope)."""
    from followthrough.store.models import Application, PossibleResponse

    PossibleResponse.objects.create(
        application=Application.objects.get(slug=slug),
        message_key=f"<{slug}@mail.example>",
        sender=f"ann@{slug}.example",
        subject=f"About your application at {company}",
        received=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
        received_on=dt.date(2026, 11, 20),
        reason="contact",
    )


def make_centre(with_searches: bool = True) -> Centre:
    from followthrough.store.models import Membership, Organisation, User

    north = Organisation.objects.create(name="North Careers")
    south = Organisation.objects.create(name="South Careers")
    people: dict[str, Any] = {}
    for name, organisation, role in (
        ("sam", north, "job_seeker"),
        ("tess", north, "job_seeker"),
        ("cleo", north, "coach"),
        ("ada", north, "administrator"),
        ("uma", south, "job_seeker"),
        ("cole", south, "coach"),
    ):
        user = User.objects.create_user(username=f"{name}@example.org", password=PASSWORD, first_name=name.title())
        Membership.objects.create(user=user, organisation=organisation, role=role)
        people[name] = user
    if with_searches:
        for name, company in COMPANIES.items():
            job_search(people[name], company)
    from followthrough.services.coaching import consent

    consent.invite(people["sam"], people["cleo"].pk)
    consent.invite(people["uma"], people["cole"].pk)
    return Centre(north=north, south=south, **people)
