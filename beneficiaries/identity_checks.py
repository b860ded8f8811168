"""Is this person already in the system? The national-ID and name-duplicate checks that the
entry form (inline), the services (authoritative) and the importer share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from btxh.scoping import unit_in_scope

from .identity import name_normalize, national_id_errors
from .models import Person


@dataclass
class IdentityCheck:
    errors: dict[str, list[str]] = field(default_factory=dict)
    id_holder: Person | None = None
    name_matches: list[Person] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _person_ref(person: Person, user):
    """A link to the person if ``user`` may see them, else only the unit that holds the record."""
    if unit_in_scope(person.unit, user):
        url = reverse("beneficiaries:person-detail", kwargs={"person_id": person.pk})
        return format_html(
            '<a href="{}">{}</a> ({}, sinh {})', url, person.full_name, person.unit.name, person.birth_text
        )
    return format_html("một người do {} quản lý", person.unit.name)


def national_id_holder(national_id: str, *, exclude_pk: int | None = None) -> Person | None:
    qs = Person.objects.filter(national_id=national_id).select_related("unit")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def duplicate_national_id_message(holder: Person, user) -> str:
    return format_html("Số định danh cá nhân này đã có trong hệ thống: {}.", _person_ref(holder, user))


def province_path(unit) -> str:
    """Path of the root of the unit's tree (its province)."""
    return unit.ancestor_paths()[0]


def name_duplicates(
    *, full_name: str, birth_date: date | None, birth_year: int | None, unit, exclude_pk: int | None = None
) -> list[Person]:
    """People of the same province with the same normalised name and the same birth date or year."""
    if not full_name or not (birth_date or birth_year):
        return []
    if birth_date:
        born = Q(birth_date=birth_date) | Q(birth_date__isnull=True, birth_year=birth_date.year)
    else:
        born = Q(birth_year=birth_year)
    qs = Person.objects.filter(
        born, name_normalized=name_normalize(full_name), unit__path__startswith=province_path(unit)
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.select_related("unit")[:5])


def name_duplicate_message(matches: list[Person], user) -> str:
    people = format_html_join("; ", "{}", ((_person_ref(p, user),) for p in matches))
    return format_html(
        "Đã có người cùng họ tên và ngày/năm sinh trong tỉnh: {}. Nếu đây là người khác, hãy đánh dấu xác nhận "
        "rồi lưu lại.",
        people,
    )


def person_identity_check(
    *,
    user,
    unit,
    full_name: str,
    sex: str | None,
    birth_date: date | None,
    birth_year: int | None,
    national_id: str | None,
    exclude_pk: int | None = None,
) -> IdentityCheck:
    """Errors of the national ID (format, sex, birth year, held by someone else) and the people who may
    be the same person. The ID errors are errors; the name matches are a warning to confirm."""
    check = IdentityCheck()
    year = birth_date.year if birth_date else birth_year
    if national_id:
        for message in national_id_errors(national_id, sex=sex, birth_year=year):
            check.add("national_id", message)
        holder = national_id_holder(national_id, exclude_pk=exclude_pk)
        if holder is not None:
            check.id_holder = holder
            check.add("national_id", duplicate_national_id_message(holder, user))
    if unit is not None:
        check.name_matches = name_duplicates(
            full_name=full_name, birth_date=birth_date, birth_year=year, unit=unit, exclude_pk=exclude_pk
        )
    return check
