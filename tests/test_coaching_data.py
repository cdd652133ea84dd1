"""Bring your own data, take it with you: a job seeker's file in and out of the server,
leaving an organisation, deleting the account."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from followthrough.services.errors import UserError
from tests.coaching_support import PASSWORD, TODAY, Centre, make_centre, quick_passwords


@pytest.fixture
def centre(db: str) -> Iterator[Centre]:
    with quick_passwords():
        yield make_centre()


def _companies(user: Any) -> list[str]:
    from followthrough.services.jobsearch.applications import list_applications
    from followthrough.services.owners import acting_as

    with acting_as(user):
        return sorted(a.company for a in list_applications())


def _everyone_s_rows() -> dict[str, int]:
    from django_scopes import scopes_disabled

    from followthrough.store import models

    with scopes_disabled():
        return {
            m.__name__: m.objects.count()
            for m in (models.Application, models.Contact, models.Event, models.Step, models.CoachLink, models.Reminder)
        } | {"log": models.AccessLogEntry.objects.count(), "users": models.User.objects.count()}


def test_a_seeker_takes_their_job_search_and_brings_it_elsewhere(centre: Centre) -> None:
    from followthrough.services.accounts import my_data

    exported = my_data.export_mine(centre.sam)
    document = json.loads(exported)
    assert {a["company"] for a in document["applications"]} == {"Samcorp", "Samcorp Labs", "Samcorp Group"}
    assert "Tessellate" not in exported and "Umbra" not in exported
    # Uma brings Sam's file in: first a dry run, which changes nothing.
    before = _everyone_s_rows()
    preview = my_data.import_mine(centre.uma, exported.encode(), "sam.json", dry_run=True)
    assert (preview.applications, preview.replaced, preview.saved) == (3, 0, False)
    assert preview.lines and all("added" in line for line in preview.lines)
    assert _everyone_s_rows() == before and _companies(centre.uma) == ["Umbra", "Umbra Group", "Umbra Labs"]
    done = my_data.import_mine(centre.uma, exported.encode(), "sam.json", dry_run=False)
    assert done.saved and len(_companies(centre.uma)) == 6 and "Samcorp Labs" in _companies(centre.uma)
    again = my_data.import_mine(centre.uma, exported.encode(), "sam.json", dry_run=False)
    assert again.replaced == 3 and len(_companies(centre.uma)) == 6  # the same ids replace, not double
    assert _companies(centre.sam) == ["Samcorp", "Samcorp Group", "Samcorp Labs"]  # Sam's own is untouched


def test_a_bad_file_changes_nothing_and_says_where(centre: Centre) -> None:
    from followthrough.services.accounts import my_data

    before = _everyone_s_rows()
    bad = b'{"format": "followthrough/1", "applications": [{"id": "x", "company": 3}]}'
    with pytest.raises(UserError, match=r"bad\.json"):
        my_data.import_mine(centre.uma, bad, "bad.json", dry_run=False)
    with pytest.raises(UserError, match="UTF-8"):
        my_data.import_mine(centre.uma, b"\xff\xfe", "bad.json", dry_run=False)
    assert _everyone_s_rows() == before


def test_leaving_the_organisation_keeps_the_data_and_ends_the_coaches_access(centre: Centre) -> None:
    from followthrough.services.accounts import my_data
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.coaching.consent import NotAllowed

    with pytest.raises(NotAllowed):
        my_data.leave_organisation(centre.sam, centre.south.pk)
    assert my_data.leave_organisation(centre.sam, centre.north.pk) == "North Careers"
    assert coaching.caseload_page(centre.cleo, TODAY).summaries == []
    with pytest.raises(NotAllowed):
        coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY)
    assert [link.status for link in consent.links_of_seeker(centre.sam)] == ["revoked"]
    assert _companies(centre.sam) == ["Samcorp", "Samcorp Group", "Samcorp Labs"]
    assert my_data.organisations_of(centre.sam) == []


def test_deleting_the_account_removes_the_job_search_and_every_coach_s_access(centre: Centre) -> None:
    from followthrough.services.accounts import my_data
    from followthrough.services.coaching import looks as coaching

    coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY)  # a look in Sam's access log
    _remind(centre.sam)
    _remind(centre.tess)
    before = _everyone_s_rows()
    assert before["Reminder"] > 0
    with pytest.raises(UserError, match="password"):
        my_data.delete_account(centre.sam, "not the password")
    assert _everyone_s_rows() == before
    my_data.delete_account(centre.sam, PASSWORD)
    after = _everyone_s_rows()
    assert after["users"] == before["users"] - 1 and after["Application"] == before["Application"] - 3
    assert after["CoachLink"] == before["CoachLink"] - 1 and after["log"] == 0
    from django_scopes import scopes_disabled

    from followthrough.store.models import Reminder

    with scopes_disabled():  # the outbox has no index or constraint by owner: Django deletes its rows
        assert not Reminder.objects.filter(owner_id=centre.sam.pk).exists()
        assert Reminder.objects.filter(owner_id=centre.tess.pk).exists(), "Tess's reminders stay"
    assert coaching.caseload_page(centre.cleo, TODAY).summaries == []
    assert "Samcorp" not in coaching.caseload_csv(centre.cleo, TODAY)
    assert _companies(centre.tess) == ["Tessellate", "Tessellate Group", "Tessellate Labs"]


def test_a_coach_s_deleted_account_leaves_the_seekers_log_with_the_coach_s_name(centre: Centre) -> None:
    """The log has no database constraint on its people: Django clears the coach itself."""
    from followthrough.services.accounts import my_data
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching
    from followthrough.store.models import AccessLogEntry

    coaching.seeker_page(centre.cleo, centre.sam.pk, TODAY)
    my_data.delete_account(centre.cleo, PASSWORD)
    assert [(line.coach, line.page) for line in consent.access_log(centre.sam)] == [("Cleo", "summary")]
    assert list(AccessLogEntry.objects.values_list("seeker_id", "coach_id")) == [(centre.sam.pk, None)]


def _remind(seeker: object) -> None:
    """A reminder run for ``seeker``: their outbox rows."""
    import datetime as dt

    from followthrough.services.owners import acting_as
    from followthrough.services.reminders import outbox as reminders

    class Quiet:
        name = "terminal"

        def deliver(self, digest: object, day: dt.date) -> None:
            pass

    with acting_as(seeker):
        reminders.run([Quiet()], now=dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def test_the_only_administrator_cannot_delete_their_account(centre: Centre) -> None:
    from followthrough.services.accounts import my_data

    before = _everyone_s_rows()
    with pytest.raises(UserError, match="only administrator"):
        my_data.delete_account(centre.ada, PASSWORD)
    assert _everyone_s_rows() == before
