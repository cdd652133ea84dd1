"""What the pages and the agenda show: what is due, the board, Today's cards, statistics,
and the pages kept in memory while nothing changed.
"""

from followthrough.services.pages.agenda import due_steps, fast_agenda
from followthrough.services.pages.applications_board import CLOSED, PRE_INTERVIEW, STAGES, Filters, archive, board
from followthrough.services.pages.kept_pages import kept, seeker_key, seeker_stamp
from followthrough.services.pages.on_today import call_help, found_in_mail, snooze_while_away
from followthrough.services.pages.statistics import compute
from followthrough.services.pages.upcoming import coming_days, next_steps

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
    "fast_agenda",
    "found_in_mail",
    "kept",
    "next_steps",
    "seeker_key",
    "seeker_stamp",
    "snooze_while_away",
]
