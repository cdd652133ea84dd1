"""The user's own wording of the drafts, kept with their profile in the database.

One source of truth for the CLI and the web: ``followthrough draft`` and the Today page
render through services.mail.drafts, which reads the saved templates first, then a file of
the same name in the config directory (``<config>/drafts/NAME.txt``, as before), then the
product's own. Saved in the profile row (``draft_templates``), each user of a shared
server has their own, and a page that shows drafts reads them with the profile.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError

from followthrough.core.model import ApplicationStatus, StepStatus
from followthrough.core.playbook import DEFAULT_PLAYBOOK
from followthrough.services.errors import UserError
from followthrough.services.files.file_import import application_choices
from followthrough.services.jobsearch import profile as reading
from followthrough.services.jobsearch.applications import get_application_and_plan
from followthrough.services.jobsearch.planning import playbook_for
from followthrough.services.jobsearch.profile import profile_and_playbooks
from followthrough.services.jobsearch.profile_edit import save_profile
from followthrough.services.mail.drafts import (
    PACKAGE_TEMPLATES,
    TEMPLATE_NAMES,
    base_context,
    checklist_context,
    draft_context,
    file_source,
    long_date,
    playbook_words,
    render_text,
)
from followthrough.services.mail.drafts import own_templates as saved
from followthrough.store.models import Application as Row

log = logging.getLogger(__name__)

TITLES = {
    "thank_you_note": "Thank-you note",
    "call_hiring_officer": "Call to the hiring officer",
    "email_follow_up": "Follow-up e-mail",
    "call_inside_contact": "Call to an inside contact",
    "email_hiring_officer": "Last-resort e-mail",
    "move_on": "Moving on",
    "checklist": "On-site checklist",
}
MAX_CHARS = 20_000


@dataclass(frozen=True)
class DraftTemplate:
    name: str
    title: str
    text: str
    source: str  # "saved" (with the profile), "file" (the config directory's) or "default"
    path: str  # the file that applies when nothing is saved


@dataclass(frozen=True)
class Preview:
    subject: str
    body: str
    about: str  # what it was filled with, in words


def names() -> tuple[str, ...]:
    return TEMPLATE_NAMES


def _check_name(name: str) -> None:
    if name not in names():
        raise UserError(f"no draft template {name!r}: one of {', '.join(names())}")


def own_templates() -> dict[str, str]:
    """The templates the user saved, by name (one query)."""

    return saved()


def template(name: str) -> DraftTemplate:
    """Template ``name`` as it applies now, and where it comes from."""

    _check_name(name)
    text, path = file_source(name)
    saved = own_templates().get(name)
    source = "saved" if saved is not None else ("default" if path.parent == PACKAGE_TEMPLATES else "file")
    return DraftTemplate(name, TITLES.get(name, name), saved if saved is not None else text, source, str(path))


def templates() -> list[DraftTemplate]:
    return [template(name) for name in names()]


def default_text(name: str) -> str:
    """The product's own wording (what "reset" returns to when there is no file)."""

    _check_name(name)
    return (PACKAGE_TEMPLATES / f"{name}.txt").read_text(encoding="utf-8")


def check(name: str, text: str) -> None:
    """A UserError naming the fault (and its line) when ``text`` would not make a draft."""

    _check_name(name)
    if not text.strip():
        raise UserError(f"draft template {name}.txt: empty: use Reset to go back to the default")
    if len(text) > MAX_CHARS:
        raise UserError(f"draft template {name}.txt: {len(text):,} characters, more than {MAX_CHARS:,}")
    if "\x00" in text:
        raise UserError(f"draft template {name}.txt: contains a NUL character")
    engine = Engine(debug=True, autoescape=False, libraries={})  # debug: the line of a fault
    try:
        engine.from_string(text.replace("\r\n", "\n")).render(Context(_sample(name), autoescape=False))
    except TemplateSyntaxError as error:
        info = getattr(error, "template_debug", None)
        where = f" line {info['line']}:" if info else ""
        raise UserError(f"draft template {name}.txt:{where} {str(error).splitlines()[0]}") from None
    except Exception as error:  # a tag that fails when filled ({% include %} of no file, say)
        raise UserError(f"draft template {name}.txt: {str(error).splitlines()[0] or type(error).__name__}") from None


def save(name: str, text: str) -> DraftTemplate:
    """Keep ``text`` as the user's template ``name`` (checked first; one transaction)."""
    text = text.replace("\r\n", "\n")
    check(name, text)
    _change(name, text)
    log.info("draft template %s saved (%d characters)", name, len(text))
    return template(name)


def reset(name: str) -> DraftTemplate:
    """Forget the saved template ``name``: the config directory's file or the product's
    own applies again."""
    _check_name(name)
    _change(name, None)
    return template(name)


def _change(name: str, text: str | None) -> None:
    """Set (or, with None, forget) one template in the profile row: one transaction, the
    row locked, so two tabs saving two templates keep both."""

    with transaction.atomic():
        reading.lock_profile()
        row = reading.profile_row()
        if row is None:
            if text is None:
                return
            save_profile(reading.get_profile())
            row = reading.profile_row()
        saved = dict(row.draft_templates or {})
        if text is None:
            saved.pop(name, None)
        else:
            saved[name] = text
        row.draft_templates = saved
        row.save(update_fields=["draft_templates"])
        reading.lock_profile()  # forget the copy read before the change


def preview(name: str, text: str, application: str | None = None) -> Preview:
    """``text`` filled as the real draft would be: for one of the application's steps of
    that kind when it has one (else its details with a sample contact), or a sample."""

    check(name, text)
    context, about = _context_for(name, application)
    subject, body = render_text(name, text, context)
    return Preview(subject, body, about)


def applications() -> list[tuple[str, str]]:
    """(id, "Company, role") of the applications to preview with, open ones first."""

    return application_choices()


def _context_for(name: str, application: str | None) -> tuple[dict[str, Any], str]:
    profile, own = profile_and_playbooks()
    if not application:
        return _sample(name, profile), "a sample application (Acme Corp, Data Analyst, with Ann Lee)"
    app, plan = get_application_and_plan(application)
    book = playbook_for(app, (own, profile.playbook))
    if name == "checklist":
        return checklist_context(app, profile, book), f"{app.company}, {app.role}"
    steps = [s for s in plan.steps if s.kind.value == name]
    step = next((s for s in steps if s.status is StepStatus.PENDING), steps[-1] if steps else None)
    if step is None:
        sample = _sample(name, profile) | base_context(app, profile, book)
        return sample, f"{app.company}, {app.role} (it has no such step yet: a sample contact)"
    context = draft_context(app, plan, step, profile, _open_count(), None, book)
    return context, f"{app.company}, {app.role}: the step due {step.due:%a %d %b %Y}"


def _open_count() -> int:
    return Row.objects.filter(status=ApplicationStatus.OPEN.value).count()


def _sample(name: str, profile: Any = None) -> dict[str, Any]:
    """What a template is filled with when no real step fits: every name a template may use."""

    day = dt.date(2026, 11, 3)
    me = profile
    return {
        "application": "acme-analyst",
        "company": "Acme Corp",
        "role": "Data Analyst",
        "name": (me.name if me else "") or "Your Name",
        "home_address": (me.home_address if me else "") or "1 Main Street, Springfield",
        "phone": (me.phone if me else "") or "555-0100",
        "email": (me.email if me else "") or "you@example.org",
        "hiring_officer_name": "Ann Lee",
        "contact_name": "Ann Lee",
        "contact_first_name": "Ann",
        "contact_salutation": "Ann",
        "contact_title": "Head of Analytics",
        "contact_phone": "555-0123",
        "interview_date": long_date(day),
        "interview_time": "14:00",
        "promised_date": long_date(day + dt.timedelta(days=14)),
        "notes": "The new reporting pipeline you are building.",
        "due": long_date(day + dt.timedelta(days=15)),
        "active_count": 4,
        "follow_up_number": 1,
        "follow_up_count": 3,
        "follow_up_place": "first of three calls",
    } | playbook_words(DEFAULT_PLAYBOOK)
