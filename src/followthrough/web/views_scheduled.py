"""The e-mails waiting for the employer's working hours, on Today: change the text, send
now, or cancel (the step is to do again). Each view turns the form into one service call
and says what happened."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from followthrough.core.words import will_be_sent
from followthrough.services import mail
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import StepNotFound
from followthrough.services.mail import (
    NotScheduled,
    Scheduled,
    cancel_scheduled,
    edit_scheduled,
    send_scheduled_now,
)
from followthrough.web.common import after_post, form_errors, not_on_plan, notify, require_step, safe_next, say
from followthrough.web.forms import ScheduledTextForm

# How each state of a waiting e-mail reads on Today.
STATES = {
    "sending": "It is being sent, or its send was cut off: it may or may not have gone. Look in your Sent folder.",
    "uncertain": "The connection dropped while it was sent: it may or may not have gone. Look in your Sent folder.",
    "failed": "Your mail server refused it, so it was not sent: the step is on your list again.",
}


def scheduled_words(item: Scheduled) -> str:
    return (
        f"Scheduled for their working hours: the e-mail to {item.recipient} {will_be_sent(item.send_at)}; "
        "the step is done. Until then you can change it, send it now or cancel it (Today, “Waiting to be sent”)."
    )


def waiting(items: list[Scheduled]) -> list[dict[str, object]]:
    """The waiting e-mails (services.mail.scheduled_messages) as Today shows them."""
    return [{"item": item, "when": will_be_sent(item.send_at), "state": STATES.get(item.state, "")} for item in items]


@require_POST
def change_text(request: HttpRequest, step_id: str) -> HttpResponse:
    back = safe_next(request, "/")
    form = ScheduledTextForm(request.POST)
    if not form.is_valid():
        missing = require_step(request, step_id)  # not the user's: the 404, before any word on the form
        if missing is not None:
            return missing
        notify(request, "Not changed: " + form_errors(form), "error")
        return after_post(back)
    try:
        item = edit_scheduled(step_id, form.cleaned_data["subject"], form.cleaned_data["body"])
    except StepNotFound:
        return not_on_plan(request)
    except UserError as problem:
        notify(request, "Not changed: " + say(problem), "error")
    else:
        notify(request, f"Changed the e-mail to {item.recipient}; it {will_be_sent(item.send_at)}.")
    return after_post(back)


@require_POST
def send_now(request: HttpRequest, step_id: str) -> HttpResponse:
    back = safe_next(request, "/")
    try:
        sent = send_scheduled_now(step_id)
    except StepNotFound:
        return not_on_plan(request)
    except NotScheduled as problem:
        notify(request, "Not sent: " + say(problem), "error")
    except mail.MailUncertain:
        notify(
            request,
            "The connection to your mail server dropped after the message was handed over: it may or may not "
            "have arrived. Look in your Sent folder (or ask the person).",
            "error",
        )
    except UserError as problem:
        notify(request, "Not sent: " + say(problem), "error")
    else:
        notify(request, f"Sent to {sent.recipient}; the step is done.")
    return after_post(back)


@require_POST
def cancel(request: HttpRequest, step_id: str) -> HttpResponse:
    back = safe_next(request, "/")
    try:
        gone = cancel_scheduled(step_id)
    except StepNotFound:
        return not_on_plan(request)
    except UserError as problem:
        notify(request, "Not cancelled: " + say(problem), "error")
    else:
        notify(request, f"Cancelled: the e-mail to {gone.recipient} will not be sent; the step is to do again.")
    return after_post(back)
