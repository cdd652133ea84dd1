"""Files in and out: upload a file, see what importing it would do, confirm; download
every export the CLI writes. Plain forms: it all works without JavaScript.

The uploaded bytes wait server-side under a random token (services.files.uploads) that only
the session which uploaded them may use; the confirmation imports those very bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from followthrough import clock
from followthrough.interop.csv_tracker import FIELDS as CSV_FIELDS
from followthrough.interop.files import MAX_IMPORT_BYTES
from followthrough.services import files
from followthrough.services.errors import Field, Hint, Refusal, UserError
from followthrough.services.files import (
    ImportOptions,
    application_choices,
    check_options,
    check_size,
    import_bytes,
    kind_of,
)
from followthrough.web.common import after_post, local_today, notify, page, say
from followthrough.web.field_errors import Problems

SESSION_KEY = "followthrough_uploads"  # token -> expiry (seconds since the epoch)
ROLES = [("", "Hiring officer if there is none yet, else interviewer"), ("hiring_officer", "Hiring officer"),
         ("interviewer", "Interviewer"), ("inside_contact", "Inside contact")]  # fmt: skip
EXPORTS: dict[str, tuple[str, str, str]] = {  # what -> (Content-Type, file name ending, label)
    "json": ("application/json", ".json", "The whole job search (followthrough/1 JSON): a backup import takes back"),
    "csv": ("text/csv; charset=utf-8", "-applications.csv", "Applications and their state (CSV) for a spreadsheet"),
    "ics": ("text/calendar; charset=utf-8", "-steps.ics", "Every pending step as a calendar event with an alarm"),
    "todo": ("text/calendar; charset=utf-8", "-todo.ics", "Every pending step as a to-do (.ics)"),
    "vcf": ("text/vcard; charset=utf-8", "-contacts.vcf", "Every contact as a business card (vCard)"),
}


def _context(**more: Any) -> dict[str, Any]:
    return {
        "nav": "files",
        "applications": application_choices(),
        "roles": ROLES,
        "exports": [(what, label) for what, (_type, _end, label) in EXPORTS.items()],
        "csv_fields": ", ".join(CSV_FIELDS),  # every column a spreadsheet import reads, the job's too
        **more,
    }


@require_GET
def files_page(request: HttpRequest) -> HttpResponse:
    return page(request, "files.html", _context())


def _options(request: HttpRequest) -> Any:
    form = request.POST
    mapping = tuple(line.strip() for line in form.get("map", "").splitlines() if line.strip())
    return ImportOptions(form.get("application", "").strip() or None, form.get("role", "").strip() or None, mapping)


# The import form's inputs a refusal about one of these fields is shown beside.
_INPUTS = {Field.FOR_APPLICATION: "application", Field.CONTACT_ROLE: "role", Field.COLUMN_MAP: "map"}


def _refuse(request: HttpRequest, error: str, form: dict[str, str] | None = None) -> HttpResponse:
    """The page again with ``error`` at the top: what went wrong after the form was right."""
    return page(request, "files.html", _context(error=error, form=form or {}), status=400)


def _refuse_field(
    request: HttpRequest, words: str, shown: dict[str, str], problem: Exception | None = None
) -> HttpResponse:
    """The form again with ``words`` beside the input at fault: the file, unless the refusal
    is about another of its fields."""
    about = problem.field if isinstance(problem, Refusal) else None
    beside = Problems(fields={_INPUTS.get(about, "file") if about else "file": [words]})
    return page(request, "files.html", _context(problems=beside, form=shown), status=400)


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """Keep the file and show the dry run of its import; nothing in the job search changes."""

    shown = {k: request.POST.get(k, "") for k in ("application", "role", "map")}
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > MAX_IMPORT_BYTES + 1_000_000:  # refused before a byte of it is read
        return _refuse_field(request, f"The file is larger than the {MAX_IMPORT_BYTES:,} bytes an import reads.", shown)
    given = request.FILES.get("file")
    if given is None:
        return _refuse_field(request, "Choose a file to import.", shown)
    name = files.base_name(given.name or "")
    options = _options(request)
    try:
        suffix = kind_of(name)
        check_options(suffix, options)
        if (given.size or 0) > MAX_IMPORT_BYTES:
            raise UserError(f"{name}: {given.size:,} bytes, more than the {MAX_IMPORT_BYTES:,} bytes an import reads")
        data = given.read()
        check_size(data, name)
        result = import_bytes(data, name, options, dry_run=True)
    except UserError as problem:
        return _refuse_field(request, _sentence(problem, name), shown, problem)
    try:
        kept = files.keep(data, name, options.application, options.role, options.mapping)
    except (UserError, OSError) as problem:
        return _refuse(request, f"The file cannot be kept for the confirmation: {say(problem)}", shown)
    mine = {t: e for t, e in request.session.get(SESSION_KEY, {}).items() if e > clock.epoch()}
    request.session[SESSION_KEY] = mine | {kept.token: kept.expires}
    context = _context(result=result, upload=kept, size=len(data))
    return page(request, "import_preview.html", context)


# The import form's fields, as a sentence names them ("A role goes with a .vcf file").
_LABELS = {Field.FOR_APPLICATION: "An application", Field.CONTACT_ROLE: "A role", Field.COLUMN_MAP: "A column mapping"}
_OFFERS = {Hint.NAME_THE_APPLICATION: "choose it under For the application"}


def _sentence(problem: Exception, name: str) -> str:
    """As common.say, with the form's labels; a message that starts with the file's name keeps its case."""
    text = say(problem, _LABELS, _OFFERS)
    return name + text[len(name) :] if name and text.lower().startswith(name.lower()) else text


def _take(request: HttpRequest) -> tuple[str, Any, bytes]:
    token = request.POST.get("token", "")
    mine = request.session.get(SESSION_KEY, {})
    if token not in mine:  # another browser's upload, an old page, or a made-up token
        raise UserError(files.EXPIRED)
    upload, data = files.take(token)
    return token, upload, data


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Import the bytes the preview read, all of them or nothing."""

    try:
        token, upload, data = _take(request)
    except UserError as problem:
        return _refuse(request, say(problem))
    options = ImportOptions(upload.application, upload.role, upload.mapping)
    try:
        result = import_bytes(data, upload.name, options, dry_run=False)
    except UserError as problem:  # the job search changed since the preview: still all or nothing
        return _refuse(request, f"{_sentence(problem, upload.name)} Nothing was imported.")
    files.forget(token)
    request.session[SESSION_KEY] = {t: e for t, e in request.session.get(SESSION_KEY, {}).items() if t != token}
    notify(request, " ".join(result.said))
    return after_post("/files/")


@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    mine = request.session.get(SESSION_KEY, {})
    if token in mine:
        files.forget(token)
        request.session[SESSION_KEY] = {t: e for t, e in mine.items() if t != token}
    notify(request, "Not imported: the file was put away.")
    return after_post("/files/")


@require_GET
def download(request: HttpRequest, what: str) -> HttpResponse:
    if what not in EXPORTS:
        raise Http404("no such export")
    kind, ending, _label = EXPORTS[what]
    if what == "json":
        data = files.job_search().encode("utf-8")
    elif what in ("ics", "todo"):
        data = files.calendar(todo=what == "todo")
    elif what == "vcf":
        data = files.contact_cards().encode("utf-8")
    else:
        data = files.tracker().encode("utf-8")
    response = HttpResponse(data, content_type=kind)
    day: dt.date = local_today()
    response["Content-Disposition"] = f'attachment; filename="followthrough-{day.isoformat()}{ending}"'
    response["Cache-Control"] = "no-store"
    return response
