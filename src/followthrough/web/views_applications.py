"""Applications: the board by stage, one application's page, and what can be recorded there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from followthrough.core import codec
from followthrough.core.explain import follow_up_places, step_role, summary
from followthrough.core.job import PRIORITIES
from followthrough.core.model import (
    Application,
    ApplicationStatus,
    ContactRole,
    Debrief,
    Event,
    Interview,
    Plan,
    Promise,
    Reopened,
    Response,
    ResponseOutcome,
    StepDone,
    StepSkipped,
    StepSnoozed,
    StepStatus,
)
from followthrough.core.words import will_be_sent
from followthrough.interop.phone import tel_uri
from followthrough.services import jobsearch
from followthrough.services.corrections import fingerprint, people_elsewhere, recorded_events
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import get_profile, playbook_for, record_event, set_application_playbook
from followthrough.services.mail import SENDABLE, checklist_text, mail_states
from followthrough.services.pages import stage_of
from followthrough.web.common import (
    EVENT_TITLES,
    FLAG_NOTES,
    OUTCOMES,
    STAGE_TITLES,
    action,
    after_post,
    already_open,
    day,
    day_or_none,
    load_application,
    local_today,
    notify,
    offer_undo,
    page,
    promise_preview,
    say,
)
from followthrough.web.field_errors import Problems, of_form
from followthrough.web.forms import (
    CONSIDERED_LABELS,
    OUTCOME_LABELS,
    PERMISSION_LABELS,
    ROLE_LABELS,
    CallForm,
    ContactForm,
    InterviewForm,
    OfficerForm,
    PlaybookForm,
    ResponseForm,
    optional,
)
from followthrough.web.undoing import offer


def _name(app: Application, key: str | None) -> str:
    contact = app.contact(key)
    return contact.name if contact else (key or "")


def describe(app: Application, event: Event) -> list[str]:
    """An event in words, one line per thing it recorded."""
    if isinstance(event, Interview):
        who = ", ".join(_name(app, k) for k in event.with_) or "nobody named"
        extra = (" at " + event.at.strftime("%H:%M") if event.at else "") + (" (final)" if event.final else "")
        return [f"With {who}{extra}", *([f"Notes: {event.notes}"] if event.notes else [])]
    if isinstance(event, Debrief):
        lines = []
        if event.how_did_i_do:
            lines.append(f"How it went: {event.how_did_i_do}")
        if event.considered:
            lines.append(f"Being considered: {CONSIDERED_LABELS[event.considered]}")
        if event.card is not None:
            lines.append("Got the hiring officer's card" if event.card else "No business card")
        if event.timeframe:
            lines.append(f"They will decide: “{event.timeframe}”")
        if event.call_permission:
            lines.append(f"Follow-up call: {PERMISSION_LABELS[event.call_permission]}")
        if event.stated_interest is not None:
            lines.append("Said I want the job" if event.stated_interest else "Did not say I want the job")
        return lines or ["Nothing recorded"]
    if isinstance(event, StepDone):
        outcome = f" ({event.outcome.value.replace('_', ' ')})" if event.outcome else ""
        lines = [action(event.kind.value, _name(app, event.contact) or None) + outcome]
        return [*lines, f"Note: {event.note}"] if event.note else lines
    if isinstance(event, StepSkipped):
        return [action(event.kind.value, _name(app, event.contact) or None)]
    if isinstance(event, StepSnoozed):
        return [f"{action(event.kind.value, _name(app, event.contact) or None)}: not before {day(event.until)}"]
    if isinstance(event, Reopened):
        return [event.note or "They came back: waiting again"]
    assert isinstance(event, Response)
    source = f" from {_name(app, event.from_)}" if event.from_ else ""
    by = f", they will know by {day(event.decision_by)}" if event.decision_by else ""
    by += f" (“{event.said}”)" if event.said else ""
    return [f"{OUTCOME_LABELS[event.outcome]}{source}{by}"]


def _checklist(app: Application, plan: Plan, interview: dt.date | None) -> dict[str, str] | None:
    """The on-site checklist to print before the next interview (none after it)."""
    if interview is None or plan.status == ApplicationStatus.CLOSED:
        return None
    try:
        text = checklist_text(app.id)
    except UserError:  # a broken template of the user's: the page still shows (Settings says why)
        return None
    # The printed sheet closes with the command line's way to record the answers; here, the page's.
    text, cli, _rest = text.partition("\nAfterwards, record the answers:\n")
    if cli:
        text = f"{text.rstrip()}\n\nAfterwards, record the answers: the application's Debrief in followthrough.\n"
    return {"text": text, "day": day(interview)}


def _promise(app: Application, promise: Promise | None) -> dict[str, Any] | None:
    """A promise for the page: the date it means, the words, who gave it and when."""
    if promise is None:
        return None
    words = promise.said if promise.resolves_to is None or promise.said != promise.resolves_to.isoformat() else ""
    who = _name(app, promise.by) if promise.by else ""
    return {"said": words, "said_on": day(promise.said_on), "resolves": day(promise.resolves_to), "by": who}


def _contact_choices(app: Application) -> list[tuple[str, str]]:
    return [(c.key, c.name) for c in app.contacts]


@require_GET
def application_page(request: HttpRequest, slug: str) -> HttpResponse:
    app, plan = load_application(slug)
    return render_application(request, app, plan)


def _step_notes(step: Any, waits: dict[str, Any]) -> list[str]:
    """Why a pending step deserves a second look; when a done step's e-mail goes."""
    if step.status is StepStatus.PENDING:
        return [FLAG_NOTES.get(f, f) for f in sorted(step.flags)]
    return [f"The e-mail {will_be_sent(waits[step.id])} (see Today)."] if step.id in waits else []


def render_application(
    request: HttpRequest, app: Application, plan: Plan, status: int = 200, **forms: Any
) -> HttpResponse:
    today = local_today()
    book = playbook_for(app)
    places = follow_up_places(plan, book)
    events = sorted(enumerate(app.events), key=lambda pair: (pair[1].on, pair[0]))
    latest_interview = max((e.on for e in app.events if isinstance(e, Interview)), default=None)
    next_interview = min((e.on for e in app.events if isinstance(e, Interview) and e.on >= today), default=None)
    contacts = _contact_choices(app)
    country = get_profile().country
    recorded = recorded_events(app.id)
    interviews = [e.on for e in app.events if isinstance(e, Interview)]
    alone = sorted({e.on for e in app.events if isinstance(e, Debrief) and not any(i <= e.on for i in interviews)})
    elsewhere = people_elsewhere(app.id)  # one person, one call: who they are in other applications
    sent = [s.id for s in plan.steps if s.status is StepStatus.DONE and s.kind in SENDABLE]
    waits = {k: at for k, (state, at) in (mail_states(sent) if sent else {}).items() if state == "scheduled" and at}
    rows: list[dict[str, Any]] = [
        {
            "step": s,
            "what": action(s.kind.value, _name(app, s.contact) or None),
            "due": day(s.due),
            "done_on": day(s.done_on),
            "overdue": s.status is StepStatus.PENDING and s.due < today,
            "is_call": s.kind.value.startswith("call_"),
            "notes": _step_notes(s, waits),
            "role": step_role(s, places, book) if s.status is StepStatus.PENDING else "",
        }
        for s in plan.steps
    ]
    job = app.job
    facts = [
        # Where it is now, as the board shows it: the stage set before any interview only
        # until one is recorded (or it closes).
        ("Stage", STAGE_TITLES[stage_of(plan.status, latest_interview, today, job.stage.value if job.stage else None)]),
        ("Priority", f"{job.priority} · {PRIORITIES[job.priority]}" if job.priority else ""),
        ("Location", job.location or ""),
        ("Salary", job.salary or ""),
    ]
    context = {
        "nav": "applications",
        "app": app,
        "job_facts": [(label, value) for label, value in facts if value],
        "plan": plan,
        "status_text": OUTCOMES.get(plan.outcome or plan.status, plan.status),
        "closed": plan.status == ApplicationStatus.CLOSED,
        "checklist": _checklist(app, plan, next_interview),
        "timeline": [
            {
                "n": i + 1,
                "fingerprint": fingerprint(recorded[i].event) if i < len(recorded) else "",
                "day": day(e.on),
                "title": EVENT_TITLES.get(codec.event_type(e), ""),
                "lines": describe(app, e),
            }
            for i, e in events
        ],
        "promise": _promise(app, plan.promise),
        "earlier_promises": [_promise(app, p) for p in plan.earlier_promises],
        "debriefs_alone": [] if plan.outcome else [{"day": day(on), "iso": on.isoformat()} for on in alone],
        "contacts": [
            # The link dials from anywhere: E.164, read for the profile's country, an extension kept as ;ext=
            {
                "contact": c,
                "role": ROLE_LABELS[c.role].split(" (")[0],
                "tel": tel_uri(c.phone, country),
                "same": elsewhere.same.get(c.key, []),
            }
            for c in app.contacts
        ],
        "link_choices": elsewhere.others,
        "steps": [row for row in rows if row["step"].status.value != "cancelled"],
        "cancelled": [row for row in rows if row["step"].status.value == "cancelled"],
        "playbook": book,
        "playbook_summary": summary(book),
        "playbook_chosen": bool(app.playbook),
        "playbook_form": forms.get("playbook_form") or PlaybookForm(initial={"playbook": book.name}),
        "today": today.isoformat(),
        "latest_interview": (latest_interview or today).isoformat(),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "contact_already": forms.get("contact_already"),
        "officer": next((c for c in app.contacts if c.role is ContactRole.HIRING_OFFICER), None),
        "officer_form": forms.get("officer_form") or OfficerForm(),
        "interview_form": forms.get("interview_form") or InterviewForm(contacts=contacts),
        "response_form": forms.get("response_form") or ResponseForm(contacts=contacts),
        "call_form": forms.get("call_form") or CallForm(contacts=contacts),
        "promise_form": forms.get("promise_form"),
        "errors": forms.get("errors", ""),
        "card_note": forms.get("card_note", ""),
        "promise_on": forms.get("promise_on") or today.isoformat(),
        "promise_words": forms.get("promise_words", ""),
        "promise_preview": forms.get("promise_preview"),
        "next_path": f"/applications/{app.id}/",
    }
    return page(request, "application.html", context, status=status)


def _record(
    request: HttpRequest,
    slug: str,
    form_name: str,
    form: Any,
    build: Any,
    undoable: bool = False,
    passing: tuple[type[UserError], ...] = (),
) -> HttpResponse:
    """Validate, record through a service, and come back to the application page (with an
    Undo for the event just recorded when ``undoable``). Errors of a type in ``passing``
    are raised on to the caller, which answers them its own way."""
    app, _plan = load_application(slug)
    if form.is_valid():
        try:
            message = build(app, form.cleaned_data)
        except passing:
            raise
        except UserError as error:
            field = getattr(error, "field", None)  # a refusal about one of this form's fields is shown beside it
            form.add_error(field.value if field is not None and field.value in form.fields else None, say(error))
        else:
            notify(request, message)
            if undoable:
                offer_undo(request, slug)
            return after_post(f"/applications/{slug}/")
    app, plan = load_application(slug)
    if plan.status == ApplicationStatus.CLOSED and form_name not in OPEN_ON_CLOSED:  # its form is not shown:
        found = of_form(form)  # what is wrong is said at the top
        said = [*found.general, *(text for texts in found.fields.values() for text in texts)]
        return render_application(request, app, plan, 400, errors=Problems(general=said))
    return render_application(request, app, plan, 400, **{form_name: form})  # each error beside its field


# The forms a closed application's page still shows (the others' errors go at the top).
OPEN_ON_CLOSED = ("contact_form", "playbook_form")


@require_POST
def add_contact(request: HttpRequest, slug: str) -> HttpResponse:
    def build(app: Application, data: dict[str, Any]) -> str:
        jobsearch.add_contact(
            app.id,
            data["name"],
            ContactRole(data["role"]),
            title=optional(data["title"]),
            phone=optional(data["phone"]),
            email=optional(data["email"]),
            relation=optional(data["relation"]),
            salutation=optional(data["salutation"]),
            # The warning's "Add them anyway" (one person to call) or "Add them as someone else".
            anyway=request.POST.get("anyway") in ("1", "apart"),
            apart=request.POST.get("anyway") == "apart",
        )
        return f"Added {data['name'].strip()}."

    form = ContactForm(request.POST)
    try:
        return _record(request, slug, "contact_form", form, build, passing=(jobsearch.AlreadyOpen,))
    except jobsearch.AlreadyOpen as error:  # a warning, with a link to it and a button to go on
        app, plan = load_application(slug)
        return render_application(request, app, plan, 409, contact_form=form, contact_already=already_open(error))


@require_POST
def replace_officer(request: HttpRequest, slug: str) -> HttpResponse:
    """A new hiring officer in one step: added, and the one on file becomes an interviewer
    (one transaction, as the command line's add with replace)."""

    def build(app: Application, data: dict[str, Any]) -> str:
        before = next((c.name for c in app.contacts if c.role is ContactRole.HIRING_OFFICER), None)
        jobsearch.add_contact(
            app.id,
            data["name"],
            ContactRole.HIRING_OFFICER,
            title=optional(data["title"]),
            phone=optional(data["phone"]),
            email=optional(data["email"]),
            replace=True,
        )
        was = f" {before} stays on the application as an interviewer." if before else ""
        return f"{data['name'].strip()} is now the hiring officer: the calls go to them.{was}"

    return _record(request, slug, "officer_form", OfficerForm(request.POST), build)


@require_POST
def record_interview(request: HttpRequest, slug: str) -> HttpResponse:
    def build(app: Application, data: dict[str, Any]) -> str:
        event = Interview(
            data["on"],
            tuple(data["interviewers"]),
            data["at"],
            True if data["final"] else None,
            optional(data["notes"]),
        )
        record_event(app.id, event)
        return f"Interview on {day(data['on'])} recorded; thank-you notes are on the plan."

    app, _ = load_application(slug)
    form = InterviewForm(request.POST, contacts=_contact_choices(app))
    return _record(request, slug, "interview_form", form, build, undoable=True)


@require_POST
def record_response(request: HttpRequest, slug: str) -> HttpResponse:
    def build(app: Application, data: dict[str, Any]) -> str:
        outcome, words = ResponseOutcome(data["outcome"]), data["decision_by"].strip()
        recorded = jobsearch.record_response(app.id, outcome, words, data["source"] or None, data["on"])
        plan, by = recorded.plan, recorded.decision_by
        if plan.status == ApplicationStatus.CLOSED:
            return f"Recorded. The application is closed: {OUTCOMES.get(plan.outcome or '', plan.outcome)}."
        return "Recorded." + (f" A new wait starts: they will decide by {day(by)}." if by else "")

    app, plan = load_application(slug)
    if "preview" in request.POST:  # the no-script way to see the new date before saving
        on = day_or_none(request.POST.get("on", ""))
        words = request.POST.get("decision_by", "")
        shown: dict[str, Any] = {
            "promise_preview": promise_preview(words, on),
            "promise_words": words,
            "promise_on": on and on.isoformat(),
        }
        return render_application(request, app, plan, 200, **shown)
    form = ResponseForm(request.POST, contacts=_contact_choices(app))
    name = "promise_form" if request.POST.get("form") == "promise" else "response_form"  # two forms, one target
    return _record(request, slug, name, form, build, undoable=True)


@require_POST
def change_playbook(request: HttpRequest, slug: str) -> HttpResponse:
    switched: list[tuple[str, str | None]] = []  # (to, from), for the Undo

    def build(app: Application, data: dict[str, Any]) -> str:
        book = set_application_playbook(app.id, data["playbook"])
        switched.append((book.name, app.playbook))
        return f"Now on the {book.name} playbook: the plan follows it."

    answer = _record(request, slug, "playbook_form", PlaybookForm(request.POST), build)
    if switched and switched[0][0] != switched[0][1]:
        now, then = switched[0]
        fields = {"application": slug, "now": now, "then": then or ""}
        offer(request, "playbook", "the playbook switch", f"/applications/{slug}/", **fields)
    return answer
