"""The debrief: the on-site checklist as a form that works on a phone."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods

from followthrough.core.model import CallPermission, Considered, Debrief, Interview
from followthrough.interop.vcard import read_cards
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import BusinessCard, playbook_for, record_debrief
from followthrough.services.mail import playbook_words
from followthrough.web.common import (
    after_post,
    day,
    day_or_none,
    load_application,
    local_today,
    notify,
    page,
    promise_preview,
    say,
)
from followthrough.web.field_errors import Problems, of_error, of_form
from followthrough.web.forms import DebriefForm, optional, yes_no
from followthrough.web.views_cards import card_note, read_uploaded_card

MAX_VCARD_BYTES = 100_000


def _card_from_vcard(text: str) -> Any:
    """The first card of a vCard text, as the hiring officer's card."""

    try:
        cards = read_cards(text)
    except Exception as error:
        raise UserError(f"the vCard could not be read: {error}") from None
    if not cards:
        raise UserError("no contact card found in the vCard")
    card = cards[0]
    return BusinessCard(card.name, card.title or None, _first(card.phones), _first(card.emails))


def _first(values: tuple[str, ...] | None) -> str | None:
    return next(iter(values or ()), None)


def _card(request: HttpRequest, data: dict[str, Any]) -> Any:
    text = data.get("vcard_text") or ""
    upload = request.FILES.get("vcard_file")
    if upload is not None:
        if upload.size and upload.size > MAX_VCARD_BYTES:
            raise UserError("the vCard file is too large")
        text = upload.read().decode("utf-8", errors="replace")
    if text.strip():
        return _card_from_vcard(text)
    if data["card_name"].strip():
        return BusinessCard(
            data["card_name"].strip(),
            optional(data["card_title"]),
            optional(data["card_phone"]),
            optional(data["card_email"]),
        )
    return None


def _card_news(saved: Any) -> str:
    """What the business card did to the people, in words."""
    if saved.officer is None or not saved.changed:
        return ""
    news = f" {saved.officer} is the hiring officer now: the calls and the e-mail go to them."
    if len(saved.previous) == 1:
        news += f" {saved.previous[0]} stays on as an interviewer."
    elif saved.previous:
        news += f" {', '.join(saved.previous)} stay on as interviewers."
    return news


def _read_card(request: HttpRequest, company: str, by_email: bool) -> tuple[DebriefForm, str, Problems]:
    """The debrief form as typed so far, its card fields filled in from the photo: (form,
    a note on what was read, an error)."""

    data = request.POST.copy()
    try:
        reading = read_uploaded_card(request, "card_photo")
    except UserError as problem:
        return DebriefForm(data, by_email=by_email), "", of_error(problem, say(problem), ("card_photo",))
    data["card"] = "yes"
    for field in ("name", "title", "phone", "email"):
        data[f"card_{field}"] = getattr(reading, field) or ""
    return DebriefForm(data, by_email=by_email), card_note(reading, company), Problems()


@require_http_methods(["GET", "POST"])
def debrief_page(request: HttpRequest, slug: str) -> HttpResponse:
    app, _plan = load_application(slug)
    latest = max((e.on for e in app.events if isinstance(e, Interview)), default=None)
    # Item 5 is worded as the application's playbook follows up: a call, or by e-mail.
    words = playbook_words(playbook_for(app))
    by_email = words["follow_up_by"] == "email"
    initial = {"on": latest or local_today()}
    form = DebriefForm(request.POST or None, request.FILES or None, initial=initial, by_email=by_email)
    error, card_read = Problems(), ""
    preview: dict[str, Any] | None = None
    if request.method == "POST" and "read_card" in request.POST:  # fill in the card from a photo; nothing saved
        form, card_read, error = _read_card(request, app.company, by_email)
    elif request.method == "POST":
        if not form.is_valid():
            error = of_form(form)
        elif "preview" in request.POST:  # the no-script way to see the date before saving
            preview = promise_preview(form.cleaned_data["timeframe"], form.cleaned_data["on"])
        else:
            data = form.cleaned_data
            try:
                card = _card(request, data)
                debrief = Debrief(
                    data["on"],
                    timeframe=optional(data["timeframe"]),
                    call_permission=CallPermission(data["call_permission"]) if data["call_permission"] else None,
                    considered=Considered(data["considered"]) if data["considered"] else None,
                    how_did_i_do=optional(data["how_did_i_do"]),
                    card=True if card is not None else yes_no(data["card"]),
                    stated_interest=yes_no(data["stated_interest"]),
                )
                saved = record_debrief(app.id, debrief, card)
            except UserError as problem:
                error = of_error(problem, say(problem), (*form.fields, "card_photo"))
            else:
                said = saved.promise
                if saved.no_interview:  # kept, but it plans nothing until its interview is on file
                    message = (
                        f"Debrief saved, but nothing is planned until an interview is recorded: none is on file "
                        f"on or before {day(debrief.on)}."
                    )
                elif said and said.resolves_to:
                    message = f"Debrief saved. They will decide by {day(said.resolves_to)}."
                elif said:
                    message = "Debrief saved. Their timeframe could not be read: planned as no timeframe."
                else:
                    message = "Debrief saved."
                notify(request, message + _card_news(saved))
                return after_post(f"/applications/{app.id}/")
    hiring_officers = [c.name for c in app.contacts if c.role.value == "hiring_officer"]
    context = {
        "nav": "applications",
        "app": app,
        "form": form,
        "error": error,
        "preview": preview,
        "hiring_officers": hiring_officers,
        "no_interview": latest is None,  # saved now, it plans nothing until an interview is recorded
        "card_note": card_read,
        "follow_up_means": words["follow_up_means"],
    }
    return page(request, "debrief.html", context, status=400 if error else 200)


@require_GET
def timeframe_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The resolved date of what they said, shown while typing (htmx)."""
    load_application(slug)
    on = day_or_none(request.GET.get("on", ""))
    phrase = request.GET.get("timeframe", request.GET.get("decision_by", ""))
    context = {"preview": promise_preview(phrase, on), "strict": bool(request.GET.get("strict"))}
    return page(request, "partials/timeframe.html", context)
