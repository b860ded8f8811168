"""Reads of the core app: the unit tree and the approval / reporting chain."""

from .models import Level, Role, Unit


def unit_chain(unit: Unit) -> list[Unit]:
    """The unit and its ancestors, from the unit up to the root of its tree.

    The approval and reporting chain is always this path, never a fixed number of levels.
    """
    by_path = {u.path: u for u in Unit.objects.filter(path__in=unit.ancestor_paths())}
    return [by_path[p] for p in reversed(unit.ancestor_paths()) if p in by_path]


def approving_unit(commune: Unit) -> Unit:
    """Who decides a commune's cases: the nearest district on the chain (legacy three-tier
    regime), otherwise the commune itself, whose chairman decides since 1/7/2025
    (Decree 147/2025/NĐ-CP art. 5(2)(b); Decree 176/2025/NĐ-CP art. 4)."""
    for unit in unit_chain(commune):
        if unit.level == Level.DISTRICT:
            return unit
    return commune


def approver_role(unit: Unit) -> str:
    return Role.COMMUNE_LEADER if unit.level == Level.COMMUNE else Role.DISTRICT_OFFICER


def unit_options_for(user, *, level: int | None = Level.COMMUNE):
    """Units a user may pick in a form (their subtree), cheapest first."""
    qs = Unit.objects.for_user(user)
    if level is not None:
        qs = qs.filter(level=level)
    return qs.only("id", "name", "code", "path", "level")
