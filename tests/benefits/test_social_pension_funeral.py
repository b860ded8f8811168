"""Funeral support for a deceased social pensioner (issue 8 item 4): Law 41/2024/QH15 art. 22(3)
and Decree 176/2025/NĐ-CP, 10.000.000 đ from 07/2025 as reported by secondary sources; a dated,
cited rule row, paid once like the monthly allowance's funeral support."""

from datetime import date

import pytest
from django.urls import reverse

from beneficiaries.models import FuneralClaim
from beneficiaries.services import decision_terminate, person_death_record
from benefits.models import FlatAmount, FlatPurpose
from benefits.payroll import services
from benefits.selectors import ruleset_load
from engine import SEED_RULESET, Entitlement, Month, PersonFacts
from engine.funeral import FUNERAL, funeral_support
from tests.benefits.payroll_factories import make_case, make_person

BASIS = "Luật Bảo hiểm xã hội 41/2024/QH15 điều 22 khoản 3; Nghị định 176/2025/NĐ-CP"
JUL, AUG, SEP = Month(2026, 7), Month(2026, 8), Month(2026, 9)


def dead(on: date) -> PersonFacts:
    return PersonFacts(birth_date=date(1940, 3, 1), death_date=on)


PENSION_START = Month(2025, 7)


def sp(start=PENSION_START, end=None, ref=1) -> Entitlement:
    return Entitlement("SP-75", start, end, ref=ref)


# -- the engine ----------------------------------------------------------------------------


def test_a_social_pensioner_who_died_is_owed_10_million_once():
    line = funeral_support(dead(date(2026, 3, 14)), [sp(end=Month(2026, 3))], SEED_RULESET)
    assert (line.scheme, line.category, line.amount, line.ref) == (FUNERAL, FUNERAL, 10_000_000, 1)
    assert BASIS in line.basis and "nguồn thứ cấp" in line.basis


def test_no_funeral_support_before_the_rule_or_when_the_pension_did_not_cover_the_death_month():
    assert funeral_support(dead(date(2026, 3, 14)), [sp(end=Month(2026, 2))], SEED_RULESET) is None
    assert funeral_support(PersonFacts(birth_date=date(1940, 3, 1)), [sp()], SEED_RULESET) is None
    care = Entitlement("CS-HOUSEHOLD", Month(2025, 7), cared_person=PersonFacts(disability_level="extra_severe"))
    assert funeral_support(dead(date(2026, 3, 14)), [care], SEED_RULESET) is None


def test_both_schemes_at_death_give_one_payment_the_highest():
    person = PersonFacts(birth_date=date(1940, 3, 1), death_date=date(2026, 3, 14), disability_level="severe")
    both = [Entitlement("K6", Month(2024, 1), ref=1), sp(ref=2)]
    # Hà Nội: 20 × 650.000 = 13.000.000 for the allowance, above the pension's 10.000.000.
    line = funeral_support(person, both, SEED_RULESET, "01")
    assert (line.amount, line.ref) == (13_000_000, 1)


@pytest.mark.django_db
def test_the_funeral_row_is_not_a_monthly_amount():
    rules = ruleset_load()
    assert rules.funeral_amount("SOCIAL_PENSION", Month(2026, 3))[0] == 10_000_000
    assert rules.funeral_amount("SOCIAL_PENSION", Month(2025, 6)) is None
    assert rules._flat_lookup("SOCIAL_PENSION", Month(2026, 3).index, None)[0] == 500_000


@pytest.mark.django_db
def test_the_row_is_dated_and_cited_and_marked_secondary():
    row = FlatAmount.objects.get(purpose=FlatPurpose.FUNERAL)
    assert (row.scheme, row.amount, row.valid_from, row.valid_to, row.province_code) == (
        "SOCIAL_PENSION",
        10_000_000,
        Month(2025, 7),
        None,
        "",
    )
    assert row.basis == BASIS and row.secondary_source


# -- the roll ------------------------------------------------------------------------------


@pytest.fixture
def pensioner(commune):
    person = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(person, "SP-75", start="2025-07", paid_until="2026-06")
    return person


def test_a_social_pensioner_who_died_gets_one_funeral_line_of_10_million(pensioner, commune, officer, leader):
    services.payroll_lock(roll=services.payroll_generate(unit=commune, month=JUL), user=leader)
    person_death_record(
        person=pensioner,
        death_date=date(2026, 8, 10),
        user=officer,
        organiser_name="Lục Văn Tâm",
        organiser_relationship="Con trai",
    )
    assert not services.payroll_generate(unit=commune, month=AUG).lines.filter(scheme=FUNERAL).exists()
    decision_terminate(cases=list(pensioner.cases.all()), user=leader, decision_number="40/QĐ-UBND",
                       decision_date=date(2026, 8, 20))  # fmt: skip
    august = services.payroll_generate(unit=commune, month=AUG)
    lines = {line.scheme: line for line in august.lines.filter(person=pensioner)}
    assert lines["SOCIAL_PENSION"].amount == 500_000  # the death month is paid
    funeral = lines[FUNERAL]
    assert (funeral.funeral, funeral.total, funeral.amount) == (10_000_000, 10_000_000, 0)
    assert funeral.receiver == "Lục Văn Tâm"
    assert BASIS in funeral.explanation and "nguồn thứ cấp" in funeral.explanation
    assert august.total_funeral == 10_000_000
    services.payroll_lock(roll=august, user=leader)
    claim = FuneralClaim.objects.get(person=pensioner)
    assert claim.paid_month == AUG
    september = services.payroll_generate(unit=commune, month=SEP)
    assert not september.lines.filter(person=pensioner).exists()  # paid once
    assert september.total_funeral == 0


# -- the pages -----------------------------------------------------------------------------


def test_the_rules_page_shows_the_row_its_basis_and_the_secondary_source_mark(officer_client):
    page = officer_client.get(reverse("benefits:rule-list")).content.decode()
    table = page[page.index('data-testid="funeral-amounts"') :]
    table = table[: table.index("</table>")]
    assert "Trợ cấp hưu trí xã hội" in table and "10.000.000 đ" in table and "từ 07/2025" in table
    assert BASIS in table
    assert 'data-testid="secondary-source"' in table and "nguồn thứ cấp" in table.lower()
    assert "20 × mức chuẩn" in table  # the monthly allowance's, for comparison
    flat = page[page.index('data-testid="flat-amounts"') :]
    assert "10.000.000" not in flat[: flat.index("</table>")]  # not a monthly amount
    csv = officer_client.get(reverse("benefits:rule-list") + "?xuat=csv").content.decode("utf-8-sig")
    assert "Hỗ trợ chi phí mai táng" in csv and "10000000" in csv and "nguồn thứ cấp" in csv


def test_recording_a_social_pensioners_death_shows_the_funeral_claim(officer_client, pensioner):
    url = reverse("beneficiaries:person-death", args=[pensioner.pk])
    assert "Người tổ chức mai táng" in officer_client.get(url).content.decode()
    response = officer_client.post(
        url,
        {"death_date": "10/08/2026", "organiser_name": "Lục Văn Tâm", "organiser_relationship": "Con trai"},
        follow=True,
    )
    page = response.content.decode()
    claim = FuneralClaim.objects.get(person=pensioner)
    assert (claim.organiser_name, claim.organiser_relationship, claim.paid_month) == ("Lục Văn Tâm", "Con trai", None)
    assert "Hỗ trợ chi phí mai táng cho Lục Văn Tâm" in page
    assert 'data-testid="funeral-claim"' in page and "chờ cấp phê duyệt ra quyết định" in page
