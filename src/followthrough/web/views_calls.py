"""A call made beyond the plan, recorded from the application's page.

It is the event the command line records for such a call (a done call, with its outcome,
through the same service): the planner keeps it in the history and counts it for the
spacing of later follow-ups. A call to someone who has a call of that kind waiting on the
plan is that call, made early, as the planner reads every done call: the page says which
step it settled and which steps moved, so nothing changes unsaid.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from followthrough.core import codec
from followthrough.core.model import CallOutcome, ContactRole, Plan, StepDone, StepKind, StepStatus
from followthrough.services.corrections import add_event
from followthrough.services.errors import UserError
from followthrough.web.common import (
    after_post,
    day,
    form_errors,
    load_application,
    local_today,
    notify,
    offer_undo,
    say,
    step_name,
)
from followthrough.web.forms import CALL_OUTCOME_LABELS, CallForm
from followthrough.web.views_applications import render_application

HOW = {
    CallOutcome.REACHED: "you reached them",
    CallOutcome.VOICEMAIL: "you left a voicemail",
    CallOutcome.NO_ANSWER: "nobody answered",
}
assert set(HOW) == set(CALL_OUTCOME_LABELS)


def call_kind(role: ContactRole) -> StepKind:
    """The kind of call a person gets: an inside contact's, or a follow-up's."""
    return StepKind.CALL_INSIDE_CONTACT if role is ContactRole.INSIDE_CONTACT else StepKind.CALL_HIRING_OFFICER


def what_changed(before: Plan, after: Plan, names: dict[str, str]) -> str:
    """The steps the call settled or moved, in words ("" when it changed none)."""
    was = {s.id: s for s in before.steps if s.status is StepStatus.PENDING}
    said = []
    for step in after.steps:
        earlier = was.get(step.id)
        if earlier is None:
            continue
        name = step_name(step.kind.value, names.get(step.contact or "") or None)
        if step.status is StepStatus.DONE:
            said.append(f"it counts as {name} planned for {day(earlier.due)}")
        elif step.status is StepStatus.PENDING and step.due != earlier.due:
            said.append(f"{name} moves to {day(step.due)}")
    return "; ".join(said)


@require_POST
def record_call(request: HttpRequest, slug: str) -> HttpResponse:
    app, before = load_application(slug)
    form = CallForm(request.POST, contacts=[(c.key, c.name) for c in app.contacts])
    if form.is_valid():
        data = form.cleaned_data
        on: dt.date = data["on"]
        contact = app.contact(data["contact"])
        assert contact is not None  # one of the form's choices
        if on > local_today():
            form.add_error("on", "a call you made is dated today or earlier")
        else:
            outcome = CallOutcome(data["outcome"])
            event = StepDone(on, call_kind(contact.role), contact.key, outcome, data["note"].strip() or None)
            try:
                after = add_event(slug, codec.event_to_dict(event))
            except UserError as error:
                form.add_error(None, say(error))
            else:
                names = {c.key: c.name for c in app.contacts}
                changed = what_changed(before, after, names) or "kept beyond the plan, which stays as it was"
                notify(request, f"Recorded your call to {contact.name} on {day(on)} ({HOW[outcome]}): {changed}.")
                offer_undo(request, slug)
                return after_post(f"/applications/{slug}/")
    app, plan = load_application(slug)
    return render_application(request, app, plan, 400, call_form=form, errors=form_errors(form))
