"""Coaching on the career-centre server: consent, the caseload, and what a coach sees."""

from followthrough.services.coaching.consent import (
    COACH,
    NotAllowed,
    accept,
    access_log,
    ask,
    coaches_for,
    invite,
    links_of_coach,
    links_of_seeker,
    revoke,
    set_full_view,
    step_back,
)
from followthrough.services.coaching.looks import (
    Caseload,
    caseload_csv,
    caseload_page,
    organisation_counts,
    seeker_application,
    seeker_applications,
    seeker_page,
)

__all__ = [
    "COACH",
    "Caseload",
    "NotAllowed",
    "accept",
    "access_log",
    "ask",
    "caseload_csv",
    "caseload_page",
    "coaches_for",
    "invite",
    "links_of_coach",
    "links_of_seeker",
    "organisation_counts",
    "revoke",
    "seeker_application",
    "seeker_applications",
    "seeker_page",
    "set_full_view",
    "step_back",
]
