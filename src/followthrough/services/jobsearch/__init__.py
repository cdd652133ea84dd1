"""Recording the job search: the profile, applications, people, interviews, debriefs,
answers, playbooks, and the re-planning every change goes through.
"""

from __future__ import annotations

from followthrough.services import lazy_names

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
    from followthrough.services.jobsearch.application_edit import edit_application, edit_details
    from followthrough.services.jobsearch.applications import (
        ApplicationSummary,
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
    from followthrough.services.jobsearch.debriefs import BusinessCard, record_debrief, resolve_timeframe
    from followthrough.services.jobsearch.demo import load_demo
    from followthrough.services.jobsearch.duplicates import AlreadyOpen, Existing
    from followthrough.services.jobsearch.planning import playbook_for
    from followthrough.services.jobsearch.playbook_upload import PlaybookTaken, Uploaded, own_folder, upload_playbook
    from followthrough.services.jobsearch.playbooks import (
        Listed,
        Listing,
        PlaybookFileFault,
        choices,
        default_name,
        file_faults,
        find,
        import_files,
        list_playbooks,
        playbook_dir,
        set_application_playbook,
        update_profile_and_playbook,
    )
    from followthrough.services.jobsearch.profile import business_calendar, get_profile, read_once, today
    from followthrough.services.jobsearch.profile_edit import update_profile
    from followthrough.services.jobsearch.responses import NewDateNeedsNotDecided, record_response
    from followthrough.services.jobsearch.stages import StageRefused, move_to_stage
    from followthrough.services.jobsearch.steps import StepAlreadySettled, settle_step

# Each name, from the module that holds it: loaded when first asked for, so that a front
# end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "AlreadyOpen": ("duplicates", "AlreadyOpen"),
    "Existing": ("duplicates", "Existing"),
    "ApplicationNotFound": ("changes", "ApplicationNotFound"),
    "ApplicationSummary": ("applications", "ApplicationSummary"),
    "BusinessCard": ("debriefs", "BusinessCard"),
    "Listed": ("playbooks", "Listed"),
    "Listing": ("playbooks", "Listing"),
    "PlaybookTaken": ("playbook_upload", "PlaybookTaken"),
    "Uploaded": ("playbook_upload", "Uploaded"),
    "NewDateNeedsNotDecided": ("responses", "NewDateNeedsNotDecided"),
    "PlaybookFileFault": ("playbooks", "PlaybookFileFault"),
    "StageRefused": ("stages", "StageRefused"),
    "StepAlreadySettled": ("steps", "StepAlreadySettled"),
    "StepNotFound": ("applications", "StepNotFound"),
    "add_application": ("applications", "add_application"),
    "add_card_contact": ("cards", "add_card_contact"),
    "add_contact": ("applications", "add_contact"),
    "business_calendar": ("profile", "business_calendar"),
    "choices": ("playbooks", "choices"),
    "company_note": ("cards", "company_note"),
    "default_name": ("playbooks", "default_name"),
    "edit_application": ("application_edit", "edit_application"),
    "edit_details": ("application_edit", "edit_details"),
    "file_faults": ("playbooks", "file_faults"),
    "find": ("playbooks", "find"),
    "find_step": ("applications", "find_step"),
    "get_application": ("applications", "get_application"),
    "get_application_and_plan": ("applications", "get_application_and_plan"),
    "get_plan": ("applications", "get_plan"),
    "get_profile": ("profile", "get_profile"),
    "import_files": ("playbooks", "import_files"),
    "list_applications": ("applications", "list_applications"),
    "list_playbooks": ("playbooks", "list_playbooks"),
    "load_demo": ("demo", "load_demo"),
    "long_promise_warning": ("checks", "long_promise_warning"),
    "move_to_stage": ("stages", "move_to_stage"),
    "playbook_dir": ("playbooks", "playbook_dir"),
    "playbook_for": ("planning", "playbook_for"),
    "read_once": ("profile", "read_once"),
    "record_debrief": ("debriefs", "record_debrief"),
    "record_event": ("applications", "record_event"),
    "record_response": ("responses", "record_response"),
    "resolve_timeframe": ("debriefs", "resolve_timeframe"),
    "set_application_playbook": ("playbooks", "set_application_playbook"),
    "settle_step": ("steps", "settle_step"),
    "step_location": ("applications", "step_location"),
    "today": ("profile", "today"),
    "update_profile": ("profile_edit", "update_profile"),
    "own_folder": ("playbook_upload", "own_folder"),
    "update_profile_and_playbook": ("playbooks", "update_profile_and_playbook"),
    "upload_playbook": ("playbook_upload", "upload_playbook"),
}

__all__ = [
    "AlreadyOpen",
    "ApplicationNotFound",
    "ApplicationSummary",
    "BusinessCard",
    "Existing",
    "Listed",
    "Listing",
    "NewDateNeedsNotDecided",
    "PlaybookFileFault",
    "PlaybookTaken",
    "StageRefused",
    "StepAlreadySettled",
    "StepNotFound",
    "Uploaded",
    "add_application",
    "add_card_contact",
    "add_contact",
    "business_calendar",
    "choices",
    "company_note",
    "default_name",
    "edit_application",
    "edit_details",
    "file_faults",
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
    "own_folder",
    "playbook_dir",
    "playbook_for",
    "read_once",
    "record_debrief",
    "record_event",
    "record_response",
    "resolve_timeframe",
    "set_application_playbook",
    "settle_step",
    "step_location",
    "today",
    "update_profile",
    "update_profile_and_playbook",
    "upload_playbook",
]


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error
    __getattr__ = lazy_names(__name__, _HOMES)
