"""Decisions as documents (issue 10 item 1): PDF and editable Word in the Decree 30/2020 layout,
with the "Căn cứ" lines from the rule rows, the articles, "Nơi nhận", the signature block and,
for a batch, the list attached."""

import io
from datetime import date

import pytest
from django.test import Client
from docx import Document
from pypdf import PdfReader

from beneficiaries.models import Decision
from beneficiaries.services import case_submit, decision_grant_batch, decision_terminate, person_death_record
from btxh.models import Role
from tests import office
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case
from tests.btxh.factories import UserFactory


def client_of(user):
    c = Client()
    c.force_login(user)
    return c


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
    assert (decision.number, cases[0].start_month) == ("7/QĐ-UBND", date(2026, 5, 1))


def test_officers_and_viewers_are_refused_the_decision_pages(officer, commune):
    viewer = UserFactory(unit=commune, role=Role.VIEWER)
    for user in (officer, viewer):
        for url in ("/doi-tuong/quyet-dinh/phe-duyet-theo-dot/", "/doi-tuong/quyet-dinh/thoi-huong/"):
            response = client_of(user).get(url)
            assert response.status_code == 403
            assert "Chỉ lãnh đạo có thẩm quyền" in response.content.decode()
