"""The decision (quyết định hỗ trợ) in the Decree 30/2020 layout with its lists attached, for the
whole decision and for one request; paid requests marked from the returned, signed list
(docs/emergency-aid.md §7)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.benefits.emergency_factories import decide, house, injury, make_event, rice

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())


@pytest.fixture
def decided(officer, leader):
    event = make_event(officer)
    rice(officer, event, "Hoàng Văn Đói")
    injury(officer, event, "Lò Văn Thương")
    house(officer, event, "Ma Thị Sập")
    return decide(officer, leader, event)


def test_the_decision_has_the_decree_30_layout_and_the_lists_attached(client, officer, decided):
    client.force_login(officer)
    text = pdf_text(client.get(reverse("reports:emergency-decision-pdf", args=[decided.pk])))
    for expected in ("ỦY BAN NHÂN DÂN", "XÃ NGỌC ĐƯỜNG", "Số: 45/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Ngọc Đường, ngày 03 tháng 10 năm 2026", "QUYẾT ĐỊNH",
                     "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC ĐƯỜNG", "Nghị định số 20/2021/NĐ-CP", "Điều 1.", "Điều 2.",
                     "Điều 3.", "45.000.000 đồng", "Bốn mươi lăm triệu đồng", "120 kg", "Nơi nhận:", "Nông Văn Thành",
                     "DANH SÁCH CHI TRẢ HỖ TRỢ ĐỘT XUẤT", "DANH SÁCH HỘ GIA ĐÌNH ĐƯỢC HỖ TRỢ GẠO CỨU ĐÓI",
                     "Kèm theo Quyết định số 45/QĐ-UBND"):
        assert expected in text, expected
    assert text.index("Điều 3.") < text.index("DANH SÁCH CHI TRẢ")


def test_the_decision_for_one_request_names_only_that_household(client, officer, decided):
    one = decided.requests.get(full_name="Ma Thị Sập")
    client.force_login(officer)
    text = pdf_text(client.get(reverse("reports:emergency-request-decision-pdf", args=[one.pk])))
    assert "hộ ông (bà) Ma Thị Sập" in text and "40.000.000 đồng" in text and "Bốn mươi triệu đồng" in text
    assert "Hoàng Văn Đói" not in text and "Lò Văn Thương" not in text
    assert "GẠO CỨU ĐÓI" not in text  # no rice list for a housing aid


def test_no_decision_document_before_the_decision_or_outside_the_commune(client, officer, other_officer, decided):
    event = make_event(officer, name="Lũ tháng 11")
    pending = rice(officer, event, "Hộ Chờ")
    client.force_login(officer)
    assert client.get(reverse("reports:emergency-request-decision-pdf", args=[pending.pk])).status_code == 404
    client.force_login(other_officer)
    assert client.get(reverse("reports:emergency-decision-pdf", args=[decided.pk])).status_code == 404


def signed_list(client, decision, kind: str, *, sign=lambda name: "đã ký", extra=None) -> bytes:
    """The list downloaded from the system, with "Ký nhận" filled as the commune sends it back."""
    from openpyxl import load_workbook

    data = client.get(reverse(f"reports:emergency-{kind}-xlsx", args=[decision.pk])).content
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    header = next(r for r in ws.iter_rows(min_row=1, max_row=20) if any(c.value == "STT" for c in r))
    cols = {c.value: c.column for c in header}
    for row in ws.iter_rows(min_row=header[0].row + 1):
        if isinstance(row[0].value, int):
            row[cols["Ký nhận"] - 1].value = sign(row[1].value)
    if extra:
        ws.append(extra)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, decision, data, name="da-ky.xlsx", paid_on="05/10/2026"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("benefits:emergency-decision-paid-upload", args=[decision.pk]),
                       {"returned_file": SimpleUploadedFile(name, data), "paid_on": paid_on})


def test_the_returned_cash_list_marks_who_signed_as_paid(client, officer, decided):
    client.force_login(officer)
    data = signed_list(client, decided, "cash", sign=lambda name: "Chưa nhận" if name == "Lò Văn Thương" else "x")
    response = upload(client, decided, data)
    assert response.status_code == 302
    status = dict(decided.requests.values_list("full_name", "status"))
    assert status == {"Ma Thị Sập": "paid", "Lò Văn Thương": "approved", "Hoàng Văn Đói": "approved"}
    upload(client, decided, signed_list(client, decided, "rice"))
    assert decided.requests.get(full_name="Hoàng Văn Đói").status == "paid"


def test_a_signed_row_that_matches_no_request_marks_nobody(client, officer, decided):
    client.force_login(officer)
    data = signed_list(client, decided, "cash", extra=[9, "Người Lạ", "", "", "Thôn X", "Bị thương", "", 1, "ký"])
    response = upload(client, decided, data)
    assert response.status_code == 200
    assert "Người Lạ" in response.context["form"].errors["returned_file"][0]
    assert not decided.requests.filter(status="paid").exists()


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04 broken zip", "Không đọc được tệp"),
    (b"plain text", "Không đọc được tệp"),
])  # fmt: skip
def test_an_unreadable_file_is_refused_at_the_field(client, officer, decided, data, message):
    client.force_login(officer)
    response = upload(client, decided, data)
    assert response.status_code == 200 and message in response.context["form"].errors["returned_file"][0]


def test_a_workbook_that_is_not_a_list_is_refused_at_the_field(client, officer, decided):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Tên", "Tiền"])
    out = io.BytesIO()
    wb.save(out)
    client.force_login(officer)
    response = upload(client, decided, out.getvalue())
    assert "không thấy cột" in response.context["form"].errors["returned_file"][0]


# -- the decision as Word ---------------------------------------------------------------


def test_the_word_decision_has_the_same_text_as_the_pdf(client, officer, decided):
    from docx import Document

    client.force_login(officer)
    response = client.get(reverse("reports:emergency-decision-docx", args=[decided.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(response.content))
    text = " ".join(p.text for p in doc.paragraphs)
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    pdf = pdf_text(client.get(reverse("reports:emergency-decision-pdf", args=[decided.pk])))
    for expected in ("Về việc trợ giúp xã hội đột xuất cho hộ gia đình, cá nhân bị ảnh hưởng bởi Bão số 10 (Bualoi)",
                     "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC ĐƯỜNG", "Điều 1.", "Trợ giúp xã hội đột xuất cho 3 đối tượng",
                     "Tổng số tiền hỗ trợ: 45.000.000 đồng", "Bốn mươi lăm triệu đồng", "Tổng số gạo hỗ trợ: 120 kg",
                     "Điều 2.", "Điều 3.", "DANH SÁCH CHI TRẢ HỖ TRỢ ĐỘT XUẤT",
                     "DANH SÁCH HỘ GIA ĐÌNH ĐƯỢC HỖ TRỢ GẠO CỨU ĐÓI"):
        assert expected in text, expected
        assert expected in pdf, expected  # one content, two renderings
    for expected in ("Số: 45/QĐ-UBND", "Nơi nhận:", "Nông Văn Thành", "Hoàng Văn Đói", "Lò Văn Thương",
                     "TỔNG CỘNG: 2 người", "TỔNG CỘNG: 1 hộ, 4 nhân khẩu", "Làm nhà ở (nhà đổ, sập, trôi, cháy)"):
        assert expected in cells, expected
    assert doc.sections[-1].page_width > doc.sections[-1].page_height  # the lists on landscape pages


def test_the_word_decision_for_one_request_names_only_that_household(client, officer, decided):
    from docx import Document

    one = decided.requests.get(full_name="Ma Thị Sập")
    client.force_login(officer)
    doc = Document(io.BytesIO(client.get(reverse("reports:emergency-request-decision-docx", args=[one.pk])).content))
    text = " ".join(p.text for p in doc.paragraphs) + " ".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "hộ ông (bà) Ma Thị Sập" in text and "40.000.000" in text
    assert "Hoàng Văn Đói" not in text and "Lò Văn Thương" not in text


def test_the_word_decision_opens_in_libreoffice(client, officer, decided, tmp_path):
    from tests import office

    client.force_login(officer)
    data = client.get(reverse("reports:emergency-decision-docx", args=[decided.pk])).content
    pdf = office.docx_to_pdf(data, tmp_path, "emergency_decision_docx")
    text = office.pdf_text(pdf)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 45/QĐ-UBND", "QUYẾT ĐỊNH:", "Điều 1.", "Điều 3.",
                     "Nơi nhận:", "Nông Văn Thành", "DANH SÁCH CHI TRẢ HỖ TRỢ ĐỘT XUẤT", "Ma Thị Sập"):
        assert expected in text, expected
    assert office.pdf_pages(pdf) >= 3  # the decision, then each list on a page of its own
    assert office.pdf_to_png(pdf, "emergency_decision_docx", first_page_only=False)
