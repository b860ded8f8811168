"""The plan as a PDF in the Decree 30/2020 layout, and the year-end results report submitted up
the chain through the reports mechanism."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from plans.plan_documents import plan_document
from plans.plan_services import START_PARENT, plan_create
from reports import services as reports
from reports.models import ReportKind, ReportStatus
from tests.plans.plan_factories import issued_plan, written_plan

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_plan_pdf_has_the_header_number_date_sections_recipients_and_signature(
    province, commune, officer, province_officer
):
    plan = _commune_plan(province, commune, officer, province_officer)
    filename, data = plan_document(plan)
    assert filename == "ke-hoach-xa-ngoc-duong-2026-du-thao.pdf"
    text = _text(data)
    for expected in ("UBND XÃ NGỌC ĐƯỜNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Số: 07/KH-UBND", "Ngọc Đường, ngày 28 tháng 01 năm 2026", "KẾ HOẠCH", "DỰ THẢO",
                     "Thực hiện Kế hoạch số 25/KH-UBND ngày 20/01/2026", "I. MỤC ĐÍCH, YÊU CẦU", "(chỉ tiêu: 100,0%)",
                     "II. NHIỆM VỤ, GIẢI PHÁP", "III. KINH PHÍ THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN", "Nơi nhận:",
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Ma Văn Pháo", "2.000.000 đ"):
        assert expected in text, expected
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "plan_document.pdf"
    pdf.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "plan_document")], check=True)
        assert list(ARTIFACTS.glob("plan_document*.png"))


def test_the_year_end_results_are_a_report_kind_submitted_and_accepted_through_the_reports_chain(
    client, province, commune, officer, province_officer
):
    draft = written_plan(commune, officer)
    report = reports.report_open(unit=commune, kind=ReportKind.PLAN_RESULTS, period="2026", user=officer)
    with pytest.raises(reports.ReportError) as refused:
        reports.report_submit(report=report, user=officer)
    assert "chưa có kế hoạch năm 2026 đã ban hành" in refused.value.user_message
    from plans.plan_services import activity_progress, plan_issue

    plan = plan_issue(plan=draft, user=officer)
    activity = plan.activities.first()
    activity_progress(activity=activity, user=officer, status="done", evidence="Đã rà soát 4 quý", spent=1_500_000)

    client.force_login(officer)
    response = client.post(f"/ke-hoach/nam/{plan.pk}/bao-cao-ket-qua/")
    assert response.status_code == 302 and response.url == f"/bao-cao/dinh-ky/{report.pk}/"
    page = client.get(response.url).content.decode()
    assert "Báo cáo kết quả thực hiện kế hoạch năm 2026" in page and "Đã rà soát 4 quý" in page
    assert "chưa có dữ liệu" in page

    report = reports.report_submit(report=report, user=officer)
    assert report.snapshot["plan"]["number"] == "12/KH-UBND"
    assert report.snapshot["activities"][0] == {
        "task": "Thực hiện chính sách trợ giúp xã hội hằng tháng", "text": "Rà soát danh sách đối tượng hằng quý",
        "lead": "Công chức văn hóa - xã hội", "status": "done", "status_label": "Hoàn thành",
        "evidence": "Đã rà soát 4 quý", "budget": 2_000_000, "spent": 1_500_000,
    }
    assert report.snapshot["spent"] == 1_500_000 and report.snapshot["targets"][0]["shown"] == "chưa có dữ liệu"
    report = reports.report_accept(report=report, user=province_officer)
    assert report.status == ReportStatus.ACCEPTED

    pdf = client.get(f"/bao-cao/dinh-ky/{report.pk}/bao-cao.pdf")
    text = _text(pdf.content)
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH" in text and "Đã rà soát 4 quý" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "plan_results.pdf").write_bytes(pdf.content)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(ARTIFACTS / "plan_results.pdf"),
                        str(ARTIFACTS / "plan_results")], check=True)
    xlsx = client.get(f"/bao-cao/dinh-ky/{report.pk}/bao-cao.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def _commune_plan(province, commune, officer, province_officer):
    """The commune's plan started from the province's issued plan, with a number, a signer and an
    activity table of two rows."""
    parent = issued_plan(province, province_officer, number="25/KH-UBND")
    plan = plan_create(user=officer, unit=commune, year=2026, start=START_PARENT)
    plan.number, plan.signer_name = "07/KH-UBND", "Ma Văn Pháo"
    plan.issued_on = parent.issued_on.replace(day=28)
    plan.funding = "Ngân sách xã năm 2026.\nNguồn xã hội hóa, vận động ủng hộ."
    plan.save()
    return plan


def test_the_plan_docx_has_word_headings_an_activity_table_and_the_signature_block(
    client, province, commune, officer, province_officer
):
    from docx import Document

    plan = _commune_plan(province, commune, officer, province_officer)
    client.force_login(officer)
    response = client.get(f"/ke-hoach/nam/{plan.pk}/ke-hoach.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-xa-ngoc-duong-2026-du-thao.docx"'
    doc = Document(io.BytesIO(response.content))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [t for s, t in headings if s == "Heading 1"] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ, GIẢI PHÁP", "III. KINH PHÍ THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"]
    assert ("Heading 2", "1. Thực hiện chính sách trợ giúp xã hội hằng tháng") in headings
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 13
    activities = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in activities.rows[0].cells] == [
        "STT", "Nội dung hoạt động", "Chủ trì", "Phối hợp", "Thời gian (tháng)", "Kinh phí (đồng)"]
    assert [c.text for c in activities.rows[1].cells] == [
        "1", "Rà soát danh sách đối tượng hằng quý", "Công chức văn hóa - xã hội", "", "3, 6, 9, 12", "2.000.000"]


def test_the_plan_docx_opens_in_libreoffice_as_the_official_plan(province, commune, officer, province_officer,
                                                                 tmp_path):
    from tests import office

    plan = _commune_plan(province, commune, officer, province_officer)
    filename, data = plan_document(plan, fmt="docx")
    pdf = office.docx_to_pdf(data, tmp_path, "plan_docx")
    text = " ".join(office.pdf_text(pdf).split())
    for expected in ("UBND XÃ NGỌC ĐƯỜNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Số: 07/KH-UBND", "Ngọc Đường, ngày 28 tháng 01 năm 2026", "DỰ THẢO", "KẾ HOẠCH",
                     "Thực hiện Kế hoạch số 25/KH-UBND ngày 20/01/2026", "I. MỤC ĐÍCH, YÊU CẦU",
                     "(chỉ tiêu: 100,0%)", "II. NHIỆM VỤ, GIẢI PHÁP", "Nội dung hoạt động", "Rà soát danh",
                     "III. KINH PHÍ THỰC HIỆN", "Nguồn xã hội hóa, vận động ủng hộ.", "IV. TỔ CHỨC THỰC HIỆN",
                     "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Ma Văn Pháo"):
        assert expected in text, expected
    assert office.pdf_to_png(pdf, "plan_docx", first_page_only=False)

    from plans.plan_services import plan_issue

    issued = plan_issue(plan=plan, user=officer)
    filename, data = plan_document(issued, fmt="docx")
    assert filename == "ke-hoach-xa-ngoc-duong-2026.docx"
    text = office.pdf_text(office.docx_to_pdf(data, tmp_path, "plan_docx_issued"))
    assert "DỰ THẢO" not in text and "Số: 07/KH-UBND" in text


def test_the_year_end_results_report_is_offered_as_word_too(client, commune, officer, tmp_path):
    from tests import office

    plan = issued_plan(commune, officer)
    from plans.plan_services import activity_progress

    activity_progress(activity=plan.activities.first(), user=officer, status="done", evidence="Đã rà soát 4 quý",
                      spent=1_500_000)
    report = reports.report_open(unit=commune, kind=ReportKind.PLAN_RESULTS, period="2026", user=officer)
    client.force_login(officer)
    page = client.get(f"/bao-cao/dinh-ky/{report.pk}/").content.decode()
    assert f'href="/bao-cao/dinh-ky/{report.pk}/bao-cao.docx"' in page
    response = client.get(f"/bao-cao/dinh-ky/{report.pk}/bao-cao.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-ket-qua-ke-hoach-xa-ngoc-duong-2026.docx"'
    text = " ".join(office.pdf_text(office.docx_to_pdf(response.content, tmp_path, "plan_results_docx")).split())
    for expected in ("UBND XÃ NGỌC ĐƯỜNG", "BẢN NHÁP", "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH",
                     "Thực hiện Kế hoạch số 12/KH-UBND ngày 20/01/2026", "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
                     "chưa có dữ liệu", "Hoàn thành", "Đã rà soát 4 quý", "III. KINH PHÍ", "đã chi: 1.500.000 đ",
                     "NGƯỜI LẬP", "THỦ TRƯỞNG ĐƠN VỊ"):  # fmt: skip
        assert expected in text, expected
    assert office.pdf_to_png(tmp_path / "plan_results_docx.pdf", "plan_results_docx")


def test_a_payments_report_has_no_word_file(client, commune, officer):
    report = reports.report_open(unit=commune, kind=ReportKind.PAYMENTS, period="2026-07", user=officer)
    client.force_login(officer)
    assert "bao-cao.docx" not in client.get(f"/bao-cao/dinh-ky/{report.pk}/").content.decode()
    assert client.get(f"/bao-cao/dinh-ky/{report.pk}/bao-cao.docx").status_code == 404
