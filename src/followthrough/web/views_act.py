"""Acting where a step is shown: send the edited note (or download it as an .eml file),
confirm or dismiss what the reply watcher found, snooze a step while its person is away.
Each view only turns the form into one service call and says what happened."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from followthrough.core.model import ResponseOutcome
from followthrough.interop.email_message import SENDABLE
from followthrough.interop.smtp import POLICY
from followthrough.services import mail
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import NewDateNeedsNotDecided, StepNotFound, find_step, get_profile
from followthrough.services.mail import (
    AlreadySent,
    PossibleResponseNotFound,
    Scheduled,
    confirm,
    dismiss,
    edited_message,
    message_for_step,
    send_or_schedule,
)
from followthrough.services.pages import snooze_while_away
from followthrough.web.common import (
    NOT_FOUND_MAIL,
    OUTCOMES,
    after_post,
    day,
    form_errors,
    not_on_plan,
    notify,
    require_found_mail,
    require_step,
    safe_next,
    say,
    step_name,
)
from followthrough.web.forms import AnswerForm, AwaySnoozeForm, SendForm
from followthrough.web.refusals import phrase
from followthrough.web.views_scheduled import scheduled_words


@require_POST
def send(request: HttpRequest, step_id: str) -> HttpResponse:
    back = safe_next(request, "/")
    form = SendForm(request.POST)
    if not form.is_valid():
        if (missing := require_step(request, step_id)) is not None:
            return missing
        notify(request, "Not sent: " + form_errors(form), "error")
        return after_post(back)
    data = form.cleaned_data
    try:
        message = edited_message(step_id, data["subject"], data["body"], data["to"])
        sent = send_or_schedule(step_id, message, replacing=data["replacing"] or None)
    except StepNotFound:
        return not_on_plan(request)
    except AlreadySent:
        notify(
            request, "Not sent again: this step was already sent (or marked done), or is being sent right now.", "error"
        )
    except mail.MailUncertain:
        notify(
            request,
            "The connection to your mail server dropped after the message was handed over: it may or may not "
            "have arrived. Look in your Sent folder (or ask the person), then mark the step done, or send it again.",
            "error",
        )
    except UserError as problem:
        notify(request, "Not sent: " + say(problem), "error")
    else:
        if isinstance(sent, Scheduled):
            notify(request, scheduled_words(sent))
            return after_post(back)
        text = f"Sent to {sent.recipient}; the step is done."
        if sent.saved_in:
            text += f" A copy is in your {sent.saved_in} folder."
        if sent.not_saved:
            notify(request, f"{text} Warning: {sent.not_saved[:1].lower()}{sent.not_saved[1:]}.", "warning")
        else:
            notify(request, text)
    return after_post(back)


@require_POST
def confirm_answer(request: HttpRequest, possible_id: int) -> HttpResponse:
    back = safe_next(request, "/")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        if (missing := require_found_mail(request, possible_id)) is not None:
            return missing
        notify(request, "Not recorded: " + form_errors(form), "error")
        return after_post(back)
    outcome = ResponseOutcome(form.cleaned_data["outcome"])
    try:
        recorded = confirm(possible_id, outcome, form.cleaned_data["decision_by"])
    except NewDateNeedsNotDecided as problem:
        notify(request, f"Not recorded: {phrase(problem)}.", "error")
    except PossibleResponseNotFound:
        return not_on_plan(request, NOT_FOUND_MAIL)
    except UserError as problem:
        notify(request, "Not recorded: " + say(problem), "error")
    else:
        by = recorded.decision_by
        text = f"Recorded their answer: {OUTCOMES[outcome.value].lower()}"
        notify(request, text + (f", they will decide by {day(by)}." if by else "."))
    return after_post(back)


@require_POST
def dismiss_found(request: HttpRequest, possible_id: int) -> HttpResponse:
    back = safe_next(request, "/")
    try:
        gone = dismiss(possible_id)
    except PossibleResponseNotFound:
        return not_on_plan(request, NOT_FOUND_MAIL)
    except UserError as problem:
        notify(request, say(problem), "error")
    else:
        notify(request, f"Put aside the message “{gone.subject}”: the plan stays as it was.")
    return after_post(back)


@require_POST
def snooze_away(request: HttpRequest, possible_id: int) -> HttpResponse:
    back = safe_next(request, "/")
    form = AwaySnoozeForm(request.POST)
    if not form.is_valid():
        if (missing := require_found_mail(request, possible_id)) is not None:
            return missing
        notify(request, "Not moved: " + form_errors(form), "error")
        return after_post(back)
    try:
        done = snooze_while_away(possible_id, form.cleaned_data["step"])
    except PossibleResponseNotFound:
        return not_on_plan(request, NOT_FOUND_MAIL)
    except UserError as problem:
        notify(request, "Not moved: " + say(problem), "error")
    else:
        name = step_name(done.step.kind.value, done.contact_name)
        notify(request, f"Moved {name} to {day(done.step.due)}, when they are back.")
    return after_post(back)


@require_GET
def download_draft(request: HttpRequest, step_id: str) -> HttpResponse:
    """The step's note or e-mail as a message file (message/rfc822) for the user's mail
    program: from the profile's address to the step's person, as 'Send' would build it."""
    try:
        slug, step = find_step(step_id)
    except UserError:  # no step of the user's (or a prefix of several)
        return not_on_plan(request)
    back = f"/steps/{step.id}/draft"
    if step.kind.value not in SENDABLE:
        notify(request, "Only a note or an e-mail can be downloaded as a message: this step is not one.", "error")
        return after_post(back)
    if not get_profile().email:
        notify(request, "Add your e-mail address in Settings first: the message is from you.", "error")
        return after_post(back)
    try:
        message = message_for_step(step.id)
    except UserError as problem:
        notify(request, "No message to download: " + say(problem), "error")
        return after_post(back)
    contact = f"-{step.contact}" if step.contact else ""
    name = f"{slug}-{step.kind.value.replace('_', '-')}{contact}.eml"
    response = HttpResponse(message.as_bytes(policy=POLICY), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
