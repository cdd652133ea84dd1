"""Changing the job seeker's profile: checked first, and the plans follow a new calendar."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db import transaction

from followthrough.core import playbook as playbooks
from followthrough.core.calendar import is_known_country
from followthrough.core.codec import InvalidData, away_to_list, check_text, check_timezone
from followthrough.core.model import Profile
from followthrough.core.playbook import Playbook
from followthrough.services.errors import Field, Refusal
from followthrough.services.jobsearch import profile as reading
from followthrough.services.jobsearch.checks import check_email, check_phone
from followthrough.services.jobsearch.planning import replan_all
from followthrough.store.models import Profile as ProfileRow


def save_profile(profile: Profile, extra: dict[str, Any] | None = None) -> Profile:
    """Write the profile (in the caller's transaction) and re-plan if the calendar (the
    country, the away days) or the default playbook changed."""

    row = reading.profile_row()
    made = row is None
    if made:  # one profile per owner: of two first saves at once, the second updates the first's row
        row, made = ProfileRow.objects.get_or_create()
    before = Profile() if made else reading.get_profile()
    calendar_changed = (row.country or None) != profile.country
    plans_change = (before.away, before.playbook) != (profile.away, profile.playbook)
    for field in ("name", "home_address", "phone", "email", "timezone", "country"):
        setattr(row, field, getattr(profile, field))
    kept = {k: v for k, v in (row.extra or {}).items() if k == "playbooks"}
    mine: dict[str, Any] = {"away": away_to_list(profile.away)} if profile.away else {}
    if profile.playbook:
        mine["playbook"] = profile.playbook
    known = reading.KEPT_IN_EXTRA
    unknown = reading.profile_extra() if extra is None else {k: v for k, v in extra.items() if k not in known}
    row.extra = unknown | kept | mine
    if row.pk:  # only the profile's own columns: the mail servers' and the digest's are saved on their own
        row.save(update_fields=["name", "home_address", "phone", "email", "timezone", "country", "extra"])
    else:
        row.save()
    reading.remember(profile)
    if calendar_changed:
        reading.refresh_holidays()
    if calendar_changed or plans_change:
        replan_all()
    return profile


def save_own_playbooks(own: tuple[Playbook, ...]) -> None:
    """Add or replace the job search's own playbooks (in the caller's transaction)."""
    if not own:
        return
    row = reading.profile_row()
    if row is None:
        save_profile(reading.get_profile())
        row = reading.profile_row()
    stored = dict((row.extra or {}).get("playbooks", {}))
    row.extra = dict(row.extra or {}) | {"playbooks": stored | {book.name: book.values() for book in own}}
    row.save(update_fields=["extra"])
    reading.remember(reading.get_profile())


def update_profile(**changes: str | None) -> Profile:
    """Change the given fields of the profile, checked first."""

    changes = {k: v for k, v in changes.items() if v is not None}
    for name, value in changes.items():
        try:
            check_text(str(value), name, multiline=name == "home_address")
            if name == "timezone":
                check_timezone(str(value), name)
        except InvalidData as error:
            raise Refusal(error.message, Field(name), value) from None
    if changes.get("playbook") == "":
        changes["playbook"] = None  # back to the column's
    elif "playbook" in changes:  # one the job search keeps (services.jobsearch.playbooks stores a file's first)
        try:
            playbooks.resolve(str(changes["playbook"]), reading.own_playbooks())
        except playbooks.PlaybookError as error:
            raise Refusal(error.message, Field.PLAYBOOK, changes["playbook"]) from None
    if changes.get("country") == "":
        changes["country"] = None
    elif changes.get("country"):
        if not is_known_country(str(changes["country"])):
            raise Refusal("no public holidays known for that country", Field.COUNTRY, changes["country"])
        changes["country"] = str(changes["country"]).upper()
    with transaction.atomic():
        reading.lock_profile()
        current = reading.get_profile()
        check_email(changes.get("email"))
        check_phone(changes.get("phone"), changes.get("country", current.country))
        return save_profile(replace(current, **changes))  # type: ignore[arg-type]
