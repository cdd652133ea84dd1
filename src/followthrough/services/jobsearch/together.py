"""One person, one call, as stored: which due calls share a card (core.together), read
from the open applications' contacts and pending calls.

The same person in several open applications (the same e-mail address or phone number)
is called once: the agenda shows one card, and settling it records the outcome on each
application it names, in one transaction, the applications locked in a fixed order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower, Trim

from followthrough.core import playbook as playbooks
from followthrough.core.model import ApplicationStatus, StepStatus
from followthrough.core.together import Card, PendingCall, Someone, cards, is_call, normalised_email, people
from followthrough.services.jobsearch.planning import current_books
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import Contact as ContactRow
from followthrough.store.models import Step as StepRow

__all__ = ["card_of", "cards_due", "joined_ids", "lock_in_order", "same_people", "someone_elses_too"]


def _who(slugs: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
    """Who each contact of the open applications is (one query)."""
    rows = ContactRow.objects.filter(application__status=ApplicationStatus.OPEN)
    rows = rows.exclude(email__isnull=True, phone__isnull=True, person__isnull=True)
    if slugs is not None:
        rows = rows.filter(application__slug__in=list(slugs))
    found = rows.values_list("application__slug", "key", "email", "phone", "person")
    return people(Someone(slug, key, email, phone, person) for slug, key, email, phone, person in found)


def same_people(slug: str) -> dict[str, list[tuple[str, str]]]:
    """Each contact of ``slug`` (by key) to the (application, contact key) pairs of the
    other open applications who are the same person, by address or number or a link."""
    who = _who()
    found: dict[str, list[tuple[str, str]]] = {}
    for (app, key), person in who.items():
        if app == slug:
            found[key] = sorted(p for p, other in who.items() if other == person and p[0] != slug)
    return {key: pairs for key, pairs in found.items() if pairs}


def _every_days(slugs: Iterable[str]) -> dict[str, int]:
    """Each application's ``follow_up_every_days``, from its playbook (else the default's)."""
    own, default = current_books()
    out: dict[str, int] = {}
    for slug, extra in ApplicationRow.objects.filter(slug__in=list(slugs)).values_list("slug", "extra"):
        try:
            book = playbooks.resolve((extra or {}).get("playbook") or None, own, default)
        except playbooks.PlaybookError:  # a name whose playbook is gone: the default's rules
            book = playbooks.resolve(None, own, None)
        out[slug] = book.follow_up_every_days
    return out


def _pending_calls(pairs: set[tuple[str, str]]) -> list[PendingCall]:
    """The pending calls of the open applications to the (application, contact) pairs given."""
    slugs = {slug for slug, _ in pairs}
    rows = StepRow.objects.filter(
        status=StepStatus.PENDING,
        kind__startswith="call_",
        application__status=ApplicationStatus.OPEN,
        application__slug__in=list(slugs),
        contact_key__in=list({key for _, key in pairs}),
    ).values_list("id", "application__slug", "application__role", "kind", "contact_key", "due")
    calls = (PendingCall(id, slug, role, kind, key or "", due) for id, slug, role, kind, key, due in rows)
    return [call for call in calls if (call.application, call.contact) in pairs]


def _shared(who: dict[tuple[str, str], str], due: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The contacts who are the same person as one of ``due`` in another open application."""
    wanted = {who[pair] for pair in due if pair in who}
    pairs = {pair for pair, person in who.items() if person in wanted}
    people_in: dict[str, set[str]] = {}
    for slug, key in pairs:
        people_in.setdefault(who[(slug, key)], set()).add(slug)
    return {pair for pair in pairs if len(people_in[who[pair]]) > 1}


def cards_due(calls: list[tuple[str, str, str, str]], today: dt.date) -> dict[str, Card]:
    """The cards that join calls of other applications, by their lead step's id.

    ``calls`` are the due steps to look at, each (step id, application, kind, contact
    key); a card of one call is left out: it is the step itself."""
    due = [(slug, key) for _, slug, kind, key in calls if is_call(kind) and key]
    if not due:
        return {}
    who = _who()
    pairs = _shared(who, due)
    if not pairs:
        return {}
    found = cards(_pending_calls(pairs), who, today, _every_days({slug for slug, _ in pairs}))
    return {card.id: card for card in found if card.joined}


def someone_elses_too(slug: str, email: str | None, phone: str | None) -> bool:
    """Whether another open application has a contact with this address or number (one
    query, none without either)."""
    address = normalised_email(email)
    if not (address or phone):
        return False
    same = ContactRow.objects.filter(application__status=ApplicationStatus.OPEN).exclude(application__slug=slug)
    wanted = Q()
    if address:
        wanted |= Q(address=address)
    if phone:
        wanted |= Q(phone=phone)
    return same.annotate(address=Lower(Trim("email"))).filter(wanted).exists()


def card_of(step_id: str, today: dt.date, joined_too: bool = False) -> Card | None:
    """The card the step leads, when other applications' calls join it; ``joined_too``:
    also the card the step has joined (a call marked from its own application's plan is
    the same call to the same person). None when it is on no card."""
    step = (
        StepRow.objects.filter(pk=step_id, status=StepStatus.PENDING, kind__startswith="call_")
        .values_list("application__slug", "kind", "contact_key")
        .first()
    )
    if step is None:
        return None
    slug, kind, key = step
    found = cards_due([(step_id, slug, kind, key or "")], today)
    if step_id in found or not joined_too:
        return found.get(step_id)
    return next((card for card in found.values() if any(c.id == step_id for c in card.joined)), None)


def joined_ids(found: dict[str, Card]) -> set[str]:
    return {call.id for card in found.values() for call in card.joined}


def lock_in_order(slugs: Iterable[str]) -> Any:
    """Lock the applications in a fixed order (their row ids), so that two settles of
    overlapping cards wait for each other instead of deadlocking."""
    rows = ApplicationRow.objects.select_for_update(of=("self",)).filter(slug__in=list(slugs)).order_by("id")
    return list(rows.values_list("id", flat=True))
