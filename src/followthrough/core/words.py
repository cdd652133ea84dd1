"""The product's words for step kinds, flags, outcomes and events: one place, read by the
terminal, the web app, calendars and reminders alike.

Plain dictionaries and two small functions: the agenda's fast path imports this module,
so it carries no imports of its own.
"""

from __future__ import annotations

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
    import datetime as dt

# What to do, as an instruction ("call Ann Lee"); front ends capitalise as they need.
ACTIONS = {
    "thank_you_note": "send a thank-you note to {who}",
    "call_hiring_officer": "call {who}",
    "email_follow_up": "send a follow-up e-mail to {who}",
    "call_inside_contact": "call {who}, your inside contact",
    "email_hiring_officer": "e-mail {who}",
    "move_on": "move on: no answer came",
}

# The kind of step as a plain noun ("next: thank-you note on Mon 2026-12-07").
KIND_NOUNS = {
    "thank_you_note": "thank-you note",
    "call_hiring_officer": "call to the hiring officer",
    "email_follow_up": "follow-up e-mail",
    "call_inside_contact": "call to an inside contact",
    "email_hiring_officer": "e-mail to the hiring officer",
    "move_on": "moving on",
}

# The step as the object of a sentence ("Marked the call to Ann Lee done").
STEP_NAMES = {
    "thank_you_note": "the thank-you note to {who}",
    "call_hiring_officer": "the call to {who}",
    "email_follow_up": "the follow-up e-mail to {who}",
    "call_inside_contact": "the call to {who}",
    "email_hiring_officer": "the e-mail to {who}",
    "move_on": "the move-on step",
}

# Why a step deserves a second look.
FLAG_NOTES = {
    "no_hiring_officer": "No hiring officer recorded yet: ask for their business card.",
    "asked_not_to_call": "They asked you not to call; the method says you may still follow up.",
    "timeframe_unresolved": "Their timeframe could not be read as a date.",
    "delivery_uncertain": "Sent, but it may not have arrived: check your Sent folder before sending it again.",
    "send_failed": "The e-mail scheduled for their working hours was refused by your mail server: not sent.",
}

# How an application stands or ended.
OUTCOMES = {
    "open": "Still open",
    "offer": "Offer",
    "rejected": "Rejected",
    "filled": "Position filled",
    "no_hire": "No hire",
    "withdrawn": "Withdrawn",
    "no_response": "No response",
    "not_decided": "Not decided yet",
}

# What happened, as a heading on a timeline.
EVENT_TITLES = {
    "interview": "Interview",
    "debrief": "Debrief",
    "step_done": "Done",
    "step_skipped": "Skipped",
    "step_snoozed": "Snoozed",
    "response": "Answer",
    "reopened": "Reopened",
}

NOBODY = "the hiring officer"  # the person of a hiring-officer step before their card is recorded


def action(kind: str, who: str | None, capital: bool = False) -> str:
    """The step as an instruction: "call Ann Lee" ("Call Ann Lee" with ``capital``)."""
    text = ACTIONS.get(kind, kind.replace("_", " ")).format(who=who or NOBODY)
    return text[:1].upper() + text[1:] if capital else text


def step_name(kind: str, who: str | None) -> str:
    """The step as the object of a sentence: "the call to Ann Lee"."""
    return STEP_NAMES.get(kind, "the step").format(who=who or NOBODY)


def kind_noun(kind: str) -> str:
    return KIND_NOUNS.get(kind, kind.replace("_", " "))


def flag_note(flag: str) -> str:
    return FLAG_NOTES.get(flag, flag.replace("_", " "))


def outcome(word: str | None) -> str:
    return OUTCOMES.get(word or "open", (word or "").replace("_", " "))


def will_be_sent(moment: dt.datetime) -> str:
    """When a message waiting for the employer's working hours goes, in their time:
    "will be sent Tue 8 Dec, 08:34 their time"."""
    return f"will be sent {moment:%a} {moment.day} {moment:%b}, {moment:%H:%M} their time"
