"""The sample document (reports.services.unit_list_document), the model for every other one."""

import io
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.services import UNIT_LIST_TITLE, unit_list_document

UNITS = [
    SimpleNamespace(code="00700", name="Xã Ngọc Đường", type="Xã"),
    SimpleNamespace(code="00706", name="Xã Phú Linh", type="Xã"),
    SimpleNamespace(code="00691", name="Phường Hà Giang 1", type="Phường"),
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def test_sample_pdf_has_the_national_motto_and_lists_the_units():
    filename, data = unit_list_document(unit=None, units=UNITS, prepared_by="Hoàng Thị Lan", fmt="pdf")
    assert filename == "danh-sach-don-vi.pdf"
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert UNIT_LIST_TITLE in text
    for unit in UNITS:
        assert unit.name in text
    assert "Tổng cộng: 3 đơn vị" in text
    assert f"Trang 1/{len(reader.pages)}" in text

    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        pdf = ARTIFACTS / "sample_document.pdf"
        pdf.write_bytes(data)
        # -singlefile: "sample_document.png", not "sample_document-1.png"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "70",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(ARTIFACTS / "sample_document"),
            ],
            check=True,
        )
        assert (ARTIFACTS / "sample_document.png").stat().st_size > 0


def test_sample_excel_has_the_header_block_and_one_row_per_unit():
    filename, data = unit_list_document(unit=None, units=UNITS, prepared_by="Hoàng Thị Lan", fmt="xlsx")
    assert filename == "danh-sach-don-vi.xlsx"
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][2] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert rows[1][2] == "Độc lập - Tự do - Hạnh phúc"
    assert rows[4][0] == UNIT_LIST_TITLE
    assert rows[7] == ("STT", "Mã", "Tên đơn vị", "Loại")
    assert rows[8:] == [
        (1, "00700", "Xã Ngọc Đường", "Xã"),
        (2, "00706", "Xã Phú Linh", "Xã"),
        (3, "00691", "Phường Hà Giang 1", "Phường"),
    ]
    assert ws.print_title_rows == "$8:$8"
