"""Objects of the registry in commune A, for the every-URL scoping check (tests/scoping.py)."""

from datetime import date

from django.core.files.base import ContentFile

from beneficiaries.models import (
    Case,
    CaseChild,
    CaseDocument,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    DisabilityAssessment,
    Household,
    HouseholdPoverty,
)
from tests.beneficiaries.factories import PersonFactory


def build(world):
    # The K6 case starts after the month tests/benefits/scoping.py rolls (07/2026), so that its roll
    # keeps the one line it expects.
    a = world.commune_a
    person = PersonFactory(
        unit=a,
        full_name="Bímật Ngườiđơn Ađơn",
        national_id="019150998877",
        hamlet="Thôn Bímật Khuổi",
        phone="0987654321",
        payment_method="bank",
        bank_account="99887766554433",
        bank_name="Ngânhàng Bímật",
    )
    household = Household.objects.create(unit=a, hamlet="Thôn Bímật Khuổi", code="HO-BIMAT")
    HouseholdPoverty.objects.create(household=household, year=2026, status="poor")
    person.household = household
    person.relationship_to_head = "head"
    person.save()
    cared = PersonFactory(unit=a, full_name="Bímật Ngườiđược Chămsóc", birth_date=date(2015, 3, 3))
    case = Case.objects.create(
        person=person,
        unit=a,
        category="K6",
        status=CaseStatus.ACTIVE,
        disability_level="extra_severe",
        disability_certificate_number="GXN-BIMAT-01",
        decision_number="QĐ-BIMAT-01",
        decision_date=date(2026, 8, 1),
        start_month=date(2026, 8, 1),
        disability_certificate_valid_until=date.today(),
        note="Ghichú bímật",
    )
    care = Case.objects.create(
        person=person, unit=a, category="CS-FOSTER", cared_person=cared, status=CaseStatus.SUBMITTED, approving_unit=a
    )
    CaseChild.objects.create(case=case, full_name="Conbímật Ađơn", birth_date=date(2024, 1, 1))
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.APPROVED, note="Sựkiện bímật")
    document = CaseDocument(case=case, kind="certificate", title="Giấytờ bímật")
    document.file.save("giay-to-bimat.pdf", ContentFile(b"%PDF-1.4 Bimat Adon"), save=True)
    assessment = DisabilityAssessment.objects.create(person=person, level="severe", from_month=date(2026, 9, 1),
                                                     certificate_number="GXN-BIMAT-02")  # fmt: skip
    world.ids.update(person=person.pk, case=case.pk, care_case=care.pk, document=document.pk, household=household.pk,
                     assessment=assessment.pk)  # fmt: skip
    decision = Decision.objects.create(
        unit=a, kind=DecisionKind.GRANT, number="QĐ-BIMAT-02", year=2026, decision_date=date(2026, 8, 1), signer="Kýtên Bímật"
    )
    decision.cases.add(case)
    world.ids.update(case_decision=decision.pk, hamlet=person.hamlet_ref_id)
    world.ids.update(person=person.pk, case=case.pk, care_case=care.pk, document=document.pk, household=household.pk)
    world.markers |= {
        person.full_name,
        cared.full_name,
        "019150998877",
        "Thôn Bímật Khuổi",
        "99887766554433",
        "Ngânhàng Bímật",
        "GXN-BIMAT-01",
        "QĐ-BIMAT-01",
        "Ghichú bímật",
        "Conbímật Ađơn",
        "Sựkiện bímật",
        "Giấytờ bímật",
        "Bimat Adon",
        "GXN-BIMAT-02",
        "QĐ-BIMAT-02",
        "Kýtên Bímật",
    }


KWARGS = {
    "person_id": lambda world: world.ids["person"],
    "case_id": lambda world: world.ids["case"],
    "document_id": lambda world: world.ids["document"],
    "household_id": lambda world: world.ids["household"],
    "assessment_id": lambda world: world.ids["assessment"],
    "case_decision_id": lambda world: world.ids["case_decision"],
    "hamlet_id": lambda world: world.ids["hamlet"],
}
