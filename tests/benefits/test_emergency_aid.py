"""Emergency aid in the database: requests with the facts their rule needs, one aid per household
and event, a decision by someone other than its preparer at the rules of the decision month,
payment marks, the cash and rice lists and the timeliness figure (docs/emergency-aid.md)."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from benefits.emergency import selectors, services
from benefits.emergency.models import EmergencyDecision, EmergencyRequest, RequestStatus
from btxh.models import Level, Role
from tests.beneficiaries.factories import listed_hamlet
from tests.benefits.emergency_factories import RECEIVED, decide, house, injury, make_event, rice
from tests.benefits.payroll_factories import make_person
from tests.btxh.factories import UserFactory, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(officer):
    return make_event(officer)


def test_a_rice_request_without_people_is_refused_at_the_field(officer, event):
    with pytest.raises(ValidationError) as err:
        services.request_create(user=officer, event=event, kind="EM-RICE-DISASTER", full_name="Hộ A",
                                months=2, received_on=RECEIVED)
    assert "people" in err.value.message_dict


def test_housing_aid_without_the_damage_or_the_household_status_is_refused_at_the_field(officer, event):
    with pytest.raises(ValidationError) as err:
        services.request_create(user=officer, event=event, kind="EM-HOUSE-REPAIR", full_name="Hộ B",
                                received_on=RECEIVED)
    assert {"damage", "household_status"} <= set(err.value.message_dict)


def test_an_injury_needs_the_days_in_hospital_and_the_person_hurt(officer, event):
    with pytest.raises(ValidationError) as err:
        services.request_create(user=officer, event=event, kind="EM-INJURY", full_name="Người C",
                                received_on=RECEIVED)
    assert {"hospital_days", "subject_name"} <= set(err.value.message_dict)


def test_a_household_gets_one_aid_of_a_kind_per_event(officer, event):
    rice(officer, event, "Hoàng Văn Đói")
    with pytest.raises(ValidationError, match="đã có đề nghị"):
        rice(officer, event, "Hoàng  văn đói")  # same name and hamlet, typed differently
    rice(officer, make_event(officer, name="Lũ tháng 11"), "Hoàng Văn Đói")  # another event is fine


def test_the_database_refuses_the_same_aid_twice_for_a_household_and_event(officer, event):
    first = rice(officer, event)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmergencyRequest.objects.create(
            event=event, unit=first.unit, kind=first.kind, full_name="x", received_on=RECEIVED,
            dedupe_key=first.dedupe_key, created_by=officer,
        )


def test_a_refused_request_does_not_block_a_new_one(officer, leader, event):
    first = rice(officer, event)
    services.decision_prepare(user=officer, event=event)
    services.request_refuse(user=leader, request=first, reason="Hộ không thiếu đói")
    rice(officer, event)


def test_a_person_of_the_registry_is_linked_by_personal_id(officer, event, commune):
    person = make_person(commune, "Đặng Thị Sổ", birth=date(1960, 1, 1), national_id="008160000123")
    request = rice(officer, event, "Đặng Thị Sổ", national_id="0081 6000 0123")
    assert request.person == person
    assert request.registry == services.REGISTRY_FOUND and request.household is None


def test_the_preparer_cannot_decide_the_aid(officer, event, commune):
    rice(officer, event)
    decision = services.decision_prepare(user=officer, event=event)
    with pytest.raises(PermissionDenied):  # not the approving level at all
        services.decision_approve(user=officer, decision=decision, number="1/QĐ", decided_on=date(2026, 10, 3))
    # A leader who entered a request of the list may not decide it either.
    leader = UserFactory(unit=commune, role=Role.COMMUNE_LEADER, full_name="Lãnh Đạo Nhập")
    decision.requests.update(created_by=leader)
    with pytest.raises(ValidationError, match="không được tự quyết định"):
        services.decision_approve(user=leader, decision=decision, number="1/QĐ", decided_on=date(2026, 10, 3))


def test_a_decision_by_its_preparer_is_refused_by_the_database(officer, leader, event):
    rice(officer, event)
    decision = services.decision_prepare(user=officer, event=event)
    EmergencyDecision.objects.filter(pk=decision.pk).update(prepared_by=leader)
    with pytest.raises(ValidationError, match="không được tự quyết định"):
        services.decision_approve(user=leader, decision=decision, number="1/QĐ", decided_on=date(2026, 10, 3))
    with pytest.raises(IntegrityError), transaction.atomic():
        EmergencyDecision.objects.filter(pk=decision.pk).update(decided_by=leader, status="decided", number="1",
                                                                 decided_on=date(2026, 10, 3))


def test_the_leader_decides_and_amounts_follow_the_base_rate_of_the_decision_month(officer, leader, event):
    r1, r2, r3 = rice(officer, event), injury(officer, event), house(officer, event)
    decision = decide(officer, leader, event)
    assert decision.decided_by == leader and decision.number == "45/QĐ-UBND"
    r1.refresh_from_db(), r2.refresh_from_db(), r3.refresh_from_db()
    assert (r1.rice_kg, r1.amount, r1.status) == (120, 0, RequestStatus.APPROVED)
    assert r2.amount == 5_000_000 and "mức chuẩn 500.000 đ (tháng 10/2026)" in r2.explanation
    assert r3.amount == 40_000_000 and r3.basis == "Nghị định 20/2021/NĐ-CP điều 15 khoản 1"
    assert r1.decided_on == date(2026, 10, 3)


def test_ha_noi_decisions_use_ha_nois_own_base_rate(db):
    hanoi = make_unit("01", "Thành phố Hà Nội", level=Level.PROVINCE)
    ward = make_unit("00004", "Phường Ba Đình", level=Level.COMMUNE, parent=hanoi)
    officer = UserFactory(unit=ward, role=Role.COMMUNE_OFFICER, full_name="Cán Bộ Phường")
    leader = UserFactory(unit=ward, role=Role.COMMUNE_LEADER, full_name="Chủ Tịch Phường")
    event = make_event(officer)
    request = injury(officer, event)
    decide(officer, leader, event)
    request.refresh_from_db()
    assert request.amount == 6_500_000 and "Nghị quyết 63/2025/NQ-HĐND" in request.basis


def test_an_ineligible_request_must_be_refused_with_a_reason_before_the_decision(officer, leader, event):
    rice(officer, event)
    not_poor = house(officer, event, "Hộ Khá Giả", status="none")
    decision = services.decision_prepare(user=officer, event=event)
    with pytest.raises(ValidationError, match="Hộ Khá Giả"):
        services.decision_approve(user=leader, decision=decision, number="2/QĐ", decided_on=date(2026, 10, 3))
    with pytest.raises(ValidationError):
        services.request_refuse(user=leader, request=not_poor, reason=" ")
    services.request_refuse(user=leader, request=not_poor, reason="Không thuộc hộ nghèo, cận nghèo, khó khăn")
    services.decision_approve(user=leader, decision=decision, number="2/QĐ", decided_on=date(2026, 10, 3))
    not_poor.refresh_from_db()
    assert not_poor.status == RequestStatus.REFUSED and not_poor.decision is None


def test_another_communes_officer_cannot_record_requests(other_officer, event):
    with pytest.raises(PermissionDenied):
        rice(other_officer, event)


def test_paid_requests_are_marked_from_the_returned_list(officer, leader, event):
    r1, r2 = rice(officer, event), injury(officer, event)
    decision = decide(officer, leader, event)
    assert services.requests_mark_paid(user=officer, decision=decision, request_ids=[r1.pk],
                                       paid_on=date(2026, 10, 5)) == 1
    r1.refresh_from_db(), r2.refresh_from_db()
    assert (r1.status, r1.paid_on, r2.status) == (RequestStatus.PAID, date(2026, 10, 5), RequestStatus.APPROVED)


# -- timeliness -----------------------------------------------------------------


def test_the_on_time_share_counts_decisions_within_two_days_of_receipt(officer, leader, commune, province):
    event = make_event(officer)
    rice(officer, event, "Hộ Một", received_on=date(2026, 10, 1))
    rice(officer, event, "Hộ Hai", received_on=date(2026, 10, 2))
    decide(officer, leader, event, on=date(2026, 10, 3))  # 2 days and 1 day: both on time
    late_event = make_event(officer, name="Lũ muộn")
    rice(officer, late_event, "Hộ Ba", received_on=date(2026, 10, 1))
    decide(officer, leader, late_event, number="46/QĐ", on=date(2026, 10, 6))  # 5 days: late
    waiting = make_event(officer, name="Cháy")
    rice(officer, waiting, "Hộ Bốn", received_on=date(2026, 10, 1))  # still waiting, long overdue
    rice(officer, waiting, "Hộ Năm", received_on=date(2026, 10, 30))  # waiting, not yet due on 31/10
    refused = rice(officer, waiting, "Hộ Sáu", received_on=date(2026, 10, 1))
    refused.status, refused.refusal_reason = RequestStatus.REFUSED, "Không thiếu đói"
    refused.save()

    figures = selectors.emergency_timeliness(commune, (date(2026, 10, 1), date(2026, 10, 31)), as_of=date(2026, 10, 31))
    assert (figures.judged, figures.decided_on_time, figures.waiting_overdue) == (4, 2, 1)
    assert selectors.emergency_aided_on_time_pct(commune, "2026-10", as_of=date(2026, 10, 31)) == 50.0
    assert selectors.emergency_aided_on_time_pct(province, 2026, as_of=date(2026, 10, 31)) == 50.0
    assert selectors.emergency_aided_on_time_pct(commune, 2025) is None


def test_the_worklist_lists_requests_waiting_past_the_deadline(officer, other_officer, event):
    rice(officer, event, "Hộ Chờ Lâu", received_on=date(2026, 10, 2))
    assert [r.full_name for r in selectors.overdue_requests(officer, as_of=date(2026, 10, 5))] == ["Hộ Chờ Lâu"]
    assert list(selectors.overdue_requests(officer, as_of=date(2026, 10, 4))) == []
    assert list(selectors.overdue_requests(other_officer, as_of=date(2026, 10, 5))) == []


# -- pages and documents ---------------------------------------------------------


def test_the_officer_enters_requests_with_the_fast_form_that_keeps_the_event(officer_client, event):
    url = reverse("benefits:emergency-request-create", kwargs={"event_id": event.pk})
    response = officer_client.post(url, {"kind": "EM-RICE-DISASTER", "full_name": "Hộ Nhanh", "people": 3,
                                         "months": 1, "hamlet": "Thôn Nà Pồng", "received_on": "02/10/2026",
                                         "birth_year": 1975, "sex": "male", "next": "1"})
    assert response.status_code == 302 and response["Location"] == url
    page = officer_client.get(url).content.decode()
    assert "Hộ Nhanh" in page and 'value="Thôn Nà Pồng"' in page
    bad = officer_client.post(url, {"kind": "EM-RICE-DISASTER", "full_name": "Hộ Thiếu", "received_on": "02/10/2026"})
    assert bad.status_code == 200 and "Gạo cứu đói cần số nhân khẩu" in bad.content.decode()


def test_the_leader_refuses_to_decide_a_list_he_prepared_on_the_page(client, officer, leader, event):
    rice(officer, event)
    decision = services.decision_prepare(user=officer, event=event)
    EmergencyDecision.objects.filter(pk=decision.pk).update(prepared_by=leader)
    client.force_login(leader)
    response = client.post(reverse("benefits:emergency-decision-approve", kwargs={"decision_id": decision.pk}),
                           {"number": "3/QĐ", "decided_on": "03/10/2026"})
    assert response.status_code == 200 and "không được tự quyết định" in response.content.decode()


def _cells(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]


def test_the_cash_list_counts_people_and_totals_with_sum_formulas(client, officer, leader, event):
    rice(officer, event), injury(officer, event), house(officer, event)
    house(officer, event, "Lò Văn Thương", status="near_poor", hamlet="Bản Khuổi Luông")  # his house too: one person
    decision = decide(officer, leader, event)
    client.force_login(officer)
    pdf = client.get(reverse("reports:emergency-cash-pdf", kwargs={"decision_id": decision.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "DANH SÁCH CHI TRẢ HỖ TRỢ ĐỘT XUẤT" in text and "45/QĐ-UBND" in text
    assert "của Chủ tịch Ủy ban nhân dân xã Ngọc Đường" in text
    assert "85.000.000" in text and "Tám mươi lăm triệu đồng" in text
    assert "TỔNG CỘNG: 2 người" in text and "Hoàng Văn Đói" not in text
    xlsx = client.get(reverse("reports:emergency-cash-xlsx", kwargs={"decision_id": decision.pk})).content
    formulas = [c for c in _cells(xlsx) if isinstance(c, str) and c.startswith("=SUM(")]
    assert len(formulas) == 3  # two hamlets and the total
    values = _cells_values(xlsx)
    assert 85_000_000 in values and "TỔNG CỘNG: 2 người" in values


def _cells_values(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content), data_only=True).active
    return [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]


def test_the_rice_list_is_in_kilograms_with_households_and_people(client, officer, leader, event):
    rice(officer, event, "Hộ Một", people=4, months=2)
    listed_hamlet(officer.unit, "Bản Khuổi Luông")
    rice(officer, event, "Hộ Hai", people=3, months=1, hamlet="Bản Khuổi Luông")
    decision = decide(officer, leader, event)
    client.force_login(officer)
    pdf = client.get(reverse("reports:emergency-rice-pdf", kwargs={"decision_id": decision.pk}))
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "DANH SÁCH HỘ GIA ĐÌNH ĐƯỢC HỖ TRỢ GẠO CỨU ĐÓI" in text
    assert "TỔNG CỘNG: 2 hộ, 7 nhân khẩu" in text and "165 kg" in text and "đồng" not in text.split("Đơn vị")[0]
    values = _cells_values(client.get(reverse("reports:emergency-rice-xlsx", kwargs={"decision_id": decision.pk})).content)
    assert 165 in values and 7 in values


def test_a_user_text_starting_with_equals_is_written_as_text_in_excel(client, officer, leader, event):
    rice(officer, event, "=HYPERLINK(\"http://x\")")
    decision = decide(officer, leader, event)
    client.force_login(officer)
    content = client.get(reverse("reports:emergency-rice-xlsx", kwargs={"decision_id": decision.pk})).content
    sheet = load_workbook(io.BytesIO(content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(\"http://x\")")
    assert cell.data_type == "s"


def test_the_summary_shows_households_people_rice_and_money(client, officer, leader, event):
    rice(officer, event, people=4, months=2), injury(officer, event), house(officer, event)
    decide(officer, leader, event)
    client.force_login(officer)
    page = client.get(reverse("benefits:emergency-summary")).content.decode()
    assert "120 kg" in page and "45.000.000 đ" in page and "Bão số 10 (Bualoi)" in page


def test_the_home_page_lists_requests_waiting_past_the_deadline(officer_client, officer):
    event = make_event(officer, occurred_on=date(2026, 9, 1))
    rice(officer, event, received_on=date(2026, 9, 2))
    page = officer_client.get(reverse("home")).content.decode()
    assert "Đề nghị trợ giúp đột xuất quá hạn chưa có quyết định" in page
