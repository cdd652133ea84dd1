"""Recording the job search: the profile, applications, people, interviews, debriefs,
answers, playbooks, and the re-planning every change goes through.
"""

from followthrough.services.jobsearch.application_edit import edit_application, edit_details
from followthrough.services.jobsearch.applications import (
    StepNotFound,
    add_application,
    add_contact,
    find_step,
    get_application,
    get_application_and_plan,
    get_plan,
    list_applications,
    record_event,
    step_location,
)
from followthrough.services.jobsearch.cards import add_card_contact, company_note
from followthrough.services.jobsearch.changes import ApplicationNotFound
from followthrough.services.jobsearch.checks import long_promise_warning
from followthrough.services.jobsearch.debriefs import (
    BusinessCard,
    record_debrief,
    resolve_decision_date,
    resolve_timeframe,
)
from followthrough.services.jobsearch.demo import load_demo
from followthrough.services.jobsearch.planning import playbook_for
from followthrough.services.jobsearch.playbooks import (
    choices,
    default_name,
    find,
    import_files,
    list_playbooks,
    playbook_dir,
    set_application_playbook,
)
from followthrough.services.jobsearch.playbooks import update_profile as update_profile_and_playbook
from followthrough.services.jobsearch.profile import business_calendar, get_profile, read_once, today
from followthrough.services.jobsearch.profile_edit import update_profile
from followthrough.services.jobsearch.stages import move_to_stage
from followthrough.services.jobsearch.steps import StepAlreadySettled, settle_step

__all__ = [
    "ApplicationNotFound",
    "BusinessCard",
    "StepAlreadySettled",
    "StepNotFound",
    "add_application",
    "add_card_contact",
    "add_contact",
    "business_calendar",
    "choices",
    "company_note",
    "default_name",
    "edit_application",
    "edit_details",
    "find",
    "find_step",
    "get_application",
    "get_application_and_plan",
    "get_plan",
    "get_profile",
    "import_files",
    "list_applications",
    "list_playbooks",
    "load_demo",
    "long_promise_warning",
    "move_to_stage",
    "playbook_dir",
    "playbook_for",
    "read_once",
    "record_debrief",
    "record_event",
    "resolve_decision_date",
    "resolve_timeframe",
    "set_application_playbook",
    "settle_step",
    "step_location",
    "today",
    "update_profile",
    "update_profile_and_playbook",
]
