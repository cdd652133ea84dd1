"""Correcting what was recorded: an application, its people, its events; undo; delete.

Each view turns the request into one service call (services.corrections.editing, services.corrections.undoing)
and says what happened, or why not, in a sentence on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from followthrough.core.model import Application, ContactRole
from followthrough.services.corrections import delete_application as delete
from followthrough.services.corrections import edit_contact as edit
from followthrough.services.corrections import edit_event as edit_recorded_event
from followthrough.services.corrections import fingerprint, journal_mark, recorded_events, remove_shown
from followthrough.services.corrections import remove_contact as remove
from followthrough.services.errors import Hint, UserError
from followthrough.services.jobsearch import edit_details
from followthrough.services.mail import domains_from_text
from followthrough.web.common import (
    EVENT_TITLES,
    after_post,
    day,
    day_or_none,
    load_application,
    notify,
    page,
    say,
)
from followthrough.web.field_errors import FieldProblem, Problems, of_error, of_form
from followthrough.web.forms import (
    CONSIDERED_LABELS,
    PERMISSION_LABELS,
    ROLE_LABELS,
    YES_NO,
    ApplicationEditForm,
    ContactEditForm,
    job_initial,
    job_values,
    yes_no,
)
from followthrough.web.undoing import offer_kept
from followthrough.web.views_applications import describe


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


def event_words(event: dict[str, Any]) -> str:
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
    error = Problems()
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = job_values(data)
                # A form from before this field existed (no "domains" at all) leaves them be.
                domains = domains_from_text(data["domains"]) if "domains" in request.POST else None
                mark = journal_mark()
                new_id = data["new_id"].strip() or None
                now_id, _domains = edit_details(
                    slug, data["company"], data["role"], data["applied_on"], domains, new_id=new_id, **job
                )
            except UserError as problem:
                error = of_error(problem, say(problem), tuple(form.fields))
            else:
                renamed = f" Its id is now {now_id}: the old address no longer works." if now_id != slug else ""
                notify(request, f"Saved {data['company'].strip()}.{renamed}")
                offer_kept(request, mark, now_id, "the edit of the application", _back(now_id))
                return after_post(_back(now_id))
        else:
            error = of_form(form)
    context = {"nav": "applications", "app": app, "form": form, "error": error}
    return page(request, "edit_application.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def delete_application(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks (a page of its own: no script needed); POST deletes."""

    app, plan = load_application(slug)
    if request.method == "POST":
        mark = journal_mark()
        try:
            delete(slug)
        except UserError as problem:
            notify(request, say(problem), "error")
            return after_post(_back(slug))
        notify(request, f"Deleted {app.company} ({app.role}). Its whole record is kept in the Journal.")
        offer_kept(request, mark, slug, f"deleting {app.company}", _back(slug))
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
        "salutation": contact.salutation or "",
    }
    form = ContactEditForm(request.POST or None, initial=initial)
    error = Problems()
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            fields = {k: str(data[k]).strip() for k in initial}
            changed = {k: v for k, v in fields.items() if v != initial[k]}
            try:
                mark = journal_mark()
                edit(slug, key, replace_officer=data["replace_officer"], **changed)
            except UserError as problem:
                error = of_error(problem, say(problem, offers=_OFFICER_CHANGE), tuple(form.fields))
            else:
                notify(request, f"Saved {fields['name']}.")
                offer_kept(request, mark, slug, f"the edit of {fields['name']}", _back(slug))
                return after_post(_back(slug))
        else:
            error = of_form(form)
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


@require_http_methods(["GET", "POST"])
def remove_contact(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """GET asks (a page of its own: no script needed); POST removes, with an Undo."""

    app, _plan = load_application(slug)
    contact = _contact_or_404(app, key)
    if request.method == "GET":
        role = ROLE_LABELS[contact.role].split(" (")[0]
        context = {
            "nav": "applications",
            "question": f"Remove {contact.name}?",
            "what": f"{contact.name}, {role.lower()} at {app.company}",
            "lines": [line for line in (contact.title, contact.email, contact.phone) if line],
            "afterwards": "They go off the application and its plan; their details are kept in the Journal, "
            "and Undo or Restore brings them back. Someone an event names cannot be removed.",
            "action": f"/applications/{slug}/contacts/{key}/remove",
            "fields": [],
            "yes": f"Yes, remove {contact.name}",
            "no": "No, keep them",
            "back": f"/applications/{slug}/contacts/{key}/edit",
        }
        return page(request, "confirm_remove.html", context)
    mark = journal_mark()
    try:
        remove(slug, key)
    except UserError as problem:
        notify(request, say(problem, offers={Hint.SEE_EVENTS: "they are under What happened"}), "error")
        return after_post(f"/applications/{slug}/contacts/{key}/edit")
    notify(request, f"Removed {contact.name}. What they were is kept in the Journal.")
    offer_kept(request, mark, slug, f"removing {contact.name}", _back(slug))
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
    for name, _label, kind in fields:
        text = request.POST.get(name, "").strip()
        if text == _shown(event, name):
            continue
        if kind == "select":
            if text not in dict(CHOICES[name]):
                raise FieldProblem(name, "choose one of the answers offered")
            changes[name] = yes_no(text) if name in YES_NO_FIELDS else text
        elif kind == "date":
            if not text and name == "on":
                raise FieldProblem(name, "give a date")
            parsed = day_or_none(text) if text else None
            if text and parsed is None:
                raise FieldProblem(name, f"“{text[:40]}” is not a date (YYYY-MM-DD)")
            changes[name] = parsed
        elif kind == "time" and text:
            try:
                changes[name] = dt.time.fromisoformat(text).strftime("%H:%M")
            except ValueError:
                raise FieldProblem(name, f"“{text[:40]}” is not a time (HH:MM)") from None
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
    error = Problems()
    if request.method == "POST":
        try:
            if request.POST.get("fingerprint") != fingerprint(event):
                raise UserError(f"event {n} changed since the page was shown: look at it again")
            mark = journal_mark()
            edited = edit_recorded_event(slug, n, _changes(request, event, fields))
        except FieldProblem as problem:
            error = Problems(fields={problem.name: [say(problem)]})
        except UserError as problem:
            error = of_error(problem, say(problem), tuple(name for name, _l, _k in fields))
        else:
            notify(
                request,
                f"Saved {event_words(edited.after)}."
                + (f" {say(UserError(edited.warning))}" if edited.warning else ""),
            )
            offer_kept(request, mark, slug, f"the edit of {event_words(edited.after)}", _back(slug))
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


@require_http_methods(["GET", "POST"])
def remove_event(request: HttpRequest, slug: str, n: int) -> HttpResponse:
    """GET asks (a page of its own: no script needed), showing event ``n`` as it is now;
    POST removes it only if it still says that (its fingerprint), with an Undo."""

    app, _plan = load_application(slug)
    if request.method == "GET":
        event = _numbered(slug, n)
        title = EVENT_TITLES.get(str(event.get("type")), "Event")
        on = day_or_none(str(event.get("on", "")))
        context = {
            "nav": "applications",
            "question": f"Remove {event_words(event)}?",
            "what": f"{title}, {day(on)} (event {n} of {app.company})" if on else f"{title} (event {n})",
            "lines": describe(app, app.events[n - 1]) if n <= len(app.events) else [],
            "afterwards": "The plan is made again without it. It is kept in the Journal, "
            "and Undo or Restore puts it back.",
            "action": f"/applications/{slug}/events/{n}/remove",
            "fields": [("fingerprint", fingerprint(event))],
            "yes": "Yes, remove it",
            "no": "No, keep it",
            "back": f"{_back(slug)}#event-{n}",
        }
        return page(request, "confirm_remove.html", context)
    mark = journal_mark()
    try:
        removed = remove_shown(slug, n, request.POST.get("fingerprint", ""))
    except UserError as problem:
        notify(request, say(problem), "error")
    else:
        notify(request, f"Removed {event_words(removed.event)}; the plan follows. It is kept in the Journal.")
        offer_kept(request, mark, slug, f"removing {event_words(removed.event)}", _back(slug))
    return after_post(_back(slug))
