"""The calendar feed, for a calendar program at its secret address, and the Settings
page's two actions on it (a new address, off)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.views.decorators.http import require_POST, require_safe

from followthrough.services.files import feed_for, feed_path, feed_token, new_feed_token, turn_feed_off
from followthrough.web.common import after_post, notify

log = logging.getLogger(__name__)


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The plan as iCalendar; 304 when the calendar program's copy is current."""

    feed = feed_for(token)
    if feed is None:  # wrong, old, revoked or off: one answer, which says none of these
        log.warning("calendar feed: a request for an address that does not answer")
        response: HttpResponse = HttpResponseNotFound("Not found.\n", content_type="text/plain; charset=utf-8")
        response._has_been_logged = True  # type: ignore[attr-defined]  # Django would log the path: the secret tried
        return response
    wanted = request.headers.get("If-None-Match", "")
    if wanted and (wanted.strip() == "*" or feed.etag in parse_etags(wanted)):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(feed.body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="followthrough.ics"'
    response["ETag"] = feed.etag
    response["Cache-Control"] = "private, no-cache"  # may be kept, but asked again each time
    response["Referrer-Policy"] = "no-referrer"
    patch_vary_headers(response, ["If-None-Match"])
    return response


@require_POST
def new_calendar_address(request: HttpRequest) -> HttpResponse:
    new_feed_token()
    notify(request, "A new calendar address: subscribe to it again; the old one no longer answers.")
    return after_post("/settings/#calendar")


@require_POST
def calendar_off(request: HttpRequest) -> HttpResponse:
    was_on = turn_feed_off()
    notify(request, "The calendar feed is off." if was_on else "The calendar feed was already off.")
    return after_post("/settings/#calendar")


def feed_address(request: HttpRequest) -> str | None:
    """The feed's address on the server this page came from, or None when it is off."""

    token = feed_token()
    return f"http://{request.get_host()}{feed_path(token)}" if token else None
