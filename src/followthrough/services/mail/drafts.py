"""Drafts for every step: the thank-you notes, call and voicemail scripts, the last-resort
e-mail, and the on-site checklist. Templates ship in the package; a file of the same name
in the user's config directory (``<config>/drafts/``) overrides each one, and a template
the user saved with their profile (the Settings page; services.mail.draft_templates)
overrides both."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
from pathlib import Path
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError

from followthrough.core.explain import follow_up_places, place
from followthrough.core.model import (
    Application,
    ApplicationStatus,
    Contact,
    ContactRole,
    Interview,
    Plan,
    Profile,
    Step,
    StepKind,
)
from followthrough.core.playbook import DEFAULT_PLAYBOOK, Playbook
from followthrough.core.records import Draft
from followthrough.services.errors import UserError
from followthrough.services.jobsearch.applications import get_application, step_location
from followthrough.services.jobsearch.planning import load_applications, plan_for, playbook_for
from followthrough.services.jobsearch.profile import (
    business_calendar,
    draft_templates,
    get_profile,
    profile_and_playbooks,
    today,
)
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import Step as StepRow

log = logging.getLogger(__name__)

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "drafts"
TEMPLATE_NAMES = (*(k.value for k in StepKind), "checklist")


def user_template_dir() -> Path:
    """Where a user's own templates go: ``drafts/`` in the platform's config directory."""
    import platformdirs

    return Path(platformdirs.user_config_dir("followthrough", appauthor=False)) / "drafts"


def files_stamp() -> tuple[tuple[str, int], ...]:
    """The config directory's own draft files and when each last changed: a page kept with
    drafts on it (services.pages.kept_pages) is kept under this too, so an edited file shows.
    Every file under it, by its path there: a draft may include any of them (a signature
    of its own, a folder of parts)."""
    root = user_template_dir()
    found = []
    for folder, _folders, names in os.walk(root):  # no such directory: nothing, the product's own wording
        for name in names:
            path = Path(folder) / name
            try:
                found.append((str(path.relative_to(root)), path.stat().st_mtime_ns))
            except OSError:  # gone meanwhile, or a broken link: nothing to include
                continue
    return tuple(sorted(found))


_CLOCK = re.compile(r"\{%\s*now\b")  # the template tag that writes the date and hour


def reads_clock(files: tuple[tuple[str, int], ...]) -> bool:
    """Whether a draft template in use writes the time ({% now %}): the user's saved ones
    or the config directory's (``files``: its :func:`files_stamp`). A page with drafts is
    then as of its drawing, and is not kept (services.pages.kept_pages)."""
    if any(_CLOCK.search(text) for text in own_templates().values()):
        return True
    return bool(files) and _files_read_clock(str(user_template_dir()), files)


@functools.lru_cache(maxsize=16)
def _files_read_clock(folder: str, files: tuple[tuple[str, int], ...]) -> bool:
    """Read once per state of the folder (the names and times in ``files``)."""
    for name, _changed in files:
        try:
            if _CLOCK.search((Path(folder) / name).read_text(encoding="utf-8", errors="replace")):
                return True
        except OSError:
            return True  # unreadable now: never keep on a guess
    return False


def _engine() -> Any:

    # Plain text: nothing to escape, and a missing value renders as nothing.
    return Engine(dirs=[str(user_template_dir()), str(PACKAGE_TEMPLATES)], autoescape=False, libraries={})


def file_source(name: str) -> tuple[str, Path]:
    """Template ``name`` as a file gives it: the user's own file in the config directory,
    else the product's; and that file's path."""
    for folder in (user_template_dir(), PACKAGE_TEMPLATES):
        path = folder / f"{name}.txt"
        try:
            return path.read_text(encoding="utf-8"), path
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"draft template {path}: cannot read it: {error}") from None
    raise UserError(f"no draft template {name}.txt (in {user_template_dir()} or the package)")


def render(name: str, context: dict[str, Any], own: dict[str, str] | None = None) -> tuple[str, str]:
    """The (subject, body) of template ``name`` filled with ``context``. ``own``: the
    user's templates saved with their profile (services.mail.draft_templates), by name; one
    there wins over the files.

    The first line, "Subject: ...", is rendered on its own: a line break inside a value
    (a role typed with one) stays in the subject, where sending refuses it, instead of
    silently spilling the rest of the subject into the body.
    """
    saved = (own_templates() if own is None else own).get(name)
    return render_text(name, saved if saved is not None else file_source(name)[0], context)


def render_text(name: str, source: str, context: dict[str, Any]) -> tuple[str, str]:
    """As :func:`render`, with the template's text given (a saved one, or one being edited)."""

    engine = _engine()
    try:
        source = source.replace("\r\n", "\n")
        subject_source, body_source = "", source
        first, _, rest = source.partition("\n")
        if first.lower().startswith("subject:"):
            subject_source, body_source = first.split(":", 1)[1], rest
        subject = engine.from_string(subject_source).render(Context(context, autoescape=False)).strip()
        body = engine.from_string(body_source).render(Context(context, autoescape=False))
    except TemplateSyntaxError as error:
        raise UserError(f"draft template {name}.txt: {str(error).splitlines()[0]}") from None
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    return subject, re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def own_templates() -> dict[str, str]:
    """The templates the user saved with their profile, by name (read with the profile)."""

    return {k: v for k, v in draft_templates().items() if isinstance(v, str)}


def long_date(day: dt.date | None) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}" if day else ""


# -- what a step is about ---------------------------------------------------------------


def _interview(app: Application, on: dt.date | None) -> Interview | None:
    """The interview of that date (the last recorded, when there were two that day)."""
    return next((e for e in reversed(app.events) if isinstance(e, Interview) and e.on == on), None)


def base_context(app: Application, profile: Profile, book: Playbook | None = None) -> dict[str, Any]:
    officer = next((c for c in app.contacts if c.role is ContactRole.HIRING_OFFICER), None)
    return {
        "application": app.id,
        "company": app.company,
        "role": app.role,
        "name": profile.name,
        "home_address": profile.home_address,
        "phone": profile.phone,
        "email": profile.email,
        "hiring_officer_name": officer.name if officer else "",
    } | playbook_words(book or DEFAULT_PLAYBOOK)


def playbook_words(book: Playbook) -> dict[str, Any]:
    """What the application's playbook has the user do, for the templates to say it: how
    they follow up ("by e-mail" on an e-mail playbook, never a promised phone call), how
    many times, and what they will have tried before moving on."""
    by_call = book.follow_up_by == "call" and book.follow_ups > 0
    one, many = ("call", "calls") if book.follow_up_by == "call" else ("follow-up e-mail", "follow-up e-mails")
    tried = [f"the {one if book.follow_ups == 1 else many}"] if book.follow_ups else []
    if book.last_email_months:
        tried.append("the last e-mail" if by_call else "the last-resort e-mail")
    return {
        "follow_up_by": book.follow_up_by if book.follow_ups else "email",
        "follow_ups": book.follow_ups,
        "follow_up_means": "with a phone call" if by_call else "by e-mail",
        "last_email": bool(book.last_email_months),
        "tried": " and ".join(tried),
    }


def draft_for(step_id: str, notes: str | None = None) -> Draft:
    """The draft for a step (its id, or at least 4 characters of it). ``notes``: something
    specific from the interview to mention, instead of the interview's recorded notes."""

    _slug, full_id = step_location(step_id)
    draft = drafts_for([full_id], notes)[full_id]
    if isinstance(draft, UserError):
        raise draft
    return draft


def drafts_for(
    step_ids: list[str], notes: str | None = None, owners: dict[str, str] | None = None
) -> dict[str, Draft | UserError]:
    """The drafts of several steps (full ids) at once, in a fixed number of queries: the
    Today page shows a few with every visit. A step whose draft cannot be made (a broken
    template of the user's) gets the error instead, and the reason is logged. ``owners``:
    the application of each step, when the caller knows them already (the agenda does)."""

    if not step_ids:
        return {}
    if owners is None:
        owners = dict(StepRow.objects.filter(id__in=step_ids).values_list("id", "application__slug"))
    profile, own = profile_and_playbooks()
    calendar = business_calendar(profile)
    applications = load_applications(set(owners.values()))
    books = (own, profile.playbook)
    plans = {slug: plan_for(app, calendar, books) for slug, app in applications.items()}
    moving_on = any(s.kind is StepKind.MOVE_ON for plan in plans.values() for s in plan.steps if s.id in owners)
    active = _active_count() if moving_on else 0
    own_texts = own_templates()
    drafts: dict[str, Draft | UserError] = {}
    for step_id in step_ids:
        slug = owners.get(step_id)
        if slug is None:
            drafts[step_id] = UserError(f"no step {step_id!r}")
            continue
        step = next((s for s in plans[slug].steps if s.id == step_id), None)
        if step is None:
            drafts[step_id] = UserError(f"no step {step_id!r}")
            continue
        try:
            book = playbook_for(applications[slug], books)
            context = draft_context(applications[slug], plans[slug], step, profile, active, notes, book)
            drafts[step_id] = _draft(applications[slug], step, context, own_texts)
        except UserError as error:
            log.warning("no draft for step %s of %s: %s", step_id, slug, error)
            drafts[step_id] = error
    return drafts


_TO_HIRING_OFFICER = (StepKind.CALL_HIRING_OFFICER, StepKind.EMAIL_FOLLOW_UP, StepKind.EMAIL_HIRING_OFFICER)


def _contact(app: Application, step: Step) -> Contact | None:
    contact = app.contact(step.contact)
    if contact is None and step.kind in _TO_HIRING_OFFICER:
        contact = next((c for c in app.contacts if c.role is ContactRole.HIRING_OFFICER), None)
    return contact


def _draft(app: Application, step: Step, context: dict[str, Any], own: dict[str, str] | None = None) -> Draft:
    contact = _contact(app, step)
    subject, body = render(step.kind.value, context, own)
    return Draft(step.kind.value, contact.name if contact else None, contact.email if contact else None, subject, body)


def draft_context(
    app: Application,
    plan: Plan,
    step: Step,
    profile: Profile,
    active: int,
    notes: str | None = None,
    book: Playbook | None = None,
) -> dict[str, Any]:
    """What a step's template is filled with."""
    contact = _contact(app, step)
    # The planner's own phases: what opened each, the interview it follows, T.
    phase = plan.phases[step.phase] if step.phase < len(plan.phases) else None
    interview = _interview(app, phase.interview_on) if phase else None
    notes = (notes or (interview.notes if interview else None) or "").strip()
    if notes and notes[-1] not in ".!?":
        notes += "."
    context = base_context(app, profile, book) | {
        "contact_name": contact.name if contact else "hiring manager",
        "contact_first_name": contact.name.split()[0] if contact and contact.name.split() else "there",
        # How the draft greets them: their salutation ("Dr. Lee"), else their first name.
        "contact_salutation": contact.greeting if contact else "",
        "contact_title": (contact.title or "") if contact else "",
        "contact_phone": (contact.phone or "") if contact else "",
        "interview_date": long_date(interview.on if interview else None),
        "interview_time": interview.at.strftime("%H:%M") if interview and interview.at else "",
        "promised_date": long_date(phase.promised if phase else None),
        "notes": notes or "",
        "due": long_date(step.due),
        # The others still open: this one closes when the user moves on.
        "active_count": active - (plan.status == ApplicationStatus.OPEN) if step.kind is StepKind.MOVE_ON else 0,
    }
    # Which follow-up this is ("n of N"): the first and the later ones read differently.
    n, of = follow_up_places(plan, book or DEFAULT_PLAYBOOK).get(step.id, (0, 0))
    context |= {"follow_up_number": n, "follow_up_count": of, "follow_up_place": place(step.kind, n, of) if n else ""}
    return context


def _active_count() -> int:
    return ApplicationRow.objects.filter(status=ApplicationStatus.OPEN).count()


def checklist_text(application_slug: str) -> str:
    """The on-site checklist for the application's next (or latest) interview, printable."""

    app = get_application(application_slug)
    _subject, body = render("checklist", checklist_context(app, get_profile()))
    return body


def checklist_context(app: Application, profile: Profile, book: Playbook | None = None) -> dict[str, Any]:
    """The checklist says what the application's playbook will do: on an e-mail playbook
    the user tells them they will follow up by e-mail."""
    book = book or playbook_for(app)
    interviews = sorted((e for e in app.events if isinstance(e, Interview)), key=lambda e: e.on)
    now = today(profile)
    upcoming = [i for i in interviews if i.on >= now]
    interview = upcoming[0] if upcoming else (interviews[-1] if interviews else None)
    return base_context(app, profile, book) | {
        "interview_date": long_date(interview.on if interview else None),
        "interview_time": interview.at.strftime("%H:%M") if interview and interview.at else "",
    }
