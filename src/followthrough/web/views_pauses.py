"""Real life between the steps, on the pages: snooze a step, reopen an application, days away."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from followthrough.core.model import AwayPeriod
from followthrough.services.corrections import add_away as add
from followthrough.services.corrections import away_periods
from followthrough.services.corrections import remove_away as remove
from followthrough.services.corrections import reopen as reopen_application
from followthrough.services.corrections import snooze as snooze_step
from followthrough.services.errors import Field, UserError
from followthrough.services.jobsearch import StepNotFound
from followthrough.web.common import (
    after_post,
    day,
    form_errors,
    load_application,
    local_today,
    not_on_plan,
    notify,
    offer_undo,
    page,
    require_step,
    safe_next,
    say,
    step_name,
)
from followthrough.web.field_errors import hold, of_error, of_form
from followthrough.web.forms import AwayForm, ReopenForm, SnoozeForm
from followthrough.web.undoing import offer_away


@require_POST
def snooze(request: HttpRequest, step_id: str) -> HttpResponse:
    form = SnoozeForm(request.POST)
    back = safe_next(request, "/")
    if not form.is_valid():
        missing = require_step(request, step_id)
        if missing is not None:
            return missing
        notify(request, "Snooze: " + form_errors(form), "error")
        hold(request, of_form(form, step_id))
        return after_post(back)
    try:
        done = snooze_step(step_id, form.cleaned_data["until"])
    except StepNotFound:
        return not_on_plan(request)
    except UserError as problem:
        words = say(problem, {Field.UNTIL: "Snooze until"})
        notify(request, words, "error")
        hold(request, replace(of_error(problem, words, ("until",)), form=step_id))
    else:
        name = step_name(done.step.kind.value, done.contact_name)
        notify(request, f"Snoozed {name}: due {day(done.step.due)}.")
        offer_undo(request, done.application)
    return after_post(back)


@require_POST
def reopen(request: HttpRequest, slug: str) -> HttpResponse:
    app, _plan = load_application(slug)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        notify(request, "Reopen: " + form_errors(form), "error")
        hold(request, of_form(form, "reopen"))
        return after_post(f"/applications/{slug}/")
    data = form.cleaned_data
    try:
        reopen_application(slug, data["on"] or local_today(), data["note"].strip() or None)
    except UserError as problem:
        notify(request, say(problem), "error")
        hold(request, replace(of_error(problem, say(problem), ("on", "note")), form="reopen"))
    else:
        notify(request, f"Reopened {app.company}: a new wait starts {day(data['on'])}, with calls a week apart.")
        offer_undo(request, slug)
    return after_post(f"/applications/{slug}/")


@require_POST
def add_away(request: HttpRequest) -> HttpResponse:
    form = AwayForm(request.POST)
    if not form.is_valid():
        notify(request, "Away: " + form_errors(form), "error")
        hold(request, of_form(form, "away"))
        return after_post("/settings/#away")
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    try:
        add(first, last)
    except UserError as problem:
        words = say(problem, {Field.UNTIL: "Until"})
        notify(request, words, "error")
        found = of_error(problem, words, ("until",))  # the last day away is the form's "last"
        fields = {"last": found.fields["until"]} if "until" in found.fields else {}
        hold(request, replace(found, fields=fields, form="away"))
    else:
        notify(request, f"Away from {day(first)} to {day(last)}: nothing will be due on those days.")
        offer_away(request, "away-added", AwayPeriod(first, last))
    return after_post("/settings/#away")


@require_http_methods(["GET", "POST"])
def remove_away(request: HttpRequest, n: int) -> HttpResponse:
    """GET asks (a page of its own: no script needed); POST removes the period the page
    showed (by its dates: a page out of date never removes another), with an Undo."""

    periods = away_periods()
    current = f"{periods[n - 1].from_}/{periods[n - 1].until}" if 1 <= n <= len(periods) else ""
    if request.method == "GET" and current:
        period = periods[n - 1]
        context = {
            "nav": "settings",
            "question": "Remove these days away?",
            "what": f"Away from {day(period.from_)} to {day(period.until)}",
            "lines": [],
            "afterwards": "Steps may fall due on those days again; every plan follows. Undo adds them back.",
            "action": f"/settings/away/{n}/remove",
            "fields": [("period", current)],
            "yes": "Yes, remove them",
            "no": "No, keep them",
            "back": "/settings/#away",
        }
        return page(request, "confirm_remove.html", context)
    if request.POST.get("period", "") != current or not current:  # a page out of date never removes another
        notify(request, "That period is not on the list any more: the page was out of date.", "error")
        return after_post("/settings/#away")
    try:
        gone = remove(n)
    except UserError as problem:
        notify(request, say(problem), "error")
    else:
        notify(request, f"No longer away from {day(gone.from_)} to {day(gone.until)}.")
        offer_away(request, "away-removed", gone)
    return after_post("/settings/#away")
