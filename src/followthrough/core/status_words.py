"""A spreadsheet's status words, read as the outcome an application closed with.

Our own ``export --csv`` writes a status (open, closed) and an outcome column; other
trackers write one Status column in their own words. Words not in this table are not
guessed: the importer reports them and leaves the application open.
"""

from __future__ import annotations

import re

from followthrough.core.model import CLOSING_OUTCOMES, NO_RESPONSE

OPEN = "open"
# Normalised words (lower case, runs of other characters as "_") -> an outcome, or OPEN.
WORDS: dict[str, str] = {
    **{o: o for o in CLOSING_OUTCOMES},
    **dict.fromkeys(("offer_received", "offered", "got_offer", "offer_accepted", "accepted", "hired"), "offer"),
    **dict.fromkeys(("rejection", "not_selected", "declined_by_employer", "not_moving_forward"), "rejected"),
    **dict.fromkeys(("withdrew", "withdraw", "withdrawn_by_me"), "withdrawn"),
    **dict.fromkeys(("position_filled", "role_filled", "job_filled"), "filled"),
    **dict.fromkeys(("no_hire", "not_hiring", "hiring_freeze", "position_cancelled", "role_cancelled"), "no_hire"),
    **dict.fromkeys(("ghosted", "no_reply", "no_answer", "moved_on", "no_response_received"), NO_RESPONSE),
    **dict.fromkeys(
        (
            "open",
            "applied",
            "submitted",
            "interviewing",
            "interview",
            "interviewed",
            "in_progress",
            "pending",
            "waiting",
            "screening",
            "phone_screen",
            "active",
            "still_open",
            "not_decided",
            "not_decided_yet",
        ),
        OPEN,
    ),
}


# A tracker's words for how far an application got before any interview (core.job.Stage).
STAGES: dict[str, str] = {
    **dict.fromkeys(
        ("saved", "wishlist", "wish_list", "bookmarked", "bookmark", "interested", "to_apply", "not_applied", "draft"),
        "saved",
    ),
    **dict.fromkeys(("applied", "submitted", "application_submitted", "application_sent", "sent"), "applied"),
    **dict.fromkeys(
        ("screening", "screen", "phone_screen", "phone_screening", "recruiter_screen", "recruiter_call", "screened"),
        "screening",
    ),
}
WORDS.update(dict.fromkeys(STAGES, OPEN))


def norm(word: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", word.casefold()).strip("_")


def outcome_of(word: str) -> str | None:
    """The outcome a status word names, OPEN, or None for a word not in the table."""
    return WORDS.get(norm(word))


def stage_of(word: str) -> str | None:
    """The stage before any interview a status word names (saved, applied, screening), if any."""
    return STAGES.get(norm(word))
