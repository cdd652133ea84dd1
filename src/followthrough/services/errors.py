"""What a service says when it refuses: a typed error, never a sentence for a terminal or a page.

A ``Refusal`` names the field that was wrong in the domain's words, the value given, the
reason in plain words and what the user can do (a ``Hint``, with the data it needs). The
CLI words it with its option and command names (cli/errors.py), the web with its forms'
labels and the company's name (web/refusals.py). ``str()`` of one is a neutral sentence
for logs and for callers that only need to know that something was refused.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from followthrough.core.errors import UserError

__all__ = ["SUBJECTS", "Field", "FieldsNotApplicable", "Hint", "Refusal", "UserError"]


class Field(StrEnum):
    """What a refusal is about, named as the domain names it (the exchange format's names
    where it has one), not as any front end's control is called."""

    # an application, and the job it is for
    APPLICATION = "application"  # which application (its id is the value)
    APPLICATION_ID = "application_id"  # the id chosen for an application
    COMPANY = "company"
    ROLE = "role"  # the job's title
    APPLIED_ON = "applied_on"
    PLAYBOOK = "playbook"
    URL = "url"
    LOCATION = "location"
    SALARY = "salary"
    NOTES = "notes"
    TAGS = "tags"
    PRIORITY = "priority"
    STAGE = "stage"
    # what happened, and the steps
    STEP = "step"
    EVENT = "event"  # an event, by its number
    ON = "on"  # the day something happened
    UNTIL = "until"  # the day a step is snoozed to, the last day away
    DECISION_BY = "decision_by"  # the date by which they said they would decide
    HOW_DID_I_DO = "how_did_i_do"
    NOTE = "note"
    OUTCOME = "outcome"
    # an event's other fields, as the exchange format names them
    AT = "at"
    WITH = "with"
    FINAL = "final"
    TIMEFRAME = "timeframe"
    CALL_PERMISSION = "call_permission"
    CONSIDERED = "considered"
    CARD = "card"
    STATED_INTEREST = "stated_interest"
    KIND = "kind"
    FROM = "from"
    NTH = "nth"
    # the people of an application
    CONTACT = "contact"  # which person (their key is the value)
    CONTACT_NAME = "contact_name"
    CONTACT_KEY = "contact_key"
    CONTACT_ROLE = "contact_role"
    HIRING_OFFICER = "hiring_officer"
    EMAIL = "email"
    PHONE = "phone"
    TITLE = "title"  # a person's job title, as on their card
    RELATION = "relation"
    SALUTATION = "salutation"  # how a letter greets them ("Ann", "Dr. Lee")
    # the profile
    NAME = "name"
    HOME_ADDRESS = "home_address"
    TIMEZONE = "timezone"
    COUNTRY = "country"
    DIGEST_TIME = "digest_time"
    # mail servers
    MAIL_HOST = "mail_host"
    MAIL_USER = "mail_user"
    MAIL_SECURITY = "mail_security"
    MAIL_PORT = "mail_port"
    MAIL_PASSWORD = "mail_password"
    # files read in
    FILE = "file"
    FOR_APPLICATION = "for_application"  # the application a file's people or invitations are for
    COLUMN_MAP = "column_map"
    # accounts (the server)
    PASSWORD = "password"
    PASSWORD_AGAIN = "password_again"  # the new password typed a second time
    CURRENT_PASSWORD = "current_password"


# A refusal about one of these reads "<it> <reason>" ("acme is closed", "acme already has a
# hiring officer"); about any other field, "<field> <value>: <reason>" ("until 2028-01-01:
# that is before today"), or "<field> <reason>" without a value ("name must not be empty").
SUBJECTS = frozenset({Field.APPLICATION, Field.STEP, Field.EVENT, Field.CONTACT, Field.HIRING_OFFICER})


class Hint(StrEnum):
    """What the user can do about a refusal; the front end says how, with its own controls."""

    REOPEN_APPLICATION = "reopen_application"  # the application is closed: reopen it if they came back
    ONLY_WHEN_NOT_DECIDED = "only_when_not_decided"  # a new decision date needs the answer "not decided yet"
    REPLACE_HIRING_OFFICER = "replace_hiring_officer"  # the one on file becomes an interviewer
    REPLACE_DECISION = "replace_decision"  # record another decision than the one it closed with
    CHOOSE_ANOTHER_ID = "choose_another_id"
    ADD_ANYWAY = "add_anyway"  # one like it is open already: see it, or add this one all the same
    ADD_APPLICATION = "add_application"  # none recorded yet
    ADD_CONTACT = "add_contact"
    ADD_AWAY = "add_away"  # no period away yet
    SEE_AGENDA = "see_agenda"  # where the steps are listed
    SEE_POSSIBLE_RESPONSES = "see_possible_responses"  # the messages the reply watcher found
    SEE_PLAN = "see_plan"  # the application's plan
    SEE_EVENTS = "see_events"  # what happened, numbered
    GIVE_CHANGES = "give_changes"  # an edit that changes nothing was asked
    CHECK_SENT_FOLDER = "check_sent_folder"  # a send may have gone out: mark it done, or send it again
    SET_UP_MAIL_SERVER = "set_up_mail_server"
    GIVE_MAIL_PASSWORD = "give_mail_password"
    USE_ENCRYPTION = "use_encryption"
    NAME_THE_APPLICATION = "name_the_application"  # say which application a file's people or invitation are for
    USE_EMPTY_DATABASE = "use_empty_database"  # the demo goes into a job search of its own
    SERVER_RESET_LINK = "server_reset_link"  # whoever runs the server makes the link


class Refusal(UserError):
    """A service said no: which ``field`` (with the ``value`` given) and why (``reason``,
    plain words with no front end's vocabulary), and what to do (``hint``). ``application``
    and ``company`` name the application concerned, ``step`` the step, for the hint's sake.
    Raised bare (a reason alone), it is a plain refusal with nothing more to say."""

    def __init__(
        self,
        reason: str,
        field: Field | None = None,
        value: object = None,
        hint: Hint | None = None,
        *,
        application: str | None = None,
        company: str | None = None,
        step: str | None = None,
        mail_server: str | None = None,
        outcome: str | None = None,
        reason_quotes_value: bool = False,
    ) -> None:
        self.reason = reason
        self.field = field
        self.value = value
        self.hint = hint
        self.application = application
        self.company = company
        self.step = step
        self.mail_server = mail_server  # "smtp" or "imap", for the mail hints
        self.outcome = outcome  # the decision asked for, when another one closed the application
        self.reason_quotes_value = reason_quotes_value  # "'x' is not a web address": after the field and a colon
        super().__init__(self.sentence(field.value.replace("_", " ") if field else ""))

    def sentence(self, label: str, shown: str | None = None) -> str:
        """The reason after its subject: ``label`` names the field, ``shown`` the value
        (default: as the value reads: a date as YYYY-MM-DD, text quoted)."""
        if self.field is None or not label:
            return self.reason
        if self.field in SUBJECTS:
            subject = shown or (self.application if self.value is None else str(self.value)) or label
            return f"{subject} {self.reason}"
        if shown is None:
            shown = show(self.value)
        if self.reason_quotes_value:
            return f"{label}: {self.reason}"
        return f"{label} {shown}: {self.reason}" if shown else f"{label} {self.reason}"


class RefusedField(UserError):
    """A refusal whose words say it all ("the two passwords differ: type the same one
    twice"), about one ``field``: a form shows it beside that field, the words unchanged."""

    def __init__(self, message: str, field: Field) -> None:
        super().__init__(message)
        self.field = field


class FieldsNotApplicable(Refusal):
    """Fields given that this kind of thing does not have (an interview has no timeframe):
    ``fields`` names them all, ``field`` the first; ``reason`` says what the thing is."""

    def __init__(self, reason: str, fields: tuple[Field, ...]) -> None:
        self.fields = fields
        super().__init__(reason, fields[0])
        self.args = (f"{reason}: it has no {', '.join(f.value.replace('_', ' ') for f in fields)}",)


def show(value: object) -> str:
    """A value as a message quotes it: a date as YYYY-MM-DD, text in quotes, a number as it is."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)
