"""What every page shares: words for steps and outcomes, dates from forms, notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from followthrough.core import codec, words
from followthrough.core.codec import FIRST_DAY, LAST_DAY
from followthrough.core.model import Application, Plan
from followthrough.core.words import EVENT_TITLES, FLAG_NOTES, OUTCOMES, step_name
from followthrough.services.corrections import Latest, fingerprint, latest_event
from followthrough.services.errors import Field, Hint, Refusal, UserError
from followthrough.services.jobsearch import (
    StepNotFound,
    get_application_and_plan,
    resolve_timeframe,
    step_location,
    today,
)
from followthrough.services.mail import PossibleResponseNotFound, received_on
from followthrough.web.field_errors import Problems, take_held
from followthrough.web.refusals import LABELS, refusal_words, sentence

__all__ = ["EVENT_TITLES", "FLAG_NOTES", "OUTCOMES", "action", "step_name"]

STAGE_TITLES = {
    "saved": "Saved",
    "applied": "Applied",
    "screening": "Screening",
    "interviewing": "Interviewing",
    "waiting": "Waiting for an answer",
    "closed": "Closed",
}
NOTICE_KEY = "followthrough_notice"
UNDO_KEY = "followthrough_undo"  # the event an Undo button takes out, until the next action


def action(kind: str, who: str | None) -> str:
    """The step as a card's title: "Call Ann Lee"."""
    return words.action(kind, who, capital=True)


def day(date: dt.date | None) -> str:
    return date.strftime("%a %d %b %Y") if date else ""


def notify(request: HttpRequest, text: str, level: str = "ok") -> None:
    """Say what an action did on the next page; the previous action's Undo goes (it stays
    only until the next action)."""
    request.session[NOTICE_KEY] = [level, text]
    request.session.pop(UNDO_KEY, None)


def offer_undo(request: HttpRequest, slug: str | None, n: int = 0, event: Any = None) -> None:
    """An Undo button for the event just recorded in ``slug``, named by number and content
    (given, or read back as the latest event)."""

    if slug and n and event is not None:
        payload = codec.event_to_dict(event)
        latest: Latest | None = Latest(slug, n, fingerprint(payload), str(payload["type"]))
    else:
        latest = latest_event(slug) if slug else None
    if latest is None:
        request.session.pop(UNDO_KEY, None)
        return
    request.session[UNDO_KEY] = {"application": latest.application, "n": latest.n, "fingerprint": latest.fingerprint}


def page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    # A fragment (htmx) leaves a pending notice for the next whole page.
    notice = None if template.startswith("partials/") else request.session.pop(NOTICE_KEY, None)
    undo = request.session.get(UNDO_KEY)
    held = Problems() if template.startswith("partials/") else take_held(request)
    shown = {"notice": notice, "undo": undo, "held": held, **context}
    return render(request, f"followthrough/{template}", shown, status=status)


def local_today() -> dt.date:
    return today()


def date_param(request: HttpRequest, name: str) -> dt.date | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    day = day_or_none(text)
    if day is None:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise UserError(f"“{shown}” is not a date from {FIRST_DAY} to {LAST_DAY}: use the form YYYY-MM-DD") from None
    return day


def day_or_none(text: str) -> dt.date | None:
    """A date typed in a form, if it is one the product accepts."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def say(error: Exception, labels: Mapping[Field, str] | None = None, offers: Mapping[Hint, str] | None = None) -> str:
    """A service's error as a sentence for the page: a refusal with the page's labels for its
    fields (``labels``) and its words for a hint it has a control for (``offers``)."""
    if isinstance(error, Refusal):
        return refusal_words(error, labels, offers)
    return sentence(str(error))


FIELD_NAMES = {f.value for f in Field}


def already_open(error: Any) -> dict[str, Any]:
    """An AlreadyOpen refusal for the form's warning: what it says, and the applications
    it names, each to link to (the form offers to add anyway)."""
    return {"message": say(error), "existing": list(error.existing)}


def form_errors(form: Any) -> str:
    """Every error of a form in one sentence, each field named by its label as the page
    shows it (a message that already starts with its label is not named twice)."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        known_label = LABELS.get(Field(name), "") if name in FIELD_NAMES else ""
        label = "" if field is None else str(field.label or known_label or name.replace("_", " "))
        label = label[:1].upper() + label[1:]
        known = {label.lower(), LABELS.get(Field(name), "").lower()} if name in FIELD_NAMES else {label.lower()}
        for error in errors:
            text = str(error).rstrip(".")
            named = any(k and text.lower().startswith(k) for k in known)  # a refusal names its field itself
            parts.append(f"{label}: {text}" if label and not named else text)
    return "; ".join(parts) + "." if parts else ""


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after a form: a page of this app only, never another site."""

    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return target if allowed and target.startswith("/") else default


def after_post(target: str) -> HttpResponse:
    """303 See Other: the browser shows the page again with a GET, so a reload never posts twice."""

    response = HttpResponseRedirect(target)
    response.status_code = 303
    return response


def load_application(slug: str) -> tuple[Application, Plan]:
    """The application and its plan, or the page's 404."""

    try:
        return get_application_and_plan(slug)
    except UserError:
        raise Http404(f"no application {slug!r}") from None


def promise_preview(phrase: str, on: dt.date | None) -> dict[str, Any]:
    """What a promised timeframe resolves to, for the form that is being filled in."""

    if not phrase.strip() or on is None:
        return {"phrase": phrase, "resolved": None, "empty": True}
    resolved = resolve_timeframe(phrase, on)
    return {"phrase": phrase, "resolved": day(resolved) if resolved else None, "empty": False}


NOT_ON_PLAN = "That step is not on your plan (any more): the page was out of date."


NOT_FOUND_MAIL = "That message is no longer among what the watcher found: the page was out of date."


def not_on_plan(request: HttpRequest, message: str = NOT_ON_PLAN) -> HttpResponse:
    """A 404 for a step (or a found message) the user does not have: one the plan dropped
    since the page was shown, or someone else's. htmx reloads the page, which says so."""
    if request.headers.get("HX-Request"):
        notify(request, message, "error")
        response = HttpResponse(status=404)
        response["HX-Refresh"] = "true"
        return response
    return page(request, "not_on_plan.html", {"message": message}, status=404)


def require_found_mail(request: HttpRequest, possible_id: int) -> HttpResponse | None:
    """The 404 when no message the watcher found for the user has this id, else None (read
    only on paths refused anyway)."""

    try:
        received_on(possible_id)
    except PossibleResponseNotFound:
        return not_on_plan(request, NOT_FOUND_MAIL)
    return None


def require_step(request: HttpRequest, step_id: str) -> HttpResponse | None:
    """The 404 when no step of the user's has this id, else None (read only on a path
    that is refused anyway: the happy path costs no query more)."""

    try:
        step_location(step_id)
    except StepNotFound:
        return not_on_plan(request)
    except UserError:
        return None  # an ambiguous prefix of the user's own steps: the form's error says more
    return None
