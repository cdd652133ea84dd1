"""The access matrix: six people × every address the server answers, read and write, the
addresses' parameters filled with the other people's ids, applications, steps and
organisations. Nothing anyone may not see shows up in any answer, and whatever names
someone of another organisation is refused with 403 or 404 (405 for a method the
address never takes) and changes nothing.

The people (tests/coaching_support.py): in North, seekers Sam (who trusts coach Cleo)
and Tess, coach Cleo, administrator Ada; in South, seeker Uma and coach Cole.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.coaching_support import COMPANIES, Centre, make_centre, quick_passwords
from tests.server.test_server_coaching import browser_of

pytestmark = pytest.mark.usefixtures("server")

# Addresses left out, and why: signing out ends the browser's session (the rest of the
# matrix would run signed out); the sign-in, second-factor, invitation and reset-link
# pages act on the visitor alone and have their own tests; static files hold nothing of
# anyone.
LEFT_OUT = {"logout", "login", "second-factor", "invitation", "reset", "static", "health"}
SEEKERS = ("sam", "tess", "uma")


@pytest.fixture
def centre(server: str) -> Iterator[Centre]:
    with quick_passwords():
        yield make_centre()


def _patterns() -> list[tuple[str, str, dict[str, str]]]:
    """(name, route, {parameter: converter}) of every address the server answers."""
    from django.urls import URLPattern, URLResolver

    from followthrough.web import server_urls

    found: list[tuple[str, str, dict[str, str]]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                converters = {k: type(v).__name__ for k, v in getattr(p.pattern, "converters", {}).items()}
                found.append((p.name or "", prefix + str(p.pattern), converters))

    walk(server_urls.urlpatterns, "")
    return found


def _things(centre: Centre) -> dict[str, dict[str, list[str]]]:
    """Whose is what: person -> kind of parameter -> values."""
    from django_scopes import scopes_disabled

    from followthrough.store.models import Application, PossibleResponse, Step

    things: dict[str, dict[str, list[str]]] = {}
    with scopes_disabled():
        for name, user in centre.everyone().items():
            slugs = list(Application.objects.filter(owner=user).values_list("slug", flat=True))
            steps = list(Step.objects.filter(application__owner=user).values_list("id", flat=True)[:2])
            found = [
                str(i) for i in PossibleResponse.objects.filter(application__owner=user).values_list("id", flat=True)
            ]
            organisation = centre.north if name in ("sam", "tess", "cleo", "ada") else centre.south
            organisations = [str(organisation.pk)]
            things[name] = {
                "user": [str(user.pk)],
                "slug": slugs,
                "step": steps,
                "organisation": organisations,
                "possible": found,
            }
    return things


def _fills(route: str, converters: dict[str, str], of: dict[str, list[str]]) -> list[str]:
    """The route with its parameters filled with one person's things."""
    choices: list[list[tuple[str, str]]] = []
    for name, _converter in converters.items():
        if name in ("coach", "seeker", "member"):
            values = of["user"]
        elif name == "organisation":
            values = of["organisation"]
        elif name == "slug":
            values = of["slug"][:1]
        elif name == "step_id":
            values = of["step"][:1]
        elif name == "possible_id":
            values = of["possible"][:1]
        elif name == "kind":  # which of one's own mail settings: outgoing or incoming
            values = ["smtp"]
        elif name == "template":  # one of one's own draft templates
            values = ["thank_you_note"]
        elif name == "what":  # one of one's own exports
            values = ["json", "csv", "ics", "vcard"]
        elif name == "token":  # a calendar feed's secret: one nobody was given
            values = ["not-anyones-secret"]
        elif name == "key":
            values = ["ann"]
        elif name == "n":
            values = ["1"]
        else:
            raise AssertionError(f"a parameter the matrix does not know how to fill: {name} in {route}")
        if not values:
            return []
        choices.append([(name, v) for v in values])
    paths = []
    for combination in itertools.product(*choices):
        path = route
        for name, value in combination:
            path = re.sub(rf"<(\w+:)?{name}>", value, path)
        paths.append("/" + path)
    return paths


TRUSTED = {("cleo", "sam"), ("cole", "uma")}  # (coach, seeker): the seeker consents
# Parameters that name someone's things; the others (an event's number, a contact's
# key) only mean something next to one of these, or within the user's own job search.
WHOSE = {"coach", "seeker", "member", "organisation", "slug", "step_id", "possible_id"}


# Every form's fields at once, filled plausibly (the forms ignore what they do not know).
FORM = {
    "action": "done", "on": "2026-11-20", "until": "2026-12-10", "from": "2026-12-10", "company": "Anyco",
    "role": "Analyst", "name": "Ann Lee", "contact_role": "interviewer", "outcome": "rejected",
    "playbook": "column", "full_view": "on", "password": "wrong", "note": "x", "stage": "screening",
}  # fmt: skip


def _may_see(viewer: str, owner: str) -> bool:
    return viewer == owner or (viewer, owner) in TRUSTED


def _secrets(owner: str) -> list[str]:
    """What of a seeker's job search must not reach anyone else's browser."""
    company = COMPANIES[owner]
    return [company, f"secret notes about {company}", f"{company.lower()}-waiting", f"@{company.lower()}-waiting"]


def _snapshot() -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_scopes import scopes_disabled

    from followthrough.store import models

    with scopes_disabled():
        return (
            list(models.Application.objects.order_by("id").values_list("id", "owner_id", "company", "status")),
            list(models.Event.objects.order_by("id").values_list("id", "payload")),
            list(models.Contact.objects.order_by("id").values_list("id", "name", "email")),
            list(models.Step.objects.order_by("id").values_list("id", "status", "due")),
            list(models.CoachLink.objects.order_by("id").values_list("seeker_id", "coach_id", "status", "full_view")),
            list(models.Membership.objects.order_by("id").values_list("user_id", "organisation_id", "role")),
            list(models.User.objects.order_by("id").values_list("id", "is_active", "password")),
            list(models.ResetLink.objects.order_by("id").values_list("id", "user_id", "expires_at")),
            list(TOTPDevice.objects.filter(confirmed=True).order_by("id").values_list("user_id", "key")),
        )


def test_no_one_sees_or_changes_what_is_not_theirs(centre: Centre) -> None:
    patterns = [(n, r, c) for n, r, c in _patterns() if n not in LEFT_OUT]
    names = {n for n, _r, _c in patterns}
    assert {"caseload", "seeker", "seeker-applications", "coaches", "my-data", "application", "settle"} <= names
    things = _things(centre)
    browsers = {name: browser_of(user) for name, user in centre.everyone().items()}
    north = {"sam", "tess", "cleo", "ada"}
    failures: list[str] = []
    checked = 0
    for viewer, browser in browsers.items():
        csrf = browser.csrf("/my-data/")
        for _name, route, converters in patterns:
            owners = [o for o in things if o != viewer] if WHOSE & set(converters) else [viewer]
            for owner in owners:
                stranger = owner != viewer and ((viewer in north) != (owner in north))
                for path in _fills(route, converters, things[owner]):
                    for method in ("get", "post"):
                        if method == "post" and not stranger and owner != viewer:
                            continue  # someone of one's own organisation: real actions, tested on their own
                        before = _snapshot() if method == "post" else None
                        if method == "get":
                            answer = browser.client.get(path)
                        else:  # a form that would pass, so what is refused is the address
                            answer = browser.client.post(path, {"csrfmiddlewaretoken": csrf, **FORM})
                        checked += 1
                        body = answer.content.decode(errors="replace")
                        for other in SEEKERS:
                            if _may_see(viewer, other):
                                continue
                            # What the address itself says (an id typed in, echoed back) tells nothing.
                            leaked = [s for s in _secrets(other) if s in body and s not in path]
                            if leaked:
                                failures.append(f"{viewer} {method.upper()} {path}: shows {other}'s {leaked}")
                        if viewer == "cleo" and f"secret notes about {COMPANIES['sam']}" in body:
                            failures.append(f"cleo {method.upper()} {path}: shows Sam's notes")
                        if stranger and answer.status_code not in (403, 404, 405):
                            failures.append(f"{viewer} {method.upper()} {path} ({owner}'s): {answer.status_code}")
                        if before is not None and stranger and _snapshot() != before:
                            failures.append(f"{viewer} POST {path} ({owner}'s) changed something")
    assert not failures, f"{len(failures)} of {checked} requests:\n" + "\n".join(failures[:60])
    assert checked > 500
    # And the one trust there is still works after all that.
    assert "Samcorp" in browsers["cleo"].get(f"/caseload/{centre.sam.pk}/").content.decode()
