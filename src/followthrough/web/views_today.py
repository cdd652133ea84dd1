"""Today: the agenda, grouped by application, each step one click from settled."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from followthrough.core.agenda import AgendaEntry
from followthrough.core.model import CALL_KINDS, CallOutcome, StepKind, StepStatus
from followthrough.interop.email_message import SENDABLE, mailto_uri
from followthrough.services import mail, pages
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import StepAlreadySettled, StepNotFound, get_profile, settle_step
from followthrough.services.mail import SENDABLE as SENDABLE_STEPS
from followthrough.services.mail import draft_for, drafts_for, files_stamp, reads_clock, send_state
from followthrough.services.pages import call_help, due_steps, found_in_mail, next_steps
from followthrough.web.common import (
    FLAG_NOTES,
    NOT_ON_PLAN,
    action,
    after_post,
    date_param,
    day,
    form_errors,
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
from followthrough.web.field_errors import holds
from followthrough.web.forms import OUTCOME_LABELS, SettleForm
from followthrough.web.views_scheduled import waiting

MAX_STEPS = 100  # a page a person can work through; the rest waits for the next visit
DRAFTS_INLINE = 5  # the first drafts come with the page; the others load when opened
CALLS = frozenset(k.value for k in CALL_KINDS)
MAILS = frozenset(SENDABLE)


@dataclass
class StepView:
    entry: AgendaEntry
    what: str
    overdue: bool
    is_call: bool
    notes: list[str]
    draft: Any = None
    mailto: str | None = None
    call: Any = None  # the number to dial, the last call's note
    replacing: str | None = None  # the Message-ID of a send that may or may not have arrived


@dataclass
class Group:
    application: str
    company: str
    role: str
    steps: list[StepView] = field(default_factory=list)


def _mailto(draft: Any) -> str | None:
    if draft.to_email and StepKind(draft.kind) in SENDABLE_STEPS:
        return mailto_uri(draft.to_email, draft.subject, draft.body)
    return None


def _smtp_ready() -> bool:
    return mail.configured()


def _uncertain(step_id: str) -> str | None:
    """The Message-ID of the step's last send when it may or may not have arrived."""

    state = send_state(step_id)
    return state[1] if state and state[0] != "sent" else None


def _draft(step_id: str) -> tuple[Any, str | None]:
    """One step's draft, or (None, None) when it cannot be made (the reason is logged)."""

    try:
        draft = draft_for(step_id)
    except UserError:  # a draft is a help, never a reason for the page to fail
        return None, None
    return draft, _mailto(draft)


def _groups(as_of: dt.date, entries: list[AgendaEntry]) -> list[Group]:
    shown = entries[:MAX_STEPS]
    inline = shown[:DRAFTS_INLINE]
    drafts = drafts_for([e.id for e in inline], owners={e.id: e.application for e in inline})
    calls = call_help(shown)
    groups: dict[str, Group] = {}
    for entry in shown:
        group = groups.setdefault(entry.application, Group(entry.application, entry.company, entry.role))
        view = StepView(
            entry,
            action(entry.kind, entry.contact_name),
            entry.overdue(as_of),
            entry.kind in CALLS,
            [FLAG_NOTES.get(f, f) for f in entry.flags],
        )
        view.call = calls.get(entry.id)
        if "delivery_uncertain" in entry.flags:  # the agenda read the send's state already
            view.replacing = _uncertain(entry.id)
        draft = drafts.get(entry.id)
        if draft is not None and not isinstance(draft, UserError):
            view.draft, view.mailto = draft, _mailto(draft)
        group.steps.append(view)
    return list(groups.values())


def _agenda_key(stamp: str | None, as_of: dt.date, today: dt.date) -> tuple[Any, ...] | None:
    """The key the agenda of ``as_of`` is kept under (services.pages.kept_pages), or None to draw
    it: the job search's stamp read before anything else, the day shown, the day it is
    drawn on (another day's drafts may say how long ago things were), and the config
    directory's draft files (an edited one shows); None when a draft writes the time."""

    if stamp is None:  # nothing kept (SQLite; a redraw after a settle): no files read either
        return None
    files = files_stamp()
    return None if reads_clock(files) else pages.seeker_key("today", stamp, as_of, today, files)


def _agenda_context(as_of: dt.date, chosen: dt.date | None, next_path: str, key: Any = None) -> dict[str, Any]:
    """What the agenda region shows: the counts, the groups, or the calm empty state,
    kept under ``key`` (:func:`_agenda_key`) with its steps' HTML, or drawn (None)."""

    drawn = pages.kept(key, lambda: _draw_agenda(as_of))
    context = {
        **drawn,
        "smtp_ready": drawn["mail_inline"] and _smtp_ready(),
        "as_of": as_of,
        "as_of_param": chosen.isoformat() if chosen else "",
        "next_path": next_path,
    }
    if key is not None:  # the steps' HTML too, the form tokens left for each request
        made = (key, next_path, context["as_of_param"], context["smtp_ready"])
        context["groups_html"] = pages.kept(("today steps", *made), lambda: _groups_html(context))
    return context


# Where a kept page's form tokens go: made up once per process, so no text a user typed
# can be it; each request puts its own token there (today_page).
TOKEN_HERE = f"csrf-token-{secrets.token_hex(16)}"


def _groups_html(context: dict[str, Any]) -> str:
    """The agenda's groups of steps as HTML, for any request of this seeker's (no request
    in the context: what it shows comes from ``context`` alone; TOKEN_HERE for the token)."""

    return render_to_string("followthrough/partials/agenda_groups.html", {**context, "csrf_token": TOKEN_HERE})


def _with_token(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """The context with the kept steps' HTML given this request's form token."""

    kept = context.get("groups_html")
    if kept:
        # Safe: HTML the template engine made (escaped there), and a token of letters and digits.
        context["groups_html"] = mark_safe(kept.replace(TOKEN_HERE, get_token(request)))
    return context


def _draw_agenda(as_of: dt.date) -> dict[str, Any]:
    """The agenda region's data, read from the job search (kept while it is unchanged:
    nothing in here may depend on the request)."""

    agenda = due_steps(as_of, waiting=True)
    upcoming = [] if agenda.entries else next_steps(as_of)
    inline = agenda.entries[:DRAFTS_INLINE]
    return {
        "mail_inline": any(e.kind in MAILS for e in inline),
        "total": len(agenda.entries),
        "overdue": sum(e.overdue(as_of) for e in agenda.entries),
        "shown": min(len(agenda.entries), MAX_STEPS),
        "groups": _groups(as_of, agenda.entries),
        "upcoming": [(day(e.due), action(e.kind, e.contact_name), e) for e in upcoming],
        "no_profile": not get_profile().name,
        "waiting": waiting(getattr(agenda, "waiting", [])),
    }


@require_GET
def today_page(request: HttpRequest) -> HttpResponse:
    try:
        chosen = date_param(request, "as_of")
    except UserError as error:
        notify(request, str(error), "error")
        return HttpResponseRedirect("/")

    stamp = pages.seeker_stamp()  # first: the page, the profile too, is read after it
    today = local_today()
    as_of = chosen or today
    context = {
        "nav": "today",
        "as_of_text": day(as_of),
        # A form's refusal held over the redirect goes beside its field: drawn, not kept.
        **_agenda_context(
            as_of, chosen, request.get_full_path(), None if holds(request) else _agenda_key(stamp, as_of, today)
        ),
        # Kept for the day too: whether an away reply still moves a step turns on today's date.
        **pages.kept(pages.seeker_key("found in mail", stamp, today), _found_in_mail),
    }
    return page(request, "today.html", _with_token(request, context))


def _found_in_mail() -> dict[str, Any]:
    """Replies the mailbox watcher found, to be told apart (kept while nothing changes)."""

    answers, away = found_in_mail()
    return {
        "answers": answers,
        "away_notices": [(n, step_name(n.step_kind, n.contact_name) if n.step_kind else "") for n in away],
        "outcome_choices": [(o.value, label) for o, label in OUTCOME_LABELS.items()],
    }


@require_GET
def draft_page(request: HttpRequest, step_id: str) -> HttpResponse:
    """One step's draft: inline when the Today page asks (htmx), else as a page of its own."""
    draft, mailto = _draft(step_id)
    if draft is None:
        if request.headers.get("HX-Request"):  # htmx shows nothing for an error: say it in place
            return page(request, "partials/no_draft.html", {})
        raise Http404("no draft for this step")
    context = {
        "draft": draft,
        "mailto": mailto,
        "step_id": step_id,
        "nav": "today",
        "smtp_ready": _smtp_ready(),
        "replacing": _uncertain(step_id),
        "next_path": _page_path(request) if request.headers.get("HX-Request") else "/",
    }
    if request.headers.get("HX-Request"):
        return page(request, "partials/draft.html", context)
    return page(request, "draft.html", context)


def _page_path(request: HttpRequest) -> str:
    """The page an htmx request came from (Today, maybe of another day), to go back to."""

    shown = urlsplit(request.headers.get("HX-Current-URL", ""))
    if shown.netloc and shown.netloc != request.get_host():
        return "/"
    path = shown.path if shown.path.startswith("/") and not shown.path.startswith("//") else "/"
    return path + (f"?{shown.query}" if shown.query else "")


SETTLED = {
    "done": (StepStatus.DONE, None, "Marked {step} done."),
    "reached": (StepStatus.DONE, CallOutcome.REACHED, "Recorded {step}: you reached them."),
    "voicemail": (StepStatus.DONE, CallOutcome.VOICEMAIL, "Recorded {step}: you left a voicemail."),
    "no_answer": (StepStatus.DONE, CallOutcome.NO_ANSWER, "Recorded {step}: nobody answered."),
    "skip": (StepStatus.SKIPPED, None, "Skipped {step}: the rest of the plan stays where it was."),
}


def _settle(data: dict[str, Any], step_id: str) -> tuple[str, bool, Any]:
    """Settle through the service; the message names the step, never an id or a command."""

    status, outcome, template = SETTLED[data["action"]]
    today = local_today()
    try:
        done = settle_step(step_id, status, data["on"] or today, outcome, data["note"] or None, today=today)
    except StepAlreadySettled as error:
        name = step_name(error.kind.value, error.contact_name)
        return f"{name[0].upper()}{name[1:]} is already {error.status.value}{_on(error.on)}.", False, None
    except StepNotFound:
        return NOT_ON_PLAN, False, None
    except UserError as error:
        return say(error), False, None
    message = template.format(step=step_name(done.kind.value, done.contact_name))
    if done.also:  # one person, one call: the same outcome on their other applications
        message += f" The same call is recorded on {', '.join(done.also)}."
    if done.moved_to_today:
        message += f" It is recorded as of today, {day(done.on)}: a date ahead cannot be done yet."
    return message, True, done


def _on(day_: dt.date | None) -> str:
    return f" (on {day(day_)})" if day_ else ""


@require_POST
def settle(request: HttpRequest, step_id: str) -> HttpResponse:
    form = SettleForm(request.POST)
    back = safe_next(request, "/")
    if not form.is_valid():
        missing = require_step(request, step_id)
        if missing is not None:
            return missing
        message, ok, done = form_errors(form), False, None
    else:
        message, ok, done = _settle(form.cleaned_data, step_id)
        if message == NOT_ON_PLAN:
            return not_on_plan(request)
    application = done.application if done else None
    if request.headers.get("HX-Request"):
        offer_undo(request, application, done.n if done else 0, done.event if done else None)
        # The whole agenda again: the event may have settled another row (rule 4), and the counts changed.
        chosen = form.cleaned_data.get("on") if form.is_valid() else None
        # Not kept: the settle read the profile before any stamp could be (a save of it
        # committed since would be in the stamp, not in this page). Drawn, as after any change.
        as_of = chosen or local_today()
        context = _agenda_context(as_of, chosen, back)
        placed = application if any(g.application == application for g in context["groups"]) else None
        context.update(message=message, ok=ok, settled_in=placed, replaces_notice=True)
        return page(request, "partials/agenda.html", context)
    notify(request, message, "ok" if ok else "error")
    if done:
        offer_undo(request, application, done.n, done.event)
    return after_post(back)
