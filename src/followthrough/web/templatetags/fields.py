"""Template tags that put a form's errors beside their fields (followthrough.web.field_errors):

    <input id="c_email" name="email"{% invalid contact_form "email" "c_email" %}>
    {% field_error contact_form "email" "c_email" %}

``invalid`` marks the field (``aria-invalid``, ``aria-describedby`` to the words, which may
name other descriptions with ``also``) and gives the first invalid field ``autofocus``;
``field_error`` is the words; ``form_alert`` what is wrong with the form as a whole. A
problem held over a redirect is shown only by the form whose action is ``form``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from followthrough.web.field_errors import Problems, problems

register = template.Library()


def _for(source: Any, form: str) -> Problems:
    found = problems(source)
    if form and found.form and found.form != form:
        return Problems()
    return found


@register.simple_tag
def invalid(source: Any, name: str, id: str, also: str = "", form: str = "") -> SafeString:
    found = _for(source, form)
    if not found.about(name):
        return format_html(' aria-describedby="{}"', also) if also else mark_safe("")
    described = f"{id}-error {also}".strip()
    focus = " autofocus" if found.first == name else ""
    return format_html(' aria-invalid="true" aria-describedby="{}"{}', described, mark_safe(focus))


@register.simple_tag
def field_error(source: Any, name: str, id: str, form: str = "") -> SafeString:
    text = _for(source, form).about(name)
    if not text:
        return mark_safe("")
    return format_html('<p class="field-error" id="{}-error">{}</p>', id, text)


@register.simple_tag
def form_alert(source: Any, form: str = "", extra: str = "") -> SafeString:
    found = _for(source, form)
    if not found.general:
        return mark_safe("")
    lines = format_html_join(" ", "{}", ((t,) for t in found.general))
    return format_html('<p class="error" role="alert">{}{}</p>', lines, extra)
