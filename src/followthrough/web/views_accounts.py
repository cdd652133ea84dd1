"""The server's account pages: sign in and out, the second factor, invitations, reset
links, and the administrator's page of members. Each view turns HTTP into a call to
services.accounts, services.accounts.invitations, services.accounts.reset_links or services.accounts.second_factor."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from followthrough import clock
from followthrough.core.roles import ROLE_NAMES, MemberRole
from followthrough.services import accounts
from followthrough.services.accounts import database_answers, signed_in, signed_out, signs_in_with_code
from followthrough.services.errors import UserError
from followthrough.web.common import after_post, notify, page, say
from followthrough.web.field_errors import Problems, of_error
from followthrough.web.server_gate import CODE_AT_SIGN_IN, LOGIN

log = logging.getLogger(__name__)

PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"
NO_MATCH = "That e-mail address and password do not match an active account."


def next_target(request: HttpRequest) -> str:
    """Where to go after signing in or giving a code: ``next`` when it is a path on this
    server, else Today."""

    target = request.POST.get("next") or request.GET.get("next") or "/"
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return target if allowed and target.startswith("/") and not target.startswith("//") else "/"


def _signed_in(request: HttpRequest, user: Any) -> None:
    """Sign ``user`` in: a new session key (auth.login renews it), remembered as theirs,
    then whether they give a code (their role, or an authenticator they chose). In that
    order: an app confirmed meanwhile either ends this session (it is on record) or is
    read here."""

    auth.login(request, user, backend=PASSWORD_BACKEND)
    signed_in(user, request.session.session_key)
    request.session[CODE_AT_SIGN_IN] = signs_in_with_code(user)


@require_http_methods(["GET", "POST"])
def login_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.method == "GET" and user.is_authenticated:
        return after_post(next_target(request))
    error, email = "", ""
    if request.method == "POST":
        email = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        # django-axes counts a failure here and, past the limit, refuses even the right
        # password (its middleware then answers with the locked_out page).
        found = auth.authenticate(request, username=email.lower(), password=password)
        if found is not None:
            _signed_in(request, found)
            log.info("account %s signed in", found.pk)
            return after_post(next_target(request))
        error = NO_MATCH
    context = {"error": error, "email": email, "next": next_target(request), "signed_out": "signed_out" in request.GET}
    return page(request, "accounts/login.html", context, status=400 if error else 200)


@require_POST
def logout_page(request: HttpRequest) -> HttpResponse:
    signed_out(request.session.session_key)
    auth.logout(request)  # deletes the session on the server: the old cookie is worth nothing
    return after_post(LOGIN + "?signed_out=1")


_CURRENT = {"current_password": "current"}  # the password page's input for it


@require_http_methods(["GET", "POST"])
def password_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    error: str | Problems = ""
    if request.method == "POST":
        try:
            accounts.change_password(
                user,
                request.POST.get("current", ""),
                request.POST.get("password", ""),
                request.POST.get("password_again", ""),
                request.session.session_key,
            )
        except UserError as problem:
            error = of_error(problem, say(problem), ("current", "password", "password_again"), _CURRENT)
        else:
            auth.update_session_auth_hash(request, user)  # this session stays, with a new key
            accounts.signed_in(user, request.session.session_key)
            notify(request, "Password changed. Your other sessions have ended.")
            return after_post("/")
    return page(request, "accounts/password.html", {"error": error}, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def invitation_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = accounts.waiting_invitation(token)
    except accounts.InvitationGone as gone:
        return page(request, "accounts/link_gone.html", {"why": say(gone), "what": "invitation"}, status=410)
    error: str | Problems = ""
    if request.method == "POST":
        try:
            user = accounts.accept(
                token,
                request.POST.get("password", ""),
                request.POST.get("password_again", ""),
                request.POST.get("name", ""),
            )
        except accounts.InvitationGone as gone:
            return page(request, "accounts/link_gone.html", {"why": say(gone), "what": "invitation"}, status=410)
        except UserError as problem:
            error = of_error(problem, say(problem), ("name", "password", "password_again"))
        else:
            _signed_in(request, user)
            notify(request, f"Welcome: your account is {user.username}.")
            return after_post("/")
    context = {"invitation": invitation, "error": error, "name": request.POST.get("name", "")}
    return page(request, "accounts/invitation.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def reset_page(request: HttpRequest, token: str) -> HttpResponse:
    """A member's one-time link to a new password: they are signed in once it is set."""

    try:
        link = accounts.waiting_reset_link(token)
        if request.method == "POST":
            done = accounts.use(token, request.POST.get("password", ""), request.POST.get("password_again", ""))
            if request.user.is_authenticated:  # whoever was signed in in this browser: it is the member's now
                signed_out(request.session.session_key)
                auth.logout(request)
            _signed_in(request, done.user)
            feed = " Your calendar feed is turned off, as the lost phone may follow it: Settings makes a new address."
            notify(
                request,
                "Your new password is set. Your other sessions have ended." + (feed if done.feed_turned_off else ""),
            )
            return after_post("/")
    except accounts.ResetLinkGone as gone:
        return page(request, "accounts/link_gone.html", {"why": say(gone), "what": "reset link"}, status=410)
    except UserError as problem:
        error = of_error(problem, say(problem), ("password", "password_again"))
        return page(request, "accounts/reset.html", {"link": link, "error": error}, status=400)
    return page(request, "accounts/reset.html", {"link": link, "error": ""})


def _forbidden(request: HttpRequest) -> HttpResponse:
    return page(request, "accounts/forbidden.html", {}, status=403)


@require_GET
def organisation_page(request: HttpRequest) -> HttpResponse:
    return _organisation(request)


def _organisation(request: HttpRequest, made: dict[str, Any] | None = None, error: str | Problems = "") -> HttpResponse:
    try:
        organisation = accounts.organisation_of(request.user)
        invited = accounts.invitations_of_organisation(request.user)
        resets = accounts.reset_links_of_organisation(request.user)
    except PermissionError:
        return _forbidden(request)
    now = clock.now()
    context = {
        "nav": "organisation",
        "organisation": organisation,
        "invitations": [(i, i.state(now)) for i in invited],
        "resets": [(r, r.state(now)) for r in resets],
        "roles": [(r.value, ROLE_NAMES[r]) for r in MemberRole],
        "made": made,
        "error": error,
        "me": request.user.pk,
    }
    status = 400 if error else 201 if made else 200
    return page(request, "accounts/organisation.html", context, status=status)


@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    """A new invitation: its link is on this answer alone (only its hash is kept)."""

    try:
        email, role = request.POST.get("email", ""), request.POST.get("role", "")
        token, invitation = accounts.invite(request.user, email, role)
    except PermissionError:
        return _forbidden(request)
    except UserError as problem:  # an address refused is shown beside its field
        return _organisation(request, error=of_error(problem, say(problem), ("email",)))
    link = request.build_absolute_uri(f"/invitations/{token}")
    return _organisation(request, made={"invitation": invitation, "link": link})


@require_http_methods(["GET", "POST"])
def make_reset_link(request: HttpRequest, member: int) -> HttpResponse:
    """A reset link for a member, once the administrator gives their password again: on
    this answer alone (only its hash is kept)."""

    try:
        who = accounts.member_to_reset(request.user, member)
    except PermissionError:
        return _forbidden(request)
    except UserError as problem:
        return _organisation(request, error=say(problem))
    context: dict[str, Any] = {"nav": "organisation", "member": who, "error": "", "made": None}
    if request.method == "POST":
        new_authenticator = request.POST.get("new_authenticator") == "yes"
        try:
            token, link = accounts.make(request.user, member, request.POST.get("password", ""), new_authenticator)
        except PermissionError:
            return _forbidden(request)
        except UserError as problem:
            context["error"] = of_error(problem, say(problem), ("password",))
        else:
            context["made"] = {"reset": link, "link": request.build_absolute_uri(f"/reset/{token}")}
    status = 400 if context["error"] else 201 if context["made"] else 200
    return page(request, "accounts/reset_link_new.html", context, status=status)


@require_POST
def set_active(request: HttpRequest, member: int, active: bool) -> HttpResponse:
    try:
        email = accounts.set_active(request.user, member, active)
    except PermissionError:
        return _forbidden(request)
    except UserError as problem:
        notify(request, say(problem), "error")
    else:
        text = f"{email} can sign in again." if active else f"{email} is disabled: every session of theirs has ended."
        notify(request, text)
    return after_post("/organisation/")


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    if database_answers():
        return HttpResponse("ok\n", content_type="text/plain")
    return HttpResponse("the database does not answer\n", content_type="text/plain", status=503)
