"""The one scoping layer: every page, export and job narrows its rows to the user's subtree here.

A model declares ``SCOPE_FIELD``: the lookup path from the model to its ``Unit``
("unit", "person__unit", "" for Unit itself). ``scope_queryset`` filters by the
unit's materialised path, so a province officer sees every commune under it and
a commune officer only their commune.
"""

from django.db import models


def scope_lookup(model) -> str:
    field = getattr(model, "SCOPE_FIELD", None)
    if field is None:
        raise TypeError(f"{model.__name__} has no SCOPE_FIELD: it cannot be shown to a scoped user")
    return f"{field}__path__startswith" if field else "path__startswith"


def scope_queryset(queryset, user):
    """Narrow ``queryset`` to the rows of ``user``'s subtree (nothing for an anonymous user)."""
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.is_national:
        return queryset
    if user.unit_id is None:
        return queryset.none()
    return queryset.filter(**{scope_lookup(queryset.model): user.unit.path})


def unit_in_scope(unit, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_national:
        return True
    return bool(user.unit_id and unit is not None and unit.path.startswith(user.unit.path))


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        return scope_queryset(self, user)
