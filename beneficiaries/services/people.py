"""Writes about people and households."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from btxh.models import Level, Unit, User

from ..errors import DuplicateNationalId, NotAllowed, PossibleDuplicate, RegistryError
from ..identity import name_normalize
from ..identity_checks import name_duplicate_message, person_identity_check
from ..models import Household, HouseholdPoverty, PaymentMethod, Person, Poverty, Relationship
from ..permissions import can_edit_in
from .hamlets import hamlet_resolve

# What an officer may set on a person through person_create / person_update, in form order.
PERSON_FIELD_ORDER = (
    "full_name", "birth_date", "birth_year", "sex", "national_id", "ethnicity", "hamlet", "phone", "household",
    "relationship_to_head", "has_pension", "payment_method", "bank_account", "bank_name", "receiver_name",
    "receiver_relationship", "receiver_national_id", "receiver_phone",
)
PERSON_FIELDS = frozenset(PERSON_FIELD_ORDER)


def _require_editor(user: User, unit: Unit) -> None:
    if not can_edit_in(user, unit):
        raise NotAllowed("Chỉ công chức phụ trách bảo trợ xã hội của xã được nhập, sửa thông tin đối tượng.")


def _clean(fields: dict) -> dict:
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    out = dict(fields)
    if "full_name" in out:
        out["full_name"] = " ".join((out["full_name"] or "").split())
    if "national_id" in out:
        out["national_id"] = (out["national_id"] or "").strip() or None
    for name in (
        "ethnicity",
        "phone",
        "bank_account",
        "bank_name",
        "receiver_name",
        "receiver_relationship",
        "receiver_national_id",
        "receiver_phone",
        "relationship_to_head",
    ):
        if name in out and out[name] is None:
            out[name] = ""
    return out


def _set_hamlet(person: Person, fields: dict) -> None:
    """The hamlet is chosen from the commune's list (a ``Hamlet``, or a name matched against it);
    the person's hamlet text is its name."""
    if "hamlet" not in fields:
        return
    current = person.hamlet_ref if person.hamlet_ref_id else None
    hamlet = hamlet_resolve(person.unit, fields.pop("hamlet"), current=current)
    person.hamlet_ref, person.hamlet = hamlet, hamlet.name


def _validate(person: Person, *, user: User, confirm_duplicate: bool) -> None:
    """The rules every saved person obeys (issue "Beneficiary registry" §1, §2, §7)."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not person.full_name:
        errors.setdefault("full_name", []).append("Cần nhập họ và tên.")
    if person.birth_date:
        person.birth_year = person.birth_date.year
        if person.birth_date > today:
            errors.setdefault("birth_date", []).append("Ngày sinh không được ở tương lai.")
    if not person.birth_year:
        errors.setdefault("birth_date", []).append("Cần nhập ngày sinh hoặc năm sinh.")
    elif not 1880 <= person.birth_year <= today.year:
        errors.setdefault("birth_date", []).append("Năm sinh không hợp lệ.")
    if person.payment_method == PaymentMethod.BANK:
        if not person.bank_account or not person.bank_account.isdigit():
            errors.setdefault("bank_account", []).append("Chuyển khoản cần số tài khoản (chỉ gồm chữ số).")
        if not person.bank_name:
            errors.setdefault("bank_name", []).append("Chuyển khoản cần tên ngân hàng.")
    if person.death_date and person.death_date > today:
        errors.setdefault("death_date", []).append("Ngày chết không được ở tương lai.")
    if person.household_id and person.household.unit_id != person.unit_id:
        errors.setdefault("household", []).append("Hộ gia đình phải thuộc cùng xã với đối tượng.")

    check = person_identity_check(
        user=user,
        unit=person.unit,
        full_name=person.full_name,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        national_id=person.national_id,
        exclude_pk=person.pk,
    )
    for name, messages in check.errors.items():
        errors.setdefault(name, []).extend(messages)
    if check.id_holder is not None:
        raise DuplicateNationalId(errors, existing=check.id_holder)
    if errors:
        raise RegistryError(errors)
    if check.name_matches and not confirm_duplicate:
        raise PossibleDuplicate(name_duplicate_message(check.name_matches, user), matches=check.name_matches)


def _save(person: Person, *, user: User) -> None:
    person.name_normalized = name_normalize(person.full_name)
    person._history_user = user
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        if "national_id" in str(exc) or "person_unique_national_id" in str(exc):
            raise RegistryError({"national_id": ["Số định danh cá nhân này vừa được nhập cho người khác."]}) from exc
        raise


@transaction.atomic
def person_create(
    *,
    user: User,
    unit: Unit,
    confirm_duplicate: bool = False,
    poverty: str | None = None,
    poverty_year: int | None = None,
    **fields,
) -> Person:
    """Register a person in a commune (issue §1).

    Refuses a national ID that is malformed, does not match the sex or birth year (§2) or is
    already held by anyone in the system (§7); asks for ``confirm_duplicate`` when someone of
    the same province has the same normalised name and birth date/year. ``poverty`` (for
    ``poverty_year``, default this year) creates the person's household with them as its head
    when no household is given.
    """
    if unit.level != Level.COMMUNE:
        raise RegistryError({"unit": ["Đối tượng phải thuộc một xã/phường."]})
    _require_editor(user, unit)
    fields = _clean(fields)
    if "hamlet" not in fields:
        raise RegistryError({"hamlet": ["Chọn thôn/tổ dân phố."]})
    person = Person(unit=unit, created_by=user)
    _set_hamlet(person, fields)
    for name, value in fields.items():
        setattr(person, name, value)
    _validate(person, user=user, confirm_duplicate=confirm_duplicate)
    _save(person, user=user)
    if person.household_id is None and poverty:
        household_create_for(person=person, user=user)
    if poverty and person.household_id:
        household_poverty_set(
            household=person.household, year=poverty_year or timezone.localdate().year, status=poverty, user=user
        )
    return person


@transaction.atomic
def person_update(*, person: Person, user: User, confirm_duplicate: bool = False, **fields) -> Person:
    """Correct a person's details (same rules as person_create). The commune is changed only by person_move."""
    _require_editor(user, person.unit)
    fields = _clean(fields)
    _set_hamlet(person, fields)
    for name, value in fields.items():
        setattr(person, name, value)
    _validate(person, user=user, confirm_duplicate=confirm_duplicate)
    _save(person, user=user)
    return person


def household_create_for(*, person: Person, user: User | None) -> Household:
    """A household for a person who has none, with them as its head (to record its poverty status)."""
    household = Household(unit=person.unit, hamlet=person.hamlet, hamlet_ref_id=person.hamlet_ref_id)
    household._history_user = user
    household.save()
    person.household = household
    person.relationship_to_head = Relationship.HEAD
    person.save(update_fields=["household", "relationship_to_head"])
    return household


@transaction.atomic
def household_poverty_set(*, household: Household, year: int, status: str, user: User) -> HouseholdPoverty:
    """Record the household's poverty status (poor / near-poor / none) for one year."""
    _require_editor(user, household.unit)
    if status not in Poverty.values:
        raise RegistryError({"status": ["Tình trạng nghèo không hợp lệ."]})
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise RegistryError({"year": ["Năm không hợp lệ."]})
    row = HouseholdPoverty.objects.filter(household=household, year=year).first() or HouseholdPoverty(
        household=household, year=year
    )
    row.status = status
    row._history_user = user
    row.save()
    return row
