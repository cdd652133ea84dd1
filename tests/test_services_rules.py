"""Recording rules 7-10 through the services: aimed events checked when recorded, the
profile's away days and default playbook in the plan."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from followthrough.core.model import AwayPeriod, ContactRole, Interview, StepKind, StepSkipped, StepSnoozed
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import applications
from followthrough.services.jobsearch.profile import get_profile
from followthrough.services.jobsearch.profile_edit import save_profile

D = dt.date(2026, 11, 3)  # a Tuesday


def _acme() -> str:
    slug = applications.add_application("Acme Corp", "Data Analyst")
    applications.add_contact(slug, "Ann Lee", ContactRole.HIRING_OFFICER)
    applications.record_event(slug, Interview(D, ("ann",)))
    return slug


def _events(slug: str) -> int:
    from followthrough.store.models import Event

    return Event.objects.filter(application__slug=slug).count()


def test_an_nth_that_names_no_step_is_refused_and_changes_nothing(db: str) -> None:
    slug = _acme()
    before = applications.get_plan(slug)
    with pytest.raises(UserError, match="nth: there is no step 4"):
        applications.record_event(slug, StepSkipped(dt.date(2026, 11, 9), StepKind.CALL_HIRING_OFFICER, "ann", 4))
    assert _events(slug) == 1 and applications.get_plan(slug) == before


def test_a_snooze_aimed_at_the_second_call_is_recorded(db: str) -> None:
    # No timeframe: calls Tue 11-10, 11-17, 11-24; the second snoozed to Mon 11-30,
    # the third a week after it: Mon 12-07.
    slug = _acme()
    snooze = StepSnoozed(dt.date(2026, 11, 9), StepKind.CALL_HIRING_OFFICER, "ann", dt.date(2026, 11, 30), 2)
    plan = applications.record_event(slug, snooze)
    calls = [s.due.isoformat() for s in plan.pending if s.kind is StepKind.CALL_HIRING_OFFICER]
    assert calls == ["2026-11-10", "2026-11-30", "2026-12-07"]


def test_away_days_and_the_default_playbook_re_plan_every_application(db: str) -> None:
    # Away Mon 11-09 to Fri 11-13: the first call (D+7, Tue 11-10) rolls to Mon 11-16;
    # the second (11-17) must keep a week from it: Mon 11-23; the third (11-24): 11-30.
    # With e-mail-first as the default: two e-mails, 11-16 and 11-23.
    slug = _acme()
    save_profile(dataclasses.replace(get_profile(), away=(AwayPeriod(dt.date(2026, 11, 9), dt.date(2026, 11, 13)),)))
    calls = [s.due.isoformat() for s in applications.get_plan(slug).pending if s.kind is StepKind.CALL_HIRING_OFFICER]
    assert calls == ["2026-11-16", "2026-11-23", "2026-11-30"]
    save_profile(dataclasses.replace(get_profile(), playbook="email-first"))
    plan = applications.get_plan(slug)
    assert [s.due.isoformat() for s in plan.pending if s.kind is StepKind.EMAIL_FOLLOW_UP] == [
        "2026-11-16",
        "2026-11-23",
    ]
    assert plan.playbook == "email-first"
