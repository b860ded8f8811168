"""Who may do what with a case: commune officers enter, the approving level decides."""

from btxh.models import Role
from btxh.scoping import unit_in_scope
from btxh.selectors import approver_role, approving_unit


def can_edit_in(user, unit) -> bool:
    """Enter people and cases, record events: the commune officer of that commune (or above it)."""
    return bool(user and user.is_authenticated and user.can_edit_cases and unit_in_scope(unit, user))


def approving_unit_of(case):
    if case.approving_unit_id:
        return case.approving_unit

    return approving_unit(case.unit)


def is_approver_for(user, case) -> bool:
    """The leader (2025 regime) or district officer (legacy) of the unit that decides this case."""
    if not (user and user.is_authenticated and user.unit_id):
        return False
    unit = approving_unit_of(case)
    return user.unit_id == unit.pk and user.role == approver_role(unit)


def can_manage(user, case) -> bool:
    """Suspend, resume, terminate, activate: the commune officer or the approver."""
    return can_edit_in(user, case.unit) or is_approver_for(user, case)


def is_approver(user) -> bool:
    return bool(user and user.is_authenticated and user.role in (Role.COMMUNE_LEADER, Role.DISTRICT_OFFICER))
