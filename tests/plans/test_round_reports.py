"""The rounds go up the chain through the shared reports mechanism (reports/kinds.py, plans/reporting.py):
the commune's report of kind ``longevity`` for the Tết year, the parent's aggregation, the round in step."""

from datetime import date

import pytest
from django.urls import reverse

from btxh.models import Role
from plans.models import CelebrationRound, RoundStatus
from plans.services import PlanError, elderly_save, round_accept, round_compute, round_open, round_return, round_submit
from reports.models import Report, ReportEvent, ReportKind, ReportStatus
from reports.selectors import report_figures
from reports.services import ReportError, report_accept, report_open, report_reopen, report_return, report_submit
from tests.btxh.factories import UserFactory

pytestmark = pytest.mark.django_db


def _register(commune, officer):
    for name, birth, hamlet in (("Hoàng Thị Bảy Mươi", 1956, "Thôn Nà Pồng"), ("Ma Thị Chín Mươi", 1936, "Thôn Khuổi Phầy"),
                                ("Lý Văn Trăm Tuổi", date(1926, 11, 20), "Thôn Nà Pồng")):  # fmt: skip
        day, year = (birth, birth.year) if isinstance(birth, date) else (None, birth)
        elderly_save(user=officer, unit=commune, full_name=name, birth_date=day, birth_year=year, sex="female",
                     national_id="", hamlet=hamlet)


def _round(pk):
    return CelebrationRound.objects.get(pk=pk)


def test_submitting_a_round_submits_the_communes_longevity_report_for_the_tet_year(
    commune, officer, province_officer, longevity_rules
):
    _register(commune, officer)
    round_ = round_open(user=officer, unit=commune, occasion="tet", year=2026)
    round_submit(round_=round_, user=officer)
    report = Report.objects.get(unit=commune)
    assert (report.kind, report.period, report.status) == (ReportKind.LONGEVITY, "2026", ReportStatus.SUBMITTED)
    snap = report.snapshot
    assert (snap["people"], snap["president"], snap["chairman"]) == (3, 1, 1)
    assert snap["by_level"]["100"]["count"] == 1 and snap["by_level"]["70"]["count"] == 1
    assert snap["total"] == snap["national"] + snap["province"] == 1_350_000
    assert _round(round_.pk).status == RoundStatus.SUBMITTED
    # Returned through the reports service: the round follows, can be recomputed and sent again.
    report_return(report=report, user=province_officer, comment="Thiếu người 95 tuổi")
    assert (_round(round_.pk).status, _round(round_.pk).return_reason) == (RoundStatus.RETURNED, "Thiếu người 95 tuổi")
    round_compute(round_=_round(round_.pk), user=officer)
    round_submit(round_=_round(round_.pk), user=officer)
    round_accept(round_=_round(round_.pk), user=province_officer)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and _round(round_.pk).status == RoundStatus.ACCEPTED
    assert [e.action for e in report.events.all()] == ["create", "submit", "return", "submit", "accept"]
    # Reopened by the province: the round is editable again.
    report_reopen(report=report, user=province_officer, reason="Bổ sung người chuyển đến")
    assert _round(round_.pk).is_editable


def test_only_the_level_directly_above_returns_or_accepts(commune, other_officer, officer, longevity_rules, legacy_tree):
    _register(commune, officer)
    round_ = round_submit(round_=round_open(user=officer, unit=commune, occasion="tet", year=2026), user=officer)
    from beneficiaries.errors import NotAllowed

    for user in (officer, other_officer):
        with pytest.raises(NotAllowed):
            round_accept(round_=round_, user=user)
    with pytest.raises(PlanError):
        round_return(round_=round_, user=UserFactory(unit=commune.parent, role=Role.PROVINCE_OFFICER), reason=" ")


def test_a_commune_cannot_submit_a_longevity_report_without_its_round(commune, officer):
    report = report_open(unit=commune, kind=ReportKind.LONGEVITY, period="2026", user=officer)
    with pytest.raises(ReportError, match="Chưa lập danh sách mừng thọ"):
        report_submit(report=report, user=officer)


def test_in_the_legacy_regime_the_district_adds_up_its_communes_accepted_lists(legacy_tree, longevity_rules):
    province, district, commune = legacy_tree
    officer = UserFactory(unit=commune, role=Role.COMMUNE_OFFICER)
    district_officer = UserFactory(unit=district, role=Role.DISTRICT_OFFICER)
    province_officer = UserFactory(unit=province, role=Role.PROVINCE_OFFICER)
    _register(commune, officer)
    round_ = round_submit(round_=round_open(user=officer, unit=commune, occasion="tet", year=2026), user=officer)
    from beneficiaries.errors import NotAllowed

    with pytest.raises(NotAllowed):  # the province is not the commune's direct parent here
        round_accept(round_=round_, user=province_officer)
    summary = report_open(unit=district, kind=ReportKind.LONGEVITY, period="2026", user=district_officer)
    assert report_figures(summary)["people"] == 0  # not accepted yet: not added
    with pytest.raises(ReportError):
        report_submit(report=summary, user=district_officer)
    round_accept(round_=round_, user=district_officer)
    figures = report_figures(summary)
    assert (figures["people"], figures["president"], figures["chairman"]) == (3, 1, 1)
    report_submit(report=summary, user=district_officer)
    report_accept(report=Report.objects.get(pk=summary.pk), user=province_officer)
    # While the district's summary is sent on and accepted, the commune's list cannot be reopened.
    with pytest.raises(ReportError, match="đã gửi lên cấp trên"):
        report_reopen(report=Report.objects.get(unit=commune), user=district_officer, reason="Sửa")


def test_the_pages_submit_review_and_show_the_longevity_report(client, commune, officer, province_officer, longevity_rules):
    _register(commune, officer)
    round_ = round_open(user=officer, unit=commune, occasion="tet", year=2026)
    client.force_login(officer)
    assert client.post(reverse("plans:round-submit", args=[round_.pk])).status_code == 302
    report = Report.objects.get(unit=commune, kind=ReportKind.LONGEVITY)
    page = client.get(reverse("plans:round-detail", args=[round_.pk])).content.decode()
    assert reverse("reports:report-detail", args=[report.pk]) in page
    client.force_login(province_officer)
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert "Danh sách chúc thọ, mừng thọ dịp Tết 2026" in page and 'data-testid="longevity-report"' in page
    assert "1.350.000" in page
    assert client.get(reverse("reports:report-pdf", args=[report.pk])).status_code == 404
    client.post(reverse("reports:report-action", args=[report.pk]), {"action": "accept"})
    assert _round(round_.pk).status == RoundStatus.ACCEPTED
    assert ReportEvent.objects.filter(report=report, action="accept").exists()
    overview = client.get(reverse("plans:overview") + "?dip=tet&nam=2026").content.decode()
    assert "Cấp trên đã nhận" in overview and "Lập báo cáo tổng hợp" in overview
    response = client.post(reverse("plans:overview-report-open"), {"dip": "tet", "nam": "2026"})
    summary = Report.objects.get(unit=commune.parent, kind=ReportKind.LONGEVITY, period="2026")
    assert response.url == reverse("reports:report-detail", args=[summary.pk])
    page = client.get(response.url).content.decode()
    assert commune.name in page and "1.350.000" in page


def test_a_viewer_may_not_open_a_summary_report(client, province):
    client.force_login(UserFactory(unit=province, role=Role.VIEWER))
    assert client.post(reverse("plans:overview-report-open"), {"dip": "tet", "nam": "2026"}).status_code == 403
    assert not Report.objects.exists()
