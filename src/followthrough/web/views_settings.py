"""The rest of Settings: the mail servers (and their passwords, kept only in the system
keyring), the digest's time, and the drafts' own wording with a live preview.

Each view turns a form into one service call and says what happened on the next page.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from followthrough.services import mail
from followthrough.services.errors import Field, UserError
from followthrough.services.jobsearch import default_name
from followthrough.services.mail import Server, mail_servers, names, preview, templates, test_server
from followthrough.services.mail import save_mail_server as save
from followthrough.services.reminders import digest_time, set_digest_time
from followthrough.web.common import after_post, notify, page, say
from followthrough.web.field_errors import FieldProblem, Problems, hold, of_error

NAMES = {"smtp": "Outgoing mail (SMTP)", "imap": "Incoming mail (IMAP)"}


def _kind(kind: str) -> Server:
    if kind == "smtp":
        return "smtp"
    if kind == "imap":
        return "imap"
    raise Http404("no such mail server")


def settings_context() -> dict[str, Any]:
    """What the Settings page shows beyond the profile: the mail servers, the digest's
    time and the drafts' templates."""

    return {
        "servers": [(server, NAMES[server.kind]) for server in mail_servers()],
        "digest_at": digest_time().strftime("%H:%M"),
        "templates": templates(),
        "default_playbook": default_name(),
    }


@sensitive_post_parameters("password")
@require_POST
def save_mail_server(request: HttpRequest, kind: str) -> HttpResponse:
    server = _kind(kind)
    form = request.POST
    port_text = form.get("port", "").strip()
    try:
        # The form's own checks, each beside its field (the service refuses the same).
        if not form.get("host", "").strip():
            raise FieldProblem("host", "give the server's name, like smtp.example.com")
        if port_text and not port_text.isdigit():
            raise FieldProblem("port", f"{port_text[:20]!r} is not a number, like 587")
        if form.get("password") and not form.get("user", "").strip():
            raise FieldProblem("user", "give the login name the password belongs to")
        saved = save(
            server,
            form.get("host", ""),
            int(port_text) if port_text else None,
            form.get("security", ""),
            form.get("user", ""),
            form.get("password", ""),
        )
    except UserError as problem:
        words = f"{say(problem)} Nothing was changed."
        notify(request, f"{NAMES[kind]}: {words}", "error")
        hold(request, replace(_beside(problem, words, MAIL_INPUTS), form=kind))
    else:
        kept = " The password is in the system keyring." if form.get("password") else ""
        notify(request, f"{NAMES[kind]} saved: {saved.host}:{saved.port} ({saved.security}).{kept}")
    return after_post(f"/settings/#{kind}")


# The mail server form's inputs, by the field a refusal names.
MAIL_INPUTS = {
    Field.MAIL_HOST.value: "host",
    Field.MAIL_PORT.value: "port",
    Field.MAIL_SECURITY.value: "security",
    Field.MAIL_USER.value: "user",
    Field.MAIL_PASSWORD.value: "password",
}


def _beside(problem: UserError, words: str, inputs: dict[str, str]) -> Problems:
    """The refusal beside the input it is about (the form's own check, or the service's)."""
    if isinstance(problem, FieldProblem):
        return Problems(fields={problem.name: [words]})
    return of_error(problem, words, tuple(inputs.values()), inputs)


@require_POST
def test_mail_server(request: HttpRequest, kind: str) -> HttpResponse:
    server = _kind(kind)
    try:
        worked = test_server(server)
    except UserError as problem:
        notify(request, f"{NAMES[kind]}: the test failed: {say(problem)}", "error")
    else:
        notify(request, f"{NAMES[kind]}: {worked}.")
    return after_post(f"/settings/#{kind}")


@require_POST
def save_digest_time(request: HttpRequest) -> HttpResponse:
    try:
        at = set_digest_time(request.POST.get("at", ""))
    except UserError as problem:
        words = say(problem, {Field.DIGEST_TIME: "The time"})
        notify(request, f"Digest: {words}", "error")
        hold(request, replace(_beside(problem, words, {Field.DIGEST_TIME.value: "at"}), form="digest"))
    else:
        notify(request, f"The daily digest now comes at {at:%H:%M} your time.")
    return after_post("/settings/#digest")


def _template_name(name: str) -> str:
    if name not in names():
        raise Http404("no such draft template")
    return name


@require_http_methods(["GET", "POST"])
def template_page(request: HttpRequest, template: str) -> HttpResponse:
    """Edit one template: Preview shows the draft without saving (htmx does it as you
    type); Save keeps it only when it makes a draft; Reset forgets the saved wording."""

    name = _template_name(template)
    current = mail.template(name)
    text = request.POST.get("text", current.text) if request.method == "POST" else current.text
    application = (request.POST if request.method == "POST" else request.GET).get("application", "")
    action = request.POST.get("action", "preview")
    error, status = "", 200
    if request.method == "POST" and action == "save":
        try:
            mail.save(name, text)
        except UserError as problem:
            error, status = say(problem), 400
        else:
            notify(request, f"Saved your {current.title.lower()}: your drafts use it from now on.")
            return after_post(f"/settings/templates/{name}/")
    elif request.method == "POST" and action == "reset":
        back = mail.reset(name)
        where = "the product's own wording" if back.source == "default" else f"your file {back.path}"
        notify(request, f"{current.title}: back to {where}.")
        return after_post(f"/settings/templates/{name}/")
    context = {
        "nav": "settings",
        "template": current,
        "text": text,
        "error": error,
        "applications": mail.applications(),
        "application": application,
        **_preview(name, text, application),
    }
    return page(request, "template.html", context, status=status)


@require_POST
def template_preview(request: HttpRequest, template: str) -> HttpResponse:
    """The preview alone (htmx, as the user types): never saves."""
    name = _template_name(template)
    context = _preview(name, request.POST.get("text", ""), request.POST.get("application", ""))
    return page(request, "partials/template_preview.html", context)


def _preview(name: str, text: str, application: str) -> dict[str, Any]:
    try:
        shown = preview(name, text, application or None)
    except UserError as problem:
        return {"preview": None, "preview_error": say(problem)}
    return {"preview": shown, "preview_error": ""}
