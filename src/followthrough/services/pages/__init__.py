"""What the pages and the agenda show: what is due, the board, Today's cards, statistics,
and the pages kept in memory while nothing changed.
"""

from __future__ import annotations

from followthrough.services import lazy_names

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
    from followthrough.services.pages.agenda import due_steps
    from followthrough.services.pages.applications_board import (
        CLOSED,
        PRE_INTERVIEW,
        STAGES,
        Filters,
        archive,
        board,
        stage_of,
    )
    from followthrough.services.pages.kept_pages import kept, seeker_key, seeker_stamp
    from followthrough.services.pages.on_today import call_help, found_in_mail, snooze_while_away
    from followthrough.services.pages.statistics import compute
    from followthrough.services.pages.upcoming import coming_days, next_steps

# Each name, from the module that holds it: loaded when first asked for, so that a front
# end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "CLOSED": ("applications_board", "CLOSED"),
    "Filters": ("applications_board", "Filters"),
    "PRE_INTERVIEW": ("applications_board", "PRE_INTERVIEW"),
    "STAGES": ("applications_board", "STAGES"),
    "archive": ("applications_board", "archive"),
    "board": ("applications_board", "board"),
    "call_help": ("on_today", "call_help"),
    "coming_days": ("upcoming", "coming_days"),
    "compute": ("statistics", "compute"),
    "due_steps": ("agenda", "due_steps"),
    "found_in_mail": ("on_today", "found_in_mail"),
    "kept": ("kept_pages", "kept"),
    "next_steps": ("upcoming", "next_steps"),
    "seeker_key": ("kept_pages", "seeker_key"),
    "seeker_stamp": ("kept_pages", "seeker_stamp"),
    "snooze_while_away": ("on_today", "snooze_while_away"),
    "stage_of": ("applications_board", "stage_of"),
}

__all__ = [
    "CLOSED",
    "PRE_INTERVIEW",
    "STAGES",
    "Filters",
    "archive",
    "board",
    "call_help",
    "coming_days",
    "compute",
    "due_steps",
    "found_in_mail",
    "kept",
    "next_steps",
    "seeker_key",
    "seeker_stamp",
    "snooze_while_away",
    "stage_of",
]


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error
    __getattr__ = lazy_names(__name__, _HOMES)
