"""What every page shares: words for steps and outcomes, dates from forms, notices."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from followthrough.services.errors import UserError

ACTIONS = {
    "thank_you_note": "Send a thank-you note to {who}",
    "call_hiring_officer": "Call {who}",
    "call_inside_contact": "Call {who}, your inside contact",
    "email_hiring_officer": "E-mail {who}",
    "move_on": "Move on: no answer came",
}
# The step as the object of a sentence: "Marked the call to Ann Lee done".
STEP_NAMES = {
    "thank_you_note": "the thank-you note to {who}",
    "call_hiring_officer": "the call to {who}",
    "call_inside_contact": "the call to {who}",
    "email_hiring_officer": "the e-mail to {who}",
    "move_on": "the move-on step",
}
FLAG_NOTES = {
    "no_hiring_officer": "No hiring officer recorded yet: ask for their business card.",
    "asked_not_to_call": "They asked you not to call; the method says you may still follow up.",
    "timeframe_unresolved": "Their timeframe could not be read as a date.",
    "delivery_uncertain": "Sent, but it may not have arrived: check your Sent folder before sending it again.",
}
OUTCOMES = {
    "open": "Still open",
    "offer": "Offer",
    "rejected": "Rejected",
    "filled": "Position filled",
    "no_hire": "No hire",
    "withdrawn": "Withdrawn",
    "no_response": "No response",
    "not_decided": "Not decided yet",
}
STAGE_TITLES = {
    "applied": "Applied",
    "interviewing": "Interviewing",
    "waiting": "Waiting for an answer",
    "closed": "Closed",
}
EVENT_TITLES = {
    "interview": "Interview",
    "debrief": "Debrief",
    "step_done": "Done",
    "step_skipped": "Skipped",
    "response": "Answer",
}
NOTICE_KEY = "followthrough_notice"


def action(kind: str, who: str | None) -> str:
    return ACTIONS.get(kind, kind.replace("_", " ").capitalize()).format(who=who or "the hiring officer")


def step_name(kind: str, who: str | None) -> str:
    return STEP_NAMES.get(kind, "the step").format(who=who or "the hiring officer")


def day(date: dt.date | None) -> str:
    return date.strftime("%a %d %b %Y") if date else ""


def notify(request: HttpRequest, text: str, level: str = "ok") -> None:
    request.session[NOTICE_KEY] = [level, text]


def page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    # A fragment (htmx) leaves a pending notice for the next whole page.
    notice = None if template.startswith("partials/") else request.session.pop(NOTICE_KEY, None)
    return render(request, f"followthrough/{template}", {"notice": notice, **context}, status=status)


def local_today() -> dt.date:
    from followthrough.services.profile import today

    return today()


def date_param(request: HttpRequest, name: str) -> dt.date | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"“{text}” is not a date: use the form YYYY-MM-DD, e.g. 2026-12-04") from None


def say(error: Exception) -> str:
    """A service's error as a sentence for the page: no command-line options, a capital, a full stop."""
    text = re.sub(r"(?<![\w-])--(?=\w)", "", str(error)).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def form_errors(form: Any) -> str:
    parts = []
    for field, errors in form.errors.items():
        label = field.replace("_", " ") if field != "__all__" else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return "; ".join(parts)


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after a form: a path on this site only, never another site."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def after_post(target: str) -> HttpResponse:
    """303 See Other: the browser shows the page again with a GET, so a reload never posts twice."""
    from django.http import HttpResponseRedirect

    response = HttpResponseRedirect(target)
    response.status_code = 303
    return response
