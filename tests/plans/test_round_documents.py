"""The gift receipt list (danh sách ký nhận quà) and the budget estimate with the ceremony line."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from plans import documents
from plans.models import CelebrationRound
from plans.reporting import round_figures
from plans.selectors import overview, round_listing
from plans.services import PlanError, elderly_save, round_ceremony_set, round_open, round_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(commune, officer, longevity_rules):
    for name, birth, hamlet in (("Hoàng Thị Bảy Mươi", 1956, "Thôn Nà Pồng"), ("Ma Thị Chín Mươi", 1936, "Thôn Khuổi Phầy"),
                                ("Lý Văn Trăm Tuổi", date(1926, 11, 20), "Thôn Nà Pồng")):  # fmt: skip
        day, year = (birth, birth.year) if isinstance(birth, date) else (None, birth)
        elderly_save(user=officer, unit=commune, full_name=name, birth_date=day, birth_year=year, sex="female",
                     national_id="", hamlet=hamlet)
    return round_open(user=officer, unit=commune, occasion="tet", year=2026)


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_receipt_list_has_one_page_per_hamlet_with_a_signature_column_and_the_total_in_words(round_, officer):
    pdf = documents.receipt_list_pdf(round_=round_, prepared_by="Hoàng Thị Lan")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # Thôn Khuổi Phầy, Thôn Nà Pồng
    first, second = (p.extract_text() for p in reader.pages)
    assert "DANH SÁCH KÝ NHẬN QUÀ CHÚC THỌ, MỪNG THỌ" in first and "Ký nhận" in first
    assert "Thôn Khuổi Phầy" in first and "Ma Thị Chín Mươi" in first and "Lý Văn Trăm Tuổi" not in first
    assert "Lý Văn Trăm Tuổi" in second and "Hoàng Thị Bảy Mươi" in second
    assert "1.350.000" in second and "Một triệu ba trăm năm mươi nghìn đồng" in second
    wb = load_workbook(io.BytesIO(documents.receipt_list_xlsx(round_=round_, prepared_by="Hoàng Thị Lan")))
    assert wb.sheetnames == ["Thôn Khuổi Phầy", "Thôn Nà Pồng"]
    values = [c for row in wb["Thôn Nà Pồng"].iter_rows(values_only=True) for c in row if c is not None]
    assert "Họ tên người nhận" in values and "Ký nhận" in values and "Lý Văn Trăm Tuổi" in values


def test_the_ceremony_budget_line_adds_to_the_gifts_in_the_estimate_and_goes_up_the_chain(
    round_, officer, province_officer
):
    round_ceremony_set(round_=round_, user=officer, attendees=50, certificate_unit_cost=30_000, other_cost=500_000,
                       note="Hội trường UBND xã")
    round_ = CelebrationRound.objects.get(pk=round_.pk)
    listing = round_listing(round_)
    assert [line[3] for line in listing["ceremony"]] == [90_000, 1_000_000, 500_000]
    assert listing["ceremony_total"] == 1_590_000 and listing["budget_total"] == 1_350_000 + 1_590_000
    text = _text(documents.budget_pdf(round_=round_, prepared_by="Hoàng Thị Lan"))
    assert "DỰ TOÁN KINH PHÍ CHÚC THỌ, MỪNG THỌ" in text and "2.940.000" in text
    assert "Hai triệu chín trăm bốn mươi nghìn đồng" in text and "Ngân sách xã" in text
    assert round_figures(round_)["commune"] == 1_590_000
    assert overview(user=province_officer, occasion="tet", year=2026)["budget"]["commune"] == 1_590_000
    round_submit(round_=round_, user=officer)
    with pytest.raises(PlanError):
        round_ceremony_set(round_=CelebrationRound.objects.get(pk=round_.pk), user=officer, attendees=1,
                           certificate_unit_cost=0, other_cost=0)


def test_the_pages_save_the_ceremony_line_and_serve_the_documents(client, round_, officer):
    client.force_login(officer)
    response = client.post(reverse("plans:round-ceremony", args=[round_.pk]),
                           {"attendees": "40", "certificate_unit_cost": "25000", "other_cost": "", "note": ""})
    assert response.status_code == 302
    assert CelebrationRound.objects.get(pk=round_.pk).ceremony_attendees == 40
    page = client.get(reverse("plans:round-detail", args=[round_.pk])).content.decode()
    assert "Chi phí tổ chức lễ (ngân sách xã)" in page and "875.000" in page  # 3 × 25.000 + 40 × 20.000
    for name, magic in (("plans:round-receipt-pdf", b"%PDF"), ("plans:round-receipt-xlsx", b"PK"),
                        ("plans:round-budget-pdf", b"%PDF")):  # fmt: skip
        response = client.get(reverse(name, args=[round_.pk]))
        assert response.status_code == 200 and response.content[:4].startswith(magic)
