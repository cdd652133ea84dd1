"""Who may reach the app: the browser that opened the launch URL, and nobody else.

Like Jupyter, 'followthrough serve' prints a URL carrying a secret made at each launch.
The first visit trades it for a session cookie (signed, so no table); a request with
neither is refused, so other local users and other web pages cannot read the data. The
calendar feed alone goes by its own secret address (followthrough.services.files.calendar_feed).
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import escape

from followthrough.services.connection import busy_message
from followthrough.services.jobsearch import read_once
from followthrough.services.owners import acting_locally

log = logging.getLogger(__name__)

Handler = Callable[[HttpRequest], HttpResponse]
SESSION_FLAG = "followthrough_authorized"
# The one path that answers without the session: a calendar program holds no cookie, and
# the secret in its address is checked, in constant time, by the feed's view.
CALENDAR_FEED = re.compile(r"/calendar/[^/]+\.ics")

REFUSED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>followthrough: open the launch link</title></head>
<body><main><h1>Open the link printed by <code>followthrough serve</code></h1>
<p>This page only answers the browser that opened the link with its secret token.
Run <code>followthrough serve</code> and open the address it prints.</p></main></body></html>
"""


def _token_matches(given: str) -> bool:
    expected = getattr(settings, "FOLLOWTHROUGH_TOKEN", None)
    return bool(expected) and hmac.compare_digest(given.encode(), str(expected).encode())


def token_gate(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        request.get_host()  # a foreign Host header (DNS rebinding) is refused here, with 400
        if CALENDAR_FEED.fullmatch(request.path_info):
            return get_response(request)  # its address is its credential: the view checks it
        if request.session.get(SESSION_FLAG):
            return get_response(request)
        given = request.GET.get("token", "")
        if given and _token_matches(given):
            request.session.cycle_key()
            request.session[SESSION_FLAG] = True
            # Drop the token from the address bar, the history and any Referer.
            rest = {k: v for k, v in request.GET.items() if k != "token"}
            return HttpResponseRedirect(request.path + (f"?{urlencode(rest)}" if rest else ""))
        return HttpResponse(REFUSED, status=403)

    return middleware


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def content_security_policy(get_response: Handler) -> Handler:
    """No inline script runs, even if some text ever escaped our escaping."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Cache-Control", "no-store")
        return response

    return middleware


def local_owner(get_response: Handler) -> Handler:
    """The local web app works on the local owner's job search, each request in its scope
    (requests run in the server's threads, each with a context of its own)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        with acting_locally():
            return get_response(request)

    return middleware


def profile_read_once(get_response: Handler) -> Handler:
    """Each request reads the job seeker's profile from the database at most once."""

    def middleware(request: HttpRequest) -> HttpResponse:
        with read_once():
            return get_response(request)

    return middleware


BUSY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>followthrough: busy</title></head>
<body><main><h1>The job search is busy</h1><p>{why}. Nothing was changed: try again in a
moment.</p><p><a href="/">Back to Today</a></p></main></body></html>
"""


class BusyDatabase:
    """A write that waited too long for another writer (a long import in the terminal, say)
    is a page that says so, 503, never a server error."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        message = busy_message(exception)
        if message is None:
            return None
        log.warning("%s %s: %s", request.method, request.path, message)
        text = message[0].upper() + message[1:]
        return HttpResponse(BUSY.format(why=escape(text)), status=503, headers={"Retry-After": "5"})
