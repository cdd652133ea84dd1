"""Errors beside their fields: what is wrong with a form, field by field (by the name the
form posts), and what is wrong with it as a whole. The pages show each next to its field,
mark the field invalid and point to the words (``aria-describedby``), and the first
invalid field takes the focus (templatetags/fields.py).

A form that answers with a redirect (snooze, reopen, days away) holds its problems in the
session for the next page, named by the form's action, so only that form shows them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from followthrough.services.errors import Refusal, RefusedField, UserError
from followthrough.web.refusals import sentence

HELD_KEY = "followthrough_problems"


class FieldProblem(UserError):
    """A page's own check of one of its fields (``name``, as the form posts it) failed."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@dataclass
class Problems:
    fields: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    form: str = ""  # the action of the form they belong to, when held over a redirect

    @property
    def first(self) -> str | None:
        """The first invalid field, in the form's order: it takes the focus."""
        return next(iter(self.fields), None)

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    def about(self, name: str) -> str:
        return " ".join(self.fields.get(name, []))


def of_form(form: Any, form_action: str = "") -> Problems:
    """A bound Django form's errors (including those a service added to a field)."""
    found = Problems(form=form_action)
    if not getattr(form, "is_bound", False):
        return found
    for name, errors in form.errors.items():
        texts = [sentence(str(e)) for e in errors]
        if name in form.fields:
            found.fields[name] = texts
        else:
            found.general.extend(texts)
    return found


def of_error(
    error: Exception, words: str, names: tuple[str, ...] = (), inputs: Mapping[str, str] | None = None
) -> Problems:
    """A service's error in the page's ``words``: beside its field when it is about one of
    ``names`` (the inputs the form has; ``inputs`` names an input the form calls otherwise
    than the field), else about the whole form."""
    about = error.field if isinstance(error, Refusal | RefusedField) else None
    name = (inputs or {}).get(about.value, about.value) if about is not None else ""
    if name and name in names:
        return Problems(fields={name: [words]})
    return Problems(general=[words])


def problems(source: Any) -> Problems:
    """Problems from what a view gave its template: Problems, a bound form, a sentence, or
    nothing."""
    if isinstance(source, Problems):
        return source
    if isinstance(source, str):
        return Problems(general=[source]) if source else Problems()
    if source is None or source == "":
        return Problems()
    if hasattr(source, "errors") and hasattr(source, "fields"):
        return of_form(source)
    return Problems()


def hold(request: HttpRequest, found: Problems) -> None:
    """Keep a form's problems for the page after the redirect (its action names the form)."""
    request.session[HELD_KEY] = {"fields": found.fields, "general": found.general, "form": found.form}


def holds(request: HttpRequest) -> bool:
    """Whether a form's problems wait for this page (a page drawn for them is not kept)."""
    return HELD_KEY in request.session


def take_held(request: HttpRequest) -> Problems:
    held = request.session.pop(HELD_KEY, None)
    if not isinstance(held, dict):
        return Problems()
    return Problems(dict(held.get("fields", {})), list(held.get("general", [])), str(held.get("form", "")))
