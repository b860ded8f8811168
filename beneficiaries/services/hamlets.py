"""The commune's list of hamlets (thôn / tổ dân phố): kept by the commune officer, chosen on every form.

A name is compared by ``hamlet_key`` (case, spacing and diacritics ignored), so "thôn  nà pồng" is
"Thôn Nà Pồng". A commune with no list yet gets one from its first beneficiary import
(``beneficiaries.importing``); after that a name not on the list is an error, never a new hamlet.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from btxh.models import Level, Unit, User

from ..errors import RegistryError
from ..hamlets import NAME_MAX, hamlet_key, hamlet_name_clean, inactive_hamlet_message, unknown_hamlet_message
from ..models import Hamlet, Household, Person
from ..permissions import can_edit_in

# Higher floors that copy a hamlet's name into their own records (the elderly register) plug in
# here to follow a rename: fn(hamlet, old_name). Snapshots (payroll lines, decided aid) do not.
_rename_listeners: list[Callable[[Hamlet, str], None]] = []


def hamlet_rename_listener_register(fn: Callable[[Hamlet, str], None]) -> None:
    if fn not in _rename_listeners:
        _rename_listeners.append(fn)


def hamlet_match(commune: Unit, name: str) -> Hamlet | None:
    """The hamlet of ``commune`` with this name (case, spacing and diacritics ignored), active or not."""
    key = hamlet_key(hamlet_name_clean(name))
    return Hamlet.objects.filter(commune=commune, name_key=key).first() if key else None


def hamlet_resolve(
    commune: Unit,
    value: Hamlet | str | None,
    *,
    field: str = "hamlet",
    create_first: bool = False,
    user: User | None = None,
    current: Hamlet | None = None,
) -> Hamlet:
    """The chosen hamlet of ``commune``: a ``Hamlet`` or a name matched against the list. Refuses
    (RegistryError at ``field``) an empty choice, another commune's hamlet, a name not on the list
    and a hamlet no longer in use (unless it is ``current``, the record's own). With
    ``create_first`` a commune that has no list yet gets this name as its first hamlet."""
    if isinstance(value, Hamlet):
        hamlet = value
        if hamlet.commune_id != commune.pk:
            raise RegistryError({field: ["Thôn/tổ dân phố không thuộc xã này."]})
    else:
        name = hamlet_name_clean(value)
        if not name:
            raise RegistryError({field: ["Chọn thôn/tổ dân phố."]})
        hamlet = hamlet_match(commune, name)
        if hamlet is None:
            if create_first and not Hamlet.objects.filter(commune=commune).exists():
                return hamlet_create(commune=commune, name=name, user=user, check_user=False)
            raise RegistryError({field: [unknown_hamlet_message(name)]})
    if not hamlet.active and (current is None or current.pk != hamlet.pk):
        raise RegistryError({field: [inactive_hamlet_message(hamlet.name)]})
    return hamlet


def _require_editor(user: User | None, commune: Unit) -> None:
    if not can_edit_in(user, commune):
        raise RegistryError("Chỉ công chức phụ trách bảo trợ xã hội của xã được sửa danh sách thôn/tổ dân phố.")


def _check_name(commune: Unit, name: str, *, exclude: Hamlet | None = None) -> tuple[str, str]:
    name = hamlet_name_clean(name)
    if not name:
        raise RegistryError({"name": ["Cần nhập tên thôn/tổ dân phố."]})
    if len(name) > NAME_MAX:
        raise RegistryError({"name": [f"Tên dài {len(name)} ký tự, tối đa {NAME_MAX} ký tự."]})
    key = hamlet_key(name)
    same = Hamlet.objects.filter(commune=commune, name_key=key)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if (other := same.first()) is not None:
        state = "" if other.active else " (đã ngừng sử dụng: bật lại để dùng)"
        raise RegistryError(
            {"name": [f'Xã đã có "{other.name}"{state}: tên trùng khi không phân biệt hoa thường, dấu, khoảng trắng.']}
        )
    return name, key


def hamlet_create(
    *, commune: Unit, name: str, user: User | None, code: str = "", order: int | None = None, check_user: bool = True
) -> Hamlet:
    """Add a hamlet to the commune's list (its name unique in the commune, case, spacing and
    diacritics ignored). New hamlets go to the end of the list unless ``order`` is given."""
    if commune.level != Level.COMMUNE:
        raise RegistryError({"name": ["Thôn/tổ dân phố phải thuộc một xã/phường."]})
    if check_user:
        _require_editor(user, commune)
    name, key = _check_name(commune, name)
    if order is None:
        last = Hamlet.objects.filter(commune=commune).order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    hamlet = Hamlet(commune=commune, name=name, name_key=key, code=(code or "").strip(), order=order)
    hamlet._history_user = user
    try:
        with transaction.atomic():
            hamlet.save()
    except IntegrityError as exc:  # the same name added at the same moment by someone else
        raise RegistryError({"name": [f'Xã đã có "{name}".']}) from exc
    return hamlet


def hamlets_create_first(*, commune: Unit, names: list[str], user: User | None) -> list[Hamlet]:
    """A commune's first list, in the order given (its first beneficiary import); spellings of one
    name count once. Called only when the commune has no hamlet yet."""
    seen: dict[str, Hamlet] = {}
    for order, name in enumerate(names, start=1):
        name = hamlet_name_clean(name)
        key = hamlet_key(name)
        if name and key not in seen:
            seen[key] = Hamlet(commune=commune, name=name, name_key=key, order=order)
    created = list(seen.values())
    for hamlet in created:
        hamlet._history_user = user
        hamlet.save()
    return created


@transaction.atomic
def hamlet_update(*, hamlet: Hamlet, user: User, name: str, code: str = "", order: int | None = None) -> Hamlet:
    """Rename (or recode, reorder) a hamlet. A rename rewrites the hamlet text of every person and
    household on it, and of the records higher floors registered (the elderly register); payroll
    lines and decided aid keep the name they were made with."""
    _require_editor(user, hamlet.commune)
    new_name, key = _check_name(hamlet.commune, name, exclude=hamlet)
    old_name = hamlet.name
    hamlet.name, hamlet.name_key, hamlet.code = new_name, key, (code or "").strip()
    if order is not None:
        hamlet.order = order
    hamlet._history_user = user
    hamlet.save()
    if new_name != old_name:
        # updated_at: the next roll computes these people again (their lines print the new name).
        Person.objects.filter(hamlet_ref=hamlet).update(hamlet=new_name, updated_at=timezone.now())
        Household.objects.filter(hamlet_ref=hamlet).update(hamlet=new_name)
        for listener in _rename_listeners:
            listener(hamlet, old_name)
    return hamlet


def hamlet_set_active(*, hamlet: Hamlet, user: User, active: bool) -> Hamlet:
    """Stop offering a hamlet on the forms (merged, renamed by the commune) or offer it again. Its
    people keep it until they are moved to another one."""
    _require_editor(user, hamlet.commune)
    hamlet.active = active
    hamlet._history_user = user
    hamlet.save(update_fields=["active"])
    return hamlet


def hamlet_listed_name(commune: Unit, name: str | None, *, field: str = "hamlet") -> str:
    """The list's spelling of a hamlet chosen (or imported) on a register that keeps the name as text
    (emergency-aid requests, the elderly register). Empty stays empty, and so does the name of a
    commune that has no list yet; otherwise a name not on the list, or no longer in use, is refused
    (RegistryError at ``field``)."""
    name = hamlet_name_clean(name)
    if not name or not Hamlet.objects.filter(commune=commune).exists():
        return name
    return hamlet_resolve(commune, name, field=field).name
