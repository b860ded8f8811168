"""Nothing drops silently: funeral support decided for a person whose cases ended more than
MAX_LOOKBACK_MONTHS before the roll's month is beyond what a roll reads. The roll does not pay it
(a decision that old is reviewed by hand) but lists the person on its "không tính được" list
with the reason, and cannot be locked until an officer confirms the claim is handled by hand."""

from datetime import date

import pytest
from django.urls import reverse

from beneficiaries.models import FuneralClaim
from benefits.payroll import services
from benefits.payroll.selectors import MAX_LOOKBACK_MONTHS
from engine import Month
from engine.funeral import FUNERAL
from tests.benefits.payroll_factories import dead_long_ago, make_case, make_person

TODAY = date(2026, 11, 30)
OCT, NOV = Month(2026, 10), Month(2026, 11)


def _generate(unit, month=NOV, user=None):
    return services.payroll_generate(unit=unit, month=month, user=user, today=TODAY)


@pytest.fixture
def elder(commune):
    """Someone the roll pays every month, so that the commune has a roll."""
    person = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(person, "SP-75", start="2025-07", paid_until="2026-09")
    return person


def _review(roll, person):
    return [e for e in roll.errors if e["person_id"] == person.pk]


def test_a_funeral_claim_beyond_the_lookback_is_listed_for_review_by_hand_not_dropped(commune, elder, officer, leader):
    assert Month(2021, 11) == NOV - MAX_LOOKBACK_MONTHS
    dead = dead_long_ago(commune, "Hoàng Văn Khuyết", date(2021, 9, 10))  # ended 62 months before November 2026
    roll = _generate(commune)
    assert not roll.lines.filter(person=dead).exists() and roll.total_funeral == 0  # not paid by the roll…
    (entry,) = _review(roll, dead)  # …but listed, with the reason
    assert (entry["kind"], entry["name"], entry["hamlet"], entry["resolution"]) == (
        "review", "Hoàng Văn Khuyết", "Thôn Bản Bó", "",
    )  # fmt: skip
    assert entry["error"] == (
        f"Hỗ trợ chi phí mai táng đã có quyết định (số {dead.pk}/QĐ-TH ngày 20/10/2026) nhưng chưa chi trả: "
        "người này chết ngày 10/09/2021, quá 60 tháng trước tháng 11/2026 nên danh sách không tự tính; "
        "cần xem xét, giải quyết riêng."
    )
    assert list(entry["cases"].values()) == ["K6"]
    with pytest.raises(services.PayrollError, match="1 đối tượng không tính được chưa xử lý"):
        services.payroll_lock(roll=roll, user=leader)

    roll = services.payroll_problem_suspend(roll=roll, person_id=dead.pk, user=officer)
    (entry,) = _review(roll, dead)
    assert entry["resolution"].startswith("Xem xét, giải quyết riêng ngoài danh sách (")
    assert dead.cases.get().status == "terminated"  # nothing suspended: the case had ended
    roll = services.payroll_lock(roll=roll, user=leader)
    assert FuneralClaim.objects.get(person=dead).paid_month is None  # still owed until settled by hand


def test_the_claim_is_listed_again_each_month_until_it_is_settled_by_hand(commune, elder, officer, leader):
    dead = dead_long_ago(commune, "Hoàng Văn Khuyết", date(2021, 9, 10))
    october = _generate(commune, OCT)
    assert [e["kind"] for e in _review(october, dead)] == ["review"]
    services.payroll_problem_suspend(roll=october, person_id=dead.pk, user=officer)
    services.payroll_lock(roll=october, user=leader)
    november = _generate(commune)  # the incremental month (October is locked) lists it again
    assert november.carried_lines == 1
    assert [(e["kind"], e["resolution"]) for e in _review(november, dead)] == [("review", "")]
    FuneralClaim.objects.filter(person=dead).update(paid_month=OCT.first_day, payment_ref="Phiếu chi 12/2026")
    assert _review(_generate(commune), dead) == []


def test_a_claim_the_roll_still_reads_is_paid_as_before_not_listed(commune, elder):
    dead = dead_long_ago(commune, "Hoàng Văn Khuyết", date(2021, 11, 10))  # ended exactly 60 months before
    roll = _generate(commune)
    assert _review(roll, dead) == []
    line = roll.lines.get(person=dead)
    assert (line.scheme, line.funeral, line.receiver) == (FUNERAL, 7_200_000, "Hoàng Thị Hiếu")  # 20 × 360.000


def test_a_claim_waiting_for_its_decision_or_already_paid_is_not_listed(commune, elder):
    waiting = dead_long_ago(commune, "Hoàng Văn Khuyết", date(2021, 9, 10), decided=False)
    paid = dead_long_ago(commune, "Lò Văn Mạnh", date(2020, 3, 2))
    FuneralClaim.objects.filter(person=paid).update(paid_month=Month(2020, 4).first_day)
    roll = _generate(commune)
    assert _review(roll, waiting) == [] and _review(roll, paid) == []
    assert roll.errors == []


def test_only_the_commune_of_the_claim_lists_it(commune, other_commune, elder):
    dead = dead_long_ago(commune, "Hoàng Văn Khuyết", date(2021, 9, 10))
    pensioner = make_person(other_commune, "Vàng Thị Dợ", birth=date(1941, 2, 2))
    make_case(pensioner, "SP-75", start="2025-07", paid_until="2026-09")
    assert _review(_generate(other_commune), dead) == []
    assert len(_review(_generate(commune), dead)) == 1


def test_the_roll_page_shows_the_reason_and_the_officer_confirms_the_review(officer_client, commune, elder):
    dead = dead_long_ago(commune, "Hoàng Văn Khuyết", date(2021, 9, 10))
    roll = _generate(commune)
    page = officer_client.get(reverse("benefits:roll-detail", args=[roll.pk])).content.decode()
    problems = page[page.index('data-testid="roll-problems"') :]
    problems = problems[: problems.index("</table>")]
    assert "Hoàng Văn Khuyết" in problems and "quá 60 tháng trước tháng 11/2026" in problems
    assert "Xác nhận xem xét riêng" in problems and "Xác nhận tạm dừng" not in problems
    url = reverse("benefits:roll-problem-suspend", args=[roll.pk, dead.pk])
    page = officer_client.post(url, follow=True).content.decode()
    assert "Đã ghi nhận: hỗ trợ mai táng được xem xét, giải quyết riêng." in page
    assert "Xem xét, giải quyết riêng ngoài danh sách (" in page
