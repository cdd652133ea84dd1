"""A service's refusal in the pages' words: the form field's label, the company's name, and
what to do with the controls the page has (never a command-line option or command)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from followthrough.services.errors import SUBJECTS, Field, FieldsNotApplicable, Hint, Refusal

# Each field as the forms label it; a page may give its own label (Snooze until, Until…).
LABELS: dict[Field, str] = {
    Field.APPLICATION_ID: "Id",
    Field.COMPANY: "Company",
    Field.ROLE: "Role",
    Field.APPLIED_ON: "Applied on",
    Field.PLAYBOOK: "Follow-up method",
    Field.URL: "Job posting",
    Field.LOCATION: "Location",
    Field.SALARY: "Salary",
    Field.NOTES: "Notes",
    Field.TAGS: "Tags",
    Field.PRIORITY: "Priority",
    Field.STAGE: "Stage",
    Field.ON: "Date",
    Field.UNTIL: "Until",
    Field.DECISION_BY: "They will know by",
    Field.HOW_DID_I_DO: "How it went",
    Field.NOTE: "Note",
    Field.OUTCOME: "Outcome",
    Field.AT: "Time",
    Field.WITH: "Interviewers",
    Field.FINAL: "Final interview",
    Field.TIMEFRAME: "When they will decide",
    Field.CALL_PERMISSION: "May you call",
    Field.CONSIDERED: "Being considered",
    Field.CARD: "Business card",
    Field.STATED_INTEREST: "Said you want it",
    Field.KIND: "Kind of step",
    Field.FROM: "Who said it",
    Field.NTH: "Which one",
    Field.CONTACT_NAME: "Name",
    Field.CONTACT_KEY: "Key",
    Field.CONTACT_ROLE: "Role",
    Field.EMAIL: "E-mail address",
    Field.PHONE: "Phone",
    Field.TITLE: "Job title",
    Field.RELATION: "Relation",
    Field.SALUTATION: "Greet them as",
    Field.NAME: "Name",
    Field.HOME_ADDRESS: "Home address",
    Field.TIMEZONE: "Time zone",
    Field.COUNTRY: "Country",
    Field.DIGEST_TIME: "Digest time",
    Field.MAIL_HOST: "Server",
    Field.MAIL_USER: "User name",
    Field.MAIL_SECURITY: "Security",
    Field.MAIL_PORT: "Port",
    Field.MAIL_PASSWORD: "Password",
    Field.FILE: "File",
    Field.COLUMN_MAP: "Column mappings",
    Field.FOR_APPLICATION: "An application",
    Field.PASSWORD: "Password",
    Field.PASSWORD_AGAIN: "The password again",
    Field.CURRENT_PASSWORD: "Current password",
}


def _application(error: Refusal) -> str:
    who = error.company or error.application
    return f"your application to {who}" if who else "the application"


# What to do, with the controls the pages have; a page that offers a control of its own
# for a hint gives its words instead (``offers``).
HINTS: dict[Hint, Callable[[Refusal], str]] = {
    Hint.ONLY_WHEN_NOT_DECIDED: lambda e: "choose “Not decided yet” as their answer",
    Hint.REOPEN_APPLICATION: lambda e: (
        f"if they came back, reopen it on its page (“Reopen {e.company}”)"
        if e.company
        else "if they came back, reopen it on its page"
    ),
    Hint.REPLACE_HIRING_OFFICER: lambda e: "to change who it is, first make the one on file an interviewer",
    Hint.REPLACE_DECISION: lambda e: (
        f"it closed with another decision: to record {e.outcome or 'this one'}, edit that answer under What happened"
    ),
    Hint.CHOOSE_ANOTHER_ID: lambda e: "choose another id",
    Hint.ADD_ANYWAY: lambda e: (
        "open it from the link below, or add this one all the same"
        if e.field is Field.APPLICATION
        else "if you add them anyway, they are one person to call with the one there: one card for both roles"
    ),
    Hint.ADD_APPLICATION: lambda e: "none is recorded yet",
    Hint.ADD_CONTACT: lambda e: "add the person on the application's page",
    Hint.ADD_AWAY: lambda e: "none is on the list",
    Hint.SEE_AGENDA: lambda e: "the page may be out of date: see Today",
    Hint.SEE_POSSIBLE_RESPONSES: lambda e: "the page may be out of date: see Today",
    Hint.SEE_PLAN: lambda e: "see the application's plan",
    Hint.SEE_EVENTS: lambda e: "see What happened",
    Hint.GIVE_CHANGES: lambda e: "change a field first",
    Hint.CHECK_SENT_FOLDER: lambda e: "look in your Sent folder, then mark the step done, or send it again",
    Hint.SET_UP_MAIL_SERVER: lambda e: "set up your mail server in Settings",
    Hint.GIVE_MAIL_PASSWORD: lambda e: "or give the password in Settings",
    Hint.USE_ENCRYPTION: lambda e: "choose SSL as the security",
    Hint.NAME_THE_APPLICATION: lambda e: "choose the application it is for",
    Hint.USE_EMPTY_DATABASE: lambda e: "the demo goes into a job search of its own",
    Hint.SERVER_RESET_LINK: lambda e: "with followthrough server reset-link on the server",
}


# Refusals a page says in its own words, whole.
SENTENCES: dict[Hint, Callable[[Refusal], str]] = {
    Hint.ONLY_WHEN_NOT_DECIDED: lambda e: "a decision date goes with “Not decided yet” only",
}


def refusal_words(
    error: Refusal, labels: Mapping[Field, str] | None = None, offers: Mapping[Hint, str] | None = None
) -> str:
    """The refusal as a sentence for the page: ``labels`` are the page's own labels for its
    fields, ``offers`` its own words for a hint it has a control for."""
    return sentence(phrase(error, labels, offers))


def phrase(error: Refusal, labels: Mapping[Field, str] | None = None, offers: Mapping[Hint, str] | None = None) -> str:
    """The refusal's words without the sentence's capital and full stop, to follow a page's
    own words ("Not recorded: …")."""
    if error.hint in SENTENCES:
        return SENTENCES[error.hint](error)
    if isinstance(error, FieldsNotApplicable):
        names = ", ".join(_label(f, labels).lower() for f in error.fields)
        return f"{error.reason}, which has no {names}"
    if error.field is None:
        text = error.reason
    elif error.field in SUBJECTS:
        subject = "this step" if error.field is Field.STEP else None
        if error.field in (Field.APPLICATION, Field.HIRING_OFFICER):
            subject = _application(error)
        text = error.sentence(_label(error.field, labels), subject)
    else:
        text = error.sentence(_label(error.field, labels))
    if error.hint is not None:
        hint = (offers or {}).get(error.hint) or HINTS[error.hint](error)
        text = f"{text} {hint[:1].upper()}{hint[1:]}" if text.endswith("?") else f"{text}; {hint}"
    return text


def _label(field: Field, labels: Mapping[Field, str] | None) -> str:
    return (labels or {}).get(field) or LABELS.get(field) or field.value.replace("_", " ").capitalize()


def sentence(text: str) -> str:
    """A capital, and a full stop."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."
