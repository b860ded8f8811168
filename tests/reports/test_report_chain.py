"""Reports up the chain: submit, return, accept, reopen; who may do each; snapshots; sums."""

import pytest

from btxh.models import Role
from btxh.period_locks import period_lock_reason
from engine.types import SOCIAL_PENSION
from reports import services
from reports.models import Report, ReportEvent, ReportStatus
from reports.selectors import report_figures
from tests.btxh.factories import make_unit
from tests.reports.chain_factories import JUL, accepted, locked_roll, officer_of, people, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(commune):
    people(commune, 3, bank=1)
    return locked_roll(commune)


def test_a_commune_submits_the_province_returns_with_a_comment_the_commune_resubmits_and_it_is_accepted(
    paid, commune, officer, province_officer
):
    report = services.report_open(unit=commune, kind="payments", period="07/2026", user=officer)
    assert report.period == "2026-07" and report.status == ReportStatus.DRAFT
    services.report_write(report=report, user=officer, narrative="Chi trả đủ, đúng hạn.")
    report = services.report_submit(report=report, user=officer)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == officer and report.submitted_at is not None
    assert report.snapshot["people"] == 3 and report.snapshot["total"] == paid.total
    assert report.snapshot["bank"] == paid.total_bank and report.snapshot["cash"] == paid.total_cash

    report = services.report_return(report=report, user=province_officer, comment="Bổ sung thuyết minh người nhận thay.")
    assert report.status == ReportStatus.RETURNED and report.is_editable
    assert report.review_comment == "Bổ sung thuyết minh người nhận thay."
    services.report_write(report=report, user=officer, narrative="Đã bổ sung.")
    report = services.report_submit(report=report, user=officer)
    report = services.report_accept(report=report, user=province_officer)
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == province_officer

    history = list(report.events.values_list("action", "user_id", "comment"))
    assert [a for a, _, _ in history] == ["create", "submit", "return", "submit", "accept"]
    assert history[2] == ("return", province_officer.pk, "Bổ sung thuyết minh người nhận thay.")


def test_only_the_units_own_officer_submits_only_the_parent_level_reviews_and_a_viewer_does_nothing(
    paid, commune, officer, leader, province, province_officer, other_officer
):
    viewer = officer_of(province, Role.VIEWER)
    commune_viewer = officer_of(commune, Role.VIEWER)
    for user in (viewer, commune_viewer, leader, province_officer, other_officer):
        with pytest.raises(services.ReportError):
            services.report_open(unit=commune, kind="payments", period="2026-07", user=user)
    report = services.report_open(unit=commune, kind="payments", period="2026-07", user=officer)
    for user in (viewer, commune_viewer, province_officer):
        with pytest.raises(services.ReportError):
            services.report_submit(report=report, user=user)
    report = services.report_submit(report=report, user=officer)
    for user in (officer, leader, viewer, commune_viewer, other_officer):
        with pytest.raises(services.ReportError):
            services.report_accept(report=report, user=user)
        with pytest.raises(services.ReportError):
            services.report_return(report=report, user=user, comment="Sai")
    with pytest.raises(services.ReportError):  # a return needs its reason
        services.report_return(report=report, user=province_officer, comment="  ")
    services.report_accept(report=report, user=province_officer)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.ACCEPTED


def test_in_the_legacy_chain_the_district_reviews_the_commune_not_the_province(legacy_tree):
    province, district, commune = legacy_tree
    people(commune, 2)
    locked_roll(commune)
    report = submitted(commune, officer_of(commune))
    with pytest.raises(services.ReportError):
        services.report_accept(report=report, user=officer_of(province))
    services.report_accept(report=report, user=officer_of(district))


def test_a_commune_cannot_submit_before_its_roll_is_locked(commune, officer):
    from benefits.payroll.services import payroll_generate

    people(commune, 1)
    report = services.report_open(unit=commune, kind="payments", period="2026-07", user=officer)
    with pytest.raises(services.ReportError, match="chưa khóa"):
        services.report_submit(report=report, user=officer)
    payroll_generate(unit=commune, month=JUL)
    with pytest.raises(services.ReportError, match="chưa khóa"):
        services.report_submit(report=report, user=officer)


def test_the_snapshot_does_not_change_when_the_data_changes_and_both_sides_see_what_changed(
    paid, commune, officer, province_officer
):
    from benefits.payroll.services import payroll_settle
    from reports.figures import figures_changes

    report = submitted(commune, officer)
    before = dict(report.snapshot)
    line = paid.lines.first()
    payroll_settle(roll=paid, not_collected_ids=[line.pk], user=officer)  # the data changes after the submit
    report.refresh_from_db()
    assert report.snapshot == before
    live = report_figures(report)
    assert live["not_collected"] == line.total
    assert [c["field"] for c in figures_changes(report.snapshot, live)] == ["not_collected"]


def test_an_accepted_month_is_locked_for_payroll_through_the_hook_until_the_accepting_level_reopens_it(
    paid, commune, officer, province_officer
):
    assert period_lock_reason(commune, JUL.first_day) is None
    report = accepted(commune, officer, province_officer)
    reason = period_lock_reason(commune, JUL.first_day)
    assert "đã được cấp trên chấp nhận" in reason and "07/2026" in reason
    assert period_lock_reason(commune, (JUL + 1).first_day) is None
    from benefits.payroll.services import PayrollError, payroll_generate

    with pytest.raises(PayrollError, match="chấp nhận"):  # payroll asks the hook: no roll of an accepted month
        payroll_generate(unit=commune, month=JUL)
    with pytest.raises(services.ReportError):  # only the accepting level, and only with a reason
        services.report_reopen(report=report, user=officer, reason="Sai số liệu")
    with pytest.raises(services.ReportError):
        services.report_reopen(report=report, user=province_officer, reason="")
    report = services.report_reopen(report=report, user=province_officer, reason="Xã phát hiện sai một người.")
    assert report.status == ReportStatus.RETURNED
    assert period_lock_reason(commune, JUL.first_day) is None
    assert report.events.last().action == ReportEvent.Action.REOPEN
    assert report.events.last().comment == "Xã phát hiện sai một người."


def test_a_district_accepted_by_the_province_locks_its_communes_months(legacy_tree):
    province, district, commune = legacy_tree
    people(commune, 1)
    locked_roll(commune)
    district_officer = officer_of(district)
    accepted(commune, officer_of(commune), district_officer)
    report = submitted(district, district_officer)
    services.report_accept(report=report, user=officer_of(province))
    assert district.name in period_lock_reason(commune, JUL.first_day)
    # The commune's report cannot be reopened while its district's has been sent on.
    with pytest.raises(services.ReportError, match="đã gửi lên cấp trên"):
        services.report_reopen(report=Report.objects.get(unit=commune), user=district_officer, reason="Sửa")


def test_a_parent_report_is_the_sum_of_its_accepted_children_two_tier(province, commune, other_commune):
    people(commune, 3, bank=2)
    people(other_commune, 2, prefix="Cụ")
    a, b = locked_roll(commune), locked_roll(other_commune)
    reviewer = officer_of(province)
    province_report = services.report_open(unit=province, kind="payments", period="2026-07", user=reviewer)
    # Not before every child is accepted, unless each missing one has its reason.
    accepted(commune, officer_of(commune), reviewer)
    with pytest.raises(services.ReportError, match=other_commune.name):
        services.report_submit(report=province_report, user=reviewer)
    figures = report_figures(province_report)
    assert figures["total"] == a.total and figures["people"] == 3
    accepted(other_commune, officer_of(other_commune), reviewer)
    province_report = services.report_submit(report=province_report, user=reviewer)
    snap = province_report.snapshot
    children = Report.objects.filter(unit__parent=province)
    for field in ("people", "lines", "total", "arrears", "recoveries", "cash", "bank"):
        assert snap[field] == sum(c.snapshot[field] for c in children), field
    assert snap["total"] == a.total + b.total and snap["people"] == 5
    assert list(snap["by_scheme"].values()) == [{**snap["by_scheme"][SOCIAL_PENSION], "people": 5}]
    assert {c["unit"]: c["status"] for c in snap["children"]} == {commune.code: "accepted", other_commune.code: "accepted"}


def test_a_parent_report_is_the_sum_of_its_accepted_children_legacy(legacy_tree):
    province, district, commune = legacy_tree
    second = make_unit("02506", "Xã Khuôn Hà", level=3, parent=district, regime=district.regime)
    people(commune, 2)
    people(second, 4, prefix="Cụ")
    a, b = locked_roll(commune), locked_roll(second)
    district_officer, province_officer = officer_of(district), officer_of(province)
    accepted(commune, officer_of(commune), district_officer)
    report = services.report_open(unit=district, kind="payments", period="2026-07", user=district_officer)
    with pytest.raises(services.ReportError):
        services.report_submit(report=report, user=district_officer)
    # Sent with the missing commune and its reason recorded.
    report = services.report_submit(
        report=report, user=district_officer, missing_reasons={second.pk: "Xã mất điện, gửi bổ sung ngày 06/8."}
    )
    assert report.snapshot["total"] == a.total and report.snapshot["people"] == 2
    assert report.missing_children == [{
        "unit_id": second.pk, "unit": second.code, "name": second.name, "status": "missing",
        "reason": "Xã mất điện, gửi bổ sung ngày 06/8.",
    }]
    services.report_return(report=report, user=province_officer, comment="Chờ Xã Khuôn Hà")
    accepted(second, officer_of(second), district_officer)
    report = services.report_submit(report=report, user=district_officer)
    assert report.missing_children == []
    district_report = services.report_accept(report=report, user=province_officer)
    province_report = submitted(province, province_officer)
    assert province_report.snapshot["total"] == district_report.snapshot["total"] == a.total + b.total
    assert province_report.snapshot["people"] == 6
