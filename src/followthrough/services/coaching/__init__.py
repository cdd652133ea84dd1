"""Coaching on the career-centre server: consent, the caseload, and what a coach sees."""

from __future__ import annotations

from followthrough.services import lazy_names

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
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

# Each name, from the module that holds it: loaded when first asked for, so that a front
# end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "COACH": ("consent", "COACH"),
    "Caseload": ("looks", "Caseload"),
    "NotAllowed": ("consent", "NotAllowed"),
    "accept": ("consent", "accept"),
    "access_log": ("consent", "access_log"),
    "ask": ("consent", "ask"),
    "caseload_csv": ("looks", "caseload_csv"),
    "caseload_page": ("looks", "caseload_page"),
    "coaches_for": ("consent", "coaches_for"),
    "invite": ("consent", "invite"),
    "links_of_coach": ("consent", "links_of_coach"),
    "links_of_seeker": ("consent", "links_of_seeker"),
    "organisation_counts": ("looks", "organisation_counts"),
    "revoke": ("consent", "revoke"),
    "seeker_application": ("looks", "seeker_application"),
    "seeker_applications": ("looks", "seeker_applications"),
    "seeker_page": ("looks", "seeker_page"),
    "set_full_view": ("consent", "set_full_view"),
    "step_back": ("consent", "step_back"),
}

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


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error
    __getattr__ = lazy_names(__name__, _HOMES)
