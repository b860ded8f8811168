"""The roll's documents rendered from the database, the pages that show a roll, and the roll-up."""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from benefits.payroll import services
from benefits.payroll.forms import current_month
from benefits.payroll.models import RollDocument
from reports.services import roll_documents_render
from tests.benefits.payroll_factories import make_case, make_person

CODES = ("FUNERAL", "SOCIAL_PENSION", "SP-70-POOR", "CS-HOUSEHOLD", "MONTHLY_ALLOWANCE", "CARE_SUPPORT", "SP-75")
BOTH = "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI VÀ TRỢ CẤP HƯU TRÍ XÃ HỘI"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def roll(commune):
    """A disabled mother paid under two schemes to one account, and a social pensioner."""
    mother = make_person(
        commune,
        "Lò Thị Mang",
        birth=date(1995, 4, 4),
        payment_method="bank",
        bank_account="0123456789",
        bank_name="Agribank",
        national_id="008195000111",
    )
    make_case(mother, "K6", start="2024-01", disability_level="extra_severe")
    make_case(mother, "CS-DISABLED-PARENT", start="2024-01", pregnant=True)
    elder = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1), hamlet="Bản Khuổi Luông")
    make_case(elder, "SP-75", start="2025-07")
    roll = services.payroll_generate(unit=commune, month=current_month())
    assert roll.lines.count() == 3
    return roll


def pdf_text(document) -> str:
    with document.file.open("rb") as f:
        return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages).split())


def xlsx_cells(document, *, data_only=True) -> list:
    with document.file.open("rb") as f:
        ws = load_workbook(io.BytesIO(f.read()), data_only=data_only).active
    return [cell for row in ws.iter_rows(values_only=True) for cell in row if cell is not None]


def documents(roll) -> dict[str, RollDocument]:
    return {d.kind: d for d in RollDocument.objects.filter(roll=roll)}


def test_documents_count_people_pay_once_per_account_and_carry_vietnamese_names(roll):
    roll_documents_render(roll=roll, prepared_by="Hoàng Thị Lan")
    docs = documents(roll)
    text = pdf_text(docs["pdf"])
    assert "TỔNG CỘNG (2 người, 3 dòng)" in text
    assert BOTH in text
    for code in CODES:
        assert code not in text
        assert not [c for c in xlsx_cells(docs["xlsx"]) if code in str(c)]
    assert "K2a Đ20: Hỗ trợ người khuyết tật đang mang thai" in text
    cells = xlsx_cells(docs["xlsx"])
    assert "TỔNG CỘNG (2 người, 3 dòng)" in cells and BOTH in " ".join(map(str, cells))
    formulas = [c for c in xlsx_cells(docs["xlsx"], data_only=False) if str(c).startswith("=SUM(")]
    assert len(formulas) == 15  # two hamlet subtotals and the grand total, five money columns each
    with docs["bank_transfer"].file.open("rb") as f:
        rows = list(load_workbook(io.BytesIO(f.read()), data_only=True).active.iter_rows(values_only=True))
    mother_total = sum(roll.lines.filter(person__full_name="Lò Thị Mang").values_list("total", flat=True))
    assert [row[1:6] for row in rows[1:-1]] == [("Lò Thị Mang", "008195000111", "0123456789", "Agribank", mother_total)]
    assert rows[-1][0] == "TỔNG CỘNG (1 người)" and rows[-1][5] == mother_total


def test_a_drafts_documents_are_marked_and_named_so_and_the_locked_rolls_are_not(roll, officer, officer_client, leader):
    month = f"{roll.month:%m-%Y}"
    roll_documents_render(roll=roll, prepared_by="Hoàng Thị Lan")
    draft = documents(roll)
    names = {kind: d.file.name.rsplit("/", 1)[-1] for kind, d in draft.items()}
    assert names == {
        "pdf": f"danh-sach-chi-tra-xa-ngoc-duong-{month}-ban-nhap.pdf",
        "xlsx": f"danh-sach-chi-tra-xa-ngoc-duong-{month}-ban-nhap.xlsx",
        "cash_pdf": f"danh-sach-tien-mat-xa-ngoc-duong-{month}-ban-nhap.pdf",
        "bank_pdf": f"danh-sach-chuyen-khoan-xa-ngoc-duong-{month}-ban-nhap.pdf",
        "bank_transfer": f"tep-chuyen-khoan-xa-ngoc-duong-{month}-ban-nhap.xlsx",
    }
    roll_documents_render(roll=roll, prepared_by="Hoàng Thị Lan")  # again: the old files go, the names stay
    draft = documents(roll)
    assert {kind: d.file.name.rsplit("/", 1)[-1] for kind, d in draft.items()} == names
    assert "BẢN NHÁP" in pdf_text(draft["pdf"])
    assert any("BẢN NHÁP" in str(c) for c in xlsx_cells(draft["xlsx"]))
    response = officer_client.get(f"/che-do/chi-tra/tai-lieu/{draft['pdf'].pk}/")
    assert f'filename="danh-sach-chi-tra-xa-ngoc-duong-{month}-ban-nhap.pdf"' in response["Content-Disposition"]

    services.payroll_lock(roll=roll, user=leader)
    roll.refresh_from_db()
    page = officer_client.get(f"/che-do/chi-tra/{roll.pk}/").content.decode()
    assert 'data-testid="draft-documents"' in page  # the draft's documents are still there: render again

    roll_documents_render(roll=roll, prepared_by="Hoàng Thị Lan")
    locked = documents(roll)
    assert locked["pdf"].file.name.endswith(f"/danh-sach-chi-tra-xa-ngoc-duong-{month}.pdf")
    assert "BẢN NHÁP" not in pdf_text(locked["pdf"])
    assert not any("BẢN NHÁP" in str(c) for c in xlsx_cells(locked["xlsx"]))
    page = officer_client.get(f"/che-do/chi-tra/{roll.pk}/").content.decode()
    assert 'data-testid="draft-documents"' not in page


def test_the_roll_page_counts_people_and_shows_no_codes(roll, officer_client):
    page = officer_client.get(f"/che-do/chi-tra/{roll.pk}/").content.decode()
    for code in CODES:
        assert code not in page, code
    assert re.search(r'data-testid="roll-people">2<', page) and "3 dòng" in page
    assert 'title="Người từ đủ 75 tuổi không có lương hưu' in page and ">K1 Đ21</abbr>" in page
    for line in roll.lines.all():
        detail = officer_client.get(f"/che-do/chi-tra/dong/{line.pk}/").content.decode()
        assert not [code for code in CODES if code in detail.split("<pre", 1)[0]]
        panel = officer_client.get(f"/che-do/chi-tra/doi-tuong/{line.person_id}/").content.decode()
        assert not [code for code in CODES if code in panel]


def test_the_roll_up_has_people_a_grand_total_as_formulas_and_signatures(client, province_officer, roll, other_commune):
    make_case(make_person(other_commune, "Lý Thị Chờ", birth=date(1945, 1, 1)), "SP-75", start="2026-07")  # no roll yet
    client.force_login(province_officer)
    month = current_month()
    response = client.get(f"/bao-cao/chi-tra/tong-hop.xlsx?month={month.month:02d}/{month.year}")
    assert (
        f'filename="tong-hop-chi-tra-tinh-tuyen-quang-{month.month:02d}-{month.year}.xlsx"'
        in (response["Content-Disposition"])
    )
    values = list(load_workbook(io.BytesIO(response.content), data_only=True).active.iter_rows(values_only=True))
    formulas = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    cells = [str(c) for row in values for c in row if c is not None]
    assert any(BOTH.replace("DANH SÁCH", "TỔNG HỢP DANH SÁCH") in c for c in cells)
    table = values[[r[0] for r in values].index("STT") + 1 :]
    assert table[0][2:5] == ("Xã Ngọc Đường", "Nháp", 2)  # people, not its three lines
    assert table[1][2:5] == ("Xã Phú Linh", "Chưa lập", 0)
    grand_at = [r[0] for r in values].index("TỔNG CỘNG (2 xã)")
    assert values[grand_at][4] == 2 and values[grand_at][9] == roll.total
    assert all(str(c).startswith("=SUM(") for c in formulas[grand_at][4:10])
    for signer in ("NGƯỜI LẬP BIỂU", "KẾ TOÁN", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"):
        assert signer in cells
    assert any(c.startswith("Tuyên Quang, ngày ") for c in cells)
