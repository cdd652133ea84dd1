"""A business card from a photo: read it, and show the fields for the user to check."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from followthrough.core.model import CardReading, ContactRole
from followthrough.interop.card_photo import MAX_PHOTO_BYTES, PhotoProblem, read_photo
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import company_note
from followthrough.web.common import load_application, say
from followthrough.web.forms import ContactForm
from followthrough.web.views_applications import render_application


def read_uploaded_card(request: HttpRequest, field: str) -> CardReading:
    """The card in the uploaded photo ``field``: a UserError (one line) when there is none,
    it is not an image, too large, or shows no text."""

    upload = request.FILES.get(field)
    if upload is None or not upload.size:
        raise UserError("choose a photo of the card first")
    if upload.size > MAX_PHOTO_BYTES:
        raise UserError(f"the photo is too large (at most {MAX_PHOTO_BYTES // 1_000_000} MB)")
    try:
        return read_photo(upload.read())
    except PhotoProblem as problem:
        raise UserError(str(problem)) from None


def card_note(reading: CardReading, company: str) -> str:
    note = company_note(company, reading.company)
    missing = [
        label
        for label, value in (("name", reading.name), ("phone", reading.phone), ("e-mail", reading.email))
        if not value
    ]
    text = "Read from the photo: check each field, then save."
    if missing:
        text += f" Not found: {', '.join(missing)}."
    if note:
        text += f" Note: {say(UserError(note))}"
    return text


@require_POST
def read_card(request: HttpRequest, slug: str) -> HttpResponse:
    """The application page with “Add a person” filled in from the card (nothing saved)."""

    app, plan = load_application(slug)
    try:
        reading = read_uploaded_card(request, "photo")
    except UserError as problem:
        return render_application(request, app, plan, 400, errors=say(problem))
    has_officer = any(c.role is ContactRole.HIRING_OFFICER for c in app.contacts)
    initial: dict[str, Any] = {
        "name": reading.name or "",
        "title": reading.title or "",
        "phone": reading.phone or "",
        "email": reading.email or "",
        "role": (ContactRole.INTERVIEWER if has_officer else ContactRole.HIRING_OFFICER).value,
    }
    return render_application(
        request, app, plan, 200, contact_form=ContactForm(initial=initial), card_note=card_note(reading, app.company)
    )
