"""What files and mail carry, as plain data: the shapes the adapters (followthrough.interop)
read and write and the services fill from the store or save into it.

Kept in the core so that an adapter needs nothing but the core: bytes in, these out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from followthrough.core.job import Job

# -- what goes out: calendars, cards, spreadsheets, messages ----------------------------


@dataclass(frozen=True)
class PendingStep:
    id: str
    application: str
    company: str
    role: str
    kind: str
    contact_key: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    due: dt.date
    flags: tuple[str, ...]
    status: str = "pending"  # or done, skipped, cancelled (see calendar_steps)
    done_on: dt.date | None = None


@dataclass(frozen=True)
class ContactCard:
    application: str
    company: str
    role: str  # the job applied for
    key: str
    name: str
    contact_role: str
    title: str | None
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    # From the contact's card, when it said more than the name gives back (see imports).
    name_parts: tuple[str, str, str, str, str] | None = None  # prefix, given, additional, family, suffix
    organization: str | None = None  # when not the application's company
    unit: str | None = None
    phone_types: tuple[tuple[str, str], ...] = ()  # (phone, "cell"); others are work phones


NAME_PARTS = ("prefix", "given", "additional", "family", "suffix")


@dataclass(frozen=True)
class ApplicationState:
    id: str
    company: str
    role: str
    applied_on: dt.date | None
    status: str
    outcome: str | None
    hiring_officer: str | None
    hiring_officer_email: str | None
    last_interview: dt.date | None
    next_step: str | None
    next_due: dt.date | None
    pending_steps: int
    job: Job = field(default_factory=Job)


@dataclass(frozen=True)
class Draft:
    kind: str
    to_name: str | None
    to_email: str | None
    subject: str
    body: str


# -- what comes in: business cards, invitations, spreadsheet rows ------------------------


@dataclass(frozen=True)
class CardContact:
    """A person from a business card (vCard)."""

    name: str
    title: str | None = None
    organization: str | None = None
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    uid: str | None = None
    # What a phone's card says beyond the name: N's parts (prefix, given, additional,
    # family, suffix), the organization's unit, each phone's type (e.g. ("+1 555", "cell")).
    name_parts: tuple[str, str, str, str, str] | None = None
    unit: str | None = None
    phone_types: tuple[tuple[str, str], ...] = ()
    where: str = "vCard"  # "file: line N", for messages

    @property
    def given_name(self) -> str | None:
        return (self.name_parts[1].strip() or None) if self.name_parts else None


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str | None
    organizer: bool = False


@dataclass(frozen=True)
class Invitation:
    """One interview from a calendar invitation (a VEVENT)."""

    uid: str
    sequence: int
    on: dt.date
    at: dt.time | None
    summary: str
    text: str  # summary, location, description and names, to find the company in
    attendees: tuple[Attendee, ...]
    where: str  # "file: line N", for messages


@dataclass(frozen=True)
class TrackerRow:
    """One application from a spreadsheet."""

    where: str  # "file: row N"
    company: str
    role: str
    id: str | None = None
    applied_on: dt.date | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_salutation: str | None = None  # how a letter greets them ("Dr. Lee")
    extra: dict[str, str] = field(default_factory=dict)
    outcome: str | None = None  # the application closed so (see core.status_words)
    job: Job = field(default_factory=Job)  # the posting, notes, tags, priority, stage


# -- mail servers and the reply watcher --------------------------------------------------


@dataclass(frozen=True)
class ServerSettings:
    host: str
    port: int
    security: str
    user: str

    @property
    def account(self) -> str:
        return f"{self.user}@{self.host}:{self.port}"


ImapSettings = ServerSettings


@dataclass(frozen=True)
class Watched:
    """An open application, as the watcher looks for its answer."""

    application: str
    since: dt.date  # its latest interview
    addresses: dict[str, str]  # e-mail address (lower case) -> contact key
    domains: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    """A message that may answer ``application``."""

    application: str
    message_key: str
    sender: str
    subject: str
    received: dt.datetime
    reason: str  # reply | contact | domain
    contact: str | None = None
    folder: str = ""
    uid: int | None = None
    kind: str = "reply"  # reply | out_of_office (a contact's auto-reply naming a return date)
    back_on: dt.date | None = None  # an out-of-office reply's return date


@dataclass(frozen=True)
class PossibleResponse:
    id: int
    application: str
    company: str
    sender: str
    subject: str
    received: dt.datetime
    reason: str
    contact: str | None
    status: str
    kind: str = "reply"  # reply | out_of_office
    back_on: dt.date | None = None
