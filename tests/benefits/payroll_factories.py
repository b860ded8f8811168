"""Beneficiaries as payroll sees them: already decided, active cases (the registry's
lifecycle is tested in tests/beneficiaries)."""

from datetime import date

from beneficiaries.models import Case, CaseStatus, Decision, DecisionKind, FuneralClaim, Person
from engine import Month
from tests.beneficiaries.factories import listed_hamlet


def first(month: str) -> date:
    return Month.parse(month).first_day


def make_person(unit, name: str, *, birth: date, hamlet: str = "Thôn Nà Pồng", payment_method: str = "cash", **kw):
    return Person.objects.create(
        full_name=name, name_normalized=name.upper(), birth_date=birth, birth_year=birth.year, sex=kw.pop("sex", "female"),
        unit=unit, hamlet=hamlet, hamlet_ref=listed_hamlet(unit, hamlet), payment_method=payment_method, **kw,
    )


def make_case(person, category: str, *, start: str, end: str | None = None, paid_until: str | None = None, **kw):
    return Case.objects.create(
        person=person, unit=person.unit, category=category, status=kw.pop("status", CaseStatus.ACTIVE),
        start_month=first(start), end_month=first(end) if end else None,
        paid_until_month=first(paid_until) if paid_until else None,
        decision_number=kw.pop("decision_number", "12/QĐ-UBND"), decision_date=kw.pop("decision_date", first(start)),
        **kw,
    )


def record_death(person, death: date, *, end: str, organiser: str = "", decided: bool = True):
    """What the registry's death event leaves behind: death date, case ended, funeral claim; with
    ``decided``, the approving level's termination decision that the funeral support waits for."""
    person.death_date = death
    person.save()
    for case in person.cases.all():
        case.status = CaseStatus.TERMINATED
        case.end_month = first(end)
        case.termination_reason = "death"
        case.save()
    decision = None
    if decided:
        decision = Decision.objects.create(
            unit=person.unit, kind=DecisionKind.TERMINATE, number=f"{person.pk}/QĐ-TH", year=death.year,
            decision_date=death, signer="Chủ tịch",
        )
        decision.cases.add(*person.cases.all())
    FuneralClaim.objects.create(
        person=person, unit=person.unit, death_date=death, organiser_name=organiser, decision=decision
    )


def dead_long_ago(commune, name: str, death: date, *, decided: bool = True):
    """A disabled man paid outside the system until he died; the approving level decided the
    termination (and with it the funeral support) only in October 2026."""
    person = make_person(commune, name, birth=date(1960, 5, 5), sex="male", hamlet="Thôn Bản Bó")
    make_case(person, "K6", start="2019-01", disability_level="severe", paid_until=str(Month.of(death)))
    record_death(person, death, end=str(Month.of(death)), organiser="Hoàng Thị Hiếu", decided=False)
    if decided:
        decision = Decision.objects.create(
            unit=commune, kind=DecisionKind.TERMINATE, number=f"{person.pk}/QĐ-TH", year=2026,
            decision_date=date(2026, 10, 20), signer="Chủ tịch",
        )  # fmt: skip
        decision.cases.add(*person.cases.all())
        FuneralClaim.objects.filter(person=person).update(decision=decision)
    return person
