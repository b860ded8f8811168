"""The results report, the province's due dates, the roll-locked hook and its warm-up job, the
per-commune distinct-people counts, and the parent told when a child's accepted figures change."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from beneficiaries.models import CaseStatus
from benefits.payroll import services as payroll
from benefits.payroll.models import PaymentLine
from btxh.models import Job, Role
from btxh.roll_events import roll_locked_notify, roll_locked_register
from engine import Month
from reports import services
from reports.attention import reports_attention
from reports.figures import Period
from reports.models import PeopleCount, Report, ReportDueDates, ReportEvent, ReportStatus, RollSummary
from reports.selectors import distinct_people, distinct_people_scan, due_date
from reports.tasks import roll_summaries_warm_stale
from tests.benefits.payroll_factories import make_case, make_person
from tests.reports.chain_factories import JUL, accepted, locked_roll, officer_of, people

pytestmark = pytest.mark.django_db
AUG = Month(2026, 8)


def results_report(unit, user, period="2026-H2"):
    report = services.report_open(unit=unit, kind="results", period=period, user=user)
    return services.report_submit(report=report, user=user)


@pytest.fixture
def half_year(commune, other_commune):
    """Commune: 3 social pensioners from 07/2026, one of whom ends in 08/2026; July and August
    rolls locked. The other commune: 2 pensioners, July locked."""
    made = people(commune, 3, bank=1)
    ended = made[0].cases.get()
    ended.end_month = date(2026, 8, 1)
    ended.save()
    jul = locked_roll(commune)
    aug = locked_roll(commune, AUG)
    ended.status = CaseStatus.TERMINATED
    ended.save()
    people(other_commune, 2, prefix="Cụ")
    other = locked_roll(other_commune)
    return jul, aug, other


def test_a_communes_results_report_counts_beneficiaries_cases_and_spending_of_the_half_year(
    half_year, commune, officer, province_officer
):
    jul, aug, _ = half_year
    report = results_report(commune, officer)
    snap = report.snapshot
    assert snap["beneficiaries"] == 2 and snap["new_cases"] == 3 and snap["ended_cases"] == 1
    assert snap["total"] == jul.total + aug.total and snap["rolls"] == 2
    assert snap["by_category"]["SP-75"] == {"beneficiaries": 2, "new": 3, "ended": 1}
    assert snap["social_pension"] == {"beneficiaries": 2, "total": jul.total + aug.total}
    assert snap["care_support"] == {"beneficiaries": 0, "total": 0}
    assert snap["longevity"]["people"] == 0 and snap["emergency"]["requests"] == 0
    # The same mechanism: the province returns it, the commune resubmits, the province accepts.
    report = services.report_return(report=report, user=province_officer, comment="Bổ sung đánh giá.")
    report = services.report_submit(report=report, user=officer)
    report = services.report_accept(report=report, user=province_officer)
    assert report.status == ReportStatus.ACCEPTED


def test_the_provinces_results_report_is_the_sum_of_its_accepted_communes(
    half_year, province, commune, other_commune, officer, province_officer
):
    jul, aug, other = half_year
    services.report_accept(report=results_report(commune, officer), user=province_officer)
    other_officer = officer_of(other_commune)
    services.report_accept(report=results_report(other_commune, other_officer), user=province_officer)
    report = results_report(province, province_officer)
    snap = report.snapshot
    assert snap["beneficiaries"] == 4 and snap["new_cases"] == 5 and snap["ended_cases"] == 1
    assert snap["total"] == jul.total + aug.total + other.total
    assert snap["social_pension"]["beneficiaries"] == 4
    assert snap["by_category"]["SP-75"]["beneficiaries"] == 4
    assert [c["status"] for c in snap["children"]] == ["accepted", "accepted"]


def test_a_legacy_district_sums_its_commune_and_the_province_sums_the_district(legacy_tree):
    province, district, commune = legacy_tree
    people(commune, 2)
    roll = locked_roll(commune)
    services.report_accept(report=results_report(commune, officer_of(commune)), user=officer_of(district))
    district_report = results_report(district, officer_of(district))
    services.report_accept(report=district_report, user=officer_of(province))
    top = results_report(province, officer_of(province))
    assert top.snapshot["total"] == roll.total and top.snapshot["beneficiaries"] == 2


def test_the_results_report_pdf_and_excel_in_the_official_layout(client, half_year, commune, officer):
    jul, aug, _ = half_year
    report = results_report(commune, officer)
    client.force_login(officer)
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert "6 tháng cuối năm 2026" in page and "Trợ cấp hưu trí xã hội" in page
    pdf = client.get(reverse("reports:report-pdf", args=[report.pk]))
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN CHÍNH SÁCH TRỢ GIÚP XÃ HỘI 6 THÁNG CUỐI NĂM 2026" in text
    assert f"{jul.total + aug.total:,}".replace(",", ".") in text and "Chúc thọ, mừng thọ" in text
    xlsx = client.get(reverse("reports:report-xlsx", args=[report.pk]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "I. KẾT QUẢ CHUNG" in cells and jul.total + aug.total in cells and "NGƯỜI LẬP BIỂU" in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)


def test_the_results_report_is_opened_from_its_page_with_a_half_year_period(client, half_year, commune, officer):
    client.force_login(officer)
    page = client.get(reverse("reports:report-list") + "?kind=results&period=2026-H2").content.decode()
    assert "6 tháng cuối năm 2026" in page and "15/12/2026" in page
    response = client.post(reverse("reports:report-open"), {"kind": "results", "period": "2026-H2"})
    report = Report.objects.get(unit=commune, kind="results")
    assert report.period == "2026-H2" and response.url == reverse("reports:report-detail", args=[report.pk])
    client.post(reverse("reports:report-open"), {"kind": "results", "period": "2026-07"})  # a month: refused
    assert Report.objects.filter(kind="results").count() == 1


def test_report_totals_kind_results_prints_the_subtree_as_json(capsys, half_year, province):
    jul, aug, other = half_year
    call_command("report_totals", "--unit", province.code, "--kind", "results", "--period", "2026-H2")
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["kind"] == "results" and data["period"] == "2026-H2"
    assert data["beneficiaries"] == 4 and data["new_cases"] == 5 and data["ended_cases"] == 1
    assert data["total"] == jul.total + aug.total + other.total and data["people"] == 5
    assert [c["status"] for c in data["children"]] == ["missing", "missing"]


def test_periods_parse_halves_and_default_due_dates():
    assert str(Period.parse("2026-h1")) == "2026-H1" and Period.parse("2026-H2").months[0] == date(2026, 7, 1)
    assert Period.parse("2026-H1").due == date(2026, 6, 15) and Period.parse("2026-H2").due == date(2026, 12, 15)
    assert Period.parse("2026").due == date(2026, 12, 15) and Period.parse("2026-07").due == date(2026, 8, 5)
    assert Period.parse("2026-H2").next() == Period(2027, half=1) and Period.parse("2026-H2").last_day == date(2026, 12, 31)


# --- due dates ------------------------------------------------------------------------------
def test_the_province_officer_sets_the_due_dates_and_the_communes_follow_them(
    client, province, commune, officer, province_officer
):
    assert due_date(commune, "payments", Period(2026, 7)) == date(2026, 8, 5)
    for user in (officer, officer_of(province, Role.VIEWER)):
        client.force_login(user)
        assert client.post(reverse("reports:due-dates"), {"payments_day": 10}).status_code == 403
    assert not ReportDueDates.objects.exists()
    client.force_login(province_officer)
    assert "Hạn gửi báo cáo" in client.get(reverse("reports:due-dates")).content.decode()
    response = client.post(reverse("reports:due-dates"), {
        "payments_day": 10, "results_h1_day": 20, "results_h1_month": 6, "results_h2_day": 10, "results_h2_month": 12,
    })
    assert response.status_code == 302
    setting = ReportDueDates.objects.get(province=province)
    assert setting.payments_day == 10 and setting.updated_by == province_officer
    assert due_date(commune, "payments", Period(2026, 7)) == date(2026, 8, 10)
    assert due_date(commune, "results", Period(2026, half=1)) == date(2026, 6, 20)
    assert due_date(commune, "results", Period(2026)) == date(2026, 12, 10)
    bad = client.post(reverse("reports:due-dates"), {"payments_day": 40, "results_h1_day": 20, "results_h1_month": 6,
                                                     "results_h2_day": 10, "results_h2_month": 12})
    assert bad.status_code == 200 and ReportDueDates.objects.get().payments_day == 10


def test_the_home_page_items_use_the_provinces_due_date(province, commune, officer):
    from django.utils import timezone

    from reports.attention import due_period

    ReportDueDates.objects.create(province=province, payments_day=12)
    period = due_period(timezone.localdate())
    texts = [a.title for a in reports_attention(officer)]
    expected = due_date(commune, "payments", period)
    assert expected.day == 12
    assert any(f"({expected:%d/%m/%Y})" in t for t in texts)


# --- the roll-locked hook and the warm-up -------------------------------------------------------
def test_a_locked_roll_notified_gets_its_summaries_and_people_counts_from_a_background_job(commune):
    people(commune, 3)
    roll = payroll.payroll_lock(roll=payroll.payroll_generate(unit=commune, month=JUL), user=None)
    assert not RollSummary.objects.filter(roll=roll).exists()  # lazily, until someone tells
    roll_locked_notify(roll)
    assert RollSummary.objects.filter(roll=roll).exists()
    job = Job.objects.get(kind="roll_summaries_warm")
    assert job.status == "succeeded" and job.result == {"rolls": 1} and job.unit == commune
    counts = dict(PeopleCount.objects.filter(unit=commune).values_list("period", "people"))
    assert counts == {"2026": 3, "2026-H2": 3}


def test_a_failing_listener_does_not_stop_the_others(commune):
    people(commune, 1)
    roll = locked_roll(commune)
    calls = []

    def broken(roll):
        raise RuntimeError("boom")

    roll_locked_register(broken)
    roll_locked_register(calls.append)
    try:
        roll_locked_notify(roll)
    finally:
        from btxh import roll_events

        roll_events._LISTENERS.remove(broken)
        roll_events._LISTENERS.remove(calls.append)
    assert calls == [roll] and RollSummary.objects.filter(roll=roll).exists()


def test_the_periodic_task_warms_the_locked_rolls_left_without_summaries(commune, other_commune):
    people(commune, 2)
    people(other_commune, 1, prefix="Cụ")
    rolls = [locked_roll(commune), locked_roll(other_commune)]
    assert roll_summaries_warm_stale(limit=1) == 1
    assert roll_summaries_warm_stale() == 1
    assert roll_summaries_warm_stale() == 0
    assert RollSummary.objects.filter(roll__in=rolls).values("roll").distinct().count() == 2


def test_a_years_distinct_people_read_the_per_commune_counts_and_follow_a_new_lock(
    province, commune, other_commune, django_assert_max_num_queries
):
    made = people(commune, 3)
    people(other_commune, 2, prefix="Cụ")
    locked_roll(commune)
    locked_roll(other_commune)
    year = Period(2026)
    assert distinct_people(province, year) == distinct_people_scan(province, year) == 5
    assert PeopleCount.objects.filter(period="2026").count() == 2
    with django_assert_max_num_queries(2):  # the rolls' signatures and the kept counts: no line read
        assert distinct_people(province, year) == 5
    # August adds a new person in the commune: its count is redone, the other commune's kept.
    newcomer = make_person(commune, "Người mới", birth=date(1940, 3, 3))
    make_case(newcomer, "SP-75", start="2026-08")
    locked_roll(commune, AUG)
    assert distinct_people(province, year) == distinct_people_scan(province, year) == 6
    assert len(made) == 3


# --- the parent is told when a child's accepted figures change ----------------------------------
def test_when_a_childs_accepted_figures_change_the_parent_is_told_and_both_see_what_changed(
    client, commune, officer, province, province_officer
):
    people(commune, 3)
    roll = locked_roll(commune)
    child = accepted(commune, officer, province_officer)
    parent = services.report_open(unit=province, kind="payments", period="2026-07", user=province_officer)
    # The payment service returns one line not collected: the commune's data changed after acceptance.
    line = PaymentLine.objects.filter(roll=roll).first()
    payroll.payroll_settle(roll=roll, not_collected_ids=[line.pk], user=officer)
    client.force_login(province_officer)
    page = client.get(reverse("reports:report-detail", args=[parent.pk])).content.decode()
    assert 'data-testid="report-drift"' in page and "Chưa nhận (chuyển tháng sau)" in page
    client.force_login(officer)
    assert 'data-testid="report-changes"' in client.get(reverse("reports:report-detail", args=[child.pk])).content.decode()
    # The province reopens it, the commune resubmits and it is accepted again with other figures.
    services.report_reopen(report=child, user=province_officer, reason="Cập nhật kết quả chi trả.")
    child = services.report_submit(report=Report.objects.get(pk=child.pk), user=officer)
    child = services.report_accept(report=child, user=province_officer)
    accept = child.events.filter(action="accept").order_by("-id").first()
    assert [c["field"] for c in accept.changes] == ["not_collected"] and accept.changes[0]["after"] == line.total
    parent.refresh_from_db()
    assert parent.child_changes[0]["name"] == commune.name
    assert parent.events.filter(action=ReportEvent.Action.CHILD_CHANGED).count() == 1
    assert any("cấp dưới thay đổi" in a.title and a.count == 1 for a in reports_attention(province_officer))
    client.force_login(province_officer)
    page = client.get(reverse("reports:report-detail", args=[parent.pk])).content.decode()
    assert 'data-testid="report-child-changes"' in page and commune.name in page
    client.force_login(officer)
    page = client.get(reverse("reports:report-detail", args=[child.pk])).content.decode()
    assert 'data-testid="report-accept-changes"' in page
    # The parent submits again: its figures now count the child as it stands.
    parent = services.report_submit(report=parent, user=province_officer)
    assert parent.child_changes == [] and parent.snapshot["not_collected"] == line.total
