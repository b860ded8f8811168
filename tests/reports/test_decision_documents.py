"""Decisions as documents (issue 10 item 1): PDF and editable Word in the Decree 30/2020 layout,
with the "Căn cứ" lines from the rule rows, the articles, "Nơi nhận", the signature block and,
for a batch, the list attached."""

import io
import re
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from beneficiaries.models import Decision, DisabilityAssessment
from beneficiaries.services import (
    case_disability_change,
    case_resume,
    case_submit,
    case_suspend,
    decision_grant_batch,
    decision_resume,
    decision_suspend,
    decision_terminate,
    disability_assessment_decide,
    person_death_record,
)
from btxh.models import Role
from engine import Month
from reports.decision_documents import decision_doc
from tests import office
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case
from tests.btxh.factories import UserFactory, client_of


@pytest.fixture
def batch(officer, leader, commune, rule_tables):
    cases = []
    for i, name in enumerate(["Lục Thị Thọ", "Hoàng Văn Khang", "Ma Thị Nhàn"]):
        person = PersonFactory(unit=commune, full_name=name, birth_date=date(1940 + i, 2, 2), hamlet="Thôn Nà Pồng")
        cases.append(case_submit(case=CaseFactory(person=person, category="SP-75", disability_level=""), user=officer))
    return decision_grant_batch(
        cases=cases, user=leader, decision_number="25/QĐ-UBND", decision_date=date(2026, 7, 10), signer="Nông Văn Thành"
    )


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).split())


def test_a_batch_decision_prints_as_pdf_with_its_list(batch, officer, leader):
    page = client_of(leader).get(f"/doi-tuong/quyet-dinh/{batch.pk}/").content.decode()
    assert "Tải quyết định (PDF)" in page and "Lục Thị Thọ" in page
    response = client_of(officer).get(f"/bao-cao/quyet-dinh/{batch.pk}/quyet-dinh.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "UBND XÃ NGỌC ĐƯỜNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 25/QĐ-UBND",
        "Ngọc Đường, ngày 10 tháng 07 năm 2026", "QUYẾT ĐỊNH", "Về việc hưởng trợ cấp hưu trí xã hội",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC ĐƯỜNG", "Căn cứ Nghị định 176/2025/NĐ-CP", "Điều 1.", "Điều 3.",
        "Nơi nhận:", "Lưu: VT.", "Nông Văn Thành", "DANH SÁCH ĐỐI TƯỢNG HƯỞNG TRỢ CẤP HƯU TRÍ XÃ HỘI",
        "Kèm theo Quyết định số 25/QĐ-UBND", "Lục Thị Thọ", "Hoàng Văn Khang", "Ma Thị Nhàn", "3 đối tượng",
        "Tổng cộng: 3 người", "1.500.000",
    ):
        assert expected in text, expected
    # The rule rows' own legal basis is cited (the social pension's level).
    assert text.count("Căn cứ") >= 4


def test_the_same_decision_as_an_editable_word_document(batch, leader):
    response = client_of(leader).get(f"/bao-cao/quyet-dinh/{batch.pk}/quyet-dinh.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('quyet-dinh-25-2026.docx"')
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "QUYẾT ĐỊNH" in text and "Về việc hưởng trợ cấp hưu trí xã hội" in text
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in text and "QUYẾT ĐỊNH:" in text
    assert "Số: 25/QĐ-UBND" in cells and "UBND XÃ NGỌC ĐƯỜNG" in cells and "Nơi nhận:" in cells
    assert "Nông Văn Thành" in cells and "Ma Thị Nhàn" in cells
    assert [c.text for c in doc.tables[-1].rows[0].cells][:2] == ["STT", "Họ và tên"]
    assert len(doc.tables[-1].rows) == 4  # the heading and three people


def test_the_word_decision_opens_in_libreoffice_with_its_list(batch, leader, tmp_path):
    """Offices edit the .docx before signing: LibreOffice opens it, and it prints as the decision
    (header block, motto, articles, signature) with the list on a page of its own."""
    response = client_of(leader).get(f"/bao-cao/quyet-dinh/{batch.pk}/quyet-dinh.docx")
    pdf = office.docx_to_pdf(response.content, tmp_path, "decision_docx")
    text = office.pdf_text(pdf)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 25/QĐ-UBND", "QUYẾT ĐỊNH:", "Điều 1.",
                     "Nơi nhận:", "Nông Văn Thành", "Ma Thị Nhàn", "Tổng cộng: 3 người."):  # fmt: skip
        assert expected in text, expected
    assert office.pdf_pages(pdf) >= 2  # the list starts on a page of its own
    assert office.pdf_to_png(pdf, "decision_docx")


def test_a_termination_decision_with_the_funeral_support(commune, officer, leader, rule_tables):
    person = PersonFactory(unit=commune, full_name="Sầm Thị Nhung", birth_date=date(1940, 4, 2))
    active_case(person, "SP-75", start=date(2025, 8, 1))
    person_death_record(person=person, death_date=date(2026, 6, 14), user=officer, organiser_name="Sầm Văn Tâm")
    decision = decision_terminate(
        cases=list(person.cases.all()), user=leader, decision_number="30/QĐ-UBND", decision_date=date(2026, 7, 2)
    )
    text = pdf_text(client_of(leader).get(f"/bao-cao/quyet-dinh/{decision.pk}/quyet-dinh.pdf").content)
    assert "Về việc thôi hưởng trợ cấp xã hội và hỗ trợ chi phí mai táng" in text
    assert "hưởng đến hết tháng 06/2026" in text and "Sầm Văn Tâm" in text
    assert "Hỗ trợ chi phí mai táng" in text and "Số: 30/QĐ-UBND" in text
    # The social pension's funeral support cites its own rule row, without the internal caveat.
    assert "Căn cứ Nghị định 176/2025/NĐ-CP" in text and "nguồn thứ cấp" not in text
    assert "lý do: chết ngày 14/06/2026" in text and not CODES.search(text)


def test_another_communes_officer_cannot_read_a_decision(batch, other_officer):
    c = client_of(other_officer)
    assert c.get(f"/doi-tuong/quyet-dinh/{batch.pk}/").status_code == 404
    assert c.get(f"/bao-cao/quyet-dinh/{batch.pk}/quyet-dinh.pdf").status_code == 404
    assert c.get(f"/bao-cao/quyet-dinh/{batch.pk}/quyet-dinh.docx").status_code == 404


def test_the_batch_page_decides_all_or_nothing_with_the_reason_at_each_case(officer, leader, commune):
    cases = []
    for i in range(3):
        person = PersonFactory(unit=commune, full_name=f"Người Đợt {i}", birth_date=date(1940, 1, 1 + i))
        cases.append(case_submit(case=CaseFactory(person=person, category="SP-75", disability_level=""), user=officer))
    dead = cases[2].person
    dead.death_date = date(2026, 1, 1)
    dead.save()
    c = client_of(leader)
    page = c.get("/doi-tuong/quyet-dinh/phe-duyet-theo-dot/?hamlet=Nà").content.decode()
    assert "Người Đợt 0" in page and 'value="01/QĐ-UBND"' in page
    post = {"case": [str(x.pk) for x in cases], "decision_number": "7/QĐ-UBND", "decision_date": "10/07/2026", "signer": ""}
    response = c.post("/doi-tuong/quyet-dinh/phe-duyet-theo-dot/", post)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chưa quyết định hồ sơ nào" in body and "đã chết" in body
    assert not Decision.objects.exists()
    post["case"] = post["case"][:2]
    post[f"start_{cases[0].pk}"] = "05/2026"
    response = c.post("/doi-tuong/quyet-dinh/phe-duyet-theo-dot/", post)
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/doi-tuong/quyet-dinh/{decision.pk}/"
    cases[0].refresh_from_db()
    assert (decision.number, cases[0].start_month) == ("7/QĐ-UBND", Month(2026, 5))


def test_officers_and_viewers_are_refused_the_decision_pages(officer, commune):
    viewer = UserFactory(unit=commune, role=Role.VIEWER)
    for user in (officer, viewer):
        for url in ("/doi-tuong/quyet-dinh/phe-duyet-theo-dot/", "/doi-tuong/quyet-dinh/thoi-huong/"):
            response = client_of(user).get(url)
            assert response.status_code == 403
            assert "Chỉ lãnh đạo có thẩm quyền" in response.content.decode()


# -- changing the amount, suspending, resuming; Vietnamese names, never codes (issue 10 item 1) --------------


CODES = re.compile(r"\b(?:SP-\d+|K\d[A-Ca-c]?|CS-[A-Z-]+|MONTHLY_ALLOWANCE|SOCIAL_PENSION|CARE_SUPPORT|FUNERAL)\b")


def _pdf(pdf_bytes: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf_bytes)
    assert office.pdf_to_png(path, name, first_page_only=False)
    return " ".join(office.pdf_text(path).split())


@pytest.fixture
def k6_change(commune, officer, leader, rule_tables):
    """A K6 case of severe disability (1,5) whose new certificate says extra severe (2,0) from 05/2026."""
    person = PersonFactory(unit=commune, full_name="Ma Văn Nặng", birth_date=date(1980, 4, 4), sex="male",
                           hamlet="Thôn Khuổi Củng")  # fmt: skip
    case = active_case(person, "K6", start=date(2025, 8, 1), disability_level="severe")
    case_disability_change(case=case, user=officer, level="extra_severe", month=date(2026, 5, 1),
                           certificate_number="25/GXN", certificate_date=date(2026, 5, 10))  # fmt: skip
    disability_assessment_decide(assessment=DisabilityAssessment.objects.get(person=person), user=leader,
                                 decision_number="40/QĐ-UBND", decision_date=date(2026, 6, 1),
                                 signer="Nông Văn Thành")  # fmt: skip
    return Decision.objects.get(kind="change")


def test_a_change_decision_says_the_old_and_new_level_coefficient_and_amount_from_the_month(k6_change, leader, tmp_path):
    doc = decision_doc(k6_change)
    assert doc.about == "Về việc điều chỉnh mức trợ cấp xã hội hằng tháng"
    row = doc.rows[0]
    assert (row.old_level, row.old_coefficient, row.old_amount) == ("khuyết tật nặng", "1,5", 750_000)
    assert (row.new_level, row.new_coefficient, row.amount, row.month) == ("khuyết tật đặc biệt nặng", "2,0", 1_000_000, "05/2026")
    assert "2,0" in row.explanation and "500.000" in row.explanation  # the engine's explanation
    c = client_of(leader)
    text = _pdf(c.get(f"/bao-cao/quyet-dinh/{k6_change.pk}/quyet-dinh.pdf").content, tmp_path, "decision_change_pdf")
    for expected in (
        "Số: 40/QĐ-UBND", "Về việc điều chỉnh mức trợ cấp xã hội hằng tháng", "ông Ma Văn Nặng",
        "Người khuyết tật nặng, đặc biệt nặng", "giấy xác nhận khuyết tật số 25/GXN ngày 10/05/2026",
        "từ khuyết tật nặng (hệ số 1,5, 750.000 đ/tháng) sang khuyết tật đặc biệt nặng (hệ số 2,0, 1.000.000 đ/tháng",
        "kể từ tháng 05/2026", "truy lĩnh", "Căn cứ Nghị định", "Nông Văn Thành",
    ):
        assert expected.replace(" ", "") in text.replace(" ", ""), expected  # lines may wrap after "25/"
    assert not CODES.search(text), CODES.search(text)
    docx = c.get(f"/bao-cao/quyet-dinh/{k6_change.pk}/quyet-dinh.docx")
    assert docx["Content-Disposition"].endswith('quyet-dinh-40-2026.docx"')
    word, pngs = office.docx_look(docx.content, tmp_path, "decision_change_docx")
    word = " ".join(word.split())
    assert "sang khuyết tật đặc biệt nặng (hệ số 2,0, 1.000.000 đ/tháng" in word and "kể từ tháng 05/2026" in word
    assert not CODES.search(word) and pngs


def test_a_suspension_and_a_resumption_decision_print_the_month_the_reason_and_the_amount(
    commune, officer, leader, rule_tables, tmp_path
):
    person = PersonFactory(unit=commune, full_name="Lục Thị Thọ", birth_date=date(1940, 2, 2), hamlet="Thôn Nà Pồng")
    case = active_case(person, "SP-75", start=date(2025, 8, 1))
    case_suspend(case=case, user=officer, month=date(2026, 6, 1), reason="Không nhận tiền 3 tháng liên tiếp")
    suspension = decision_suspend(case=case, user=leader, decision_number="41/QĐ-UBND", decision_date=date(2026, 6, 3),
                                  signer="Nông Văn Thành")  # fmt: skip
    c = client_of(leader)
    text = _pdf(c.get(f"/bao-cao/quyet-dinh/{suspension.pk}/quyet-dinh.pdf").content, tmp_path, "decision_suspend_pdf")
    for expected in (
        "Số: 41/QĐ-UBND", "Về việc tạm dừng hưởng trợ cấp hưu trí xã hội", "bà Lục Thị Thọ", "kể từ tháng 06/2026",
        "mức đang hưởng 500.000 đ/tháng", "Lý do: Không nhận tiền 3 tháng liên tiếp",
        "Căn cứ Nghị định 176/2025/NĐ-CP", "Căn cứ Luật Bảo hiểm xã hội 41/2024/QH15",
    ):
        assert expected in text, expected
    case.refresh_from_db()
    case_resume(case=case, user=officer, month=date(2026, 8, 1))
    resumption = decision_resume(case=case, user=leader, decision_number="42/QĐ-UBND", decision_date=date(2026, 8, 2))
    text = _pdf(c.get(f"/bao-cao/quyet-dinh/{resumption.pk}/quyet-dinh.pdf").content, tmp_path, "decision_resume_pdf")
    for expected in ("Về việc hưởng tiếp trợ cấp hưu trí xã hội", "kể từ tháng 08/2026", "mức hưởng 500.000 đ/tháng",
                     "Tạm dừng từ 06/2026"):  # fmt: skip
        assert expected in text, expected
    # The suspension's document still says what it decided after the case moved on.
    assert "Lý do: Không nhận tiền 3 tháng liên tiếp" in pdf_text(
        c.get(f"/bao-cao/quyet-dinh/{suspension.pk}/quyet-dinh.pdf").content
    )
    word, _ = office.docx_look(c.get(f"/bao-cao/quyet-dinh/{suspension.pk}/quyet-dinh.docx").content, tmp_path,
                               "decision_suspend_docx")  # fmt: skip
    assert "Không nhận tiền 3 tháng liên tiếp" in " ".join(word.split())
    for printed in (text, word):
        assert not CODES.search(printed)


def test_the_attached_list_names_the_category_in_vietnamese_never_its_code(batch, leader, tmp_path):
    """The "Diện" column of the list (and every other text of the decision) says "Người từ đủ 75
    tuổi…", not "SP-75"."""
    c = client_of(leader)
    text = _pdf(c.get(f"/bao-cao/quyet-dinh/{batch.pk}/quyet-dinh.pdf").content, tmp_path, "decision_batch_pdf")
    assert "Người từ đủ 75" in text and "Diện đối tượng" in text  # the cell wraps over several lines
    assert not CODES.search(text), CODES.search(text)
    doc = Document(io.BytesIO(c.get(f"/bao-cao/quyet-dinh/{batch.pk}/quyet-dinh.docx").content))
    table = doc.tables[-1]
    column = [cell.text for cell in table.columns[4].cells]
    assert column[0] == "Diện đối tượng"
    assert set(column[1:]) == {"Người từ đủ 75 tuổi không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng"}
    every = "\n".join([p.text for p in doc.paragraphs] + [cell.text for t in doc.tables for r in t.rows for cell in r.cells])
    assert not CODES.search(every), CODES.search(every)
