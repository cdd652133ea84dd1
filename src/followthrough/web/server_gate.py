"""Who may reach the career-centre server: signed-in people, with a second factor for
coaches and administrators. (The local app's gate is the launch token: middleware.py.)

Open to everyone: the sign-in page, invitation and reset links, static files (WhiteNoise
answers them before this gate), the health check and the calendar feed's secret addresses.
Everything else asks to sign in; a coach or an administrator (or a job seeker who set up
an authenticator app) who has not given a code yet reaches only the second-factor page
and sign-out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from followthrough.core.roles import MemberRole
from followthrough.services import owners
from followthrough.services.accounts import roles_of, second_factor_required
from followthrough.web.middleware import CALENDAR_FEED

log = logging.getLogger(__name__)

Handler = Callable[[HttpRequest], HttpResponse]

LOGIN = "/login"
SECOND_FACTOR = "/account/second-factor"
LOGOUT = "/logout"
OPEN = frozenset({LOGIN, "/health"})
OPEN_PREFIXES = ("/invitations/", "/reset/", "/static/")
WHILE_UNVERIFIED = frozenset({SECOND_FACTOR, LOGOUT})
# In the session from sign-in: this job seeker has set up an authenticator app, so the
# session asks for a code as a coach's does (kept there: no query on every request).
CODE_AT_SIGN_IN = "followthrough_code_at_sign_in"


def known_hosts_only(get_response: Handler) -> Handler:
    """A request for another host name (DNS rebinding, a stray proxy) is refused with 400
    before anything answers it, static files included."""

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            request.get_host()
        except DisallowedHost:
            shown = request.META.get("HTTP_HOST", "")[:100]
            log.warning("refused a request for host %r: not in --allowed-host", shown)
            return HttpResponse("Unknown host name.\n", content_type="text/plain", status=400)
        return get_response(request)

    return middleware


def is_open(path: str) -> bool:
    """Answered without signing in: these pages, invitation and reset links, static files, and
    the calendar feed, whose secret address is its credential (its view checks it)."""

    return path in OPEN or path.startswith(OPEN_PREFIXES) or bool(CALENDAR_FEED.fullmatch(path))


def roles(request: HttpRequest) -> set[Any]:
    """The signed-in person's roles (core.roles.MemberRole), read once per request: the
    gate, the view and the page's header all ask."""
    found = getattr(request, "_followthrough_roles", None)
    if found is None:
        user: Any = getattr(request, "user", None)
        found = roles_of(user) if user is not None and user.is_authenticated else set()
        request._followthrough_roles = found  # type: ignore[attr-defined]
    return set(found)


def asks_for_code(request: HttpRequest) -> bool:
    """Whether this session's person gives a code: by their role, or by their choice."""

    return bool(request.session.get(CODE_AT_SIGN_IN)) or second_factor_required(request.user, roles(request))


def sign_in_required(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        path = request.path
        if is_open(path):
            return get_response(request)
        user: Any = request.user
        if not user.is_authenticated:
            target = request.get_full_path() if request.method == "GET" else "/"
            query = "" if target == "/" else "?" + urlencode({"next": target})
            return HttpResponseRedirect(LOGIN + query)
        if not user.is_verified() and path not in WHILE_UNVERIFIED and asks_for_code(request):
            return HttpResponseRedirect(SECOND_FACTOR)
        return get_response(request)

    return middleware


def acting_as_signed_in(get_response: Handler) -> Handler:
    """A signed-in person's requests run in their own scope (services.owners), so the
    Today page, the board and the application pages show their job search alone; a query
    on anyone's rows outside a scope fails instead of answering."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return get_response(request)
        with owners.acting_as(user):
            return get_response(request)

    return middleware


def account(request: HttpRequest) -> dict[str, Any]:
    """What every server page shows of the signed-in person (the sign-out button, the
    organisation link for administrators)."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    held = roles(request)
    return {
        "signed_in": {
            "email": user.username,
            "name": user.first_name,
            "admin": MemberRole.ADMINISTRATOR in held,
            "coach": MemberRole.COACH in held,  # the caseload link
        }
    }


def client_address(request: HttpRequest) -> str | None:
    """The address login throttling counts by: behind the TLS proxy, the one it saw (the
    last X-Forwarded-For entry, which it appended); else the connection's."""
    if getattr(settings, "FOLLOWTHROUGH_BEHIND_PROXY", False):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None
