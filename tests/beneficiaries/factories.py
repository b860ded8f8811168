"""Factories for the registry. They write rows directly (set-up); what is under test goes through services."""

import itertools
from datetime import date

import factory

from beneficiaries.hamlets import hamlet_key
from beneficiaries.identity import name_normalize
from beneficiaries.models import Case, CaseStatus, Hamlet, Household, HouseholdPoverty, Person, Sex

_serial = itertools.count(1)


def national_id(
    *, sex: str = Sex.FEMALE, birth_year: int = 1950, province: str = "008", serial: int | None = None
) -> str:
    """A well-formed 12-digit ID for this sex and birth year (Circular 59/2021 layout)."""
    century = 0 if birth_year < 2000 else 2
    digit = century + (1 if sex == Sex.FEMALE else 0)
    return f"{province}{digit}{birth_year % 100:02d}{(serial or next(_serial)) % 1_000_000:06d}"


def listed_hamlet(unit, name: str = "Thôn Nà Pồng") -> Hamlet:
    """The commune's hamlet of this name, added to its list if it is not there yet (set-up)."""
    hamlet, _ = Hamlet.objects.get_or_create(commune=unit, name_key=hamlet_key(name), defaults={"name": name})
    return hamlet


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Thị Mẫu {n}")
    name_normalized = factory.LazyAttribute(lambda o: name_normalize(o.full_name))
    birth_date = date(1950, 5, 17)
    birth_year = factory.LazyAttribute(lambda o: o.birth_date.year if o.birth_date else 1950)
    sex = Sex.FEMALE
    hamlet = "Thôn Nà Pồng"
    hamlet_ref = factory.LazyAttribute(lambda o: listed_hamlet(o.unit, o.hamlet) if o.hamlet else None)
    ethnicity = "Tày"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    unit = factory.LazyAttribute(lambda o: o.person.unit)
    category = "K6"
    status = CaseStatus.DRAFT
    disability_level = "severe"
    disability_certificate_number = "12/GXN"


def active_case(person, category="K6", *, start=date(2025, 8, 1), **extra) -> Case:
    """A decided, active case as an approval would leave it."""
    values = {"disability_level": "severe"} if category == "K6" else {"disability_level": ""}
    values.update(status=CaseStatus.ACTIVE, decision_number="1/QĐ-UBND", decision_date=start)
    values.update(extra)
    return CaseFactory(person=person, category=category, start_month=start, **values)


def poor_household(person, year: int, status: str = "poor") -> Household:
    household = Household.objects.create(unit=person.unit, hamlet=person.hamlet, hamlet_ref=person.hamlet_ref)
    HouseholdPoverty.objects.create(household=household, year=year, status=status)
    person.household = household
    person.relationship_to_head = "head"
    person.save()
    return household
