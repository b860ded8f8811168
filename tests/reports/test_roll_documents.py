"""The payment roll documents (reports.roll_documents): plain data in, PDF and Excel bytes out."""

import io
import multiprocessing
import os
import threading
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from btxh.amount_words import amount_in_words
from btxh.formatting import format_number
from reports import roll_documents
from reports.roll_documents import RollDoc, RollDocLine, bank_transfer_xlsx, roll_pdf, roll_title, roll_xlsx


def make_line(name, hamlet, *, amount=750_000, arrears=0, recovery=0, funeral=0, bank=False, **extra):
    values = {
        "full_name": name,
        "birth": "12/03/1950",
        "national_id": "008150001234",
        "hamlet": hamlet,
        "category": "K5a",
        "decision": "125/QĐ-UBND ngày 12/03/2024",
        "coefficient": Decimal("1.5"),
        "base_rate": 500_000,
        "amount": amount,
        "arrears": arrears,
        "arrears_months": "05/2026-06/2026" if arrears else "",
        "recovery": recovery,
        "funeral": funeral,
        "total": amount + arrears - recovery + funeral,
        "payment_method": "bank" if bank else "cash",
        "bank_account": "0123456789012" if bank else "",
        "bank_name": "Agribank" if bank else "",
        "receiver": "",
        "note": "",
    }
    values.update(extra)
    return RollDocLine(**values)


LINES = (
    make_line("Nguyễn Thị Hằng", "Thôn Nà Khà"),
    make_line("Triệu Văn Đức", "Thôn Nà Khà", amount=1_000_000, arrears=2_000_000, bank=True),
    make_line("Hoàng Thị Lụa", "Thôn Bản Bó", amount=1_250_000, receiver="Hoàng Văn Phúc"),
    make_line(
        "Nông Văn Thắng", "Thôn Bản Bó", funeral=7_200_000, bank=True, bank_account="0099887766", bank_name="BIDV"
    ),
    make_line("Lý Thị Mến", "Thôn Bản Bó", recovery=750_000, note="Chưa nhận"),
    make_line("Ma Văn Sửu", "Tổ dân phố Hòa Bình", amount=500_000, coefficient=None),
)
# Nà Khà: 750.000 + 3.000.000; Bản Bó: 1.250.000 + 7.950.000 + 0; Hòa Bình: 500.000.
SUBTOTALS = {"Thôn Nà Khà": 3_750_000, "Thôn Bản Bó": 9_200_000, "Tổ dân phố Hòa Bình": 500_000}
GRAND_TOTAL = 13_450_000


def make_roll(lines=LINES, **extra):
    values = {
        "unit_name": "Xã Ngọc Đường",
        "province_name": "Tỉnh Tuyên Quang",
        "month": "2026-07",
        "authority": "UBND XÃ NGỌC ĐƯỜNG",
        "place": "Ngọc Đường",
        "prepared_by": "Hoàng Thị Lan",
        "lines": lines,
        "on": date(2026, 6, 20),
    }
    values.update(extra)
    return RollDoc(**values)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def sheet_rows(data: bytes) -> list[tuple]:
    """The values as a reader shows them when the file is opened (totals: the formulas' stored values)."""
    return list(load_workbook(io.BytesIO(data), data_only=True).active.iter_rows(values_only=True))


def total_rows(rows: list[tuple]) -> dict[str, float]:
    """Label of each subtotal or total row -> its 'Tổng cộng' cell."""
    return {row[0]: row[13] for row in rows if isinstance(row[0], str) and row[0].startswith(("Cộng ", "TỔNG CỘNG"))}


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def roll_pdf_text():
    return pdf_pages(roll_pdf(make_roll()))


def test_pdf_has_the_header_block_the_title_with_the_month_and_the_commune(roll_pdf_text):
    first = roll_pdf_text[0]
    assert "UBND XÃ NGỌC ĐƯỜNG" in first
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 07/2026" in first
    assert "Xã Ngọc Đường, tỉnh Tuyên Quang" in first


def test_pdf_groups_by_hamlet_with_subtotals_and_a_grand_total_written_with_dots(roll_pdf_text):
    text = "\n".join(roll_pdf_text)
    assert "Cộng Thôn Nà Khà (2 người) 1.750.000 2.000.000 0 0 3.750.000" in text
    assert "Cộng Thôn Bản Bó (3 người) 2.750.000 0 750.000 7.200.000 9.200.000" in text
    assert "Cộng Tổ dân phố Hòa Bình (1 người) 500.000 0 0 0 500.000" in text
    assert "TỔNG CỘNG (6 người) 5.000.000 2.000.000 750.000 7.200.000 13.450.000" in text
    assert text.index("Thôn Nà Khà") < text.index("Thôn Bản Bó") < text.index("Tổ dân phố Hòa Bình")


def test_pdf_lines_show_amounts_with_dots_and_the_way_of_payment(roll_pdf_text):
    text = "\n".join(roll_pdf_text)
    assert "1 Nguyễn Thị Hằng 12/03/1950 008150001234 K5a 125/QĐ-UBND ngày 12/03/2024 1,5 500.000 750.000" in text
    assert "CK: 0123456789012 Agribank" in text
    assert "Hoàng Văn Phúc" in text
    assert "Chưa nhận" in text


def test_pdf_ends_with_the_amount_in_words_the_date_and_four_signatures(roll_pdf_text):
    last = roll_pdf_text[-1]
    assert f"Số tiền bằng chữ: {amount_in_words(GRAND_TOTAL)}./." in last
    assert amount_in_words(GRAND_TOTAL) == "Mười ba triệu bốn trăm năm mươi nghìn đồng"
    assert "Ngọc Đường, ngày 20 tháng 06 năm 2026" in last
    for title in ("NGƯỜI LẬP BIỂU", "KẾ TOÁN", "ĐẠI DIỆN ĐƠN VỊ CHI TRẢ", "CHỦ TỊCH UBND XÃ"):
        assert title in last
    assert "Hoàng Thị Lan" in last


def test_pdf_numbers_every_page_out_of_the_total():
    pages = pdf_pages(roll_pdf(make_roll(many_lines(60, hamlets=2))))
    assert len(pages) >= 2, "sixty lines fill more than one page"
    for number, text in enumerate(pages, start=1):
        assert text.count("Trang ") == 1
        assert f"Trang {number}/{len(pages)}" in text


def many_lines(count: int, hamlets: int) -> list[RollDocLine]:
    per = -(-count // hamlets)
    return [make_line(f"Người Thứ {i + 1:04d}", f"Thôn Số {i // per + 1:02d}") for i in range(count)]


@pytest.fixture
def small_chunks(monkeypatch):
    """Render through the parallel path with small rolls: 40-line chunks, from 50 lines."""
    monkeypatch.setattr(roll_documents, "PARALLEL_MIN_LINES", 50)
    monkeypatch.setattr(roll_documents, "CHUNK_LINES", 40)


def check_merged_roll(data: bytes, lines: list[RollDocLine]) -> list[str]:
    pages = pdf_pages(data)
    text = "\n".join(pages)
    for number, page in enumerate(pages, start=1):
        assert page.count("Trang ") == 1
        assert f"Trang {number}/{len(pages)}" in page
    positions = [text.index(f"{i + 1} {line.full_name} ") for i, line in enumerate(lines)]
    assert positions == sorted(positions)
    assert f"TỔNG CỘNG ({len(lines)} người) " in text
    assert text.count("DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI") == 1
    assert text.count("NGƯỜI LẬP BIỂU") == 1
    return pages


def test_a_big_roll_rendered_in_parallel_chunks_is_merged_in_order_and_numbered_throughout(small_chunks):
    lines = many_lines(130, hamlets=3)  # 44 + 44 + 42 lines: some chunks cut inside a hamlet
    pages = check_merged_roll(roll_pdf(make_roll(lines), workers=2), lines)
    text = "\n".join(pages)
    assert "Thôn Số 01 (tiếp theo)" in text or "Thôn Số 02 (tiếp theo)" in text
    for hamlet in ("Thôn Số 01", "Thôn Số 02"):
        assert f"Cộng {hamlet} (44 người) 33.000.000 0 0 0 33.000.000" in text
    assert "TỔNG CỘNG (130 người) 97.500.000 0 0 0 97.500.000" in text


def test_a_roll_rendered_from_a_thread_uses_the_forkserver_and_gives_the_same_document(small_chunks):
    # The "thread" jobs backend runs jobs in a thread of the web process: no fork() there.
    lines = many_lines(90, hamlets=4)
    result = {}
    worker = threading.Thread(target=lambda: result.update(pdf=roll_pdf(make_roll(lines), workers=2)))
    worker.start()
    worker.join()
    check_merged_roll(result["pdf"], lines)


PARENT_PID = os.getpid()
RENDER_CHUNKS = roll_documents._render_chunks


def dies_in_a_worker(htmls, base_url):
    if os.getpid() != PARENT_PID:
        os._exit(1)
    return RENDER_CHUNKS(htmls, base_url)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_worker_that_dies_is_replaced_by_this_process(small_chunks, monkeypatch, caplog):
    monkeypatch.setattr(roll_documents, "_render_chunks", dies_in_a_worker)
    monkeypatch.setattr(roll_documents, "_pool_context", lambda: multiprocessing.get_context("fork"))
    lines = many_lines(90, hamlets=3)
    check_merged_roll(roll_pdf(make_roll(lines), workers=2), lines)
    assert "worker processes failed" in caplog.text


def hamlets_of(*sizes: int) -> list[RollDocLine]:
    return [make_line(f"Người {h}-{i}", f"Thôn {h}") for h, size in enumerate(sizes, start=1) for i in range(size)]


def test_chunks_are_cut_at_a_hamlet_boundary_when_one_is_near_and_inside_a_hamlet_otherwise():
    near = roll_documents.roll_view(make_roll(hamlets_of(48, 52)))
    assert roll_documents._cuts(near, 2) == [0, 48]
    far = roll_documents.roll_view(make_roll(hamlets_of(30, 45, 25)))
    assert roll_documents._cuts(far, 2) == [0, 50]
    second = roll_documents._chunk_rows(far, 2)[1]
    assert second.startswith('<tr><td class="g" colspan="18">Thôn 2 (tiếp theo)</td></tr>')


def test_cash_and_bank_lists_hold_only_their_lines_and_say_so_in_the_title():
    cash = "\n".join(pdf_pages(roll_pdf(make_roll(kind="cash"))))
    assert "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 07/2026 (TIỀN MẶT)" in cash
    assert "Triệu Văn Đức" not in cash and "Nông Văn Thắng" not in cash
    assert "Nguyễn Thị Hằng" in cash and "Ma Văn Sửu" in cash
    assert "TỔNG CỘNG (4 người)" in cash

    bank = "\n".join(pdf_pages(roll_pdf(make_roll(kind="bank"))))
    assert "(CHUYỂN KHOẢN)" in bank
    assert "Chứng từ chuyển khoản" in bank  # the bank's voucher instead of a signature
    assert "Triệu Văn Đức" in bank and "Nông Văn Thắng" in bank
    assert "Nguyễn Thị Hằng" not in bank
    assert "TỔNG CỘNG (2 người) 1.750.000 2.000.000 0 7.200.000 10.950.000" in bank


def test_an_empty_roll_still_renders_every_document():
    empty = make_roll(lines=[])
    text = "\n".join(pdf_pages(roll_pdf(empty)))
    assert "TỔNG CỘNG (0 người) 0 0 0 0 0" in text
    assert "Số tiền bằng chữ: Không đồng./." in text
    assert "Trang 1/1" in text
    assert total_rows(sheet_rows(roll_xlsx(empty))) == {"TỔNG CỘNG (0 người)": 0}
    assert sheet_rows(bank_transfer_xlsx(empty))[1:] == [("TỔNG CỘNG (0 người)", None, None, None, None, 0, None)]


def test_a_ward_roll_is_signed_by_the_ward_chair():
    text = pdf_pages(roll_pdf(make_roll(lines=LINES[:1], authority="UBND PHƯỜNG HOÀN KIẾM")))[-1]
    assert "CHỦ TỊCH UBND PHƯỜNG" in text


def test_an_unknown_list_kind_is_refused():
    with pytest.raises(ValueError, match="roll kind"):
        roll_title(make_roll(kind="cheque"))


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------


def test_excel_has_the_subtotal_of_each_hamlet_and_the_grand_total_as_numbers():
    rows = sheet_rows(roll_xlsx(make_roll()))
    totals = total_rows(rows)
    assert totals == {
        "Cộng Thôn Nà Khà (2 người)": 3_750_000,
        "Cộng Thôn Bản Bó (3 người)": 9_200_000,
        "Cộng Tổ dân phố Hòa Bình (1 người)": 500_000,
        "TỔNG CỘNG (6 người)": GRAND_TOTAL,
    }
    grand = next(row for row in rows if row[0] == "TỔNG CỘNG (6 người)")
    assert grand[8:14] == (5_000_000, None, 2_000_000, 750_000, 7_200_000, GRAND_TOTAL)
    assert any(row[0] == f"Số tiền bằng chữ: {amount_in_words(GRAND_TOTAL)}./." for row in rows)


def test_excel_lines_keep_identifiers_as_text_and_amounts_as_formatted_numbers():
    wb = load_workbook(io.BytesIO(roll_xlsx(make_roll())))
    ws = wb.active
    first = next(row for row in ws.iter_rows() if row[1].value == "Nguyễn Thị Hằng")
    assert first[0].value == 1
    assert first[3].value == "008150001234"
    assert first[6].value == 1.5
    assert first[13].value == 750_000
    assert first[13].number_format == "#,##0"
    assert first[14].value == "Tiền mặt"
    assert ws.cell(row=5, column=1).value == "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 07/2026"


def test_excel_prints_landscape_fit_to_width_with_the_header_rows_on_every_page():
    ws = load_workbook(io.BytesIO(roll_xlsx(make_roll()))).active
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (1 is the default, which xlsxwriter leaves out), as many pages tall as needed.
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$9:$11"
    assert [ws.cell(row=9, column=c).value for c in (1, 2, 10)] == ["STT", "Họ và tên", "Truy lĩnh"]


def test_excel_cash_list_holds_only_cash_lines():
    rows = sheet_rows(roll_xlsx(make_roll(kind="cash")))
    names = {row[1] for row in rows if isinstance(row[0], int)}
    assert names == {"Nguyễn Thị Hằng", "Hoàng Thị Lụa", "Lý Thị Mến", "Ma Văn Sửu"}
    assert rows[4][0].endswith("(TIỀN MẶT)")


# ---------------------------------------------------------------------------
# Bank transfer file
# ---------------------------------------------------------------------------


def test_bank_file_lists_only_bank_lines_with_account_bank_amount_and_transfer_note():
    rows = sheet_rows(bank_transfer_xlsx(make_roll()))
    assert rows[0] == (
        "STT",
        "Họ và tên",
        "Số định danh cá nhân",
        "Số tài khoản",
        "Ngân hàng",
        "Số tiền (đồng)",
        "Nội dung",
    )
    note = "Chi trả trợ cấp xã hội tháng 07/2026"
    assert rows[1:] == [
        (1, "Triệu Văn Đức", "008150001234", "0123456789012", "Agribank", 3_000_000, note),
        (2, "Nông Văn Thắng", "008150001234", "0099887766", "BIDV", 7_950_000, note),
        ("TỔNG CỘNG (2 người)", None, None, None, None, 10_950_000, None),
    ]


def test_bank_file_leaves_out_lines_with_nothing_to_transfer():
    lines = [*LINES, make_line("Đàm Văn Nợ", "Thôn Nà Khà", amount=500_000, recovery=500_000, bank=True)]
    names = [row[1] for row in sheet_rows(bank_transfer_xlsx(make_roll(lines)))[1:-1]]
    assert names == ["Triệu Văn Đức", "Nông Văn Thắng"]


def test_missing_texts_and_dates_do_not_break_the_documents():
    line = replace(LINES[0], hamlet=None, birth=date(1950, 3, 12), receiver=None, note=None)
    text = "\n".join(pdf_pages(roll_pdf(make_roll([line]))))
    assert "Chưa ghi thôn/tổ dân phố" in text
    assert "12/03/1950" in text
    assert total_rows(sheet_rows(roll_xlsx(make_roll([line]))))["TỔNG CỘNG (1 người)"] == 750_000


# ---------------------------------------------------------------------------
# People, not lines; one transfer per person and account; totals as SUM formulas
# ---------------------------------------------------------------------------

CODES = ("FUNERAL", "SOCIAL_PENSION", "SP-70-POOR", "CS-HOUSEHOLD", "MONTHLY_ALLOWANCE", "CARE_SUPPORT")
# A disabled mother paid under two schemes (two lines, one person, one account), a social
# pensioner, the funeral support of a deceased beneficiary and a household caring for a
# person with an extremely severe disability.
MIXED = (
    make_line(
        "Lò Thị Mang", "Thôn Nà Khà", amount=1_000_000, category="K6", scheme="MONTHLY_ALLOWANCE", person=7, bank=True
    ),
    make_line(
        "Lò Thị Mang",
        "Thôn Nà Khà",
        amount=750_000,
        arrears=1_500_000,
        category="CS-DISABLED-PARENT",
        scheme="CARE_SUPPORT",
        person=7,
        bank=True,
    ),
    make_line(
        "Lục Thị Thọ",
        "Thôn Bản Bó",
        amount=500_000,
        category="SP-70-POOR",
        scheme="SOCIAL_PENSION",
        person=8,
        bank=True,
        bank_account="8888000123",
        coefficient=None,
    ),
    make_line(
        "Hà Văn Mất", "Thôn Bản Bó", amount=0, funeral=10_000_000, category="FUNERAL", scheme="FUNERAL", person=9
    ),
    make_line(
        "Nông Thị Chăm", "Thôn Bản Bó", amount=500_000, category="CS-HOUSEHOLD", scheme="CARE_SUPPORT", person=10
    ),
)
MIXED_TOTAL = 1_000_000 + 2_250_000 + 500_000 + 10_000_000 + 500_000


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def mixed_pdf_text():
    return flat("\n".join(pdf_pages(roll_pdf(make_roll(MIXED)))))


def test_totals_count_people_not_lines(mixed_pdf_text):
    assert "Cộng Thôn Nà Khà (1 người, 2 dòng)" in mixed_pdf_text
    assert "Cộng Thôn Bản Bó (3 người) " in mixed_pdf_text
    assert f"TỔNG CỘNG (4 người, 5 dòng) 2.750.000 1.500.000 0 10.000.000 {format_number(MIXED_TOTAL)}" in (
        mixed_pdf_text
    )
    totals = total_rows(sheet_rows(roll_xlsx(make_roll(MIXED))))
    assert totals["TỔNG CỘNG (4 người, 5 dòng)"] == MIXED_TOTAL
    assert totals["Cộng Thôn Nà Khà (1 người, 2 dòng)"] == 3_250_000


def test_people_without_an_id_are_told_apart_by_name_birth_and_national_id():
    twins = [make_line("Hà Thị An", "Thôn A", national_id="001"), make_line("Hà Thị An", "Thôn A", national_id="002")]
    assert roll_documents.RollTotals.of(twins).count == 2
    same = [make_line("Hà Thị An", "Thôn A"), make_line("Hà Thị An", "Thôn A", category="K4")]
    assert roll_documents.RollTotals.of(same).count == 1


def test_bank_file_pays_a_person_once_per_account_with_the_total_and_a_total_row():
    rows = sheet_rows(bank_transfer_xlsx(make_roll(MIXED)))
    assert rows[1:] == [
        (
            1,
            "Lò Thị Mang",
            "008150001234",
            "0123456789012",
            "Agribank",
            3_250_000,
            "Chi trả trợ cấp xã hội tháng 07/2026",
        ),
        (
            2,
            "Lục Thị Thọ",
            "008150001234",
            "8888000123",
            "Agribank",
            500_000,
            "Chi trả trợ cấp hưu trí xã hội tháng 07/2026",
        ),
        ("TỔNG CỘNG (2 người)", None, None, None, None, 3_750_000, None),
    ]


def test_bank_file_makes_two_transfers_for_a_person_paid_to_two_accounts():
    lines = [MIXED[0], replace(MIXED[1], bank_account="5555")]
    rows = sheet_rows(bank_transfer_xlsx(make_roll(lines)))
    assert [row[3] for row in rows[1:-1]] == ["0123456789012", "5555"]
    assert rows[-1][0] == "TỔNG CỘNG (1 người, 2 giao dịch)"


def formulas(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_excel_totals_are_sum_formulas_over_the_rows_with_their_values_stored():
    data = roll_xlsx(make_roll(MIXED))
    rows = formulas(data)
    labelled = {row[0]: row for row in rows if isinstance(row[0], str) and row[0].startswith(("Cộng ", "TỔNG"))}
    assert len(labelled) == 3
    for row in labelled.values():
        for col in (8, 10, 11, 12, 13):
            assert str(row[col]).startswith("=SUM("), row
    # The first hamlet: rows 13-14 (1-based), under the header, the column numbers and the hamlet row.
    first = rows.index(next(row for row in rows if row[1] == "Lò Thị Mang")) + 1
    assert labelled["Cộng Thôn Nà Khà (1 người, 2 dòng)"][13] == f"=SUM(N{first}:N{first + 1})"
    subtotal_rows = [rows.index(row) + 1 for label, row in labelled.items() if label.startswith("Cộng ")]
    assert labelled["TỔNG CỘNG (4 người, 5 dòng)"][13] == "=SUM(" + ",".join(f"N{r}" for r in subtotal_rows) + ")"
    # Opened without recalculating, the stored values show.
    assert total_rows(sheet_rows(data))["TỔNG CỘNG (4 người, 5 dòng)"] == MIXED_TOTAL
    # Texts stay texts: a name that looks like a formula is written as a string.
    ws = load_workbook(io.BytesIO(roll_xlsx(make_roll([make_line("=1+1", "=SUM(A1)")])))).active
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value in ("=1+1", "=SUM(A1)")]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_bank_file_total_is_a_sum_formula():
    rows = formulas(bank_transfer_xlsx(make_roll(MIXED)))
    assert rows[-1][5] == "=SUM(F2:F3)"


def test_a_huge_sum_is_nested_below_excels_limit_of_arguments():
    formula = roll_documents._sum_formula([f"A{i}" for i in range(1, 601)])
    assert formula.startswith("=SUM(SUM(A1,") and formula.count("SUM(") == 4


# ---------------------------------------------------------------------------
# Vietnamese names, titles, draft mark
# ---------------------------------------------------------------------------


def test_documents_show_vietnamese_names_never_codes(mixed_pdf_text):
    for code in CODES:
        assert code not in mixed_pdf_text
    # Short forms in the column, and a legend with the full names.
    assert "K2c Đ20" in mixed_pdf_text and "K2 Đ21" in mixed_pdf_text and "Mai táng" in mixed_pdf_text
    assert "K2c Đ20: Hỗ trợ hộ gia đình trực tiếp chăm sóc người khuyết tật đặc biệt nặng" in mixed_pdf_text
    assert "K2 Đ21: Người từ đủ 70 đến dưới 75 tuổi thuộc hộ nghèo, hộ cận nghèo, không có lương hưu" in (
        mixed_pdf_text
    )
    assert "Mai táng: Hỗ trợ chi phí mai táng" in mixed_pdf_text
    cells = [str(c) for row in sheet_rows(roll_xlsx(make_roll(MIXED))) for c in row if c is not None]
    for code in CODES:
        assert not [c for c in cells if code in c], code
    assert "K2c Đ20" in cells
    assert any(c.startswith("K2c Đ20: Hỗ trợ hộ gia đình") for c in cells)
    bank = [str(c) for row in sheet_rows(bank_transfer_xlsx(make_roll(MIXED))) for c in row if c is not None]
    for code in CODES:
        assert not [c for c in bank if code in c], code


def test_the_title_names_both_schemes_when_the_list_holds_both(mixed_pdf_text):
    both = "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI VÀ TRỢ CẤP HƯU TRÍ XÃ HỘI THÁNG 07/2026"
    assert both in mixed_pdf_text
    assert sheet_rows(roll_xlsx(make_roll(MIXED)))[4][0] == both
    pension = make_roll([MIXED[2]])
    assert roll_title(pension) == "DANH SÁCH CHI TRẢ TRỢ CẤP HƯU TRÍ XÃ HỘI THÁNG 07/2026"
    # The cash list of this roll holds no pensioner (paid by transfer).
    assert roll_title(make_roll(MIXED, kind="cash")) == "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 07/2026 (TIỀN MẶT)"


def test_a_draft_carries_the_draft_mark_on_every_page_and_a_locked_roll_does_not(small_chunks):
    lines = many_lines(90, hamlets=3)
    pages = pdf_pages(roll_pdf(make_roll(lines, draft=True)))
    assert len(pages) > 1
    for page in pages:
        assert "BẢN NHÁP" in page
    assert not any("BẢN NHÁP" in page for page in pdf_pages(roll_pdf(make_roll(LINES))))

    draft_cells = [c for row in sheet_rows(roll_xlsx(make_roll(LINES, draft=True))) for c in row]
    assert any(isinstance(c, str) and c.startswith("BẢN NHÁP") for c in draft_cells)
    assert load_workbook(io.BytesIO(roll_xlsx(make_roll(LINES, draft=True)))).active.oddHeader.center.text == (
        "BẢN NHÁP"
    )
    cells = [c for row in sheet_rows(roll_xlsx(make_roll(LINES))) for c in row]
    assert not any(isinstance(c, str) and "BẢN NHÁP" in c for c in cells)
    bank = load_workbook(io.BytesIO(bank_transfer_xlsx(make_roll(LINES, draft=True)))).active
    assert bank.title.startswith("NHÁP") and bank.oddHeader.center.text == "BẢN NHÁP"


@pytest.mark.parametrize("draft", [False, True])
def test_the_roll_html_is_parsed_into_the_tree_the_html5_parser_builds(draft):
    """The PDF parses the HTML it generates with html.parser (btxh.documents): same elements,
    attributes and texts, whitespace included, as WeasyPrint's own HTML5 parser."""
    import tinyhtml5

    from btxh.documents import _parse_generated_html

    lines = tuple(make_line(f"Người {i} & <con>", f"Thôn {i % 3}", note="Ủy quyền" if i % 7 else "") for i in range(40))
    view = roll_documents.roll_view(make_roll(lines, draft=draft))
    chunks = roll_documents._chunk_rows(view, 2)
    for i, rows in enumerate(chunks):
        html = roll_documents._pdf_html(view, rows, first=i == 0, last=i == len(chunks) - 1)
        ours, theirs = _parse_generated_html(html), tinyhtml5.parse(html, namespace_html_elements=False)

        def shape(root):
            return [(e.tag, sorted(e.attrib.items()), e.text, e.tail) for e in root.iter()]

        assert ours is not None and shape(ours) == shape(theirs)


def test_html_not_shaped_like_the_templates_goes_to_the_html5_parser():
    from btxh.documents import _parse_generated_html

    assert _parse_generated_html("<p>Một đoạn</p>") is None  # no html, head, body
    assert _parse_generated_html("<html><head></head><body><p>x</div></body></html>") is None  # a stray end tag
    assert _parse_generated_html("<html><head></head><body><p>x</p></body></html>") is not None
    assert _parse_generated_html("<html><head></head><body><p>x<div>y</div></p></body></html>") is None
