"""The second factor's pages: the code at sign-in (and a coach's or administrator's first
set-up of their app), and a job seeker's own choice of an authenticator app. Each view
turns HTTP into a call to services.accounts.second_factor.

The device being set up belongs to the session that was shown its secret (kept in the
session): a secret another session saw is never the one confirmed."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as verified_with

from followthrough.services import accounts
from followthrough.services.errors import UserError
from followthrough.web.common import after_post, notify, page, say
from followthrough.web.field_errors import Problems, of_error
from followthrough.web.server_gate import CODE_AT_SIGN_IN, asks_for_code, roles
from followthrough.web.views_accounts import next_target

log = logging.getLogger(__name__)

ENROLLING = "followthrough_enrolling_device"  # the device whose secret this session was shown


def _qr_svg(uri: str) -> SafeString:
    import segno

    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#111", light="#fff", omitsize=False)
    return mark_safe(svg)  # segno's own markup: paths only, no text of ours


@require_http_methods(["GET", "POST"])
def second_factor_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_verified() or not asks_for_code(request):
        return after_post(next_target(request))
    if not accounts.second_factor_required(user, roles(request)) and not accounts.enrolled(user):
        request.session[CODE_AT_SIGN_IN] = False  # a job seeker's app, removed in another session
        return after_post(next_target(request))
    error = Problems()
    if request.method == "POST":
        device, held = accounts.give_code(user, request.POST.get("code", ""), _shown(request))
        if device is not None:
            _verified(request, user, device)
            log.info("account %s gave its second factor", user.pk)
            return after_post(next_target(request))
        error = Problems(fields={"code": [_refused(held)]})  # beside the code, which takes the focus
    context: dict[str, Any] = {"error": error, "next": next_target(request)}
    if not accounts.enrolled(user):
        context.update(_enrolment(request, user))
    return page(request, "accounts/second_factor.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def authenticator_page(request: HttpRequest) -> HttpResponse:
    """A job seeker's choice of an authenticator app: set it up (a code confirms it) or
    remove it (the password confirms it). Coaches and administrators always have one."""

    user: Any = request.user
    required = accounts.second_factor_required(user, roles(request))
    enrolled = required or accounts.enrolled(user)
    error = Problems()
    if request.method == "POST":
        if request.POST.get("action") == "off":
            error = _turn_off(request, user)
        elif enrolled:
            error = Problems(general=["Your authenticator app is on already."])
        else:
            error = _turn_on(request, user)
        if not error:
            return after_post("/account/authenticator")
    context: dict[str, Any] = {"nav": "authenticator", "required": required, "enrolled": enrolled, "error": error}
    if not enrolled:
        context.update(_enrolment(request, user))
    return page(request, "accounts/authenticator.html", context, status=400 if error else 200)


def _turn_off(request: HttpRequest, user: Any) -> Problems:
    """Remove the job seeker's app (their password confirms it); what went wrong, if anything."""

    try:
        accounts.turn_off(user, request.POST.get("password", ""))
    except UserError as problem:
        return replace(of_error(problem, say(problem), ("password",)), form="off")
    request.session[CODE_AT_SIGN_IN] = False
    notify(request, "Your authenticator app is removed: signing in asks for your password alone.")
    return Problems()


def _turn_on(request: HttpRequest, user: Any) -> Problems:
    """Confirm the app this session was shown (password and first code); their other
    sessions end. What went wrong, or ""."""

    post = request.POST
    try:
        device, held = accounts.turn_on(user, post.get("password", ""), post.get("code", ""), _shown(request))
    except UserError as problem:
        return replace(of_error(problem, say(problem), ("password",)), form="on")
    if device is None:
        return Problems(fields={"code": [_refused(held)]}, form="on")
    _verified(request, user, device)
    request.session[CODE_AT_SIGN_IN] = True
    accounts.end_sessions(user, keep=request.session.session_key)
    notify(request, "Your authenticator app is set up: each sign-in asks for a code. Your other sessions have ended.")
    return Problems()


def _verified(request: HttpRequest, user: Any, device: Any) -> None:
    """This session gave a right code: a new key for its new rights, remembered as theirs."""

    request.session.cycle_key()
    verified_with(request, device)
    request.session.pop(ENROLLING, None)
    accounts.signed_in(user, request.session.session_key)


def _shown(request: HttpRequest) -> int | None:
    shown = request.session.get(ENROLLING)
    return shown if isinstance(shown, int) else None


def _enrolment(request: HttpRequest, user: Any) -> dict[str, Any]:
    """The secret this session sets up (the same one again on a reload), with its QR code."""

    enrolment = accounts.enrolment(user, _shown(request))
    request.session[ENROLLING] = enrolment.device
    return {"enrolment": enrolment, "qr": _qr_svg(enrolment.uri)}


def _refused(held: dt.datetime | None) -> str:
    """Why a code was refused: wrong, or not tried while wrong ones hold it back (until when)."""
    if held is not None:
        return (
            f"Too many wrong codes: the next try is possible at {held:%H:%M:%S} UTC. "
            "If that was not you, someone may know your password: change it once you are in."
        )
    return "That code is not right (or was used already): type the six digits your app shows now."
