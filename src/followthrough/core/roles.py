"""Who someone is in a career centre: the roles of an organisation's members."""

from __future__ import annotations

from enum import StrEnum


class MemberRole(StrEnum):
    ADMINISTRATOR = "administrator"  # invites people, disables and enables accounts
    COACH = "coach"  # helps job seekers
    JOB_SEEKER = "job_seeker"  # keeps their own job search


ROLE_NAMES: dict[MemberRole, str] = {
    MemberRole.ADMINISTRATOR: "Administrator",
    MemberRole.COACH: "Coach",
    MemberRole.JOB_SEEKER: "Job seeker",
}

# Roles that see other people's data or manage accounts: they need a second factor.
SECOND_FACTOR_ROLES = frozenset({MemberRole.ADMINISTRATOR, MemberRole.COACH})


def needs_second_factor(roles: set[MemberRole] | frozenset[MemberRole]) -> bool:
    return bool(roles & SECOND_FACTOR_ROLES)
