"""The career-centre server's accounts: organisations and members, invitations, reset
links, the second factor, and a job seeker's own data.
"""

from followthrough.services.accounts.invitations import InvitationGone, accept, invite
from followthrough.services.accounts.invitations import of_organisation as invitations_of_organisation
from followthrough.services.accounts.invitations import waiting as waiting_invitation
from followthrough.services.accounts.members import (
    change_password,
    check_password,
    database_answers,
    end_sessions,
    organisation_of,
    roles_of,
    second_factor_required,
    set_active,
    sign_in_name,
    signed_in,
    signed_out,
    start_organisation,
)
from followthrough.services.accounts.my_data import (
    delete_account,
    export_mine,
    import_mine,
    leave_organisation,
    organisations_of,
)
from followthrough.services.accounts.reset_links import ResetLinkGone, make, make_on_the_server, member_to_reset, use
from followthrough.services.accounts.reset_links import of_organisation as reset_links_of_organisation
from followthrough.services.accounts.reset_links import waiting as waiting_reset_link
from followthrough.services.accounts.second_factor import (
    enrolled,
    enrolment,
    give_code,
    signs_in_with_code,
    turn_off,
    turn_on,
)

__all__ = [
    "InvitationGone",
    "ResetLinkGone",
    "accept",
    "change_password",
    "check_password",
    "database_answers",
    "delete_account",
    "end_sessions",
    "enrolled",
    "enrolment",
    "export_mine",
    "give_code",
    "import_mine",
    "invitations_of_organisation",
    "invite",
    "leave_organisation",
    "make",
    "make_on_the_server",
    "member_to_reset",
    "organisation_of",
    "organisations_of",
    "reset_links_of_organisation",
    "roles_of",
    "second_factor_required",
    "set_active",
    "sign_in_name",
    "signed_in",
    "signed_out",
    "signs_in_with_code",
    "start_organisation",
    "turn_off",
    "turn_on",
    "use",
    "waiting_invitation",
    "waiting_reset_link",
]
