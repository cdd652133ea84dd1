"""Who is the same person, on the application page: "Same person as…" links a contact
with one of another open application (one card for their calls), "Not the same person"
makes a contact someone of their own."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from followthrough.services.corrections import journal_mark, link_contacts, unlink_contact
from followthrough.services.errors import UserError
from followthrough.web.common import after_post, load_application, notify, say
from followthrough.web.undoing import offer_kept


def _people(slug: str) -> str:
    return f"/applications/{slug}/#contacts-title"


@require_POST
def link_contact(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    load_application(slug)  # another's application, or none: the page's 404
    other_slug, _, other_key = request.POST.get("with", "").rpartition(":")
    try:
        if not other_slug or not other_key:
            raise UserError("choose the person they are the same as")
        linked = link_contacts(slug, key, other_slug, other_key)
    except UserError as problem:
        notify(request, say(problem), "error")
        return after_post(_people(slug))
    (_, _, name), (there, _, other) = linked.first, linked.second
    notify(request, f"{name} and {other} of {there} are one person to call now: one card for their calls.")
    return after_post(_people(slug))


@require_POST
def unlink_contact_view(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    load_application(slug)  # another's application, or none: the page's 404
    mark = journal_mark()
    try:
        name = unlink_contact(slug, key)
    except UserError as problem:
        notify(request, say(problem), "error")
        return after_post(_people(slug))
    notify(request, f"{name} is a person of their own now: their calls get cards of their own.")
    offer_kept(request, mark, slug, f"saying {name} is not the same person", _people(slug))
    return after_post(_people(slug))
