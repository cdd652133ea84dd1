"""Recording a job search: applications, contacts and what happened."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Min, Q

from followthrough.core import codec, job
from followthrough.core.job import Job
from followthrough.core.model import (
    Application,
    ApplicationStatus,
    Contact,
    ContactRole,
    Debrief,
    Event,
    Interview,
    Plan,
    Reopened,
    Response,
    ResponseOutcome,
    Step,
    StepDone,
    StepSkipped,
    StepSnoozed,
    StepStatus,
)
from followthrough.core.naming import slugify
from followthrough.services.corrections.journal_entries import keep
from followthrough.services.errors import Field, Hint, Refusal, UserError
from followthrough.services.jobsearch.changes import changing
from followthrough.services.jobsearch.checks import check_email, check_not_after_today, check_not_far_ahead, check_phone
from followthrough.services.jobsearch.duplicates import check_new_application, check_new_person
from followthrough.services.jobsearch.planning import plan_for, to_domain
from followthrough.services.jobsearch.playbooks import choose
from followthrough.services.jobsearch.profile import today
from followthrough.services.pages.applications_board import with_tag
from followthrough.store.models import Application as ApplicationRow
from followthrough.store.models import Contact as ContactRow
from followthrough.store.models import Step as StepRow

if TYPE_CHECKING:
    from followthrough.services.jobsearch.changes import Change


@dataclass(frozen=True)
class ApplicationSummary:
    id: str
    company: str
    role: str
    status: str
    outcome: str | None
    applied_on: dt.date | None
    next_due: dt.date | None
    job: Job = field(default_factory=Job)


def make_id(text: str) -> str:
    """An id (or a contact's key) made from words: slugified, short enough for the id rule
    even with a "-2" added to tell it from another."""
    return slugify(text)[:60].strip("-") or "application"


def application_row(slug: str, lock: bool = False) -> Any:
    rows = ApplicationRow.objects.select_for_update() if lock else ApplicationRow.objects
    row = rows.filter(slug=slug).first()
    if row is None:
        known = list(ApplicationRow.objects.order_by("-id").values_list("slug", flat=True)[:5])
        if not known:
            raise Refusal(f"no application {slug!r}", hint=Hint.ADD_APPLICATION)
        raise UserError(f"no application {slug!r} (recent: {', '.join(known)})")
    return row


def job_with(current: Job, **fields: Any) -> Job:
    """``current`` with the job's fields given (None: as it is; "" or []: cleared), checked
    as every door checks them; a fault is one line naming the field (``url``)."""
    try:
        return job.changed(current, **fields)
    except codec.InvalidData as error:
        name = error.path.split("[")[0].split(".")[-1]
        raise Refusal(error.message, Field(name), fields.get(name), reason_quotes_value=True) from None


def add_application(
    company: str,
    role: str,
    slug: str | None = None,
    applied_on: dt.date | None = None,
    playbook: str | None = None,
    anyway: bool = False,
    **job_fields: Any,
) -> str:
    """Record an application (on ``playbook``, by name; None: the user's default), with
    the job's fields (core.job.FIELDS: url, location, salary, notes, tags, priority, stage).

    The same company and role already open is refused (AlreadyOpen, naming it) unless
    ``anyway``: the user adds a second one on purpose."""

    if not company.strip() or not role.strip():
        raise UserError("company and role must not be empty")
    check_one_line(company=company, role=role, id=slug)
    if applied_on is not None:
        try:
            codec.check_date(applied_on, Field.APPLIED_ON)
        except codec.InvalidData as error:
            raise Refusal(error.message, Field.APPLIED_ON, applied_on) from None
    check_not_after_today(applied_on, today())
    the_job = job_with(Job(), **job_fields)
    with transaction.atomic():
        if slug:
            try:
                codec.check_id(slug, Field.APPLICATION_ID)
            except codec.InvalidData as error:
                raise Refusal(f"{error.message}, e.g. {make_id(slug)!r}", Field.APPLICATION_ID, slug) from None
            if ApplicationRow.objects.filter(slug=slug).exists():
                raise Refusal(
                    "an application with that id already exists", Field.APPLICATION_ID, slug, Hint.CHOOSE_ANOTHER_ID
                )
        else:
            base = make_id(f"{company} {role}")
            slug, n = base, 2
            while ApplicationRow.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
        if not anyway:
            check_new_application(company, role)
        if playbook is not None:
            choose(playbook)  # unknown or broken: refused before anything is written
        ApplicationRow.objects.create(
            slug=slug,
            company=company.strip(),
            role=role.strip(),
            applied_on=applied_on,
            extra={"playbook": playbook} if playbook else {},
            **job.columns(the_job),
        )
    return slug


def check_one_line(**fields: str | None) -> None:
    """Refuse line breaks and control characters in one-line fields, naming the field."""
    for name, value in fields.items():
        if value is not None:
            field = _PLAIN_FIELDS.get(name) or Field(name)
            try:
                codec.check_text(value, field)
            except codec.InvalidData as error:
                raise Refusal(error.message, field, value) from None


# The one-line fields' names in check_one_line's calls, where they differ from the domain's.
_PLAIN_FIELDS = {"id": Field.APPLICATION_ID, "name": Field.CONTACT_NAME, "key": Field.CONTACT_KEY}


def list_applications(status: str | None = None, tag: str | None = None) -> list[ApplicationSummary]:
    rows: Any = ApplicationRow.objects.annotate(next_due=Min("steps__due", filter=Q(steps__status=StepStatus.PENDING)))
    if status:
        rows = rows.filter(status=status)
    if tag:
        rows = with_tag(rows, tag)
    return [
        ApplicationSummary(
            r.slug, r.company, r.role, r.status, r.outcome, r.applied_on, r.next_due, job.from_columns(r)
        )
        for r in rows.order_by("id")
    ]


def get_application(slug: str) -> Application:
    return to_domain(application_row(slug))


def get_plan(slug: str) -> Plan:
    return plan_for(get_application(slug))


def get_application_and_plan(slug: str) -> tuple[Application, Plan]:
    application = get_application(slug)
    return application, plan_for(application)


def add_contact(
    slug: str,
    name: str,
    role: ContactRole,
    key: str | None = None,
    title: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    relation: str | None = None,
    replace: bool = False,
    salutation: str | None = None,
    anyway: bool = False,
    apart: bool = False,
) -> str:
    """Add a person; ``replace``: they take over as hiring officer from the one on file,
    who stays as an interviewer (an application has one hiring officer). An e-mail address
    or phone number already on another open application is refused (AlreadyOpen, naming
    it) unless ``anyway``: then they are one person to call with the one there, or, with
    ``apart``, a person of their own (a person key of their own, core.together)."""

    if not name.strip():
        raise Refusal("must not be empty", Field.CONTACT_NAME)
    salutation = (salutation or "").strip() or None  # None: the drafts greet them by their first name
    check_one_line(name=name, key=key, title=title, phone=phone, email=email, relation=relation, salutation=salutation)
    if key is not None and len(key) > codec.MAX_KEY:
        raise Refusal(f"longer than {codec.MAX_KEY} characters", Field.CONTACT_KEY)
    check_email(email)
    with changing(slug) as change:
        check_phone(phone, change.profile.country)
        if not anyway:
            check_new_person(slug, email, phone, change.profile.country)
        if role is ContactRole.HIRING_OFFICER:
            one_hiring_officer(change, replace)
        taken = {c.key for c in change.application.contacts}
        if key:
            if key in taken:
                raise Refusal(f"{slug} already has a contact with that key", Field.CONTACT_KEY, key, application=slug)
        else:
            base = make_id(name.split()[0]) if name.split() else "contact"
            key, n = base, 2
            while key in taken:
                key, n = f"{base}{n}", n + 1
        ContactRow.objects.create(
            application=change.row,
            key=key,
            name=name.strip(),
            role=role.value,
            title=title,
            phone=phone,
            email=email,
            relation=relation,
            salutation=salutation,
            person=uuid.uuid4().hex[:12] if apart else None,
            position=len(taken),
        )
        change.contacts_changed()
    return key


def one_hiring_officer(change: Change, replace: bool, keeping: str | None = None) -> None:
    """Before someone becomes the hiring officer: refuse while another one is on file, or
    (``replace``) make that one an interviewer. ``keeping``: the key of who becomes it."""

    current = [c for c in change.application.contacts if c.role is ContactRole.HIRING_OFFICER and c.key != keeping]
    if not current:
        return
    if not replace:
        who = ", ".join(f"{c.name} ({c.key})" for c in current)
        raise Refusal(
            f"already has a hiring officer: {who}",
            Field.HIRING_OFFICER,
            hint=Hint.REPLACE_HIRING_OFFICER,
            application=change.application.id,
            company=change.application.company,
        )

    for officer in current:  # the journal keeps who they were
        before = codec.contact_to_dict(officer)
        keep(
            change.application.id, "contact", "edited", before, key=officer.key, after=before | {"role": "interviewer"}
        )
    ContactRow.objects.filter(application=change.row, key__in=[c.key for c in current]).update(
        role=ContactRole.INTERVIEWER.value
    )


class ApplicationClosed(Refusal):
    """The application is closed: what was asked needs it open (or another decision, replacing its own)."""


def _closed(plan: Plan) -> str:
    return f"is closed ({(plan.outcome or 'closed').replace('_', ' ')})"


def check_not_closed(application: Any, plan: Plan) -> None:
    """The one refusal of a change a closed application would silently ignore (an event,
    settling or snoozing a step): it is to be reopened first. ``application`` is the
    stored application (its id and company name the refusal)."""
    if plan.status == ApplicationStatus.CLOSED:
        raise ApplicationClosed(
            _closed(plan),
            Field.APPLICATION,
            application.id,
            Hint.REOPEN_APPLICATION,
            application=application.id,
            company=application.company,
        )


def check_open_for(change: Change, event: Event, replace: bool = False) -> None:
    """Refuse what a closed application would silently ignore; a decision that differs
    from the one it closed with needs ``replace``."""

    if isinstance(event, Interview | Debrief):
        check_not_far_ahead(event.on, change.today, f"{codec.event_type(event)} dated")
    plan = change.plan
    if isinstance(event, Reopened) and plan.status != ApplicationStatus.CLOSED:
        raise Refusal(
            "is open: nothing to reopen", Field.APPLICATION, change.application.id, company=change.application.company
        )
    if plan.status != ApplicationStatus.CLOSED:
        return
    app = change.application
    if isinstance(event, Response) and event.outcome is not ResponseOutcome.NOT_DECIDED:
        if event.outcome.value == plan.outcome or replace:
            return
        raise ApplicationClosed(
            _closed(plan),
            Field.APPLICATION,
            app.id,
            Hint.REPLACE_DECISION,
            application=app.id,
            company=app.company,
            outcome=event.outcome.value,
        )
    if isinstance(event, Interview | Debrief | Response | StepDone | StepSkipped | StepSnoozed):
        check_not_closed(app, plan)


def record_event(slug: str, event: Event, replace: bool = False) -> Plan:
    """Store what happened and re-plan, in one transaction. A closed application takes
    only a decision (another one with ``replace``)."""

    with changing(slug) as change:
        check_open_for(change, event, replace)
        return change.record(event)


class StepNotFound(Refusal):
    """No step of the plan has that id (any more): mistyped, or the plan changed since the
    page was shown."""


STEP_ID_LENGTH = 12  # the planner's ids; the command line accepts a prefix of 4 or more


def step_location(step_id: str) -> tuple[str, str]:
    """The application and the full id of the step a (possibly shortened) id names: one query."""

    if len(step_id) < 4:
        raise UserError(f"step {step_id!r}: give at least 4 characters of its id")
    if not step_id.isascii() or not step_id.isalnum() or len(step_id) > 32:  # ids are hex: never a NUL to a driver
        raise StepNotFound(f"no step {step_id[:40]!r}", hint=Hint.SEE_AGENDA)
    # A range on the primary key, not LIKE: SQLite's LIKE cannot use the index.
    rows = StepRow.objects.values_list("id", "application__slug")
    matches = list(rows.filter(pk=step_id)) or list(rows.filter(id__gte=step_id, id__lt=step_id + "\uffff")[:2])
    if not matches:
        raise StepNotFound(f"no step {step_id!r}", hint=Hint.SEE_AGENDA)
    if len(matches) > 1:
        raise UserError(f"step {step_id!r} is ambiguous: give more of its id")
    full_id, slug = matches[0]
    return slug, full_id


def step_to_change(step_id: str) -> tuple[str, dict[str, str]]:
    """The full id of the step ``step_id`` names, and how to lock it for a change
    (services.jobsearch.changes.changing): a whole id (the web's) locks its application
    straight away; a shortened one is looked up first."""
    if len(step_id) == STEP_ID_LENGTH:
        return step_id, {"step": step_id}
    slug, full_id = step_location(step_id)
    return full_id, {"slug": slug}


def find_step(step_id: str) -> tuple[str, Step]:
    """The application and step a (possibly shortened) step id names."""
    slug, full_id = step_location(step_id)
    step = next(s for s in get_plan(slug).steps if s.id == full_id)
    return slug, step


def contact_for(app: Application, key: str | None) -> Contact | None:
    return app.contact(key)
