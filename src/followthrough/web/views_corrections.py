"""Correcting what was recorded: an application, its people, its events; undo; delete.

Each view turns the request into one service call (services.corrections.editing, services.corrections.undoing)
and says what happened, or why not, in a sentence on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from followthrough.core.model import Application, ContactRole
from followthrough.services.corrections import delete_application as delete
from followthrough.services.corrections import edit_contact as edit
from followthrough.services.corrections import edit_event as edit_recorded_event
from followthrough.services.corrections import fingerprint, recorded_events, remove_shown, undo_latest
from followthrough.services.corrections import remove_contact as remove
from followthrough.services.errors import Hint, UserError
from followthrough.services.jobsearch import edit_details
from followthrough.services.mail import domains_from_text
from followthrough.web.common import (
    EVENT_TITLES,
    after_post,
    day,
    day_or_none,
    form_errors,
    load_application,
    notify,
    page,
    safe_next,
    say,
)
from followthrough.web.forms import (
    CONSIDERED_LABELS,
    PERMISSION_LABELS,
    ROLE_LABELS,
    YES_NO,
    ApplicationEditForm,
    ContactEditForm,
    UndoForm,
    job_initial,
    job_values,
    yes_no,
)


def _back(slug: str) -> str:
    return f"/applications/{slug}/"


NOUNS = {
    "interview": "the interview",
    "debrief": "the debrief",
    "step_done": "the step marked done",
    "step_skipped": "the skip",
    "step_snoozed": "the snooze",
    "response": "the answer",
    "reopened": "the reopening",
}


def _what(event: dict[str, Any]) -> str:
    """An event in a few words: "the skip of Wed 25 Nov 2026"."""
    noun = NOUNS.get(str(event.get("type")), "the event")
    on = day_or_none(str(event.get("on", "")))
    return f"{noun} of {day(on)}" if on else noun


@require_http_methods(["GET", "POST"])
def edit_application(request: HttpRequest, slug: str) -> HttpResponse:
    app, _plan = load_application(slug)
    initial = {"company": app.company, "role": app.role, "applied_on": app.applied_on} | job_initial(app.job)
    initial["domains"] = "\n".join(app.domains)
    initial["new_id"] = app.id
    form = ApplicationEditForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = job_values(data)
                # A form from before this field existed (no "domains" at all) leaves them be.
                domains = domains_from_text(data["domains"]) if "domains" in request.POST else None
                new_id = data["new_id"].strip() or None
                now_id, _domains = edit_details(
                    slug, data["company"], data["role"], data["applied_on"], domains, new_id=new_id, **job
                )
            except UserError as problem:
                error = say(problem)
            else:
                renamed = f" Its id is now {now_id}: the old address no longer works." if now_id != slug else ""
                notify(request, f"Saved {data['company'].strip()}.{renamed}")
                return after_post(_back(now_id))
        else:
            error = form_errors(form)
    context = {"nav": "applications", "app": app, "form": form, "error": error}
    return page(request, "edit_application.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def delete_application(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks (a page of its own: no script needed); POST deletes."""

    app, plan = load_application(slug)
    if request.method == "POST":
        try:
            delete(slug)
        except UserError as problem:
            notify(request, say(problem), "error")
            return after_post(_back(slug))
        notify(request, f"Deleted {app.company} ({app.role}). Its whole record is kept in the journal.")
        return after_post("/applications/")
    context = {"nav": "applications", "app": app, "events": len(app.events), "steps": len(plan.steps)}
    return page(request, "delete_application.html", context)


def _contact_or_404(app: Application, key: str) -> Any:
    contact = app.contact(key)
    if contact is None:
        raise Http404(f"no contact {key!r}")
    return contact


# The contact page's own control for a second hiring officer (edit_contact.html).
_OFFICER_CHANGE = {
    Hint.REPLACE_HIRING_OFFICER: "tick “If they become the hiring officer, the one on file becomes an interviewer”"
}


@require_http_methods(["GET", "POST"])
def edit_contact(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    app, _plan = load_application(slug)
    contact = _contact_or_404(app, key)
    initial = {
        "name": contact.name,
        "role": contact.role.value,
        "title": contact.title or "",
        "phone": contact.phone or "",
        "email": contact.email or "",
        "relation": contact.relation or "",
    }
    form = ContactEditForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            fields = {k: str(data[k]).strip() for k in initial}
            changed = {k: v for k, v in fields.items() if v != initial[k]}
            try:
                edit(slug, key, replace_officer=data["replace_officer"], **changed)
            except UserError as problem:
                error = say(problem, offers=_OFFICER_CHANGE)
            else:
                notify(request, f"Saved {fields['name']}.")
                return after_post(_back(slug))
        else:
            error = form_errors(form)
    context = {
        "nav": "applications",
        "app": app,
        "contact": contact,
        "form": form,
        "error": error,
        "roles": [(r.value, label) for r, label in ROLE_LABELS.items()],
        "officer_change": contact.role is not ContactRole.HIRING_OFFICER,
    }
    return page(request, "edit_contact.html", context, status=400 if error else 200)


@require_POST
def remove_contact(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    app, _plan = load_application(slug)
    contact = _contact_or_404(app, key)
    try:
        remove(slug, key)
    except UserError as problem:
        notify(request, say(problem, offers={Hint.SEE_EVENTS: "they are under What happened"}), "error")
        return after_post(f"/applications/{slug}/contacts/{key}/edit")
    notify(request, f"Removed {contact.name}. What they were is kept in the journal.")
    return after_post(_back(slug))


# -- events, by their number -----------------------------------------------------------------

# What the edit page offers for each type of event: (field, label, input type).
EDITABLE: dict[str, list[tuple[str, str, str]]] = {
    "interview": [("on", "Date", "date"), ("at", "Time", "time"), ("notes", "Notes", "textarea")],
    "debrief": [
        ("on", "Date", "date"),
        ("timeframe", "When they will decide, as they said it", "text"),
        ("how_did_i_do", "How it went", "textarea"),
        ("considered", "Are you being considered?", "select"),
        ("card", "Did you get the hiring officer's business card?", "select"),
        ("call_permission", "May you follow up with a phone call?", "select"),
        ("stated_interest", "Did you say plainly that you want the job?", "select"),
    ],
    "step_done": [("on", "Date", "date"), ("note", "Note", "text")],
    "step_skipped": [("on", "Date", "date")],
    "step_snoozed": [("on", "Date", "date"), ("until", "Not before", "date")],
    "response": [("on", "Date", "date"), ("decision_by", "They will know by", "text")],
    "reopened": [("on", "Date", "date"), ("note", "Note", "text")],
}


# The answers a "select" field offers ("" takes the answer out): the debrief's own words.
CHOICES: dict[str, list[tuple[str, str]]] = {
    "considered": [("", "Not recorded"), *((c.value, label) for c, label in CONSIDERED_LABELS.items())],
    "card": YES_NO,
    "call_permission": [("", "Not recorded"), *((p.value, label) for p, label in PERMISSION_LABELS.items())],
    "stated_interest": YES_NO,
}
YES_NO_FIELDS = ("card", "stated_interest")  # kept as true or false


def _shown(event: dict[str, Any], name: str) -> str:
    """A field of an event as its form shows it (a yes-or-no answer as "yes" or "no")."""
    value = event.get(name)
    if name in YES_NO_FIELDS and isinstance(value, bool):
        return "yes" if value else "no"
    return str(value or "")


def _numbered(slug: str, n: int) -> dict[str, Any]:
    events = recorded_events(slug)
    if not 1 <= n <= len(events):
        raise Http404(f"no event {n}")
    return events[n - 1].event


def _changes(request: HttpRequest, event: dict[str, Any], fields: list[tuple[str, str, str]]) -> dict[str, Any]:
    """The fields the form changed, dates read; an unreadable date is refused by name."""
    changes: dict[str, Any] = {}
    for name, label, kind in fields:
        text = request.POST.get(name, "").strip()
        if text == _shown(event, name):
            continue
        if kind == "select":
            if text not in dict(CHOICES[name]):
                raise UserError(f"{label.rstrip('?').lower()}: choose one of the answers offered")
            changes[name] = yes_no(text) if name in YES_NO_FIELDS else text
        elif kind == "date":
            if not text and name == "on":
                raise UserError(f"{label.lower()}: give a date")
            parsed = day_or_none(text) if text else None
            if text and parsed is None:
                raise UserError(f"{label.lower()}: “{text[:40]}” is not a date (YYYY-MM-DD)")
            changes[name] = parsed
        elif kind == "time" and text:
            try:
                changes[name] = dt.time.fromisoformat(text).strftime("%H:%M")
            except ValueError:
                raise UserError(f"{label.lower()}: “{text[:40]}” is not a time (HH:MM)") from None
        else:
            changes[name] = text
    if event.get("type") == "interview":
        final = request.POST.get("final") == "on"
        if final != bool(event.get("final")):
            changes["final"] = final
    return changes


@require_http_methods(["GET", "POST"])
def edit_event(request: HttpRequest, slug: str, n: int) -> HttpResponse:
    app, _plan = load_application(slug)
    event = _numbered(slug, n)
    fields = EDITABLE.get(str(event.get("type")), [("on", "Date", "date")])
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("fingerprint") != fingerprint(event):
                raise UserError(f"event {n} changed since the page was shown: look at it again")
            edited = edit_recorded_event(slug, n, _changes(request, event, fields))
        except UserError as problem:
            error = say(problem)
        else:
            notify(
                request,
                f"Saved {_what(edited.after)}." + (f" {say(UserError(edited.warning))}" if edited.warning else ""),
            )
            return after_post(_back(slug))
    shown = {name: (request.POST.get(name, "") if error else _shown(event, name)) for name, _l, _k in fields}
    context = {
        "nav": "applications",
        "app": app,
        "n": n,
        "title": EVENT_TITLES.get(str(event.get("type")), "Event"),
        "fields": [(name, label, kind, shown[name], CHOICES.get(name, [])) for name, label, kind in fields],
        "final": event.get("final") if event.get("type") == "interview" else None,
        "is_interview": event.get("type") == "interview",
        "fingerprint": fingerprint(event),
        "error": error,
    }
    return page(request, "edit_event.html", context, status=400 if error else 200)


@require_POST
def remove_event(request: HttpRequest, slug: str, n: int) -> HttpResponse:
    load_application(slug)
    try:
        removed = remove_shown(slug, n, request.POST.get("fingerprint", ""))
    except UserError as problem:
        notify(request, say(problem), "error")
    else:
        notify(request, f"Removed {_what(removed.event)}; the plan follows. It is kept in the journal.")
    return after_post(_back(slug))


@require_POST
def undo(request: HttpRequest) -> HttpResponse:
    form = UndoForm(request.POST)
    back = safe_next(request, "/")
    if not form.is_valid():
        notify(request, "Nothing to undo: the page was out of date.", "error")
        return after_post(back)
    data = form.cleaned_data
    try:
        removed = undo_latest(data["application"], data["n"], data["fingerprint"])
    except UserError as problem:
        notify(request, say(problem), "error")
    else:
        notify(request, f"Undone: {_what(removed.event)} is taken out, the plan is as it was before.")
    return after_post(back)
