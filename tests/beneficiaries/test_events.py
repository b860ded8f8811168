from datetime import date

import pytest

from beneficiaries.errors import NotAllowed, RegistryError
from beneficiaries.models import Case, CaseChild, CaseSource, CaseStatus, FuneralClaim, Person
from beneficiaries.services import (
    case_age_limit_end,
    case_disability_change,
    case_studies_end,
    person_death_record,
    person_move,
)
from engine import Month
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case, poor_household


@pytest.fixture
def person(commune):
    return PersonFactory(unit=commune, full_name="Sầm Thị Nhung", birth_date=date(1950, 4, 2))


def test_a_death_ends_every_decided_case_paid_through_the_death_month(person, officer):
    k6 = active_case(person, "K6", start=date(2024, 1, 1))
    sp = active_case(person, "SP-75", start=date(2025, 7, 1))
    draft = CaseFactory(person=person, category="K8", status=CaseStatus.DRAFT)
    ended = person_death_record(person=person, death_date=date(2026, 3, 14), user=officer)
    assert {c.pk for c in ended} == {k6.pk, sp.pk}
    for case in (k6, sp):
        case.refresh_from_db()
        assert (case.status, case.end_month, case.termination_reason) == ("terminated", Month(2026, 3), "death")
    assert Case.objects.get(pk=draft.pk).status == CaseStatus.DRAFT
    assert Person.objects.get(pk=person.pk).death_date == date(2026, 3, 14)


def test_a_death_flags_funeral_support_once_when_a_monthly_allowance_covered_the_month(person, officer, commune):
    active_case(person, "K6", start=date(2024, 1, 1))
    person_death_record(person=person, death_date=date(2026, 3, 14), user=officer,
                        organiser_name="Lò Văn Tang", organiser_relationship="Con trai")
    claim = FuneralClaim.objects.get(person=person)
    assert (claim.unit, claim.death_date, claim.paid_month) == (commune, date(2026, 3, 14), None)
    assert (claim.organiser_name, claim.organiser_relationship) == ("Lò Văn Tang", "Con trai")
    with pytest.raises(RegistryError):
        person_death_record(person=person, death_date=date(2026, 3, 15), user=officer)
    assert FuneralClaim.objects.count() == 1


def test_a_social_pension_alone_flags_funeral_support(person, officer, commune):
    # Law 41/2024 art. 22(3): the funeral organiser of a deceased social pensioner is supported too.
    active_case(person, "SP-75", start=date(2025, 7, 1))
    person_death_record(person=person, death_date=date(2026, 3, 14), user=officer, organiser_name="Lò Thị Mai")
    claim = FuneralClaim.objects.get(person=person)
    assert (claim.unit, claim.organiser_name, claim.paid_month) == (commune, "Lò Thị Mai", None)


def test_a_care_support_alone_does_not_flag_funeral_support(person, officer, commune):
    cared = PersonFactory(unit=commune, full_name="Sầm Thị Nặng")
    active_case(person, "CS-HOUSEHOLD", cared_person=cared, disability_level="extra_severe")
    person_death_record(person=person, death_date=date(2026, 3, 14), user=officer)
    assert not FuneralClaim.objects.exists()


def test_a_death_ends_the_care_support_of_the_household_caring_for_the_person(person, officer, commune):
    carer = PersonFactory(unit=commune, full_name="Sầm Văn Pảo")
    care = active_case(carer, "CS-HOUSEHOLD", cared_person=person, disability_level="extra_severe")
    person_death_record(person=person, death_date=date(2026, 2, 1), user=officer)
    care.refresh_from_db()
    assert (care.status, care.end_month, care.termination_reason) == ("terminated", Month(2026, 2), "ineligible")


def test_a_death_in_the_future_or_by_another_commune_is_refused(person, officer, other_officer):
    with pytest.raises(RegistryError):
        person_death_record(person=person, death_date=date(2999, 1, 1), user=officer)
    with pytest.raises(NotAllowed):
        person_death_record(person=person, death_date=date(2026, 1, 1), user=other_officer)


def test_a_move_closes_the_old_case_and_opens_one_in_the_new_commune_without_a_gap_or_overlap(
    person, officer, commune, other_commune
):
    from beneficiaries.services import case_move_confirm
    from btxh.models import Role
    from tests.btxh.factories import UserFactory

    old = active_case(person, "K6", start=date(2024, 1, 1), paid_until_month=date(2025, 12, 1))
    poor_household(person, 2026)
    [new] = person_move(
        person=person, to_unit=other_commune, month=date(2026, 5, 20), user=officer, hamlet="Thôn Khuổi Luông"
    )
    old.refresh_from_db()
    assert (old.status, old.end_month, old.termination_reason, old.unit) == (
        "terminated",
        Month(2026, 4),
        "moved",
        commune,
    )
    # The new commune's approving level takes the person in; until then the case waits, unpaid.
    assert (new.status, new.start_month, new.unit, new.previous_case) == ("submitted", None, other_commune, old)
    leader_b = UserFactory(unit=other_commune, role=Role.COMMUNE_LEADER)
    case_move_confirm(case=new, user=leader_b)
    new.refresh_from_db()
    assert (new.status, new.start_month) == ("active", Month(2026, 5))
    assert (new.decision_number, new.decision_date, new.source) == (
        old.decision_number,
        old.decision_date,
        CaseSource.MOVED,
    )
    assert new.paid_until_month == Month(2025, 12)
    person.refresh_from_db()
    assert (person.unit, person.hamlet) == (other_commune, "Thôn Khuổi Luông")
    assert person.household.unit == other_commune and person.household.poverty_in(2026) == "poor"
    assert person.history.count() >= 2  # the old commune is still in the history
    assert list(old.events.values_list("kind", flat=True))[-2:] == ["terminated", "moved_out"]


def test_a_move_keeps_the_children_and_carries_drafts_along(person, officer, other_commune):
    k4 = active_case(person, "K4", start=date(2024, 1, 1))
    CaseChild.objects.create(case=k4, full_name="Sầm Văn An", birth_date=date(2015, 1, 1))
    draft = CaseFactory(person=person, category="K6", status=CaseStatus.DRAFT)
    [new] = person_move(person=person, to_unit=other_commune, month=date(2026, 5, 1), user=officer, hamlet="Bản Mới")
    assert list(new.children.values_list("full_name", flat=True)) == ["Sầm Văn An"]
    assert Case.objects.get(pk=draft.pk).unit == other_commune


def test_a_move_while_a_case_awaits_a_decision_is_refused(person, officer, other_commune):
    CaseFactory(person=person, status=CaseStatus.SUBMITTED)
    with pytest.raises(RegistryError) as exc:
        person_move(person=person, to_unit=other_commune, month=date(2026, 5, 1), user=officer, hamlet="Bản Mới")
    assert "đang chờ phê duyệt" in exc.value.messages[0]


def test_a_move_to_the_same_commune_or_without_a_hamlet_is_refused(person, officer, commune, other_commune):
    with pytest.raises(RegistryError):
        person_move(person=person, to_unit=commune, month=date(2026, 5, 1), user=officer, hamlet="x")
    with pytest.raises(RegistryError):
        person_move(person=person, to_unit=other_commune, month=date(2026, 5, 1), user=officer, hamlet=" ")


def test_the_end_of_studies_ends_a_k2_case_with_that_month(commune, officer):
    student = PersonFactory(unit=commune, birth_date=date(2007, 9, 1))
    k2 = active_case(student, "K2", start=date(2025, 9, 1), studying_until=date(2027, 6, 30))
    case_studies_end(case=k2, user=officer, end_date=date(2026, 1, 20))
    k2.refresh_from_db()
    assert (k2.status, k2.end_month, k2.studying_until) == ("terminated", Month(2026, 1), date(2026, 1, 20))


def test_a_disability_level_that_is_no_longer_severe_ends_k6_and_the_household_care(person, officer, commune):
    k6 = active_case(person, "K6", start=date(2024, 1, 1), disability_level="extra_severe")
    carer = PersonFactory(unit=commune, full_name="Sầm Văn Pảo")
    care = active_case(carer, "CS-HOUSEHOLD", cared_person=person, disability_level="extra_severe")
    ended = case_disability_change(
        case=k6, user=officer, level="severe", month=date(2026, 4, 1), certificate_number="22/GXN"
    )
    assert [c.pk for c in ended] == [care.pk]
    k6.refresh_from_db()
    care.refresh_from_db()
    assert (k6.status, k6.disability_level, k6.disability_certificate_number) == ("active", "severe", "22/GXN")
    assert (care.status, care.end_month) == ("terminated", Month(2026, 4))
    ended = case_disability_change(case=k6, user=officer, level="", month=date(2026, 9, 1))
    assert [c.pk for c in ended] == [k6.pk]
    k6.refresh_from_db()
    assert (k6.status, k6.end_month) == ("terminated", Month(2026, 9))


def test_a_child_on_k1_ends_with_the_month_of_the_sixteenth_birthday(commune, officer):
    child = PersonFactory(unit=commune, birth_date=date(2010, 7, 19))
    k1 = active_case(child, "K1", start=date(2022, 1, 1))
    case_age_limit_end(case=k1, user=officer)
    assert (k1.status, k1.end_month) == ("terminated", Month(2026, 7))


def test_disabled_parent_support_ends_when_the_youngest_child_passes_36_months(commune, officer):
    mother = PersonFactory(unit=commune, birth_date=date(1995, 1, 1))
    care = active_case(mother, "CS-DISABLED-PARENT", start=date(2024, 1, 1))
    CaseChild.objects.create(case=care, birth_date=date(2023, 5, 10))
    CaseChild.objects.create(case=care, birth_date=date(2024, 2, 10))
    case_age_limit_end(case=care, user=officer)
    assert care.end_month == Month(2027, 2)


def test_a_category_without_an_age_limit_cannot_be_ended_by_age(person, officer):
    k6 = active_case(person, "K6")
    with pytest.raises(RegistryError):
        case_age_limit_end(case=k6, user=officer)
