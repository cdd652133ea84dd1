"""The job search at rest. Events are the truth; steps are the planner's output, kept so
the agenda, reminders and calendars can read them without planning again.

Every status, role, kind and outcome column holds one of a fixed set of words, the
core's where the core has them; a check constraint keeps the database to them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from followthrough.core import model as core
from followthrough.core.job import PRIORITIES, Stage
from followthrough.core.model import CLOSING_OUTCOMES, ContactRole, StepKind, StepStatus
from followthrough.core.roles import MemberRole
from followthrough.store.fields import Stamp
from followthrough.store.owners import OwnedManager, OwnedThroughApplication, acting_owner_id


def _choices(name: str, values: list[str]) -> type[models.TextChoices]:
    # The functional API, so the core's enums stay the one list of these words.
    made: type[models.TextChoices] = models.TextChoices(name, [(v.upper(), v) for v in values])  # type: ignore[call-overload]
    return made


Roles = _choices("Roles", [r.value for r in ContactRole])
Kinds = _choices("Kinds", [k.value for k in StepKind])
StepStatuses = _choices("StepStatuses", [s.value for s in StepStatus])
Outcomes = _choices("Outcomes", sorted(CLOSING_OUTCOMES))


ApplicationStatus = _choices("ApplicationStatus", [s.value for s in core.ApplicationStatus])
Stages = _choices("Stages", [s.value for s in Stage])


def _one_of(
    field: str, choices: type[models.TextChoices], table: str, nullable: bool = False
) -> models.CheckConstraint:
    condition = Q(**{f"{field}__in": choices.values})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"{table}_{field}_known")


class User(AbstractUser):
    """Someone who signs in to a shared server (a job seeker, a coach, an administrator),
    or the one implicit owner of a local job search. Our own model from the start, as
    Django advises, so accounts can grow without a painful swap later."""

    class Meta:
        db_table = "ft_user"


def _owner(
    related_name: str, unique: bool = False, indexed: bool = True, checked: bool = True
) -> models.ForeignKey[User, User]:
    """Whose row it is; a new row is the acting owner's (the scope's). ``indexed=False``:
    no index of its own (a table whose queries all find rows another way); ``checked=False``:
    no database constraint (Django still deletes the rows with their owner)."""
    field = models.OneToOneField if unique else models.ForeignKey
    made: models.ForeignKey[User, User] = field(
        User,
        on_delete=models.CASCADE,
        related_name=related_name,
        default=acting_owner_id,
        db_index=indexed,
        db_constraint=checked,
    )
    return made


class Profile(models.Model):
    """The job seeker: one row per owner."""

    owner = _owner("profile", unique=True)
    name = models.TextField(blank=True, default="")
    home_address = models.TextField(blank=True, default="")
    phone = models.TextField(blank=True, default="")
    email = models.TextField(blank=True, default="")
    timezone = models.CharField(max_length=64, default="UTC")
    country = models.CharField(max_length=8, null=True, blank=True)
    extra = models.JSONField(default=dict)
    # Outgoing and incoming mail. Passwords are never stored here: they come from the
    # system keyring or the environment (see followthrough.services.mail.secrets).
    smtp_host = models.CharField(max_length=255, blank=True, default="")
    smtp_port = models.PositiveIntegerField(null=True, blank=True)
    smtp_security = models.CharField(max_length=16, default="starttls")  # starttls | ssl | none
    smtp_user = models.CharField(max_length=255, blank=True, default="")
    imap_host = models.CharField(max_length=255, blank=True, default="")
    imap_port = models.PositiveIntegerField(null=True, blank=True)
    imap_security = models.CharField(max_length=16, default="ssl")  # ssl | starttls | none
    imap_user = models.CharField(max_length=255, blank=True, default="")
    digest_time = models.TimeField(null=True, blank=True)  # local wall-clock time of the daily digest
    # The country's public holidays for a span of years, computed once (see
    # core.calendar.HolidayTable): {"country", "first_year", "last_year", "days", "names", "source"}.
    holidays = models.JSONField(null=True, blank=True)
    # How promised timeframes the grammar does not know were read (services.fastpath.promises):
    # {"phrase\x1fYYYY-MM-DD": "YYYY-MM-DD" or null}.
    readings = models.JSONField(default=dict, blank=True)
    # The secret part of the calendar feed's address (services.files.calendar_feed): a capability
    # URL a calendar program holds, shown again on request, so kept as is; "" when off.
    calendar_token = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # The port 'followthrough serve' was last told to use, so the feed's address stays put.
    serve_port = models.PositiveIntegerField(null=True, blank=True)
    # The user's own wording of the drafts, {"thank_you_note": "Subject: …"}: it wins over
    # a file in the config directory and the product's own (services.mail.draft_templates).
    # In this row, each user has their own, read with the profile at no extra query.
    draft_templates = models.JSONField(default=dict, blank=True)

    objects = OwnedManager()

    class Meta:
        db_table = "ft_profile"


class Application(models.Model):
    owner = _owner("applications")
    slug = models.CharField(max_length=200)  # the application's id, unique within its owner's
    company = models.TextField()
    role = models.TextField()
    applied_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=core.ApplicationStatus.OPEN.value
    )
    outcome = models.CharField(max_length=32, choices=Outcomes.choices, null=True, blank=True)
    extra = models.JSONField(default=dict)
    domains = models.JSONField(default=list)  # the company's mail domains, for the reply watcher
    # The job itself (core.job): checked there, by every door.
    url = models.TextField(null=True, blank=True)
    location = models.TextField(null=True, blank=True)
    salary = models.TextField(null=True, blank=True)  # as written: "$95-110k"
    notes = models.TextField(null=True, blank=True)
    # Tags joined by ", " (a tag never holds a comma): one text column that the board's
    # search and tag filter read with plain LIKE on SQLite and PostgreSQL alike.
    tags = models.TextField(blank=True, default="", db_default="")  # db_default: rows written in raw SQL too
    priority = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 high, 2, 3 low
    stage = models.CharField(max_length=16, choices=Stages.choices, null=True, blank=True)  # before any interview
    # The employer's clock (core.job, playbook.md section 6): when a message goes out; none: the user's.
    timezone = models.CharField(max_length=64, null=True, blank=True)
    country = models.CharField(max_length=8, null=True, blank=True)
    # Kept with the plan (core.caseload.row_facts), so a coach's caseload is counted from
    # this table and the steps alone: the current waiting phase's promised decision date,
    # how many interviews, the date of the latest event.
    promised_on = models.DateField(null=True, blank=True)
    interviews = models.PositiveIntegerField(default=0, db_default=0)
    last_event_on = models.DateField(null=True, blank=True)

    objects = OwnedManager()

    class Meta:
        db_table = "ft_application"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "slug"], name="ft_application_slug_unique"),
            _one_of("status", ApplicationStatus, "ft_application"),
            _one_of("outcome", Outcomes, "ft_application", nullable=True),
            _one_of("stage", Stages, "ft_application", nullable=True),
            models.CheckConstraint(
                condition=Q(priority__in=sorted(PRIORITIES)) | Q(priority__isnull=True),
                name="ft_application_priority_known",
            ),
        ]
        indexes = [models.Index(fields=["status", "stage"], name="ft_application_board")]


class Contact(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts")
    key = models.CharField(max_length=100)
    name = models.TextField()
    role = models.CharField(max_length=32, choices=Roles.choices)
    title = models.TextField(null=True, blank=True)
    phone = models.TextField(null=True, blank=True)
    email = models.TextField(null=True, blank=True)
    relation = models.TextField(null=True, blank=True)
    salutation = models.TextField(null=True, blank=True)  # None: the first name of ``name``
    # Set by the user: contacts with the same key are one person to call, whatever their
    # addresses; a key of its own unlinks a contact from address matches (core.together).
    person = models.CharField(max_length=100, null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict)

    objects = OwnedThroughApplication()

    class Meta:
        db_table = "ft_contact"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="ft_contact_key_unique"),
            _one_of("role", Roles, "ft_contact"),
        ]


class Event(models.Model):
    """Something that happened, exactly as the exchange format writes it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    position = models.PositiveIntegerField()
    type = models.CharField(max_length=32)
    on = models.DateField()
    payload = models.JSONField()
    # When it was recorded (the interview morning reminds only of interviews recorded
    # before their day); an import or a restore records it again.
    recorded_at = Stamp(auto_now_add=True, null=True)

    objects = OwnedThroughApplication()

    class Meta:
        db_table = "ft_event"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["application", "position"], name="ft_event_position_unique")]


class Step(models.Model):
    """One follow-up step; its id is the planner's stable id."""

    id = models.CharField(max_length=32, primary_key=True)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=32, choices=Kinds.choices)
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    contact_key = models.CharField(max_length=100, null=True, blank=True)
    due = models.DateField()
    status = models.CharField(max_length=16, choices=StepStatuses.choices)
    done_on = models.DateField(null=True, blank=True)
    flags = models.CharField(max_length=200, blank=True, default="")
    phase = models.PositiveIntegerField(default=0)

    objects = OwnedThroughApplication()

    class Meta:
        db_table = "ft_step"
        indexes = [models.Index(fields=["status", "due"], name="ft_step_agenda")]
        constraints = [_one_of("kind", Kinds, "ft_step"), _one_of("status", StepStatuses, "ft_step")]


class SentMessageStatus(models.TextChoices):
    SENDING = "sending"  # claimed, the SMTP conversation under way
    SENT = "sent"  # the server accepted it
    UNCERTAIN = "uncertain"  # the connection dropped after DATA: it may or may not have gone
    SCHEDULED = "scheduled"  # waiting for the employer's working hours (services.mail.scheduled)
    FAILED = "failed"  # a scheduled message the server refused for good: nothing went out


class SentMessage(models.Model):
    """One attempt to send a step's note or e-mail over SMTP."""

    Status = SentMessageStatus
    SENDING, SENT, UNCERTAIN = Status.SENDING, Status.SENT, Status.UNCERTAIN
    SCHEDULED, FAILED = Status.SCHEDULED, Status.FAILED

    owner = _owner("sent_messages")
    message_id = models.CharField(max_length=255, unique=True)
    # Importing a backup replaces application rows: the application's id (slug) keeps the
    # link, so what was sent is never forgotten and never sent twice.
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="sent_messages"
    )
    application_slug = models.CharField(max_length=200, db_index=True)
    step_id = models.CharField(max_length=32, db_index=True)
    kind = models.CharField(max_length=32)
    contact_key = models.CharField(max_length=100, null=True, blank=True)
    recipient = models.TextField()
    subject = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SENDING)
    created_at = Stamp(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A message waiting for the employer's working hours: when it goes, the employer's
    # zone (to say it in their time), the whole message as it will go, and why it failed.
    send_after = models.DateTimeField(null=True, blank=True)
    their_zone = models.CharField(max_length=64, blank=True, default="")
    message = models.TextField(blank=True, default="")
    failure = models.TextField(blank=True, default="")

    objects = OwnedManager()

    class Meta:
        db_table = "ft_sent_message"
        ordering = ["id"]
        constraints = [_one_of("status", SentMessageStatus, "ft_sent_message")]


class ReminderChannel(models.TextChoices):
    TERMINAL = "terminal"
    DESKTOP = "desktop"
    EMAIL = "email"


ReminderState = _choices("ReminderState", [s.value for s in core.ReminderState])


class Reminder(models.Model):
    """One delivery of one step on one channel: the outbox.

    The unique (step, channel) key makes "never twice" a property of the table, not of
    the code that fills it. The step id is kept as text, not a foreign key: a row must
    outlive a re-plan that drops and re-creates the step, or the step would be reminded
    again.
    """

    Channel = ReminderChannel
    State = ReminderState

    # No index by owner: each query finds its rows by the step (the unique key) or, for the
    # open ones, by the open-rows index, which starts with the owner. A million-step pass
    # would otherwise update one more index per row on the insert and on the mark (4.5 of
    # its 35 s of PostgreSQL CPU); deleting an account reads the table through instead.
    # No database constraint either: its check at each commit cost 2.4 s more. Every row is
    # written with its step's application's owner, and Django deletes them with the owner.
    owner = _owner("reminders", indexed=False, checked=False)
    step_id = models.CharField(max_length=32)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=core.ReminderState.QUEUED.value)
    claim_token = models.CharField(max_length=32, blank=True, default="")
    claimed_by = models.CharField(max_length=255, blank=True, default="")  # host:pid, to spot a crashed claimer
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    due = models.DateField()
    late = models.BooleanField(default=False)
    digest = models.CharField(max_length=64, blank=True, default="")  # the run that delivered it

    objects = OwnedManager()

    class Meta:
        db_table = "ft_reminder"
        constraints = [
            models.UniqueConstraint(fields=["step_id", "channel"], name="ft_reminder_once"),
            _one_of("channel", ReminderChannel, "ft_reminder"),
            _one_of("state", ReminderState, "ft_reminder"),
        ]
        # Open rows only: the sent ones (nearly all, in time) cost the claims nothing.
        indexes = [
            models.Index(
                fields=["owner", "channel", "state"],
                name="ft_reminder_open",
                condition=Q(state__in=[core.ReminderState.QUEUED.value, core.ReminderState.CLAIMED.value]),
            )
        ]


class MailboxCursor(models.Model):
    """How far the watcher has read one folder: valid while UIDVALIDITY stays the same."""

    owner = _owner("mailbox_cursors")
    account = models.CharField(max_length=255)  # user@host
    folder = models.CharField(max_length=255)
    uidvalidity = models.BigIntegerField()
    last_uid = models.BigIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedManager()

    class Meta:
        db_table = "ft_mailbox_cursor"
        constraints = [models.UniqueConstraint(fields=["owner", "account", "folder"], name="ft_mailbox_cursor_folder")]


PossibleResponseStatus = _choices("PossibleResponseStatus", [s.value for s in core.PossibleResponseStatus])


class PossibleResponseReason(models.TextChoices):
    CONTACT = "contact"  # from one of the application's people
    DOMAIN = "domain"  # from the company's mail domain
    REPLY = "reply"  # an answer to a message followthrough sent


class PossibleResponseKind(models.TextChoices):
    REPLY = "reply"  # may be the employer's answer: confirmed as a response, or dismissed
    OUT_OF_OFFICE = "out_of_office"  # a contact's auto-reply giving a return date: snooze, or dismiss


class PossibleResponse(models.Model):
    """A message that may be the employer's answer, or a contact's out-of-office reply;
    the user confirms or dismisses it."""

    Status = PossibleResponseStatus
    Reason = PossibleResponseReason
    Kind = PossibleResponseKind

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="possible_responses")
    message_key = models.CharField(max_length=255)  # Message-ID, or folder/uidvalidity/uid without one
    contact_key = models.CharField(max_length=100, null=True, blank=True)
    sender = models.TextField()
    subject = models.TextField(blank=True, default="")
    received = models.DateTimeField()
    received_on = models.DateField()  # the user's local date, for the agenda
    reason = models.CharField(max_length=16, choices=Reason.choices)
    folder = models.CharField(max_length=255, blank=True, default="")
    uid = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=core.PossibleResponseStatus.OPEN.value)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.REPLY)
    back_on = models.DateField(null=True, blank=True)  # an out-of-office reply's return date

    objects = OwnedThroughApplication()

    class Meta:
        db_table = "ft_possible_response"
        ordering = ["received", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "message_key"], name="ft_possible_response_once"),
            _one_of("status", PossibleResponseStatus, "ft_possible_response"),
            _one_of("reason", PossibleResponseReason, "ft_possible_response"),
            _one_of("kind", PossibleResponseKind, "ft_possible_response"),
        ]
        indexes = [models.Index(fields=["status", "received_on"], name="ft_possible_response_open")]


class JournalWhat(models.TextChoices):
    EVENT = "event"
    CONTACT = "contact"
    APPLICATION = "application"


class JournalWhy(models.TextChoices):
    EDITED = "edited"  # replaced by ``after``
    REMOVED = "removed"
    UNDONE = "undone"
    DELETED = "deleted"  # a whole application, with everything in it


class JournalEntry(models.Model):
    """What a correction took out of the job search, kept so it can be seen (and typed
    in again): nothing the user recorded is lost without a trace.

    Keyed by the application's id as text, not a foreign key: the record must outlive
    the application (a deleted one, or one an import replaced)."""

    What = JournalWhat
    Why = JournalWhy

    owner = _owner("journal")
    application_slug = models.CharField(max_length=200)
    what = models.CharField(max_length=16, choices=What.choices)
    why = models.CharField(max_length=16, choices=Why.choices)
    n = models.PositiveIntegerField(null=True, blank=True)  # the event's number when it was taken out
    key = models.CharField(max_length=100, blank=True, default="")  # the contact's key
    before = models.JSONField()  # as it was, in the exchange format's shape
    after = models.JSONField(null=True, blank=True)  # what an edit made of it
    at = Stamp(auto_now_add=True)
    restored_at = models.DateTimeField(null=True, blank=True)  # put back (the web's Restore, or Undo)

    objects = OwnedManager()

    class Meta:
        db_table = "ft_journal"
        ordering = ["id"]
        indexes = [models.Index(fields=["owner", "application_slug"], name="ft_journal_application")]
        constraints = [_one_of("what", JournalWhat, "ft_journal"), _one_of("why", JournalWhy, "ft_journal")]


# The career-centre server: organisations, their members and invitations, and the
# sessions each account holds (so disabling an account ends all of them).

MemberRoles = _choices("MemberRoles", [r.value for r in MemberRole])


class Organisation(models.Model):
    """A career centre: administrators, coaches and job seekers."""

    name = models.CharField(max_length=200, unique=True)
    created_at = Stamp(auto_now_add=True)

    class Meta:
        db_table = "ft_organisation"


class Membership(models.Model):
    """Someone's role in an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=MemberRoles.choices)
    since = Stamp(auto_now_add=True)

    class Meta:
        db_table = "ft_membership"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="ft_membership_once"),
            _one_of("role", MemberRoles, "ft_membership"),
        ]


class Invitation(models.Model):
    """A one-time link an administrator gave someone. Only the token's SHA-256 is kept:
    whoever reads the table cannot use a pending invitation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.CharField(max_length=254)
    role = models.CharField(max_length=16, choices=MemberRoles.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = Stamp(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)  # set once, by a conditional update
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "ft_invitation"
        ordering = ["-created_at", "-id"]
        constraints = [_one_of("role", MemberRoles, "ft_invitation")]


class SignedInSession(models.Model):
    """A session key an account signed in with: the sessions to end when it is disabled."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    since = Stamp(auto_now_add=True)

    class Meta:
        db_table = "ft_signed_in_session"


# Consent between a seeker and a coach, the coach's access log, the kept summaries and
# the reset links (modules of their own).
from followthrough.store.account_models import ResetLink as ResetLink  # noqa: E402
from followthrough.store.caseload_models import KeptSummary as KeptSummary  # noqa: E402
from followthrough.store.caseload_models import SeekerChange as SeekerChange  # noqa: E402
from followthrough.store.consent_models import AccessLogEntry as AccessLogEntry  # noqa: E402
from followthrough.store.consent_models import CoachLink as CoachLink  # noqa: E402
from followthrough.store.morning_models import InterviewMorning as InterviewMorning  # noqa: E402
