"""The report pages, documents, dashboard, home page items and the report_totals command."""

import io
import json
import shutil
import subprocess
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.models import Report, RollSummary
from tests.btxh.factories import make_unit
from tests.reports.chain_factories import JUL, accepted, locked_roll, officer_of, people, submitted

pytestmark = pytest.mark.django_db
ARTIFACTS = settings.BASE_DIR / "test-artifacts"


@pytest.fixture
def two_communes(province, commune, other_commune):
    people(commune, 3, bank=1)
    people(other_commune, 2, prefix="Cụ")
    return locked_roll(commune), locked_roll(other_commune)


def test_a_commune_officer_opens_writes_and_submits_the_months_report_from_its_page(
    client, two_communes, commune, officer
):
    client.force_login(officer)
    page = client.get(reverse("reports:report-list") + "?period=07/2026")
    assert "Báo cáo chi trả tháng 07/2026" in page.content.decode() and "Chưa lập" in page.content.decode()
    response = client.post(reverse("reports:report-open"), {"period": "2026-07"})
    report = Report.objects.get(unit=commune)
    assert response.url == reverse("reports:report-detail", args=[report.pk])
    client.post(reverse("reports:report-action", args=[report.pk]), {"action": "submit", "narrative": "Đủ, đúng hạn."})
    report.refresh_from_db()
    assert report.status == "submitted" and report.narrative == "Đủ, đúng hạn."
    detail = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert "Đã gửi, chờ duyệt" in detail and "1.500.000 đ" in detail


def test_the_report_pdf_and_excel_carry_the_figures_in_the_official_layout(client, two_communes, commune, officer):
    roll = two_communes[0]
    report = submitted(commune, officer)
    client.force_login(officer)
    pdf = client.get(reverse("reports:report-pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BÁO CÁO KẾT QUẢ CHI TRẢ CHẾ ĐỘ TRỢ GIÚP XÃ HỘI THÁNG 07/2026" in text
    assert "UBND XÃ NGỌC ĐƯỜNG" in text and f"{roll.total:,}".replace(",", ".") in text
    assert "Trợ cấp hưu trí xã hội" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "payments_report.pdf").write_bytes(pdf.content)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(ARTIFACTS / "payments_report.pdf"),
                        str(ARTIFACTS / "payments_report")], check=True)
    xlsx = client.get(reverse("reports:report-xlsx", args=[report.pk]))
    values = [c for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row]
    assert roll.total in values and "Tổng cộng" in values and "Trợ cấp hưu trí xã hội" in values


def test_the_report_documents_name_categories_in_vietnamese_not_by_code(client, two_communes, commune, officer):
    """An official document speaks Vietnamese: the category table gives each category's name."""
    from reports.services import payments_report_rows

    report = submitted(commune, officer)
    categories = payments_report_rows(report.snapshot)["categories"]
    assert categories
    client.force_login(officer)
    pdf = client.get(reverse("reports:report-pdf", args=[report.pk]))
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    xlsx = client.get(reverse("reports:report-xlsx", args=[report.pk]))
    cells = [str(c) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row]
    for r in categories:
        assert r["label"] != r["code"]
        assert f'{r["code"]}:' not in text and not any(c.startswith(f'{r["code"]} - ') for c in cells)
        assert r["label"] in cells


def test_a_parent_sees_each_childs_status_on_its_report_page(client, two_communes, province, commune, officer):
    submitted(commune, officer)
    client.force_login(officer_of(province))
    page = client.get(reverse("reports:report-list") + "?period=2026-07").content.decode()
    assert 'data-status="submitted"' in page and 'data-status="missing"' in page
    assert "Xã Ngọc Đường" in page and "Xã Phú Linh" in page


def test_the_dashboard_shows_the_subtree_with_a_bounded_number_of_queries(
    client, two_communes, province, commune, other_commune, django_assert_max_num_queries
):
    user = officer_of(province)
    client.force_login(user)
    url = reverse("reports:dashboard") + "?period=07/2026"
    with django_assert_max_num_queries(30):  # the first read computes the rolls' summaries
        page = client.get(url)
    assert RollSummary.objects.count() == 2
    with django_assert_max_num_queries(20):
        page = client.get(url)
    html = page.content.decode()
    assert "<svg" in html and "Xã Ngọc Đường" in html and "Xã Phú Linh" in html
    total = two_communes[0].total + two_communes[1].total
    assert f"{total:,}".replace(",", ".") + " đ" in html
    # One more commune with its own roll: still the same number of queries.
    third = make_unit("00712", "Xã Thổ Bình", level=3, parent=province)
    people(third, 4, prefix="Bà")
    locked_roll(third)
    client.get(url)
    with django_assert_max_num_queries(20):
        client.get(url)
    # Drill down to one commune.
    drill = client.get(url + f"&unit={commune.pk}").content.decode()
    assert 'data-testid="dashboard-unit">Xã Ngọc Đường' in drill
    assert client.get(reverse("reports:dashboard-xlsx") + "?period=2026-07").status_code == 200


def test_report_totals_prints_the_subtree_month_and_year_as_json(capsys, two_communes, province, commune, officer):
    a, b = two_communes
    accepted(commune, officer, officer_of(province))
    call_command("report_totals", "--unit", province.code, "--kind", "payments", "--period", "2026-07")
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data == {
        "unit": "08", "kind": "payments", "period": "2026-07", "people": 5,
        "lines": a.line_count + b.line_count, "total": a.total + b.total,
        "arrears": a.total_arrears + b.total_arrears, "recoveries": a.total_recovery + b.total_recovery,
        "children": [
            {"unit": "00700", "status": "accepted", "total": a.total},
            {"unit": "00706", "status": "missing", "total": b.total},
        ],
    }
    # A year sums its months; people are counted once across them.
    from engine import Month

    august = locked_roll(commune, Month(2026, 8))
    call_command("report_totals", "--unit", province.code, "--kind", "payments", "--period", "2026")
    year = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert year["period"] == "2026" and year["people"] == 5
    assert year["total"] == a.total + b.total + august.total
    assert year["children"][0] == {"unit": "00700", "status": "missing", "total": a.total + august.total}


def test_the_home_page_lists_the_report_due_returned_and_waiting(client, two_communes, province, commune, officer):
    from reports import services

    province_officer = officer_of(province)
    report = submitted(commune, officer)
    client.force_login(province_officer)
    assert "Báo cáo của cấp dưới chờ chấp nhận" in client.get("/").content.decode()
    services.report_return(report=report, user=province_officer, comment="Thiếu thuyết minh")
    client.force_login(officer)
    home = client.get("/").content.decode()
    assert "Báo cáo bị cấp trên trả lại" in home


def test_the_due_report_is_last_months_and_late_after_the_fifth(officer, monkeypatch):
    from reports import attention

    monkeypatch.setattr(attention.timezone, "localdate", lambda: date(2026, 8, 3))
    (item,) = [i for i in attention.reports_attention(officer) if i.count and "07/2026" in i.title]
    assert "đến hạn (05/08/2026)" in item.title and item.level == "warning"
    monkeypatch.setattr(attention.timezone, "localdate", lambda: date(2026, 8, 6))
    (item,) = [i for i in attention.reports_attention(officer) if i.count and "07/2026" in i.title]
    assert "quá hạn" in item.title and item.level == "danger"
    assert JUL.month == 7
