"""The career-centre server's accounts: organisations and members, invitations, reset
links, the second factor, and a job seeker's own data.
"""

from __future__ import annotations

from followthrough.services import lazy_names

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
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
    from followthrough.services.accounts.reset_links import (
        ResetLinkGone,
        make,
        make_on_the_server,
        member_to_reset,
        use,
    )
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

# Each name, from the module that holds it: loaded when first asked for, so that a front
# end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "InvitationGone": ("invitations", "InvitationGone"),
    "ResetLinkGone": ("reset_links", "ResetLinkGone"),
    "accept": ("invitations", "accept"),
    "change_password": ("members", "change_password"),
    "check_password": ("members", "check_password"),
    "database_answers": ("members", "database_answers"),
    "delete_account": ("my_data", "delete_account"),
    "end_sessions": ("members", "end_sessions"),
    "enrolled": ("second_factor", "enrolled"),
    "enrolment": ("second_factor", "enrolment"),
    "export_mine": ("my_data", "export_mine"),
    "give_code": ("second_factor", "give_code"),
    "import_mine": ("my_data", "import_mine"),
    "invitations_of_organisation": ("invitations", "of_organisation"),
    "invite": ("invitations", "invite"),
    "leave_organisation": ("my_data", "leave_organisation"),
    "make": ("reset_links", "make"),
    "make_on_the_server": ("reset_links", "make_on_the_server"),
    "member_to_reset": ("reset_links", "member_to_reset"),
    "organisation_of": ("members", "organisation_of"),
    "organisations_of": ("my_data", "organisations_of"),
    "reset_links_of_organisation": ("reset_links", "of_organisation"),
    "roles_of": ("members", "roles_of"),
    "second_factor_required": ("members", "second_factor_required"),
    "set_active": ("members", "set_active"),
    "sign_in_name": ("members", "sign_in_name"),
    "signed_in": ("members", "signed_in"),
    "signed_out": ("members", "signed_out"),
    "signs_in_with_code": ("second_factor", "signs_in_with_code"),
    "start_organisation": ("members", "start_organisation"),
    "turn_off": ("second_factor", "turn_off"),
    "turn_on": ("second_factor", "turn_on"),
    "use": ("reset_links", "use"),
    "waiting_invitation": ("invitations", "waiting"),
    "waiting_reset_link": ("reset_links", "waiting"),
}

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


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error
    __getattr__ = lazy_names(__name__, _HOMES)
